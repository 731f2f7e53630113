/// A Kubernetes label selector: `matchLabels` and `matchExpressions`, ANDed. An empty selector
/// selects everything (as a NetworkPolicy's `podSelector: {}` does).
public struct LabelSelector: Sendable, Hashable {
    public struct Requirement: Sendable, Hashable {
        public enum Operator: String, Sendable, Hashable {
            case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist"
        }

        public var key: String
        /// nil for an operator Kubernetes does not know: such a requirement matches nothing.
        public var op: Operator?
        public var values: [String]

        public init(key: String, op: Operator?, values: [String]) {
            self.key = key
            self.op = op
            self.values = values
        }

        func matches(_ labels: Labels) -> Bool {
            switch op {
            case .in: labels[key].map(values.contains) ?? false
            case .notIn: labels[key].map { !values.contains($0) } ?? true
            case .exists: labels[key] != nil
            case .doesNotExist: labels[key] == nil
            case nil: false
            }
        }
    }

    public var matchLabels: [String: String]
    public var expressions: [Requirement]

    public init(matchLabels: [String: String] = [:], expressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.expressions = expressions
    }

    /// A selector written as `{matchLabels: ..., matchExpressions: [...]}`.
    public init(_ node: Node) {
        matchLabels = node["matchLabels"]?.stringMap ?? [:]
        expressions = (node["matchExpressions"]?.items ?? []).compactMap { item in
            guard let key = item["key"]?.string else { return nil }
            let op = item["operator"]?.string.flatMap(Requirement.Operator.init(rawValue:))
            return Requirement(key: key, op: op, values: item["values"]?.strings ?? [])
        }
    }

    /// Selects every object.
    public var selectsEverything: Bool { matchLabels.isEmpty && expressions.isEmpty }

    public func matches(_ labels: Labels) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        return expressions.allSatisfy { $0.matches(labels) }
    }
}

/// An object's labels, compact: one array of alternating keys and values sorted by key, instead of
/// a dictionary (whose hash table, at 7 labels, takes 16 buckets). Objects carry a handful of labels,
/// so a binary search is as fast as hashing, and a workload's labels cost one allocation.
public struct Labels: Sendable, Hashable, Sequence {
    /// key0, value0, key1, value1... sorted by key.
    private let flat: [String]

    public init(_ map: [String: String] = [:]) {
        var flat: [String] = []
        flat.reserveCapacity(map.count * 2)
        for (key, value) in map.sorted(by: { $0.key < $1.key }) { flat += [key, value] }
        self.flat = flat
    }

    /// Labels whose keys and values are already interned, sorted by key.
    init(flat: [String]) { self.flat = flat }

    public var isEmpty: Bool { flat.isEmpty }
    public var count: Int { flat.count / 2 }

    public subscript(key: String) -> String? {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            let k = flat[2 * mid]
            if k == key { return flat[2 * mid + 1] }
            if k < key { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: String)> {
        var i = 0
        return AnyIterator { [flat] in
            guard i < flat.count else { return nil }
            defer { i += 2 }
            return (flat[i], flat[i + 1])
        }
    }
}

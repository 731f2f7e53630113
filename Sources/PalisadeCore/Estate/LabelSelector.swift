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

        func matches(_ labels: [String: String]) -> Bool {
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

    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        return expressions.allSatisfy { $0.matches(labels) }
    }
}

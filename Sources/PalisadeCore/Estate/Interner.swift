/// Keeps one copy of each string and string list the facts hold. Facts live until the scan ends, and
/// the same label keys (`app.kubernetes.io/name`), values, verbs, resources and API groups recur in
/// thousands of objects; a Swift string longer than 15 bytes is a heap allocation of its own, so
/// sharing one instance cuts the estate's memory severalfold at 100k objects. One interner per
/// worker (inside its `EstateFacts`): no locking; what two workers both saw is kept twice at most.
public struct Interner: Sendable {
    private var strings: Set<String> = []
    private var lists: Set<[String]> = []

    public init() {}

    /// The interned copy of `s`. Strings of up to 15 bytes are stored inline and need no sharing.
    public mutating func callAsFunction(_ s: String) -> String {
        s.utf8.count <= 15 ? s : strings.insert(s).memberAfterInsert
    }

    public mutating func callAsFunction(_ s: String?) -> String? {
        s.map { self($0) }
    }

    /// One shared array per distinct list (`[get, list, watch]` is stored once), elements interned.
    public mutating func callAsFunction(_ list: [String]) -> [String] {
        guard !list.isEmpty else { return [] }
        if let existing = lists.firstIndex(of: list) { return lists[existing] }
        let interned = list.map { self($0) }
        lists.insert(interned)
        return interned
    }

    /// A map with its keys and values interned, in storage no larger than it needs.
    public mutating func callAsFunction(_ map: [String: String]) -> [String: String] {
        guard !map.isEmpty else { return [:] }
        var result = [String: String](minimumCapacity: map.count)
        for (key, value) in map { result[self(key)] = self(value) }
        return result
    }

    /// Labels with their keys and values interned.
    public mutating func labels(_ map: [String: String]) -> Labels {
        var flat: [String] = []
        flat.reserveCapacity(map.count * 2)
        for (key, value) in map.sorted(by: { $0.key < $1.key }) { flat += [self(key), self(value)] }
        return Labels(flat: flat)
    }

    public mutating func callAsFunction(_ selector: LabelSelector) -> LabelSelector {
        LabelSelector(
            matchLabels: self(selector.matchLabels),
            expressions: selector.expressions.map { .init(key: self($0.key), op: $0.op, values: self($0.values)) }
        )
    }
}

import PalisadeCore

/// What rules that join resources themselves (a secret and its rotation, a cluster and its
/// logging) match on, as the adapters do: a reference's address, or a statically known name.
enum CloudJoin {
    /// The keys a value pointing at another resource can be matched on; empty when unknown.
    static func keys(_ value: CloudValue?) -> [String] {
        guard let value else { return [] }
        if case .reference(let address, _) = value.kind { return [address] }
        return value.isKnown ? value.string.map { [$0] } ?? [] : []
    }

    /// `value` points at `resource`: by its address, by one of its names, or by an ARN whose
    /// last part is one of them.
    static func points(_ value: CloudValue?, at resource: CloudResource, names: [String]) -> Bool {
        keys(value).contains { key in
            key == resource.address || names.contains(key) || names.contains { key.hasSuffix("/" + $0) || key.hasSuffix(":" + $0) }
        }
    }

    /// The statically known values of a resource's name attributes.
    static func names(_ resource: CloudResource, _ keys: String...) -> [String] {
        keys.compactMap { resource.known($0)?.string }
    }
}

import PalisadeCore

extension KubernetesObject {
    /// The key of the pod spec inside its workload (`spec` of a Pod, `spec.template.spec` of a
    /// Deployment): where a finding about something the whole pod lacks points.
    var podSpecKey: Node.Entry? {
        guard let path = Self.podSpecPaths[kind], let last = path.last else { return nil }
        return root[Array(path.dropLast())]?.entry(last)
    }

    /// The pod's metadata (the object's own for a Pod, the template's for workloads) and its path.
    var podMetadata: (node: Node, path: String)? {
        guard let path = Self.podSpecPaths[kind] else { return nil }
        let metadataPath = Array(path.dropLast()) + ["metadata"]
        guard let node = root[metadataPath], node.isMapping else { return nil }
        return (node, metadataPath.joined(separator: "."))
    }

    /// An annotation's entry, so a finding can point at it.
    func annotationEntry(_ key: String) -> Node.Entry? {
        root["metadata"]?["annotations"]?.entry(key)
    }
}

extension Node {
    /// The range of an entry's key only: where a finding about a whole section points.
    static func keyRange(_ entry: Node.Entry) -> SourceRange { entry.key.range }
}

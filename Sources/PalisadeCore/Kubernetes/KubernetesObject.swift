/// One Kubernetes object from a manifest: a mapping with `apiVersion` and `kind`.
/// Unknown kinds (custom resources) are objects too; rules simply find nothing to say about them.
public struct KubernetesObject: Sendable {
    public let root: Node
    public let file: String
    /// The index of the YAML document in its file (0-based), before `List` expansion.
    public let documentIndex: Int
    public let identity: ResourceIdentity
    /// The file, identity and template this object came from, shared by all its findings and facts.
    public let ref: ObjectRef
    /// The pod every workload kind runs, seen through one model, so container rules are written once.
    public let podSpec: PodSpecView?
    /// The `# palisade:ignore` comments that cover part of this object (or all of it), set by the
    /// loader; empty for nearly every object, as the loader looks only in files with the marker.
    public var suppressionComments: [SuppressionComment] = []

    public var kind: String { identity.kind }
    public var name: String? { identity.name }
    public var namespace: String? { identity.namespace }
    /// The template this object was rendered from, when the input says so (`helm template` writes a
    /// `# Source: chart/templates/x.yaml` comment before each document).
    public var renderedFrom: String? { ref.renderedFrom }

    /// The object a document holds, or nil when the document is not a Kubernetes object.
    public init?(root: Node, file: String, projectPath: String? = nil, documentIndex: Int, renderedFrom: String? = nil) {
        guard let kind = root["kind"]?.string, !kind.isEmpty,
              let apiVersion = root["apiVersion"]?.string, !apiVersion.isEmpty
        else { return nil }
        self.root = root
        self.file = file
        self.documentIndex = documentIndex
        let metadata = root["metadata"]
        self.identity = ResourceIdentity(
            apiVersion: apiVersion, kind: kind,
            namespace: metadata?["namespace"]?.string, name: metadata?["name"]?.string
        )
        self.ref = ObjectRef(file: file, projectPath: projectPath, identity: identity, renderedFrom: renderedFrom,
                             lines: Self.lines(of: root))
        if let path = Self.podSpecPaths[kind], let node = root[path], node.isMapping {
            podSpec = PodSpecView(node: node, path: path.joined(separator: "."))
        } else {
            podSpec = nil
        }
    }

    /// The lines a node spans: from its start to the end of its last scalar (or empty collection),
    /// found by following last children, without recursion. A block collection's own end is where
    /// the next token starts (the next item's `-`, the next document's `---`), so it is not used;
    /// a block scalar ends at column 1 of the line after its last one.
    static func lines(of node: Node) -> ClosedRange<Int> {
        var last = node
        while true {
            if let entry = last.entries?.last { last = entry.value } else if let item = last.items?.last { last = item } else { break }
        }
        let end = last.range.end
        let line = end.column == 1 && end.line > last.range.start.line ? end.line - 1 : end.line
        return node.range.start.line...max(line, node.range.start.line)
    }

    /// `kind: List` and every `*List` kind (`DeploymentList`, `PodList`...) hold objects in `items`.
    public var isList: Bool { kind == "List" || (kind.hasSuffix("List") && root["items"]?.items != nil) }

    /// The objects of a list, each an object of its own. Nested lists are expanded too.
    public func listItems() -> [KubernetesObject] {
        guard isList, let items = root["items"]?.items else { return [] }
        var result: [KubernetesObject] = []
        for item in items {
            guard let object = KubernetesObject(root: item, file: file, projectPath: ref.projectPath, documentIndex: documentIndex, renderedFrom: renderedFrom) else { continue }
            if object.isList { result += object.listItems() } else { result.append(object) }
        }
        return result
    }

    /// Workload kinds and where their pod spec lives.
    public static let podSpecPaths: [String: [String]] = [
        "Pod": ["spec"],
        "Deployment": ["spec", "template", "spec"],
        "StatefulSet": ["spec", "template", "spec"],
        "DaemonSet": ["spec", "template", "spec"],
        "ReplicaSet": ["spec", "template", "spec"],
        "ReplicationController": ["spec", "template", "spec"],
        "Job": ["spec", "template", "spec"],
        "CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
        "PodTemplate": ["template", "spec"],
    ]
}

/// A pod spec, wherever it sits in its workload.
public struct PodSpecView: Sendable {
    public let node: Node
    /// Its path inside the object, such as `spec.template.spec`.
    public let path: String

    /// Every container the pod runs: init, regular and ephemeral.
    public let containers: [ContainerView]

    public init(node: Node, path: String) {
        self.node = node
        self.path = path
        var containers: [ContainerView] = []
        for field in ["initContainers", "containers", "ephemeralContainers"] {
            guard let items = node[field]?.items else { continue }
            for (index, item) in items.enumerated() where item.isMapping {
                let label = item["name"]?.string ?? String(index)
                containers.append(ContainerView(node: item, field: field, path: "\(path).\(field)[\(label)]"))
            }
        }
        self.containers = containers
    }

    public var securityContext: Node? { node["securityContext"] }

    /// A Windows pod (`os.name: windows`): Linux-only settings such as runAsNonRoot and
    /// allowPrivilegeEscalation do not apply to it.
    public var isWindows: Bool { node["os"]?["name"]?.string == "windows" }

    /// The pod's volumes.
    public var volumes: [(node: Node, path: String)] {
        guard let items = node["volumes"]?.items else { return [] }
        return items.enumerated().compactMap { index, item in
            guard item.isMapping else { return nil }
            return (item, "\(path).volumes[\(item["name"]?.string ?? String(index))]")
        }
    }
}

/// One container of a pod spec.
public struct ContainerView: Sendable {
    public let node: Node
    /// `containers`, `initContainers` or `ephemeralContainers`.
    public let field: String
    /// Its path inside the object, such as `spec.template.spec.containers[web]`.
    public let path: String

    public var name: String { node["name"]?.string ?? "" }
    public var securityContext: Node? { node["securityContext"] }

    /// Where a finding about something missing from this container points: its `name` key, or the
    /// container itself.
    public var anchor: SourceRange {
        if let entry = node.entry("name") {
            return SourceRange(start: entry.key.range.start, end: entry.value.range.end)
        }
        return node.range
    }
}

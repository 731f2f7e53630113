/// Security-context settings as they apply to one container: the container's own field first, then
/// the pod's, as the kubelet merges them. Rules read settings through these helpers instead of
/// re-implementing the precedence.

/// One security-context setting and where it comes from.
public struct EffectiveSetting: Sendable {
    /// The entry that sets it (for a nested key such as `windowsOptions.hostProcess`, the innermost).
    public let entry: Node.Entry
    /// Its path inside the object, such as `spec.template.spec.securityContext.runAsGroup`.
    public let path: String
    /// Whether it is inherited from the pod's security context rather than set on the container.
    public let isPodLevel: Bool

    public var value: Node { entry.value }

    public init(entry: Node.Entry, path: String, isPodLevel: Bool) {
        self.entry = entry
        self.path = path
        self.isPodLevel = isPodLevel
    }

    /// The span from the key to the end of the value.
    public var range: SourceRange { SourceRange(start: entry.key.range.start, end: entry.value.range.end) }
}

extension Node {
    /// The entry at the end of a chain of mapping keys (`["windowsOptions", "hostProcess"]`).
    public func entry(path keys: [String]) -> Node.Entry? {
        guard let last = keys.last else { return nil }
        var node: Node? = self
        for key in keys.dropLast() { node = node?[key] }
        return node?.entry(last)
    }

    /// A scalar left for a template engine or an environment substitution to fill in (`${X}`,
    /// `{{ .Values.x }}`): its value is unknown, so rules stay silent on it.
    public var isTemplateExpression: Bool {
        guard let text = scalar?.text else { return false }
        return text.contains("$") || text.contains("{{")
    }
}

extension PodSpecView {
    /// A setting of the pod's own security context (`keys` below `securityContext`).
    public func podSetting(_ keys: String...) -> EffectiveSetting? {
        podSetting(keys)
    }

    public func podSetting(_ keys: [String]) -> EffectiveSetting? {
        guard let entry = securityContext?.entry(path: keys) else { return nil }
        return EffectiveSetting(entry: entry, path: path + ".securityContext." + keys.joined(separator: "."), isPodLevel: true)
    }

    /// The setting that applies to `container`: its own security context's, else the pod's.
    /// Fields that exist only on containers (`privileged`, `capabilities`) or only on pods
    /// (`fsGroup`, `sysctls`) simply never come from the other side.
    public func setting(_ keys: String..., for container: ContainerView) -> EffectiveSetting? {
        setting(keys, for: container)
    }

    public func setting(_ keys: [String], for container: ContainerView) -> EffectiveSetting? {
        if let entry = container.securityContext?.entry(path: keys) {
            return EffectiveSetting(entry: entry, path: container.path + ".securityContext." + keys.joined(separator: "."), isPodLevel: false)
        }
        return podSetting(keys)
    }
}

extension ContainerView {
    /// `securityContext.privileged: true`: every capability, every device, no seccomp or AppArmor.
    public var isPrivileged: Bool { securityContext?["privileged"]?.bool == true }

    /// Whether the container's security context (or a part of it, such as `capabilities`) is
    /// something other than a mapping, typically a template expression (`{{ toYaml .Values.sc }}`):
    /// what it holds is unknown, so rules about missing settings stay silent.
    public func hasOpaqueSecurityContext(_ keys: String...) -> Bool {
        var current = node["securityContext"]
        var remaining = keys[...]
        while let node = current {
            if !node.isMapping { return !node.isNull }
            guard let key = remaining.popFirst() else { return false }
            current = node[key]
        }
        return false
    }

    /// Whether this container runs next to the pod's main containers for the pod's lifetime: a
    /// regular container, or an init container with `restartPolicy: Always` (a sidecar).
    public var runsAlongside: Bool {
        field == "containers" || (field == "initContainers" && node["restartPolicy"]?.string == "Always")
    }
}

extension KubernetesObject {
    /// The metadata of the pod a workload runs (its template's metadata; a Pod's own), where pod
    /// annotations live, and its path.
    public var podTemplateMetadata: (node: Node, path: String)? {
        guard let specPath = Self.podSpecPaths[kind] else { return nil }
        let path = Array(specPath.dropLast()) + ["metadata"]
        guard let node = root[path], node.isMapping else { return nil }
        return (node, path.joined(separator: "."))
    }

    /// A pod annotation entry (`container.apparmor.security.beta.kubernetes.io/web`) and its path.
    public func podAnnotation(_ key: String) -> (entry: Node.Entry, path: String)? {
        guard let metadata = podTemplateMetadata, let entry = metadata.node["annotations"]?.entry(key) else { return nil }
        return (entry, metadata.path + ".annotations[\(key)]")
    }
}

/// Causes set once at pod level and inherited by several containers, collected so that each is
/// reported once, naming every container it applies to. Linear: one dictionary look-up per add.
public struct PodLevelCauses<Info> {
    public struct Cause {
        public let range: SourceRange
        public let path: String
        public let info: Info
        public fileprivate(set) var containers: [String]
    }

    public private(set) var causes: [Cause] = []
    private var index: [String: Int] = [:]

    public init() {}

    public mutating func add(_ range: SourceRange, path: String, info: Info, container: String) {
        if let i = index[path] {
            causes[i].containers.append(container)
        } else {
            index[path] = causes.count
            causes.append(Cause(range: range, path: path, info: info, containers: [container]))
        }
    }
}

/// Names of containers in a message: "container 'web'", "containers 'web', 'db'"; past five
/// names the rest are counted, so a message stays short whatever the pod holds.
public enum ContainerList {
    public static func phrase(_ names: [String]) -> String {
        let shown = names.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
        let rest = names.count > 5 ? " and \(names.count - 5) more" : ""
        return (names.count == 1 ? "container " : "containers ") + shown + rest
    }

    /// The same phrase starting with a capital letter, to open a sentence.
    public static func subject(_ names: [String]) -> String {
        "C" + phrase(names).dropFirst()
    }
}

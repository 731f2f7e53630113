/// Typed views over the non-workload kinds rules look at: RBAC, Service, Ingress, NetworkPolicy,
/// ServiceAccount, Secret, ConfigMap and Namespace. Each view keeps its node, so a finding about
/// it can point at the exact place. Views never copy secret values.

extension Node {
    /// A mapping of strings (labels, selectors), skipping entries whose key or value is not a string.
    public var stringMap: [String: String] {
        var result: [String: String] = [:]
        for entry in entries ?? [] {
            if let key = entry.key.string, let value = entry.value.string { result[key] = value }
        }
        return result
    }

    /// A sequence of strings, skipping anything else.
    public var strings: [String] { (items ?? []).compactMap(\.string) }
}

extension KubernetesObject {
    public var labels: [String: String] { root["metadata"]?["labels"]?.stringMap ?? [:] }
    public var annotations: [String: String] { root["metadata"]?["annotations"]?.stringMap ?? [:] }
}

/// One rule of a Role or ClusterRole.
public struct PolicyRuleView: Sendable {
    public let node: Node
    public var apiGroups: [String] { node["apiGroups"]?.strings ?? [] }
    public var resources: [String] { node["resources"]?.strings ?? [] }
    public var verbs: [String] { node["verbs"]?.strings ?? [] }
    public var resourceNames: [String] { node["resourceNames"]?.strings ?? [] }
    public var nonResourceURLs: [String] { node["nonResourceURLs"]?.strings ?? [] }
}

/// A subject of a RoleBinding or ClusterRoleBinding.
public struct SubjectView: Sendable {
    public let node: Node
    public var kind: String { node["kind"]?.string ?? "" }
    public var name: String { node["name"]?.string ?? "" }
    public var namespace: String? { node["namespace"]?.string }
}

/// A port a Service exposes.
public struct ServicePortView: Sendable {
    public let node: Node
    public var port: Int? { node["port"]?.int }
    public var nodePort: Int? { node["nodePort"]?.int }
    public var targetPort: String? { node["targetPort"]?.string }
    public var proto: String { node["protocol"]?.string ?? "TCP" }
}

extension KubernetesObject {
    public var isRole: Bool { kind == "Role" || kind == "ClusterRole" }
    public var isRoleBinding: Bool { kind == "RoleBinding" || kind == "ClusterRoleBinding" }

    /// The rules of a Role or ClusterRole.
    public var policyRules: [PolicyRuleView] {
        guard isRole else { return [] }
        return (root["rules"]?.items ?? []).filter(\.isMapping).map(PolicyRuleView.init)
    }

    /// The role a binding grants: its kind (Role or ClusterRole) and name.
    public var roleRef: (kind: String, name: String)? {
        guard isRoleBinding, let ref = root["roleRef"], let kind = ref["kind"]?.string, let name = ref["name"]?.string else { return nil }
        return (kind, name)
    }

    /// Who a binding grants its role to.
    public var subjects: [SubjectView] {
        guard isRoleBinding else { return [] }
        return (root["subjects"]?.items ?? []).filter(\.isMapping).map(SubjectView.init)
    }

    /// A Service's type; `ClusterIP` when unset.
    public var serviceType: String? {
        guard kind == "Service" else { return nil }
        return root["spec"]?["type"]?.string ?? "ClusterIP"
    }

    /// The pods a Service or NetworkPolicy selects, by label.
    public var selector: [String: String] {
        switch kind {
        case "Service": root["spec"]?["selector"]?.stringMap ?? [:]
        case "NetworkPolicy": root["spec"]?["podSelector"]?["matchLabels"]?.stringMap ?? [:]
        default: root["spec"]?["selector"]?["matchLabels"]?.stringMap ?? [:]
        }
    }

    public var servicePorts: [ServicePortView] {
        guard kind == "Service" else { return [] }
        return (root["spec"]?["ports"]?.items ?? []).filter(\.isMapping).map(ServicePortView.init)
    }

    /// The hosts an Ingress routes, and whether it terminates TLS for them.
    public var ingressHosts: [String] {
        guard kind == "Ingress" else { return [] }
        return (root["spec"]?["rules"]?.items ?? []).compactMap { $0["host"]?.string }
    }

    public var ingressHasTLS: Bool {
        kind == "Ingress" && !(root["spec"]?["tls"]?.items ?? []).isEmpty
    }

    /// The policy types a NetworkPolicy enforces; `Ingress` (plus `Egress` when it has egress rules)
    /// when unset, as the API server defaults them.
    public var policyTypes: [String] {
        guard kind == "NetworkPolicy", let spec = root["spec"] else { return [] }
        if let types = spec["policyTypes"]?.items { return types.compactMap(\.string) }
        return spec["egress"] != nil ? ["Ingress", "Egress"] : ["Ingress"]
    }

    /// `automountServiceAccountToken` of a ServiceAccount or a workload's pod spec, nil when unset.
    public var automountServiceAccountToken: Bool? {
        if kind == "ServiceAccount" { return root["automountServiceAccountToken"]?.bool }
        return podSpec?.node["automountServiceAccountToken"]?.bool
    }

    /// The service account a workload runs as (`default` when unset).
    public var serviceAccountName: String? {
        guard let pod = podSpec else { return nil }
        return pod.node["serviceAccountName"]?.string ?? pod.node["serviceAccount"]?.string ?? "default"
    }

    /// A Secret's type (`Opaque` when unset).
    public var secretType: String? {
        guard kind == "Secret" else { return nil }
        return root["type"]?.string ?? "Opaque"
    }

    /// The keys (never the values) of a Secret's or ConfigMap's `data`, `stringData` and `binaryData`.
    public var dataKeys: [String] {
        guard kind == "Secret" || kind == "ConfigMap" else { return [] }
        return ["data", "stringData", "binaryData"].flatMap { field in
            (root[field]?.entries ?? []).compactMap(\.key.string)
        }
    }
}

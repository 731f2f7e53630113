import PalisadeCore

/// Every rule Palisade ships, in the order `palisade rules` lists them.
public enum BuiltinRules {
    /// The threat catalogue: the object rules `palisade scan` runs by default.
    public static let kubernetes: [any KubernetesRule] = [
        PrivilegedContainer(),
        HostNamespace.network,
        HostNamespace.pid,
        HostNamespace.ipc,
        HostPathVolume(),
        RunAsRoot(),
        PrivilegeEscalation(),
        ImageLatestTag(),
    ] + WorkloadRules.all

    /// Every Kubernetes object rule, the catalogue and the ones only a profile selects: what the
    /// example tests run and the rule docs list.
    public static var allKubernetes: [any KubernetesRule] { kubernetes }

    public static var descriptions: [RuleDescription] { allKubernetes.map(\.description) }
}

import PalisadeCore

/// Every rule Palisade ships, in the order `palisade rules` lists them.
public enum BuiltinRules {
    public static let kubernetes: [any KubernetesRule] = [
        PrivilegedContainer(),
        HostNamespace.network,
        HostNamespace.pid,
        HostNamespace.ipc,
        HostPathVolume(),
        RunAsRoot(),
        PrivilegeEscalation(),
        ImageLatestTag(),
    ]

    public static var descriptions: [RuleDescription] { kubernetes.map(\.description) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a user can tell the rules about their estate. Rules read it from their reporter
/// (`report.settings`); a rule that needs a setting the user did not give stays silent rather
/// than guessing.
public struct RuleSettings: Sendable, Hashable {
    /// Registries images may come from: a host (`registry.example.com`), a host with a path prefix
    /// (`ghcr.io/acme`), or `docker.io` for Docker Hub (which also matches images named without a
    /// registry, such as `nginx` or `library/nginx`). Empty: every registry is trusted and the
    /// untrusted-registry rule is silent.
    public var trustedRegistries: [String]
    /// Namespaces whose service accounts and Secrets the attack graph counts as cluster-admin level
    /// (`kube-system` always is). No rule reads it.
    public var privilegedNamespaces: [String]
    /// The resources whose compromise matters most (payment databases, signing keys): crown jewels
    /// of the attack graph, which ranks paths by what they reach. No rule reads it.
    public var crownJewels: [CrownJewel]
    /// Services and Ingresses whose exposure is intended and guarded (an authenticating gateway):
    /// the attack graph does not start paths from the internet through them.
    public var trustedEntries: [CrownJewel]

    public init(trustedRegistries: [String] = [], privilegedNamespaces: [String] = [], crownJewels: [CrownJewel] = [],
                trustedEntries: [CrownJewel] = []) {
        self.trustedRegistries = trustedRegistries
        self.privilegedNamespaces = privilegedNamespaces
        self.crownJewels = crownJewels
        self.trustedEntries = trustedEntries
    }

    /// The settings every rule example runs with, so rules that need a setting can be tested.
    public static let examples = RuleSettings(trustedRegistries: ["registry.example.com", "ghcr.io/example"])

    /// A setting a rule needs before it can judge anything (`RuleDescription.requiredSettings`).
    public enum Key: String, CaseIterable, Sendable {
        case trustedRegistries = "trusted-registries"

        /// The command-line flag that gives it.
        public var flag: String {
            switch self {
            case .trustedRegistries: "--trusted-registry"
            }
        }
    }

    /// Whether the user gave `key`.
    public func has(_ key: Key) -> Bool {
        switch key {
        case .trustedRegistries: !trustedRegistries.isEmpty
        }
    }
}

/// A selector for resources a user names as crown jewels: each part is a glob (`fnmatch`), and a
/// missing part matches anything, so `{kind: Secret, namespace: payments}` names every Secret there.
public struct CrownJewel: Sendable, Hashable {
    public var kind: String?
    public var namespace: String?
    public var name: String?

    public init(kind: String? = nil, namespace: String? = nil, name: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// Whether `identity` is one of the resources this selector names. A namespace pattern never
    /// matches a cluster-scoped resource (it has no namespace).
    public func matches(_ identity: ResourceIdentity) -> Bool {
        func part(_ pattern: String?, _ value: String?) -> Bool {
            guard let pattern else { return true }
            guard let value else { return false }
            return fnmatch(pattern, value, 0) == 0
        }
        return part(kind, identity.kind) && part(namespace, identity.namespace) && part(name, identity.name)
    }

    /// `Kind/namespace/name`, `*` for a part that matches anything: the form of `--crown-jewel`.
    public var display: String {
        [kind, namespace, name].map { $0 ?? "*" }.joined(separator: "/")
    }
}

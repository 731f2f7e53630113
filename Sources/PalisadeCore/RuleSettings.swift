/// What a user can tell the rules about their estate. Rules read it from their reporter
/// (`report.settings`); a rule that needs a setting the user did not give stays silent rather
/// than guessing.
public struct RuleSettings: Sendable, Hashable {
    /// Registries images may come from: a host (`registry.example.com`), a host with a path prefix
    /// (`ghcr.io/acme`), or `docker.io` for Docker Hub (which also matches images named without a
    /// registry, such as `nginx` or `library/nginx`). Empty: every registry is trusted and the
    /// untrusted-registry rule is silent.
    public var trustedRegistries: [String]

    public init(trustedRegistries: [String] = []) {
        self.trustedRegistries = trustedRegistries
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

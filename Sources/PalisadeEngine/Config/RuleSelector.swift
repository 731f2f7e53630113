import PalisadeCore
import PalisadeRules

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks rules: an id (`k8s-host-pid`), a glob over ids (`k8s-rbac-*`; rule ids start with their
/// domain, so `k8s-*` is every Kubernetes rule), or a whole attack pattern (`pattern:availability`).
public struct RuleSelector: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case glob(String)
        case pattern(ThreatPattern)
    }

    let kind: Kind
    public let description: String

    /// Every rule Palisade has, whatever the profile: what a selector must name at least one of.
    static let known = BuiltinRules.descriptions

    /// Reads a selector and checks that it names at least one rule Palisade has, so a typo is an
    /// error instead of a rule that silently keeps running (or never runs).
    public init(_ text: String) throws(ConfigurationError) {
        description = text
        if text.hasPrefix("pattern:") {
            let name = String(text.dropFirst("pattern:".count))
            guard let pattern = ThreatPattern(rawValue: name) else {
                throw ConfigurationError(nil, "'\(text)' names no attack pattern; patterns: "
                    + ThreatPattern.allCases.map { "pattern:\($0.rawValue)" }.joined(separator: ", "))
            }
            kind = .pattern(pattern)
            return
        }
        if text.isEmpty { throw ConfigurationError(nil, "an empty rule id") }
        kind = .glob(text)
        guard Self.known.contains(where: matches) else {
            throw ConfigurationError(nil, "'\(text)' matches no rule\(Suggestions.hint(for: text, in: Self.known.map(\.id))) (palisade rules lists every rule)")
        }
    }

    public func matches(_ rule: RuleDescription) -> Bool {
        switch kind {
        case .glob(let glob): fnmatch(glob, rule.id, 0) == 0
        case .pattern(let pattern): rule.pattern == pattern
        }
    }
}

/// The rules a scan runs: the profile's, narrowed to `enable` when given, less `disable`.
public struct RuleSelection: Sendable {
    public var objectRules: [any KubernetesRule]
    public var estateRules: [any EstateRule]
    public var dockerfileRules: [any DockerfileRule]
    public var cloudRules: [any CloudRule]
    public var workflowRules: [any WorkflowRule]
    public var gitlabRules: [any GitLabRule]
    public var secretRules: [SecretRule]
    /// Severity per rule id, from the overrides that pick a rule that runs (the last one wins).
    public var severities: [String: Severity] = [:]

    /// Selects from `profile`. A selector in `enable` that picks none of the profile's rules is an
    /// error (naming the profile that has them), as is a selection that leaves nothing to run.
    public init(profile: RuleProfile, enable: [Setting<RuleSelector>]?, disable: [Setting<RuleSelector>]?,
                severity: [Setting<SeverityOverride>]?) throws(ConfigurationErrors) {
        var object = profile.objectRules, estate = profile.estateRules, docker = profile.dockerfileRules, cloud = profile.cloudRules,
            workflow = profile.workflowRules, gitlab = profile.gitlabRules, secrets = profile.secretRules
        var errors: [ConfigurationError] = []
        if let enable {
            let all = object.map(\.description) + estate.map(\.description) + docker.map(\.description) + cloud.map(\.description)
                + workflow.map(\.description) + gitlab.map(\.description) + secrets.map(\.description)
            for selector in enable where !all.contains(where: selector.value.matches) {
                let elsewhere = RuleProfile.allCases.filter { p in
                    p.descriptions.contains(where: selector.value.matches)
                }.map(\.rawValue)
                errors.append(ConfigurationError(selector.origin, "'\(selector.value)' selects no rule of profile \(profile.rawValue)"
                    + (elsewhere.isEmpty ? "" : elsewhere.count == 1 ? " (profile \(elsewhere[0]) has it)" : " (profiles \(elsewhere.joined(separator: " and ")) have it)")))
            }
            object = object.filter { rule in enable.contains { $0.value.matches(rule.description) } }
            estate = estate.filter { rule in enable.contains { $0.value.matches(rule.description) } }
            docker = docker.filter { rule in enable.contains { $0.value.matches(rule.description) } }
            cloud = cloud.filter { rule in enable.contains { $0.value.matches(rule.description) } }
            workflow = workflow.filter { rule in enable.contains { $0.value.matches(rule.description) } }
            gitlab = gitlab.filter { rule in enable.contains { $0.value.matches(rule.description) } }
            secrets = secrets.filter { rule in enable.contains { $0.value.matches(rule.description) } }
        }
        if let disable {
            object = object.filter { rule in !disable.contains { $0.value.matches(rule.description) } }
            estate = estate.filter { rule in !disable.contains { $0.value.matches(rule.description) } }
            docker = docker.filter { rule in !disable.contains { $0.value.matches(rule.description) } }
            cloud = cloud.filter { rule in !disable.contains { $0.value.matches(rule.description) } }
            workflow = workflow.filter { rule in !disable.contains { $0.value.matches(rule.description) } }
            gitlab = gitlab.filter { rule in !disable.contains { $0.value.matches(rule.description) } }
            secrets = secrets.filter { rule in !disable.contains { $0.value.matches(rule.description) } }
        }
        if errors.isEmpty && object.isEmpty && estate.isEmpty && docker.isEmpty && cloud.isEmpty && workflow.isEmpty && gitlab.isEmpty
            && secrets.isEmpty {
            errors.append(ConfigurationError(disable?.last?.origin ?? enable?.last?.origin, "no rule is left to run"))
        }
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        objectRules = object
        estateRules = estate
        dockerfileRules = docker
        cloudRules = cloud
        workflowRules = workflow
        gitlabRules = gitlab
        secretRules = secrets
        for override in severity ?? [] {
            for rule in object.map(\.description) + estate.map(\.description) + docker.map(\.description) + cloud.map(\.description)
                + workflow.map(\.description) + gitlab.map(\.description) + secrets.map(\.description) where override.value.selector.matches(rule) {
                severities[rule.id] = override.value.severity
            }
        }
    }
}

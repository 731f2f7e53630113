/// A rule over one parsed Dockerfile. Like `KubernetesRule`: a stateless value with a
/// `RuleDescription` whose examples (Dockerfiles, `↓` marking each finding) run as tests. It sees
/// the whole file at once, because what matters often depends on the stage (only the final stage
/// ships) or on other instructions (a checksum verified after a download).
public protocol DockerfileRule: Sendable {
    var description: RuleDescription { get }
    func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter)
}

/// What a Dockerfile rule uses to report: it makes ordinary `Finding`s on the stage (identity kind
/// `Dockerfile`, name the stage's), so reports, fingerprints and suppressions work unchanged.
public struct DockerfileReporter {
    public let rule: RuleDescription
    public let settings: RuleSettings
    public private(set) var findings: [Finding] = []
    private var paths = UniquePaths()

    public init(rule: RuleDescription, settings: RuleSettings = RuleSettings()) {
        self.rule = rule
        self.settings = settings
    }

    /// Reports a finding in `stage` spanning `range`. `path` names the place inside the stage by
    /// what it holds, never by line (`USER`, `ENV[API_TOKEN]`, `RUN[curl|sh https://get.example.com]`,
    /// empty for the stage itself), so fingerprints survive edits elsewhere in the file; it becomes
    /// `stage[NAME].PATH`.
    public mutating func report(_ stage: Dockerfile.Stage, _ range: SourceRange, path: String, message: String, severity: Severity? = nil) {
        let prefix = "stage[\(stage.displayName)]"
        add(stage.ref, range, path: path.isEmpty ? prefix : prefix + "." + path, message: message, severity: severity)
    }

    /// Reports a finding outside any stage (a global `ARG`), on the file itself.
    public mutating func report(_ dockerfile: Dockerfile, _ range: SourceRange, path: String, message: String, severity: Severity? = nil) {
        add(dockerfile.ref, range, path: path, message: message, severity: severity)
    }

    private mutating func add(_ object: ObjectRef, _ range: SourceRange, path: String, message: String, severity: Severity?) {
        findings.append(Finding(rule: rule, severity: severity, message: message, object: object, range: range, path: paths.unique(path)))
    }
}

/// Finding paths made unique within one rule's run over one file: a repeated path gets `#2`, `#3`
/// (by content and order, never by line), so fingerprints stay distinct and stable.
public struct UniquePaths {
    /// How often each path was reported.
    private var seen: [String: Int] = [:]

    public init() {}

    public mutating func unique(_ path: String) -> String {
        let count = seen[path, default: 0] + 1
        seen[path] = count
        return count == 1 ? path : "\(path)#\(count)"
    }
}

/// A rule over one GitHub Actions workflow. Like `DockerfileRule`: a stateless value with a
/// `RuleDescription` whose examples (workflow YAML, `↓` marking each finding) run as tests. It sees
/// the whole workflow at once, because what matters often depends on the triggers (a checkout is
/// harmless on `push` and dangerous on `pull_request_target`) or on earlier steps.
public protocol WorkflowRule: Sendable {
    var description: RuleDescription { get }
    func check(_ workflow: Workflow, _ report: inout WorkflowReporter)
}

/// What a workflow (or GitLab CI) rule uses to report: ordinary `Finding`s on the file (identity
/// kind `Workflow` or `GitLabCI`, name the file's base name), so reports, fingerprints and suppressions work unchanged.
public struct WorkflowReporter {
    public let rule: RuleDescription
    public let settings: RuleSettings
    public private(set) var findings: [Finding] = []
    private var paths = UniquePaths()

    public init(rule: RuleDescription, settings: RuleSettings = RuleSettings()) {
        self.rule = rule
        self.settings = settings
    }

    /// Reports a finding spanning `range`. `path` names the place by what it holds, never by line
    /// (`permissions`, `on.pull_request_target`, `jobs.build.steps[actions/checkout].with.ref`),
    /// so fingerprints survive edits elsewhere in the file.
    public mutating func report(_ workflow: Workflow, _ range: SourceRange, path: String, message: String, severity: Severity? = nil) {
        report(workflow.ref, range, path: path, message: message, severity: severity)
    }

    /// Reports a finding in a GitLab CI configuration (identity kind `GitLabCI`), path by content
    /// as for workflows (`variables.API_TOKEN`, `jobs.build.image`).
    public mutating func report(_ pipeline: GitLabPipeline, _ range: SourceRange, path: String, message: String, severity: Severity? = nil) {
        report(pipeline.ref, range, path: path, message: message, severity: severity)
    }

    private mutating func report(_ object: ObjectRef, _ range: SourceRange, path: String, message: String, severity: Severity?) {
        findings.append(Finding(rule: rule, severity: severity, message: message, object: object, range: range, path: paths.unique(path)))
    }

    /// Reports a finding in `step` of `job`: the path is `jobs.JOB.steps[STEP].PART`.
    public mutating func report(_ workflow: Workflow, _ job: Workflow.Job, _ step: Workflow.Step, _ range: SourceRange, part: String,
                                message: String, severity: Severity? = nil) {
        let path = "\(job.path).steps[\(step.pathName)]" + (part.isEmpty ? "" : "." + part)
        report(workflow, range, path: path, message: message, severity: severity)
    }
}

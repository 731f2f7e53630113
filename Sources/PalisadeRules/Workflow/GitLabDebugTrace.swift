import PalisadeCore

/// `CI_DEBUG_TRACE: "true"`: the job log shows every command with every variable expanded.
public struct GitLabDebugTrace: GitLabRule {
    public init() {}

    public let description = RuleDescription(
        id: "gitlab-debug-trace",
        title: "GitLab CI debug tracing prints the job's variables to its log",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001"],
        appliesTo: [.workflow],
        rationale: """
            `CI_DEBUG_TRACE: "true"` (and `CI_DEBUG_SERVICES` for services) turns on shell tracing \
            in the runner: the log shows every command with its variables expanded, and GitLab's \
            own documentation warns that this reveals the values of all variables, masked ones \
            included, to everyone who can read the job log (on a public project, anyone). Committed \
            in `variables:`, it stays on for every pipeline. The rule reports the variable at the \
            top and in jobs when it is true.
            """,
        remediation: "Remove the variable; when a run needs tracing, set it for one manual pipeline, in a job with no secrets, and delete that job's log afterwards.",
        references: [
            "https://docs.gitlab.com/ci/variables/variables_troubleshooting/#enable-debug-logging",
        ],
        goodExamples: [
            """
            variables:
              CI_DEBUG_TRACE: "false"
              GIT_DEPTH: "10"
            build:
              script:
                - make
            """,
        ],
        badExamples: [
            """
            variables:
              ↓CI_DEBUG_TRACE: "true"
            deploy:
              variables:
                ↓CI_DEBUG_SERVICES: "true"
              script:
                - ./deploy.sh
            """,
        ],
        input: .gitlabCI
    )

    static let names: Set<String> = ["CI_DEBUG_TRACE", "CI_DEBUG_SERVICES"]

    public func check(_ pipeline: GitLabPipeline, _ report: inout WorkflowReporter) {
        func check(_ variables: [Workflow.Variable], path: String) {
            for variable in variables where Self.names.contains(variable.name) && variable.value?.text.lowercased() == "true" {
                report.report(pipeline, variable.key, path: "\(path).\(variable.name)",
                              message: "\(variable.name) is true: the job log shows every variable's value, masked ones included, to whoever can read it.")
            }
        }
        check(pipeline.variables, path: "variables")
        for job in pipeline.jobs { check(job.variables, path: "jobs.\(job.id).variables") }
    }
}

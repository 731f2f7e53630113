import PalisadeCore

/// `include: remote:` (or a project at a branch): pipeline configuration that someone else can
/// change, merged into this one at every run.
public struct GitLabIncludeRemote: GitLabRule {
    public init() {}

    public let description = RuleDescription(
        id: "gitlab-include-remote",
        title: "GitLab CI includes configuration that can change under it",
        severity: .high,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .ciPolicyValidation],
        mitre: ["T1195.002"],
        appliesTo: [.workflow],
        rationale: """
            `include:` merges another file into the pipeline when it runs: its jobs and scripts run \
            with this project's CI/CD variables and runners. `remote:` fetches a URL at every \
            pipeline, so whoever controls that server (or its domain, or, over `http://`, the \
            network) writes part of this pipeline. `project:` without `ref:`, or with a branch or \
            tag, follows whatever that project's maintainers push. The rule reports `remote:` \
            includes (and bare URL strings) at high severity and `project:` includes not pinned to \
            a full commit SHA at medium. `local:` files and GitLab's own `template:`s are not \
            reported.
            """,
        remediation: "Vendor remote configuration into the repository, or include it from a project you control at a full commit SHA (`ref: 0123abc...`, 40 hexadecimal digits).",
        references: [
            "https://docs.gitlab.com/ci/yaml/#include",
            "https://docs.gitlab.com/ci/yaml/includes/",
        ],
        goodExamples: [
            """
            include:
              - local: ci/build.yml
              - template: Security/SAST.gitlab-ci.yml
              - project: platform/ci-templates
                ref: 4f6c2d1a9b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a
                file: /deploy.yml
            deploy:
              script:
                - ./deploy.sh
            """,
        ],
        badExamples: [
            """
            include:
              - remote: ↓https://ci.example.com/templates/deploy.yml
              - ↓https://raw.example.com/ci/lint.yml
              - project: platform/ci-templates
                ref: ↓main
                file: /deploy.yml
              - ↓project: platform/other
                file: /x.yml
            deploy:
              script:
                - ./deploy.sh
            """,
        ],
        input: .gitlabCI
    )

    public func check(_ pipeline: GitLabPipeline, _ report: inout WorkflowReporter) {
        for include in pipeline.includes {
            let value = include.value
            switch include.kind {
            case "remote":
                report.report(pipeline, value.range, path: "include[\(value.text)]",
                              message: "includes \(value.text) from the network at every pipeline: whoever controls that server writes jobs that run with this project's CI/CD variables.")
            case "project":
                let ref = include.ref
                guard !(ref.map { Workflow.ActionReference("x/y@" + $0.text).pinnedToCommit } ?? false) else { continue }
                let range = ref.map { $0.range } ?? include.key
                report.report(pipeline, range, path: "include[\(value.text)]",
                              message: "includes \(value.text) at \(ref.map { "'\($0.text)'" } ?? "its default branch"), not a commit SHA: whoever can push there changes this pipeline.",
                              severity: .medium)
            default:
                continue
            }
        }
    }
}

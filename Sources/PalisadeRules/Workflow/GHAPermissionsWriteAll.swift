import PalisadeCore

/// `permissions: write-all`, or every scope spelled out as `write`.
public struct GHAPermissionsWriteAll: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-permissions-write-all",
        title: "GITHUB_TOKEN granted write on every scope",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1098"],
        appliesTo: [.workflow],
        rationale: """
            `permissions: write-all` (at the top or on a job) hands every step a token that can push \
            to any branch GitHub's rules allow, rewrite releases and tags, publish packages, approve \
            and merge pull requests, change deployments and security alerts. One compromised step \
            is then a compromised repository and, through the packages it publishes, its users. \
            The rule also reports a map that writes every repository scope (actions, checks, \
            contents, deployments, issues, packages, pages, pull-requests, repository-projects, \
            security-events, statuses): `write-all` spelled out. Narrower grants, even with several \
            writes, are a judgement the rule leaves to review.
            """,
        remediation: "Grant the scopes the job needs and no more (`contents: write` to push a tag, `packages: write` to publish an image), per job, with `contents: read` or `{}` at the top.",
        references: [
            "https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions",
            "https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
        ],
        goodExamples: [
            """
            on: push
            permissions: read-all
            jobs:
              release:
                runs-on: ubuntu-latest
                permissions:
                  contents: write
                  packages: write
                  id-token: write
                steps:
                  - run: make release
            """,
        ],
        badExamples: [
            """
            on: push
            ↓permissions: write-all
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: make
            """,
            """
            on: push
            permissions:
              contents: read
            jobs:
              release:
                runs-on: ubuntu-latest
                ↓permissions:
                  actions: write
                  checks: write
                  contents: write
                  deployments: write
                  issues: write
                  packages: write
                  pages: write
                  pull-requests: write
                  repository-projects: write
                  security-events: write
                  statuses: write
                steps:
                  - run: make release
            """,
        ],
        input: .workflow
    )

    /// The repository scopes `write-all` grants (besides newer ones such as `id-token`).
    static let repositoryScopes: Set<String> = [
        "actions", "checks", "contents", "deployments", "issues", "packages", "pages", "pull-requests",
        "repository-projects", "security-events", "statuses",
    ]

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        check(workflow.permissions, in: workflow, path: "permissions", what: "the workflow", &report)
        for job in workflow.jobs {
            check(job.permissions, in: workflow, path: "\(job.path).permissions", what: "job '\(job.id)'", &report)
        }
    }

    private func check(_ permissions: Workflow.Permissions?, in workflow: Workflow, path: String, what: String, _ report: inout WorkflowReporter) {
        guard let permissions else { return }
        let spelled: Bool
        switch permissions.kind {
        case .writeAll: spelled = false
        case .scopes:
            let written = Set(permissions.writeScopes.map(\.name))
            guard Self.repositoryScopes.isSubset(of: written) else { return }
            spelled = true
        default: return
        }
        report.report(workflow, permissions.key, path: path,
                      message: "\(what) gives its GITHUB_TOKEN write on every scope\(spelled ? " (write-all, spelled out)" : ""): any compromised step can push code, rewrite releases and publish packages. Grant only the scopes each job needs.")
    }
}

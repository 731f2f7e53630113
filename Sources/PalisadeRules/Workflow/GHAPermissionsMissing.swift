import PalisadeCore

/// No `permissions:` at the top and a job without its own: the job gets the repository's default
/// token, which on many repositories can write everything.
public struct GHAPermissionsMissing: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-permissions-missing",
        title: "Workflow leaves the GITHUB_TOKEN's permissions at the repository default",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1098"],
        appliesTo: [.workflow],
        rationale: """
            Without `permissions:`, a job's `GITHUB_TOKEN` gets the repository's or organisation's \
            default: read and write to contents, packages, pull requests, issues, deployments and \
            more on repositories created before February 2023, on every repository of an \
            organisation that kept that default, and wherever an admin chose it. Any step that is \
            compromised (an action's new release, an injected script, a poisoned dependency) can \
            then push commits, tag releases or publish packages. Declaring `permissions:` at the \
            top (and widening per job) makes the grant explicit and reviewable, and independent of \
            a setting nobody sees in the file. One finding per workflow, at the first job without \
            its own block, naming every such job. Reusable workflows that only run on \
            `workflow_call` are not reported: their caller decides their token.
            """,
        remediation: "Add `permissions: contents: read` (or `permissions: {}`) at the top of the workflow, and grant each job only the scopes it needs (`pull-requests: write`, `id-token: write`...).",
        references: [
            "https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token",
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token",
        ],
        goodExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: make
            """,
            """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                permissions: {}
                steps:
                  - run: make
              release:
                runs-on: ubuntu-latest
                permissions:
                  contents: write
                steps:
                  - run: make release
            """,
            """
            on:
              workflow_call:
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: make
            """,
        ],
        badExamples: [
            """
            on: push
            jobs:
              lint:
                runs-on: ubuntu-latest
                permissions:
                  contents: read
                steps:
                  - run: make lint
              ↓build:
                runs-on: ubuntu-latest
                steps:
                  - run: make
              test:
                runs-on: ubuntu-latest
                steps:
                  - run: make test
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        guard workflow.permissions == nil, !workflow.triggers.allSatisfy({ $0.event == "workflow_call" }) else { return }
        let bare = workflow.jobs.filter { $0.permissions == nil }
        guard let first = bare.first else { return }
        let names = bare.map { "'\($0.id)'" }.joined(separator: ", ")
        report.report(workflow, first.key, path: "permissions",
                      message: "no top-level `permissions:`, and job\(bare.count == 1 ? "" : "s") \(names) set\(bare.count == 1 ? "s" : "") none: \(bare.count == 1 ? "it runs" : "they run") with the repository's default GITHUB_TOKEN, which may write to contents, packages and pull requests.")
    }
}

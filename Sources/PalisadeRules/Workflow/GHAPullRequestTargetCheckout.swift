import PalisadeCore

/// `pull_request_target` (or `workflow_run`) checking out the pull request's code and then running
/// it: a fork's code with the base repository's secrets and write token ("pwn request").
public struct GHAPullRequestTargetCheckout: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-pull-request-target-checkout",
        title: "pull_request_target or workflow_run checks out and runs untrusted code",
        severity: .critical,
        pattern: .supplyChain,
        controls: [.ciPolicyValidation, .secretsManagement],
        mitre: ["T1195.002", "T1552.001", "T1059"],
        appliesTo: [.workflow],
        rationale: """
            `pull_request_target` and `workflow_run` run in the base repository's context: with its \
            secrets, a token that can write, and caches shared with the default branch, even when \
            a fork opened the pull request. That is safe only while the workflow never executes the \
            pull request's code. Checking out its head (`ref: ${{ github.event.pull_request.head.sha }}`, \
            `head.ref`, `github.head_ref`, `refs/pull/N/merge`, or for `workflow_run` \
            `github.event.workflow_run.head_sha`) and then running anything in the workspace (a \
            `run:` step, which runs the repository's scripts, build files and package hooks \
            (`npm install` runs `preinstall`), or a local action `./...`) gives the fork's author \
            code execution with those secrets: GitHub Security Lab's "pwn request". The finding \
            points at the checkout's ref and names the first step that runs code after it, in the \
            same job. A checkout of the head that nothing runs (only read as data, in a job without \
            secrets) is not reported.
            """,
        remediation: "Run untrusted code in a `pull_request` workflow (no secrets, read-only token) and pass results to a privileged `workflow_run` as data, validated before use; or check out the base only. If the head must be built here, gate the job on a label or an environment with required reviewers, and give it no secrets.",
        references: [
            "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
            "https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target",
        ],
        goodExamples: [
            """
            on: pull_request_target
            permissions:
              pull-requests: write
            jobs:
              label:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                  - run: ./scripts/label.sh
            """,
            """
            on: pull_request
            permissions:
              contents: read
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
                  - run: npm ci && npm test
            """,
            """
            on: pull_request_target
            permissions:
              pull-requests: read
            jobs:
              diff:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "reviewing"
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
                      path: pr
            """,
        ],
        badExamples: [
            """
            on:
              pull_request_target:
                types: [opened, synchronize]
            permissions:
              contents: read
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                    with:
                      ref: ↓${{ github.event.pull_request.head.sha }}
                  - run: npm install && npm test
            """,
            """
            on:
              workflow_run:
                workflows: [CI]
                types: [completed]
            permissions:
              contents: read
            jobs:
              deploy-preview:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                    with:
                      ref: ↓${{ github.event.workflow_run.head_sha }}
                  - uses: ./.github/actions/build
            """,
            """
            on: [push, pull_request_target]
            permissions:
              contents: read
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                    with:
                      ref: refs/pull/↓${{ github.event.pull_request.number }}/merge
                  - run: make
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        guard workflow.runsPrivilegedOnUntrustedInput else { return }
        let triggers = workflow.privilegedTriggers.joined(separator: " and ")
        for job in workflow.jobs {
            for (index, step) in job.steps.enumerated() {
                guard let checkout = step.untrustedCheckout,
                      let runner = job.steps[(index + 1)...].first(where: \.runsCode) else { continue }
                let what = runner.run != nil ? "step '\(runner.pathName)' runs a script in it" : "step '\(runner.pathName)' runs the local action \(runner.uses?.text ?? "")"
                report.report(
                    workflow, job, step, checkout.expression.range, part: "with.\(checkout.input.name)",
                    message: "job '\(job.id)' runs on \(triggers), with this repository's secrets and token, checks out \(checkout.path.text) (the untrusted side's code), and \(what): a fork's author runs code with those secrets.")
            }
        }
    }
}

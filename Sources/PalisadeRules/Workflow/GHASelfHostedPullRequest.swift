import PalisadeCore

/// A self-hosted runner for a workflow that pull requests trigger: a fork's code on your machine.
public struct GHASelfHostedPullRequest: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-self-hosted-pull-request",
        title: "Self-hosted runner runs pull requests from forks",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.ciPolicyValidation, .networkSegmentation],
        mitre: ["T1195.002", "T1053", "T1021"],
        appliesTo: [.workflow],
        rationale: """
            On a public repository anyone can open a pull request, and `pull_request` workflows run \
            its code on the runner the job names. A GitHub-hosted runner is a fresh VM thrown away \
            afterwards; a self-hosted one is your machine: the fork's code can persist on it (a \
            non-ephemeral runner keeps running the next jobs, of other workflows, with their \
            secrets), read what earlier jobs left, and reach your internal network and cloud \
            metadata. GitHub's own guidance is never to use self-hosted runners with public \
            repositories. The rule reports the `self-hosted` label of jobs in workflows triggered \
            by `pull_request`, `pull_request_target`, `pull_request_review` or \
            `pull_request_review_comment`, unless the job is limited to pull requests from the \
            same repository (`if: github.event.pull_request.head.repo.full_name == github.repository` \
            or `head.repo.fork == false`). Palisade cannot see whether the repository is public: \
            private ones receive fork pull requests only when forking is allowed.
            """,
        remediation: "Run pull request jobs on GitHub-hosted runners; keep self-hosted runners for trusted events (push, release), in a runner group limited to private repositories, ephemeral (`--ephemeral`) and isolated from internal networks. Require approval for workflows from all outside contributors.",
        references: [
            "https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security",
            "https://johnstawinski.com/2024/01/11/playing-with-fire-how-we-executed-a-critical-supply-chain-attack-on-pytorch/",
        ],
        goodExamples: [
            """
            on: [push, pull_request]
            permissions:
              contents: read
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - run: make test
              gpu:
                if: github.event_name == 'push'
                runs-on: [self-hosted, gpu]
                steps:
                  - run: make gpu-test
              internal:
                if: github.event.pull_request.head.repo.full_name == github.repository
                runs-on: self-hosted
                steps:
                  - run: make integration
            """,
        ],
        badExamples: [
            """
            on:
              pull_request:
                branches: [main]
            permissions:
              contents: read
            jobs:
              test:
                runs-on: [↓self-hosted, linux, x64]
                steps:
                  - run: make test
              bench:
                runs-on:
                  labels: ↓self-hosted
                steps:
                  - run: make bench
            """,
        ],
        input: .workflow
    )

    static let pullRequestEvents: Set<String> = ["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"]

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        let events = workflow.triggers.map(\.event).filter(Self.pullRequestEvents.contains)
        guard !events.isEmpty else { return }
        for job in workflow.jobs {
            guard let label = job.runsOn?.selfHosted, !Self.excludesForks(job.condition?.text ?? "") else { continue }
            report.report(workflow, label.range, path: "\(job.path).runs-on",
                          message: "job '\(job.id)' runs on a self-hosted runner in a workflow triggered by \(events.joined(separator: " and ")): on a public repository, any fork's pull request runs its code on that machine.")
        }
    }

    /// An `if:` that keeps the job to pull requests from branches of the repository itself, or
    /// away from pull requests altogether (`github.event_name == 'push'`).
    static func excludesForks(_ condition: String) -> Bool {
        let c = condition.filter { !$0.isWhitespace }
        return c.contains("head.repo.full_name==github.repository") || c.contains("github.repository==github.event.pull_request.head.repo.full_name")
            || c.contains("head.repo.fork==false") || c.contains("!github.event.pull_request.head.repo.fork")
            || c.contains("github.event_name=='push'") || c.contains("github.event_name==\"push\"")
    }
}

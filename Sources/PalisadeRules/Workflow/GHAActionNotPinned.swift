import PalisadeCore

/// `uses: owner/repo@v4`: a third-party action or reusable workflow at a tag or branch, which
/// whoever controls that repository can move to other code at any time.
public struct GHAActionNotPinned: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-action-not-pinned",
        title: "Third-party action or image not pinned to a commit SHA or digest",
        severity: .high,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002", "T1554"],
        appliesTo: [.workflow],
        rationale: """
            A tag (`@v4`, `@v1.2.3`) or a branch (`@main`) is a pointer the action's owner, or \
            whoever compromises the owner's account or token, can move to any commit: every run \
            afterwards executes that code with the job's token and secrets. This is how the \
            `tj-actions/changed-files` compromise (March 2025, CVE-2025-30066) dumped the secrets \
            of thousands of repositories into public logs: its tags were rewritten to a malicious \
            commit. Only a full 40-character commit SHA is immutable. The rule covers steps' \
            `uses:`, reusable workflows called from another repository (`jobs.X.uses`) and \
            `docker://` images without an `@sha256:` digest. Local actions (`./...`) come from the \
            checked-out commit and are not reported. GitHub's own `actions/*` and `github/*` are \
            reported by `gha-first-party-action-not-pinned` at low severity instead: they are \
            maintained by the platform that already runs the job, so a tag there is a smaller risk.
            """,
        remediation: "Pin to the full commit SHA of the release and keep the tag as a comment (`uses: owner/repo@<sha> # v4.2.1`); let Dependabot or Renovate update the pins. Pin `docker://` images by digest.",
        references: [
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions",
            "https://www.cisa.gov/news-events/alerts/2025/03/18/supply-chain-compromise-third-party-tj-actionschanged-files-cve-2025-30066-and-reviewdogaction-setup-cve-2025-30154",
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
                  - uses: actions/checkout@v4
                  - uses: tj-actions/changed-files@2f7c5bfce28377bc069a65ba478de0a74aa0ca32 # v46.0.1
                  - uses: ./.github/actions/setup
                  - uses: docker://alpine@sha256:21dc6063fd678b478f57c0e13f47560d0ea4eeba26dfc947b2a4f81f686b9f45
              release:
                uses: ./.github/workflows/release.yml
              shared:
                uses: example-org/workflows/.github/workflows/ci.yml@0123456789abcdef0123456789abcdef01234567
            """,
        ],
        badExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: tj-actions/changed-files@↓v45
                  - uses: peter-evans/create-pull-request@↓main
                  - uses: ↓docker://alpine:3.20
                  - uses: aws-actions/configure-aws-credentials/sub/dir@↓v4.0.2
              shared:
                uses: example-org/workflows/.github/workflows/ci.yml@↓v1
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        Self.unpinned(workflow, firstParty: false, &report)
    }

    /// Reports every action or reusable workflow of the kind asked for (`firstParty`) that is not
    /// pinned, at its ref (or at the value when it has none).
    static func unpinned(_ workflow: Workflow, firstParty: Bool, _ report: inout WorkflowReporter) {
        for job in workflow.jobs {
            if let uses = job.uses {
                check(uses, firstParty: firstParty) { range, message in
                    report.report(workflow, range, path: "\(job.path).uses", message: "job '\(job.id)' calls " + message)
                }
            }
            for step in job.steps {
                guard let uses = step.uses else { continue }
                check(uses, firstParty: firstParty) { range, message in
                    report.report(workflow, job, step, range, part: "uses", message: "step uses " + message)
                }
            }
        }
    }

    private static func check(_ uses: Workflow.Value, firstParty: Bool, _ found: (SourceRange, String) -> Void) {
        guard !uses.text.contains("${{") else { return }
        let action = Workflow.ActionReference(uses.text)
        switch action.kind {
        case .local:
            return
        case .docker:
            guard !firstParty, !action.pinnedByDigest else { return }
            found(uses.range,
                  "image \(action.name) without a digest: whoever can push that tag changes what runs. Pin it: docker://\(action.name.split(separator: ":").first ?? "")@sha256:...")
        case .repository:
            guard action.isFirstParty == firstParty, !action.pinnedToCommit else { return }
            let bytes = uses.source.bytes
            let range: SourceRange
            if let at = bytes.lastIndex(of: UInt8(ascii: "@")), at + 1 < bytes.count {
                range = uses.range(at + 1, bytes.count)
            } else {
                range = uses.range(0, bytes.count)
            }
            let ref = action.ref.map { "'\($0)'" } ?? "no ref"
            found(range, "\(action.name) at \(ref), not a full commit SHA: whoever controls \(action.repository) (or its tags) decides what this runs. Pin it to a commit SHA, with the version as a comment.")
        }
    }
}

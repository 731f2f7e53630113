import PalisadeCore

/// `uses: actions/checkout@v4`: GitHub's own actions at a tag.
public struct GHAFirstPartyActionNotPinned: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-first-party-action-not-pinned",
        title: "GitHub's own action not pinned to a commit SHA",
        severity: .low,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002"],
        appliesTo: [.workflow],
        rationale: """
            `actions/*` and `github/*` are maintained by GitHub, which already runs the job and \
            sees its secrets, so a tag there adds far less risk than a third party's tag (see \
            `gha-action-not-pinned`). A tag still moves, though: a compromised maintainer token or \
            a bad release reaches every workflow at once, and a SHA makes runs reproducible. \
            Organisations that require SHA pinning for every action (GitHub's own policy setting \
            can enforce it) keep this rule; others may disable it.
            """,
        remediation: "Pin to the release's commit SHA with the version as a comment (`uses: actions/checkout@<sha> # v4.2.2`); Dependabot keeps the pins current.",
        references: [
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions",
            "https://github.blog/changelog/2025-08-15-github-actions-policy-now-supports-blocking-and-sha-pinning-actions/",
        ],
        goodExamples: [
            """
            on: push
            permissions: read-all
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                  - uses: github/codeql-action/init@4e828ff8d448a8a6e532957b1811f387a63867e8 # v3.29.4
                  - uses: tj-actions/changed-files@v45
            """,
        ],
        badExamples: [
            """
            on: push
            permissions: read-all
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@↓v4
                  - uses: github/codeql-action/init@↓v3
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        GHAActionNotPinned.unpinned(workflow, firstParty: true, &report)
    }
}

import PalisadeCore

/// `secrets: inherit` on a call to a reusable workflow in another repository.
public struct GHASecretsInherit: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-secrets-inherit",
        title: "Every secret passed to a reusable workflow in another repository",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .leastPrivilegeIdentity],
        mitre: ["T1552.001"],
        appliesTo: [.workflow],
        rationale: """
            `secrets: inherit` hands the called workflow every secret this repository and its \
            organisation and environments give the caller, not just the ones it uses. When the \
            workflow lives in another repository, whoever can change that repository (or the ref \
            the call names, when it is not a commit SHA) can read all of them. Naming the secrets \
            the callee declares under `on.workflow_call.secrets` limits the damage to those. Calls \
            to local workflows (`./.github/workflows/...`) are not reported: they change only with \
            this repository.
            """,
        remediation: "Pass only the secrets the reusable workflow declares: `secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`, and pin the call to a commit SHA.",
        references: [
            "https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-inputs-and-secrets-to-a-reusable-workflow",
        ],
        goodExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              local:
                uses: ./.github/workflows/build.yml
                secrets: inherit
              shared:
                uses: example-org/workflows/.github/workflows/publish.yml@0123456789abcdef0123456789abcdef01234567
                secrets:
                  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
            """,
        ],
        badExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              shared:
                uses: example-org/workflows/.github/workflows/publish.yml@0123456789abcdef0123456789abcdef01234567
                ↓secrets: inherit
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        for job in workflow.jobs {
            guard let uses = job.uses, let secrets = job.secrets, secrets.value.string == "inherit" else { continue }
            let callee = Workflow.ActionReference(uses.text)
            guard callee.kind == .repository else { continue }
            report.report(workflow, SourceRange(start: secrets.key.range.start, end: secrets.value.range.end), path: "\(job.path).secrets",
                          message: "job '\(job.id)' passes every secret to \(callee.name), in \(callee.repository): whoever can change that repository\(callee.pinnedToCommit ? "" : " or move '\(callee.ref ?? "")'") can read them all. Pass only the secrets it declares.")
        }
    }
}

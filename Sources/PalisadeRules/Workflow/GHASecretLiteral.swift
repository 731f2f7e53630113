import PalisadeCore

/// `env: AWS_SECRET_ACCESS_KEY: wJalr...` in a workflow: a credential committed with the code
/// instead of kept in the repository's secrets.
public struct GHASecretLiteral: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-secret-literal",
        title: "Credential written as a literal in a workflow",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001"],
        appliesTo: [.workflow],
        rationale: """
            A workflow file is part of the repository: every clone, fork and mirror, and its \
            history forever, has what is written in it, and GitHub masks in logs only what it gets \
            as a secret. The rule reports `env:` entries (of the workflow, a job or a step) and \
            step inputs under `with:` whose value has the shape of a well-known credential (cloud \
            and GitHub or GitLab tokens, private keys, URLs with a password), or whose name says \
            credential (`*_TOKEN`, `*_PASSWORD`, `*_SECRET`, `api-key`) with a literal value: not \
            an expression (`${{ secrets.X }}`), a placeholder (`<token>`) or a setting (`true`, a \
            path). Messages show at most the first and last character.
            """,
        remediation: "Remove the value, rotate the credential, store it as an Actions secret (or better, use OIDC with `id-token: write` instead of a long-lived key) and reference it: `${{ secrets.NAME }}`.",
        references: [
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions",
            "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect",
        ],
        goodExamples: [
            """
            on: push
            permissions:
              contents: read
            env:
              NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
              TOKEN_PATH: /run/secrets/token
              PASSWORD_REQUIRED: "true"
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: some-org/deploy@0123456789abcdef0123456789abcdef01234567
                    with:
                      api-key: ${{ secrets.API_KEY }}
                      token-name: deploy-bot
            """,
        ],
        badExamples: [
            """
            on: push
            permissions:
              contents: read
            env:
              GH_TOKEN: ↓ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
            jobs:
              deploy:
                runs-on: ubuntu-latest
                env:
                  DB_PASSWORD: ↓"s3cr3t-Pa55w0rd"
                steps:
                  - uses: some-org/deploy@0123456789abcdef0123456789abcdef01234567
                    with:
                      api-key: ↓3f9a7c2e1b8d4f6a0c5e9b7d2a4f8c1e
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        func check(_ variables: [Workflow.Variable], path: String) {
            for variable in variables {
                guard let value = variable.value, let kind = Self.credential(name: variable.name, value: value.text) else { continue }
                report.report(workflow, value.range, path: "\(path).\(variable.name)",
                              message: "\(variable.name) is set to \(kind) (\(SecretText.hint(value.text))) in the repository: everyone who can read it has the credential. Store it as a secret and use ${{ secrets.NAME }}.")
            }
        }
        check(workflow.env, path: "env")
        for job in workflow.jobs {
            check(job.env, path: "\(job.path).env")
            for step in job.steps {
                let prefix = "\(job.path).steps[\(step.pathName)]"
                check(step.env, path: "\(prefix).env")
                check(step.with, path: "\(prefix).with")
            }
        }
    }

    /// What credential a literal value is, by its shape or, for a name that says credential, as
    /// a literal; nil for expressions, references, placeholders and settings.
    static func credential(name: String, value: String) -> String? {
        guard !value.isEmpty, !value.contains("${{"), !value.contains("$"), !SecretText.isReference(value) else { return nil }
        if let shape = SecretText.shape(value) { return shape }
        return SecretText.nameLooksSecret(name) && !SecretText.isClearlyNotSecret(value) ? "a literal value" : nil
    }
}

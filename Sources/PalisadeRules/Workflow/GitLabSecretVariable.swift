import PalisadeCore

/// `variables: DEPLOY_TOKEN: glpat-...` in `.gitlab-ci.yml`: a credential committed with the code.
public struct GitLabSecretVariable: GitLabRule {
    public init() {}

    public let description = RuleDescription(
        id: "gitlab-secret-variable",
        title: "Credential written as a literal in GitLab CI variables",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001"],
        appliesTo: [.workflow],
        rationale: """
            `variables:` in `.gitlab-ci.yml` are part of the repository: everyone who can read it \
            (every fork, clone and mirror, and its history forever) has the value, and GitLab \
            cannot mask what it did not get as a masked CI/CD variable. The rule reports variables \
            at the top and in jobs whose value has the shape of a well-known credential (cloud and \
            GitLab or GitHub tokens, private keys, URLs with a password), and variables whose name \
            says credential (`*_TOKEN`, `*_PASSWORD`, `*_SECRET`, `API_KEY`) with a literal value \
            that is not a reference (`$OTHER`), a placeholder (`<token>`) or a setting (`true`, a \
            path). Messages show at most the first and last character.
            """,
        remediation: "Remove the value from the file, rotate it, and define it as a masked (and protected) CI/CD variable in the project or group settings, or fetch it from a secrets manager with OIDC (`id_tokens:`).",
        references: [
            "https://docs.gitlab.com/ci/variables/#define-a-cicd-variable-in-the-ui",
            "https://docs.gitlab.com/ci/pipeline_security/",
        ],
        goodExamples: [
            """
            variables:
              DEPLOY_TOKEN: $VAULT_DEPLOY_TOKEN
              TOKEN_FILE: /run/secrets/token
              PASSWORD_REQUIRED: "true"
              API_KEY: "<set in CI/CD settings>"
              NODE_ENV: production
            deploy:
              variables:
                DB_PASSWORD:
                  description: "Set when running the pipeline"
              script:
                - ./deploy.sh
            """,
        ],
        badExamples: [
            """
            variables:
              DEPLOY_TOKEN: ↓"glpat-Xa9fk2LmQ8vR3tYw7ZpB"
              NODE_ENV: production
            deploy:
              variables:
                DB_PASSWORD: ↓s3cr3t-Pa55w0rd
                BUILD_REF:
                  value: ↓"ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"
              script:
                - ./deploy.sh
            """,
        ],
        input: .gitlabCI
    )

    public func check(_ pipeline: GitLabPipeline, _ report: inout WorkflowReporter) {
        check(pipeline.variables, pipeline, path: "variables", &report)
        for job in pipeline.jobs { check(job.variables, pipeline, path: "jobs.\(job.id).variables", &report) }
    }

    private func check(_ variables: [Workflow.Variable], _ pipeline: GitLabPipeline, path: String, _ report: inout WorkflowReporter) {
        for variable in variables {
            guard let value = variable.value, let kind = GHASecretLiteral.credential(name: variable.name, value: value.text) else { continue }
            report.report(pipeline, value.range, path: "\(path).\(variable.name)",
                          message: "\(variable.name) is set to \(kind) (\(SecretText.hint(value.text))) in the repository: everyone who can read it has the credential. Use a masked CI/CD variable.")
        }
    }
}

import PalisadeCore

public struct CloudProviderCredentials: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-provider-hardcoded-credentials",
        title: "Cloud credentials are written in a provider block",
        severity: .critical,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001"],
        appliesTo: [.cloud],
        rationale: """
            `access_key`, `secret_key`, `token`, `client_secret` or `password` written literally in a \
            `provider` block (or in a variable default it reads) is committed with the code and copied \
            into every clone, fork and CI log. Values read from variables without a literal default, \
            from the environment or from a credentials file are not reported. The message shows only \
            the first and last characters.
            """,
        remediation: "Remove the literal, rotate the credential now, and let the provider read credentials from the environment, a profile or OIDC federation.",
        references: ["https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration"],
        goodExamples: [
            """
            provider "aws" {
              region  = "eu-west-1"
              profile = "prod"
            }
            """,
        ],
        badExamples: [
            """
            provider "aws" {
              region     = "eu-west-1"
              access_key = ↓"AKIAABCDEFGHIJKLMNOP"
              secret_key = ↓"wJalrXUtnFEMIK7MDENGbPxRfiCYzQWERTYKEY1"
            }
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "provider") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for credential in model.credentials where !SecretNames.isPlaceholder(credential.value.value) {
            report.report(credential.value, path: credential.attribute,
                          message: "\(credential.resource.address) has \(credential.attribute) written in it (\(CloudModel.mask(credential.value.value)))")
        }
    }
}

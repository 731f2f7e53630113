import PalisadeCore

public struct AWSSSMParameterPlaintextSecret: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-ssm-parameter-plaintext-secret",
        title: "Secret stored in a plain SSM parameter",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .encryption],
        mitre: ["T1552"],
        appliesTo: [.cloud],
        rationale: """
            A parameter named like a secret (`/app/db_password`, `api-token`) of type `String` is \
            stored unencrypted and readable by anyone with `ssm:GetParameter*` on it, without a KMS \
            permission, and shows in the console. `SecureString` (or Secrets Manager) encrypts it \
            with a key whose use is separately granted and logged.
            """,
        remediation: "Use `type = \"SecureString\"` with a customer-managed `key_id`, or Secrets Manager with rotation.",
        references: ["https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html"],
        goodExamples: ["resource \"aws_ssm_parameter\" \"db\" {\n  name  = \"/shop/db_password\"\n  type  = \"SecureString\"\n  value = var.db_password\n}\n\nresource \"aws_ssm_parameter\" \"region\" {\n  name  = \"/shop/region\"\n  type  = \"String\"\n  value = \"eu-west-1\"\n}",
            """
            Resources:
              DatabaseHost:
                Type: AWS::SSM::Parameter
                Properties:
                  Name: /app/orders/db-host
                  Type: String
                  Value: orders.internal
            """],
        badExamples: ["resource \"aws_ssm_parameter\" \"db\" {\n  name  = \"/shop/db_password\"\n  type  = ↓\"String\"\n  value = var.db_password\n}",
            """
            Resources:
              DatabasePassword:
                Type: AWS::SSM::Parameter
                Properties:
                  Name: /app/orders/db-password
                  Type: ↓String
                  Value: change-me-later
            """],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_ssm_parameter", "AWS::SSM::Parameter") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for parameter in model.resources {
            let (nameKey, typeKey) = parameter.type == "aws_ssm_parameter" ? ("name", "type") : parameter.type == "AWS::SSM::Parameter" ? ("Name", "Type") : ("", "")
            guard !nameKey.isEmpty, let type = parameter[typeKey], let kind = type.string, kind != "SecureString",
                  let name = parameter[nameKey]?.string else { continue }
            let last = name.split(separator: "/").last.map(String.init) ?? name
            guard SecretNames.looksSecret(last) else { continue }
            report.report(parameter, at: type.site, path: "type", message: "parameter \(name) looks like a secret but is stored as a plain \(kind)")
        }
    }
}

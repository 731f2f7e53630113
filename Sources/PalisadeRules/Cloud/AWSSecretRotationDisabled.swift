import PalisadeCore

/// Secrets Manager secrets with no rotation schedule, joined with the separate rotation resources.
public struct AWSSecretRotationDisabled: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-secretsmanager-rotation-disabled",
        title: "Secrets Manager secret is never rotated",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552", "T1078"],
        appliesTo: [.cloud],
        rationale: """
            A secret that never changes stays valid for as long as any copy of it exists: in a \
            developer's shell history, a log line, an old container image. Rotation bounds that \
            window. The rotation may be declared apart (`aws_secretsmanager_secret_rotation`, \
            `AWS::SecretsManager::RotationSchedule`); when one's secret is unknown, no secret is judged.
            """,
        remediation: "Add `aws_secretsmanager_secret_rotation` with a rotation function and `rotation_rules { automatically_after_days = 30 }` (CloudFormation: `AWS::SecretsManager::RotationSchedule`), or let RDS manage the password (`manage_master_user_password`).",
        references: ["https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html"],
        goodExamples: [
            """
            resource "aws_secretsmanager_secret" "db" {
              name       = "orders-db"
              kms_key_id = "alias/secrets"
            }

            resource "aws_secretsmanager_secret_rotation" "db" {
              secret_id           = aws_secretsmanager_secret.db.id
              rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"
              rotation_rules {
                automatically_after_days = 30
              }
            }
            """,
            """
            Resources:
              DatabaseSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: orders-db
              DatabaseSecretRotation:
                Type: AWS::SecretsManager::RotationSchedule
                Properties:
                  SecretId: !Ref DatabaseSecret
                  RotationLambdaARN: arn:aws:lambda:eu-west-1:123456789012:function:rotate
                  RotationRules:
                    AutomaticallyAfterDays: 30
            """,
        ],
        badExamples: [
            """
            resource "aws_secretsmanager_secret" ↓"db" {
              name       = "orders-db"
              kms_key_id = "alias/secrets"
            }
            """,
            """
            Resources:
              ↓DatabaseSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: orders-db
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_secretsmanager_secret", "AWS::SecretsManager::Secret") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        let rotations = model.resources.compactMap { r -> CloudValue? in
            switch r.type {
            case "aws_secretsmanager_secret_rotation": return r["secret_id"] ?? CloudValue.unknown(r.site)
            case "AWS::SecretsManager::RotationSchedule": return r["SecretId"] ?? CloudValue.unknown(r.site)
            default: return nil
            }
        }
        if rotations.contains(where: { CloudJoin.keys($0).isEmpty }) { return }
        for secret in model.resources(ofTypes: ["aws_secretsmanager_secret", "AWS::SecretsManager::Secret"]) {
            // The provider's older inline rotation settings.
            if secret.declares("rotation_rules") || secret.declares("rotation_lambda_arn") { continue }
            let names = CloudJoin.names(secret, "name", "Name")
            if rotations.contains(where: { CloudJoin.points($0, at: secret, names: names) }) { continue }
            report.reportMissing(secret, path: secret.named("rotation", "RotationSchedule"), message: "secret \(secret.address) is never rotated")
        }
    }
}

import PalisadeCore

public struct AWSKMSKeyRotationDisabled: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-kms-key-rotation-disabled",
        title: "KMS key is never rotated",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.encryption, .secretsManagement],
        mitre: ["T1552"],
        appliesTo: [.cloud],
        rationale: """
            A symmetric customer-managed KMS key without `enable_key_rotation = true` keeps the same \
            key material for ever, so everything it ever encrypted stays readable with it. Automatic \
            rotation is free of downtime and keeps old material for decryption. Asymmetric and HMAC \
            keys cannot rotate automatically and are not reported.
            """,
        remediation: "Set `enable_key_rotation = true` (and `rotation_period_in_days` if a year is too long); in CloudFormation `EnableKeyRotation: true`.",
        references: ["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
        goodExamples: [
            """
            resource "aws_kms_key" "data" {
              description         = "data"
              enable_key_rotation = true
            }

            resource "aws_kms_key" "signing" {
              customer_master_key_spec = "ECC_NIST_P256"
              key_usage                = "SIGN_VERIFY"
            }
            """,
            """
            Resources:
              Key:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
              Signing:
                Type: AWS::KMS::Key
                Properties:
                  KeySpec: RSA_2048
                  KeyUsage: SIGN_VERIFY
            """,
        ],
        badExamples: [
            """
            resource "aws_kms_key" ↓"data" {
              description = "data"
            }
            """,
            """
            Resources:
              ↓Key:
                Type: AWS::KMS::Key
                Properties:
                  Description: data key
            """,
            """
            Resources:
              Key:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: ↓false
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.keys.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for key in model.keys where key.symmetric {
            if let rotation = key.rotation {
                if !rotation.value { report.report(rotation, path: "enable_key_rotation", message: "KMS key \(key.resource.address) is never rotated") }
            } else if !key.rotationUnknown {
                report.reportMissing(key.resource, path: "enable_key_rotation", message: "KMS key \(key.resource.address) does not enable rotation")
            }
        }
    }
}

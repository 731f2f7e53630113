import PalisadeCore

public struct CloudMessagingUnencrypted: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-messaging-unencrypted",
        title: "Queue or topic stores messages unencrypted",
        severity: .low,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: """
            Messages often carry personal data and tokens. An SNS topic without `kms_master_key_id` \
            stores them unencrypted; an SQS queue is encrypted with SQS-managed keys by default, so \
            only a queue that switches that off (`sqs_managed_sse_enabled = false`) without a KMS key \
            is reported.
            """,
        remediation: "Set `kms_master_key_id` (CloudFormation: `KmsMasterKeyId`; a customer-managed key for sensitive data), or keep SQS-managed encryption on.",
        references: ["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
        goodExamples: [
            """
            resource "aws_sns_topic" "alerts" {
              name              = "alerts"
              kms_master_key_id = "alias/aws/sns"
            }

            resource "aws_sqs_queue" "jobs" {
              name = "jobs"
            }
            """,
            """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
                Properties:
                  KmsMasterKeyId: alias/aws/sns
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: jobs
            """,
        ],
        badExamples: [
            """
            resource "aws_sns_topic" ↓"alerts" {
              name = "alerts"
            }

            resource "aws_sqs_queue" "jobs" {
              name                    = "jobs"
              sqs_managed_sse_enabled = ↓false
            }
            """,
            """
            Resources:
              ↓Alerts:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: alerts
            """,
            """
            Resources:
              Jobs:
                Type: AWS::SQS::Queue
                Properties:
                  SqsManagedSseEnabled: ↓false
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.messaging.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for item in model.messaging where item.kmsKey == nil {
            switch item.kind {
            case .topic:
                report.reportMissing(item.resource, path: "kms_master_key_id", message: "topic \(item.resource.address) stores messages unencrypted")
            case .queue:
                if let managed = item.managedEncryption, !managed.value {
                    report.report(managed, path: "sqs_managed_sse_enabled", message: "queue \(item.resource.address) stores messages unencrypted")
                }
            }
        }
    }
}

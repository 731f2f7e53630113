import PalisadeCore

/// Resource policies other than buckets' (those have their own rule, which knows public-access blocks).
public struct CloudResourcePolicyPublic: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-resource-policy-public",
        title: "Resource policy allows anyone",
        severity: .high,
        pattern: .exposure,
        controls: [.leastPrivilegeIdentity, .encryption],
        mitre: ["T1530", "T1098"],
        appliesTo: [.cloud],
        rationale: """
            A KMS key policy, queue or topic policy, container repository policy or secret policy \
            that allows `Principal: "*"` without a condition lets every AWS account (and, for some \
            services, anonymous callers) use the resource: decrypt with the key, read or inject \
            messages, pull images, read the secret. A condition (`aws:PrincipalOrgID`, \
            `aws:SourceAccount`, `kms:CallerAccount`...) is taken as a restriction.
            """,
        remediation: "Name the accounts or roles that need access, or add a condition that limits the principals to your organisation.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous"],
        goodExamples: [
            """
            resource "aws_kms_key" "data" {
              enable_key_rotation = true
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Sid       = "Account"
                  Effect    = "Allow"
                  Principal = { AWS = "arn:aws:iam::123456789012:root" }
                  Action    = "kms:*"
                  Resource  = "*"
                }]
              })
            }
            """,
            """
            Resources:
              Events:
                Type: AWS::SQS::Queue
              EventsPolicy:
                Type: AWS::SQS::QueuePolicy
                Properties:
                  Queues: [!Ref Events]
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: "*"
                        Action: sqs:SendMessage
                        Resource: !GetAtt Events.Arn
                        Condition:
                          ArnEquals:
                            aws:SourceArn: arn:aws:sns:eu-west-1:123456789012:orders
            """,
        ],
        badExamples: [
            """
            resource "aws_sqs_queue" "jobs" {
              name = "jobs"
            }

            resource "aws_sqs_queue_policy" "jobs" {
              queue_url = aws_sqs_queue.jobs.id
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [↓{
                  Effect    = "Allow"
                  Principal = "*"
                  Action    = "sqs:SendMessage"
                  Resource  = "*"
                }]
              })
            }
            """,
            """
            Resources:
              Events:
                Type: AWS::SQS::Queue
              EventsPolicy:
                Type: AWS::SQS::QueuePolicy
                Properties:
                  Queues: [!Ref Events]
                  PolicyDocument:
                    Statement:
                      - ↓Effect: Allow
                        Principal: "*"
                        Action: sqs:SendMessage
                        Resource: !GetAtt Events.Arn
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.policies.count { $0.role == .resource } })

    static let bucketPolicyTypes: Set<String> = ["aws_s3_bucket", "aws_s3_bucket_policy", "AWS::S3::Bucket", "AWS::S3::BucketPolicy"]

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for policy in model.policies where policy.role == .resource && !Self.bucketPolicyTypes.contains(policy.resource.type) {
            for (k, statement) in policy.statements.enumerated() where statement.allows && !IAM.restricts(statement) {
                guard statement.principals.contains(where: { IAM.isAnyone($0.value) }) else { continue }
                let actions = statement.actions.map(\.value).joined(separator: ", ")
                report.report(policy.resource, at: statement.site, path: "policy.Statement[\(k)]",
                              message: "\(policy.resource.address) allows anyone to \(actions.isEmpty ? "use it" : actions)")
            }
        }
    }
}

import PalisadeCore

public struct AWSIAMPolicyAdmin: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-policy-admin",
        title: "IAM policy grants every action on every resource",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1098"],
        appliesTo: [.cloud],
        rationale: """
            `Action: "*"` with `Resource: "*"` is full administrator: whoever holds the policy (a CI \
            role, a workload, a user whose key leaks) can create users, read every secret and delete \
            the account's data. Reported on the statement, in any identity policy (standalone, inline \
            on a role, user or group, or an `aws_iam_policy_document`).
            """,
        remediation: "Grant the actions and resources the principal needs; keep administrator rights for break-glass roles behind MFA.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"],
        goodExamples: [
            """
            resource "aws_iam_policy" "read" {
              name = "read"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = ["s3:GetObject"]
                  Resource = "arn:aws:s3:::acme-data/*"
                }]
              })
            }
            """,
            """
            Resources:
              Reader:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: ["s3:GetObject", "s3:ListBucket"]
                        Resource: arn:aws:s3:::acme-data/*
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_policy" "ci" {
              name = "ci"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [↓{
                  Effect   = "Allow"
                  Action   = "*"
                  Resource = "*"
                }]
              })
            }
            """,
            """
            Resources:
              Admin:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - ↓Effect: Allow
                        Action: "*"
                        Resource: "*"
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.policies.count { $0.role == .identity } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for policy in model.policies where policy.role == .identity {
            for (k, statement) in policy.statements.enumerated() where IAM.isAdmin(statement) {
                report.report(policy.resource, at: statement.site, path: "policy.Statement[\(k)]",
                              message: "\(policy.resource.address) allows every action on every resource")
            }
        }
    }
}

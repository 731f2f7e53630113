import PalisadeCore

public struct AWSIAMPolicyNotAction: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-policy-not-action-allow",
        title: "IAM policy allows with NotAction or NotResource",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004"],
        appliesTo: [.cloud],
        rationale: """
            `Effect: Allow` with `NotAction` grants every action except the ones listed, including \
            every action AWS adds in future; with `NotResource` it grants on everything but the listed \
            resources. Such statements are almost always far wider than intended. (With `Deny`, \
            these elements are a sound pattern and are not reported.)
            """,
        remediation: "List the allowed actions and resources explicitly; express exceptions as a separate Deny statement.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"],
        goodExamples: [
            """
            resource "aws_iam_policy" "guard" {
              name = "guard"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Deny"
                  NotAction = ["iam:*", "sts:*"]
                  Resource  = "*"
                  Condition = { StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" } }
                }]
              })
            }
            """,
            """
            Resources:
              NoIAM:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      - Effect: Deny
                        NotAction: ["s3:*", "cloudwatch:*"]
                        Resource: "*"
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_policy" "almost" {
              name = "almost"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  NotAction = ↓"iam:*"
                  Resource  = "*"
                }]
              })
            }
            """,
            """
            Resources:
              AlmostAdmin:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        NotAction:
                          - ↓iam:*
                        Resource: "*"
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.policies.count { $0.role == .identity } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for policy in model.policies where policy.role == .identity {
            for (k, statement) in policy.statements.enumerated() where statement.allows {
                if let first = statement.notActions.first {
                    report.report(first, path: "policy.Statement[\(k)].NotAction",
                                  message: "\(policy.resource.address) allows every action except \(statement.notActions.map(\.value).joined(separator: ", "))")
                }
                if let first = statement.notResources.first {
                    report.report(first, path: "policy.Statement[\(k)].NotResource",
                                  message: "\(policy.resource.address) allows on every resource except \(statement.notResources.map(\.value).joined(separator: ", "))")
                }
            }
        }
    }
}

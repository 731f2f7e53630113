import PalisadeCore

public struct AWSIAMAccessKey: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-access-key",
        title: "Long-lived IAM access key is created",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1552.001"],
        appliesTo: [.cloud],
        rationale: """
            An `aws_iam_access_key` is a static credential that never expires: it ends up in CI \
            variables, laptops and the Terraform state (in plain text unless a PGP key is given), and \
            leaked keys are the most common start of an AWS breach. Workloads should use roles \
            (instance profiles, IRSA, OIDC federation for CI), people should use SSO.
            """,
        remediation: "Replace the user and key with a role assumed through OIDC federation, an instance profile or IRSA; if a key is unavoidable, rotate it and keep it out of the state (`pgp_key`).",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles"],
        goodExamples: [
            """
            resource "aws_iam_role" "ci" {
              name = "ci"
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
                  Action    = "sts:AssumeRoleWithWebIdentity"
                  Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:acme/app:*" } }
                }]
              })
            }
            """,
            """
            Resources:
              Deployer:
                Type: AWS::IAM::User
                Properties:
                  UserName: deployer
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_user" "deploy" {
              name = "deploy"
            }

            resource "aws_iam_access_key" ↓"deploy" {
              user = aws_iam_user.deploy.name
            }
            """,
            """
            Resources:
              Deployer:
                Type: AWS::IAM::User
                Properties:
                  UserName: deployer
              ↓DeployerKey:
                Type: AWS::IAM::AccessKey
                Properties:
                  UserName: !Ref Deployer
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.kind == .user } + $0.accessKeys.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for key in model.accessKeys where key.resource.provider == .aws {
            report.reportMissing(key.resource, path: "", message: "\(key.resource.address) creates a long-lived access key\(key.owner.map { " for \($0)" } ?? "")")
        }
    }
}

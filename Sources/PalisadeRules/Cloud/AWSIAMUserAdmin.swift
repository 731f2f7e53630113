import PalisadeCore

public struct AWSIAMUserAdmin: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-user-admin",
        title: "IAM user has administrator rights",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .secretsManagement],
        mitre: ["T1078.004"],
        appliesTo: [.cloud],
        rationale: """
            An IAM user carries long-lived passwords and keys; with administrator rights (an inline \
            or attached policy allowing `*` on `*`, or the AdministratorAccess, IAMFullAccess or \
            PowerUserAccess managed policies, directly or through a group) one phished password or \
            leaked key is the whole account. Attachments declared in separate resources are joined.
            """,
        remediation: "Give people administrator rights through SSO or an assumed role with MFA, never on an IAM user.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#lock-away-credentials"],
        goodExamples: [
            """
            resource "aws_iam_user" "reader" {
              name = "reader"
            }

            resource "aws_iam_user_policy_attachment" "reader" {
              user       = aws_iam_user.reader.name
              policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
            }
            """,
            """
            Resources:
              Auditor:
                Type: AWS::IAM::User
                Properties:
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/ReadOnlyAccess
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_user" "ops" {
              name = "ops"
            }

            resource "aws_iam_user_policy_attachment" "ops" {
              user       = aws_iam_user.ops.name
              policy_arn = ↓"arn:aws:iam::aws:policy/AdministratorAccess"
            }
            """,
            """
            resource "aws_iam_user" "ops" {
              name = "ops"
            }

            resource "aws_iam_user_policy" "ops" {
              user = aws_iam_user.ops.name
              policy = jsonencode({
                Version   = "2012-10-17"
                Statement = [↓{ Effect = "Allow", Action = "*", Resource = "*" }]
              })
            }
            """,
            """
            Resources:
              Ops:
                Type: AWS::IAM::User
                Properties:
                  UserName: ops
                  ManagedPolicyArns:
                    - ↓arn:aws:iam::aws:policy/AdministratorAccess
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.kind == .user } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for user in model.identities where user.kind == .user {
            let name = user.name ?? user.resource.address
            for managed in user.managedPolicies where IAM.adminManagedPolicies.contains(managed.value) {
                report.report(managed, path: "user[\(name)].policy[\(managed.value)]", message: "IAM user \(name) has \(managed.value.split(separator: "/").last ?? "")")
            }
            for policy in user.policies {
                for (k, statement) in policy.statements.enumerated() where IAM.isAdmin(statement) {
                    report.report(policy.resource, at: statement.site, path: "user[\(name)].Statement[\(k)]", message: "IAM user \(name) is allowed every action on every resource")
                }
            }
        }
    }
}

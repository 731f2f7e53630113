import PalisadeCore

public struct AWSIAMUserConsolePassword: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-user-console-password",
        title: "IAM user gets a console password",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .secretsManagement],
        mitre: ["T1078.004", "T1110"],
        appliesTo: [.cloud],
        rationale: """
            A login profile gives an IAM user a long-lived console password, guessable and phishable, \
            whose MFA nothing in the template can enforce (an MFA device is attached by the user, \
            later, or never), and whose initial value sits in the Terraform state. People should sign \
            in through IAM Identity Center or federation, where MFA and offboarding are central.
            """,
        remediation: "Remove `aws_iam_user_login_profile` (CloudFormation: the user's `LoginProfile`) and grant console access through IAM Identity Center; if a user must remain, require MFA with a policy that denies everything without `aws:MultiFactorAuthPresent`.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_admin-change-user.html", "https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html"],
        goodExamples: [
            """
            resource "aws_iam_user" "deploy" {
              name = "deploy"
            }
            """,
            """
            Resources:
              Deploy:
                Type: AWS::IAM::User
                Properties:
                  UserName: deploy
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_user" "ana" {
              name = "ana"
            }

            resource "aws_iam_user_login_profile" ↓"ana" {
              user                    = aws_iam_user.ana.name
              password_reset_required = true
            }
            """,
            """
            Resources:
              Ana:
                Type: AWS::IAM::User
                Properties:
                  UserName: ana
                  LoginProfile:
                    ↓Password: "{{resolve:secretsmanager:ana-initial}}"
                    PasswordResetRequired: true
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.kind == .user } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources {
            switch resource.type {
            case "aws_iam_user_login_profile":
                let user = CloudJoin.keys(resource["user"]).first ?? resource.address
                report.reportMissing(resource, path: "", message: "\(user) signs in to the console with a long-lived IAM password")
            case "AWS::IAM::User":
                guard let profile = resource["LoginProfile"], profile.members != nil else { continue }
                report.report(resource, at: profile.site, path: "LoginProfile", message: "\(resource.address) signs in to the console with a long-lived IAM password")
            default: break
            }
        }
    }
}

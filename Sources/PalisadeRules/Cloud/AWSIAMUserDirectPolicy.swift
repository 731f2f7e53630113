import PalisadeCore

/// Policies given to IAM users directly rather than through groups, in every form that does it.
/// The finding's path is empty in every form: the attachment is the finding (in Terraform a
/// resource of its own, in CloudFormation often a property of the user).
public struct AWSIAMUserDirectPolicy: CloudRule {
    public init() {}

    static let types: Set<String> = ["aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment",
                                     "AWS::IAM::User", "AWS::IAM::UserPolicy", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]

    public let description = RuleDescription(
        id: "aws-iam-user-direct-policy",
        title: "IAM user holds permissions directly instead of through a group",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1098"],
        appliesTo: [.cloud],
        rationale: """
            Permissions attached to individual users drift: each user ends up with a unique set \
            nobody reviews, and they stay when the person changes role. Granting through groups \
            (better, through IAM Identity Center permission sets) keeps access to a few reviewed \
            definitions.
            """,
        remediation: "Put the user in a group that holds the policy (`aws_iam_group_policy_attachment`, `aws_iam_user_group_membership`; CloudFormation: `AWS::IAM::Group` with `Groups` on the user).",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html"],
        goodExamples: [
            """
            resource "aws_iam_user" "ana" {
              name = "ana"
            }

            resource "aws_iam_group" "developers" {
              name = "developers"
            }

            resource "aws_iam_group_policy_attachment" "developers" {
              group      = aws_iam_group.developers.name
              policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
            }

            resource "aws_iam_user_group_membership" "ana" {
              user   = aws_iam_user.ana.name
              groups = [aws_iam_group.developers.name]
            }
            """,
            """
            Resources:
              Developers:
                Type: AWS::IAM::Group
                Properties:
                  ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
              Ana:
                Type: AWS::IAM::User
                Properties:
                  Groups: [!Ref Developers]
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_user" "ana" {
              name = "ana"
            }

            resource "aws_iam_user_policy_attachment" ↓"ana" {
              user       = aws_iam_user.ana.name
              policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
            }

            resource "aws_iam_policy_attachment" "readers" {
              name       = "readers"
              users      = ↓[aws_iam_user.ana.name]
              policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
            }
            """,
            """
            Resources:
              Ana:
                Type: AWS::IAM::User
                Properties:
                  ManagedPolicyArns: ↓[arn:aws:iam::aws:policy/ReadOnlyAccess]
              ↓AnaInline:
                Type: AWS::IAM::UserPolicy
                Properties:
                  UserName: !Ref Ana
                  PolicyName: s3
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: s3:ListBucket
                        Resource: arn:aws:s3:::acme-data
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.kind == .user } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources(ofTypes: Self.types) {
            switch resource.type {
            case "aws_iam_user_policy", "aws_iam_user_policy_attachment", "AWS::IAM::UserPolicy":
                let user = CloudJoin.keys(resource[resource.named("user", "UserName")]).first ?? "a user"
                report.reportMissing(resource, path: "", message: "\(resource.address) gives \(user) permissions directly, not through a group")
            case "aws_iam_policy_attachment", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
                let key = resource.named("users", "Users")
                guard let users = resource[key], users.list?.isEmpty == false else { continue }
                report.report(resource, at: users.site, path: "", message: "\(resource.address) attaches a policy to users directly, not through a group")
            case "AWS::IAM::User":
                for key in ["Policies", "ManagedPolicyArns"] {
                    guard let value = resource[key], value.list?.isEmpty == false else { continue }
                    report.report(resource, at: value.site, path: "", message: "user \(resource.address) holds policies directly (\(key)), not through a group")
                }
            default: break
            }
        }
    }
}

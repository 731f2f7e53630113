import PalisadeCore

/// Administrator roles that people (AWS principals: accounts, users, roles) assume without MFA.
public struct AWSIAMAdminRoleTrustNoMFA: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-admin-role-trust-no-mfa",
        title: "Administrator role can be assumed without MFA",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1548"],
        appliesTo: [.cloud],
        rationale: """
            A role with administrator rights (`AdministratorAccess`, `IAMFullAccess`, \
            `PowerUserAccess` or a statement allowing `*` on `*`) that IAM users or accounts may \
            assume without `aws:MultiFactorAuthPresent` is one stolen access key away from full \
            control. Service and federated principals, which cannot present MFA this way, are not \
            judged; a trust of a whole account with no condition at all is reported by \
            `aws-iam-role-cross-account-trust-unconditioned` instead.
            """,
        remediation: "Add `Condition = { Bool = { \"aws:MultiFactorAuthPresent\" = \"true\" } }` to the trust statement (or `NumericLessThan` on `aws:MultiFactorAuthAge`), or grant the role through IAM Identity Center.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html#MFAProtectedAPI-user-mfa"],
        goodExamples: [
            """
            resource "aws_iam_role" "admin" {
              name                = "admin"
              managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { AWS = "arn:aws:iam::123456789012:user/ana" }
                  Action    = "sts:AssumeRole"
                  Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
                }]
              })
            }

            resource "aws_iam_role" "reader" {
              name                = "reader"
              managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { AWS = "arn:aws:iam::123456789012:user/ana" }
                  Action    = "sts:AssumeRole"
                }]
              })
            }
            """,
            """
            Resources:
              Admin:
                Type: AWS::IAM::Role
                Properties:
                  ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: ec2.amazonaws.com
                        Action: sts:AssumeRole
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_role" "admin" {
              name                = "admin"
              managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { AWS = ↓"arn:aws:iam::123456789012:user/ana" }
                  Action    = "sts:AssumeRole"
                }]
              })
            }
            """,
            """
            Resources:
              Admin:
                Type: AWS::IAM::Role
                Properties:
                  Policies:
                    - PolicyName: all
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: "*"
                            Resource: "*"
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: ↓arn:aws:iam::123456789012:root
                        Action: sts:AssumeRole
                        Condition:
                          StringEquals:
                            aws:PrincipalTag/team: platform
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.kind == .role } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for identity in model.identities where identity.kind == .role {
            guard let trust = identity.trust else { continue }
            guard let admin = IAM.administrator(identity)?.name else { continue }
            let path = identity.resource.named("assume_role_policy", "AssumeRolePolicyDocument")
            for (k, statement) in trust.statements.enumerated() where statement.allows && !statement.hasUnknowns {
                let mfa = statement.conditions.contains { let key = $0.lowercased(); return key.hasSuffix(":aws:multifactorauthpresent") || key.hasSuffix(":aws:multifactorauthage") }
                guard !mfa else { continue }
                for principal in statement.principals where principal.value.hasPrefix("AWS:") && !IAM.isAnyone(principal.value) {
                    let value = principal.value.dropFirst(4)
                    let isAccount = value.hasSuffix(":root") || (value.count == 12 && value.allSatisfy(\.isNumber))
                    if isAccount && statement.conditions.isEmpty { continue }
                    report.report(principal, path: "\(path).Statement[\(k)].Principal[\(value)]",
                                  message: "role \(identity.name ?? identity.resource.address) has \(admin) and \(value) may assume it without MFA")
                }
            }
        }
    }
}

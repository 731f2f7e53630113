import PalisadeCore

public struct AWSIAMTrustAnyPrincipal: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-role-trust-any-principal",
        title: "Role can be assumed by anyone",
        severity: .critical,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1098.003"],
        appliesTo: [.cloud],
        rationale: """
            A trust policy that allows `sts:AssumeRole` (or web identity, SAML) to `Principal: "*"` or \
            `{"AWS": "*"}` without a condition lets any AWS account in the world become the role and \
            use its permissions. Conditions that pin the caller (organisation, account, external id, \
            OIDC subject) are taken as restrictions.
            """,
        remediation: "Name the accounts or roles that may assume the role, and add `sts:ExternalId` or `aws:PrincipalOrgID` conditions for cross-account access.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"],
        goodExamples: [
            """
            resource "aws_iam_role" "app" {
              name = "app"
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { Service = "ec2.amazonaws.com" }
                  Action    = "sts:AssumeRole"
                }]
              })
            }
            """,
            """
            Resources:
              Worker:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
              Shared:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: "*"
                        Action: sts:AssumeRole
                        Condition:
                          StringEquals:
                            aws:PrincipalOrgID: o-abc123
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_role" "app" {
              name = "app"
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [↓{
                  Effect    = "Allow"
                  Principal = { AWS = "*" }
                  Action    = "sts:AssumeRole"
                }]
              })
            }
            """,
            """
            Resources:
              Open:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - ↓Effect: Allow
                        Principal:
                          AWS: "*"
                        Action: sts:AssumeRole
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.trust != nil } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for (identity, trust, k, statement) in IAM.unconditionedTrust(model) where statement.principals.contains(where: { IAM.isAnyone($0.value) }) {
            report.report(trust.resource, at: statement.site, path: "assume_role_policy.Statement[\(k)]",
                          message: "role \(identity.name ?? identity.resource.address) can be assumed by any AWS principal")
        }
    }
}

import PalisadeCore

public struct AWSIAMTrustCrossAccountUnconditioned: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-role-cross-account-trust-unconditioned",
        title: "Role trusts a whole other account without external id or MFA",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1199"],
        appliesTo: [.cloud],
        rationale: """
            Trusting `arn:aws:iam::ACCOUNT:root` (or a bare account id) hands the decision to every \
            administrator of that account; for a third party it also opens the confused-deputy \
            problem. Such trust should require an external id (`sts:ExternalId`) for vendors or MFA \
            (`aws:MultiFactorAuthPresent`) for people. Any condition is taken as such a requirement.
            """,
        remediation: "Trust the specific role that needs access, and add a `sts:ExternalId` (third parties) or `aws:MultiFactorAuthPresent` (people) condition.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
        goodExamples: [
            """
            resource "aws_iam_role" "vendor" {
              name = "vendor"
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { AWS = "arn:aws:iam::210987654321:root" }
                  Action    = "sts:AssumeRole"
                  Condition = { StringEquals = { "sts:ExternalId" = "acme-7f3a" } }
                }]
              })
            }
            """,
            """
            Resources:
              Vendor:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: arn:aws:iam::111122223333:root
                        Action: sts:AssumeRole
                        Condition:
                          StringEquals:
                            sts:ExternalId: acme-7f3a
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_role" "vendor" {
              name = "vendor"
              assume_role_policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { AWS = ↓"arn:aws:iam::210987654321:root" }
                  Action    = "sts:AssumeRole"
                }]
              })
            }
            """,
            """
            Resources:
              Vendor:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          AWS: ↓arn:aws:iam::111122223333:root
                        Action: sts:AssumeRole
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.trust != nil } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for (identity, _, k, statement) in IAM.unconditionedTrust(model) {
            for principal in statement.principals where principal.value.hasPrefix("AWS:") {
                let value = principal.value.dropFirst(4)
                let isAccount = value.hasSuffix(":root") || (value.count == 12 && value.allSatisfy(\.isNumber))
                guard isAccount else { continue }
                report.report(principal, path: "assume_role_policy.Statement[\(k)].Principal[\(value)]",
                              message: "role \(identity.name ?? identity.resource.address) trusts every principal of account \(value) with no condition")
            }
        }
    }
}

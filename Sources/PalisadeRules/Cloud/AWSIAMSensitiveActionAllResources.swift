import PalisadeCore

/// Identity policies that allow reading secrets, keys and objects on every resource.
public struct AWSIAMSensitiveActionAllResources: CloudRule {
    public init() {}

    /// Actions that read secret material, and their service.
    static let sensitive = ["kms:Decrypt", "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "s3:GetObject"]

    public let description = RuleDescription(
        id: "aws-iam-sensitive-action-all-resources",
        title: "Policy allows reading secrets, keys or objects on every resource",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .secretsManagement],
        mitre: ["T1552", "T1555", "T1530"],
        appliesTo: [.cloud],
        rationale: """
            `kms:Decrypt`, `secretsmanager:GetSecretValue`, `ssm:GetParameter*` or `s3:GetObject` \
            on `Resource: "*"` (or every key, secret, parameter or bucket of the account) lets the \
            holder read every secret and object the account has, not the few the workload needs: \
            one compromised function or instance then exposes everything. Statements with a \
            condition, and `*` actions (reported by `aws-iam-policy-admin`), are not judged here.
            """,
        remediation: "Name the keys, secrets, parameters and bucket paths the principal needs in `Resource`, or add a condition (`kms:ViaService`, `aws:ResourceTag/...`).",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"],
        goodExamples: [
            """
            resource "aws_iam_policy" "reader" {
              name = "reader"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = ["secretsmanager:GetSecretValue", "kms:Decrypt"]
                  Resource = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-*", "arn:aws:kms:eu-west-1:123456789012:key/abc"]
                }, {
                  Effect   = "Allow"
                  Action   = "s3:GetObject"
                  Resource = "arn:aws:s3:::acme-data/*"
                }, {
                  Effect    = "Allow"
                  Action    = "kms:Decrypt"
                  Resource  = "*"
                  Condition = { StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }
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
                        Action: ssm:GetParameter
                        Resource: arn:aws:ssm:eu-west-1:123456789012:parameter/app/orders/*
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_policy" "reader" {
              name = "reader"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = [↓"secretsmanager:GetSecretValue", "kms:Decrypt"]
                  Resource = "*"
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
                        Action: ↓s3:Get*
                        Resource: arn:aws:s3:::*/*
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.policies.count { $0.role == .identity } })

    /// Every resource of the action's kind: `*`, or an ARN whose resource part is a wildcard
    /// (`arn:aws:kms:*:*:key/*`; for S3, only `*` and `*/*`, since `bucket/*` is one bucket).
    static func isEveryResource(_ resource: String, service: Substring) -> Bool {
        if resource == "*" { return true }
        let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == service else { return false }
        let name = parts[5]
        if name == "*" || name == "*/*" { return true }
        if service == "s3" { return false }
        return name.hasSuffix("/*") && !name.dropLast(2).contains("/") && !name.dropLast(2).contains("*")
            || name.hasSuffix(":*") && !name.dropLast(2).contains(":")
    }

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for policy in model.policies where policy.role == .identity {
            for (k, statement) in policy.statements.enumerated() where statement.allows && statement.conditions.isEmpty && !statement.hasUnknowns {
                for action in statement.actions where action.value != "*" {
                    let granted = Self.sensitive.filter { sensitive in
                        let service = sensitive.split(separator: ":")[0]
                        return IAMPattern(action.value).matches(sensitive) && statement.resources.contains { Self.isEveryResource($0.value, service: service) }
                    }
                    guard !granted.isEmpty else { continue }
                    report.report(action, path: "policy.Statement[\(k)].Action[\(action.value)]",
                                  message: "\(policy.resource.address) allows \(granted.joined(separator: ", ")) on every resource")
                    break
                }
            }
        }
    }
}

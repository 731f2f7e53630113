import PalisadeCore

public struct AWSIAMPassRoleWildcard: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-passrole-wildcard",
        title: "iam:PassRole is allowed on every role",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1098", "T1548"],
        appliesTo: [.cloud],
        rationale: """
            `iam:PassRole` on `*` (or `role/*`) lets the holder give any role, administrator roles \
            included, to a new EC2 instance, Lambda function, ECS task or CloudFormation stack and \
            then act as that role: privilege escalation in one step. Wildcard actions such as \
            `iam:*` or `iam:Pass*` count too.
            """,
        remediation: "Limit `iam:PassRole` to the ARNs of the roles the principal must pass, and add an `iam:PassedToService` condition.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"],
        goodExamples: [
            """
            resource "aws_iam_policy" "deploy" {
              name = "deploy"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = "iam:PassRole"
                  Resource = "arn:aws:iam::123456789012:role/app-task"
                }]
              })
            }
            """,
            """
            Resources:
              Deploy:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: iam:PassRole
                        Resource: arn:aws:iam::123456789012:role/app-task
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_policy" "deploy" {
              name = "deploy"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect   = "Allow"
                  Action   = [↓"iam:PassRole", "ecs:RunTask"]
                  Resource = "*"
                }]
              })
            }
            """,
            """
            Resources:
              Deploy:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: [↓iam:PassRole, ecs:RunTask]
                        Resource: "*"
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.policies.count { $0.role == .identity } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for policy in model.policies where policy.role == .identity {
            for (k, statement) in policy.statements.enumerated() where statement.allows && !IAM.isAdmin(statement) && IAM.isUnscoped(statement) {
                guard statement.conditions.isEmpty, let action = statement.actions.first(where: { IAMPattern($0.value).matches("iam:passrole") && $0.value != "*" }) else { continue }
                report.report(action, path: "policy.Statement[\(k)].Action[iam:PassRole]",
                              message: "\(policy.resource.address) allows passing any role (\(action.value) on \(statement.resources.map(\.value).joined(separator: ", ")))")
            }
        }
    }
}

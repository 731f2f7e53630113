import PalisadeCore

public struct AWSIAMPrivilegeEscalation: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-iam-privilege-escalation",
        title: "Identity can escalate its own privileges",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1098", "T1548", "T1078.004"],
        appliesTo: [.cloud],
        rationale: """
            Some permissions are administrator rights in disguise: creating a new version of a policy, \
            attaching or writing policies, changing a role's trust, creating access keys or login \
            profiles for other users, adding users to groups, or passing a role to a new instance, \
            function, stack or task. Each combination is checked against the identity's effective \
            policies (inline, attached by separate resources, inherited from groups): an explicit \
            Deny wins, and only grants on every resource (or every resource of the kind) count. \
            Identities that are administrators outright are left to the rules that report that.
            """,
        remediation: "Remove the escalation permissions, or scope them to specific resources with conditions (`iam:PassedToService`, permission boundaries).",
        references: [
            "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
        ],
        goodExamples: [
            """
            resource "aws_iam_role" "app" {
              name = "app"
              assume_role_policy = jsonencode({
                Version   = "2012-10-17"
                Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
              })
            }

            resource "aws_iam_role_policy" "app" {
              role = aws_iam_role.app.id
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [
                  { Effect = "Allow", Action = ["iam:CreatePolicyVersion", "ec2:RunInstances"], Resource = "*" },
                  { Effect = "Deny", Action = "iam:CreatePolicyVersion", Resource = "*" },
                ]
              })
            }
            """,
            """
            Resources:
              Ci:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: {Service: codebuild.amazonaws.com}
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: iam-read
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: ["iam:Get*", "iam:List*"]
                            Resource: "*"
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_role" "ci" {
              name = "ci"
              assume_role_policy = jsonencode({
                Version   = "2012-10-17"
                Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }]
              })
            }

            resource "aws_iam_policy" "ci" {
              name = "ci"
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [
                  ↓{ Effect = "Allow", Action = ["iam:PassRole"], Resource = "*" },
                  { Effect = "Allow", Action = ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*" },
                ]
              })
            }

            resource "aws_iam_role_policy_attachment" "ci" {
              role       = aws_iam_role.ci.name
              policy_arn = aws_iam_policy.ci.arn
            }
            """,
            """
            Resources:
              Ci:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: ci
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: {Service: codebuild.amazonaws.com}
                        Action: sts:AssumeRole
              CiPolicies:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyName: ci-policies
                  Roles: [!Ref Ci]
                  PolicyDocument:
                    Statement:
                      - ↓Effect: Allow
                        Action: iam:CreatePolicyVersion
                        Resource: "*"
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.kind != .group } })

    /// Each way up, as the actions that together make it.
    static let paths: [(name: String, actions: [String])] = [
        ("create a new default version of a policy", ["iam:CreatePolicyVersion"]),
        ("switch a policy to an older version", ["iam:SetDefaultPolicyVersion"]),
        ("create access keys for other users", ["iam:CreateAccessKey"]),
        ("set other users' console passwords", ["iam:CreateLoginProfile"]),
        ("change other users' console passwords", ["iam:UpdateLoginProfile"]),
        ("attach any policy to a user", ["iam:AttachUserPolicy"]),
        ("attach any policy to a group", ["iam:AttachGroupPolicy"]),
        ("attach any policy to a role", ["iam:AttachRolePolicy"]),
        ("write inline policies on users", ["iam:PutUserPolicy"]),
        ("write inline policies on groups", ["iam:PutGroupPolicy"]),
        ("write inline policies on roles", ["iam:PutRolePolicy"]),
        ("add users to any group", ["iam:AddUserToGroup"]),
        ("rewrite a role's trust policy and assume it", ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"]),
        ("pass a role to a new EC2 instance", ["iam:PassRole", "ec2:RunInstances"]),
        ("pass a role to a new Lambda function and invoke it", ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]),
        ("pass a role to a new Lambda function triggered by an event source", ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"]),
        ("pass a role to a new CloudFormation stack", ["iam:PassRole", "cloudformation:CreateStack"]),
        ("pass a role to a new Glue development endpoint", ["iam:PassRole", "glue:CreateDevEndpoint"]),
        ("pass a role to a new ECS task", ["iam:PassRole", "ecs:RunTask", "ecs:RegisterTaskDefinition"]),
        ("pass a role to a new CodeBuild project", ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"]),
        ("pass a role to a new SageMaker notebook", ["iam:PassRole", "sagemaker:CreateNotebookInstance"]),
        ("replace the code of any Lambda function", ["lambda:UpdateFunctionCode"]),
    ]

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for identity in model.identities where identity.kind != .group {
            let policies = identity.policies
            if policies.isEmpty || policies.contains(where: { $0.statements.contains(where: IAM.isAdmin) })
                || identity.managedPolicies.contains(where: { IAM.adminManagedPolicies.contains($0.value) }) { continue }
            let name = identity.name ?? identity.resource.address
            let effective = IAM.Effective(policies)
            if effective.allows.isEmpty { continue }
            for path in Self.paths {
                guard let (policy, statement) = effective.grant(path.actions[0]),
                      path.actions.dropFirst().allSatisfy({ effective.grant($0) != nil }) else { continue }
                report.report(policy.resource, at: statement.site, path: "\(identity.kind.rawValue)[\(name)].\(path.actions.joined(separator: "+"))",
                              message: "\(identity.kind.rawValue) \(name) can \(path.name) (\(path.actions.joined(separator: " + "))): a path to administrator")
            }
        }
    }
}

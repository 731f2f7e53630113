import PalisadeCore

public struct AWSLambdaAdminRole: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-lambda-admin-role",
        title: "Function runs with administrator rights",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1648"],
        appliesTo: [.cloud],
        rationale: """
            A function's role is what any bug in it (an injection, a vulnerable dependency, a \
            malicious event) can use. A role that allows `*` on `*` or carries AdministratorAccess \
            turns every such bug into control of the account. The role is joined by reference or by \
            name, with the policies attached to it by separate resources.
            """,
        remediation: "Give each function a role of its own with only the actions and resources it uses.",
        references: ["https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"],
        goodExamples: [
            """
            resource "aws_iam_role" "fn" {
              name               = "fn"
              assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
            }

            resource "aws_iam_role_policy_attachment" "fn" {
              role       = aws_iam_role.fn.name
              policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
            }

            resource "aws_lambda_function" "fn" {
              function_name = "fn"
              role          = aws_iam_role.fn.arn
            }
            """,
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Resize:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  Policies:
                    - AWSLambdaBasicExecutionRole
                    - S3CrudPolicy:
                        BucketName: acme-uploads
            """,
        ],
        badExamples: [
            """
            resource "aws_iam_role" "fn" {
              name               = "fn"
              assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
            }

            resource "aws_iam_role_policy_attachment" "fn" {
              role       = aws_iam_role.fn.name
              policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
            }

            resource "aws_lambda_function" "fn" {
              function_name = "fn"
              role          = ↓aws_iam_role.fn.arn
            }
            """,
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Resize:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  Policies:
                    - ↓AdministratorAccess
            """,
            """
            Resources:
              FunctionRole:
                Type: AWS::IAM::Role
                Properties:
                  ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: {Service: lambda.amazonaws.com}
                        Action: sts:AssumeRole
              Resize:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  Role: ↓!GetAtt FunctionRole.Arn
                  Code:
                    ZipFile: def handler(event, context) -> None
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.functions.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for function in model.functions {
            guard let key = function.role else { continue }
            let name = key.split(separator: "/").last.map(String.init)
            guard let role = model.identities.first(where: { $0.kind == .role && ($0.resource.address == key || ($0.name != nil && $0.name == name)) }) else { continue }
            guard let admin = IAM.administrator(role) else { continue }
            // The function's `role` (`Role`) when it names one; for the role SAM makes from
            // `Policies`, the entry that grants the rights.
            let site = function.resource[function.resource.named("role", "Role")]?.site ?? admin.site
            report.report(function.resource, at: site, path: "role",
                          message: "function \(function.resource.address) runs as \(role.name ?? role.resource.address), which has \(admin.name)")
        }
    }
}

import PalisadeCore

public struct AWSLambdaURLNoAuth: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-lambda-url-no-auth",
        title: "Function URL needs no authentication",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation, .leastPrivilegeIdentity],
        mitre: ["T1190"],
        appliesTo: [.cloud],
        rationale: """
            A Lambda function URL with `authorization_type = "NONE"` is a public HTTPS endpoint that \
            anyone can call, outside any API gateway's authorisation, throttling or WAF: the function's \
            role is then one request away from whoever finds the URL.
            """,
        remediation: "Use `authorization_type = \"AWS_IAM\"` (CloudFormation and SAM: `AuthType: AWS_IAM`), or put the function behind an API gateway or CloudFront with authentication and throttling.",
        references: ["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
        goodExamples: [
            """
            resource "aws_lambda_function_url" "api" {
              function_name      = "api"
              authorization_type = "AWS_IAM"
            }
            """,
            """
            Resources:
              ApiUrl:
                Type: AWS::Lambda::Url
                Properties:
                  TargetFunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:api
                  AuthType: AWS_IAM
            """,
        ],
        badExamples: [
            """
            resource "aws_lambda_function" "api" {
              function_name = "api"
              role          = "arn:aws:iam::123456789012:role/api"
            }

            resource "aws_lambda_function_url" "api" {
              function_name      = aws_lambda_function.api.function_name
              authorization_type = ↓"NONE"
            }
            """,
            """
            Resources:
              Api:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  Role: arn:aws:iam::123456789012:role/api
                  Code: {ZipFile: "def handler(e, c): pass"}
              ApiUrl:
                Type: AWS::Lambda::Url
                Properties:
                  TargetFunctionArn: !GetAtt Api.Arn
                  AuthType: ↓NONE
            """,
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  FunctionUrlConfig:
                    AuthType: ↓NONE
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.functionURLs.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for url in model.functionURLs {
            guard let auth = url.authorization, auth.value == "NONE" else { continue }
            report.report(auth, path: "authorization_type", message: "function URL \(url.resource.address) can be called by anyone")
        }
    }
}

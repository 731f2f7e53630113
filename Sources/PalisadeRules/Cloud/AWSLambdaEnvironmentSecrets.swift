import PalisadeCore

public struct AWSLambdaEnvironmentSecrets: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-lambda-environment-secret",
        title: "Function has a secret written in its environment",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001"],
        appliesTo: [.cloud],
        rationale: """
            An environment variable named like a secret (`DB_PASSWORD`, `API_TOKEN`, `STRIPE_SECRET`) \
            with a literal value puts the secret in the code, the Terraform state, the console and \
            every `GetFunctionConfiguration` caller's hands. Values that are references (to a secret \
            resource, an SSM parameter, a variable without a literal default) are not reported, nor \
            are names of secrets (`*_ARN`, `*_NAME`, `*_ID`). The message shows only the first and \
            last characters.
            """,
        remediation: "Keep the secret in Secrets Manager or SSM Parameter Store and read it at start-up (pass its ARN in the environment instead).",
        references: ["https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption"],
        goodExamples: [
            """
            resource "aws_secretsmanager_secret" "db" {
              name = "db"
            }

            resource "aws_lambda_function" "api" {
              function_name = "api"
              role          = "arn:aws:iam::123456789012:role/api"
              environment {
                variables = {
                  DB_PASSWORD_ARN = aws_secretsmanager_secret.db.arn
                  LOG_LEVEL       = "info"
                }
              }
            }
            """,
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              ApiToken:
                Type: String
                NoEcho: true
            Resources:
              Api:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  Role: arn:aws:iam::123456789012:role/api
                  Code: {ZipFile: "def handler(e, c): pass"}
                  Environment:
                    Variables:
                      API_TOKEN: !Ref ApiToken
                      DB_PASSWORD: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
                      TOKEN_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:api
            """,
        ],
        badExamples: [
            """
            resource "aws_lambda_function" "api" {
              function_name = "api"
              role          = "arn:aws:iam::123456789012:role/api"
              environment {
                variables = {
                  DB_PASSWORD = ↓"s3cr3t-Pa55w0rd-2024"
                  LOG_LEVEL   = "info"
                }
              }
            }
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
                  Environment:
                    Variables:
                      STRIPE_API_KEY: ↓sk_live_51HxQ2eR4nd0mK3yZ9
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.functions.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for function in model.functions {
            for (name, value) in function.environment where SecretNames.looksSecret(name) {
                guard value.isKnown, let text = value.string, !SecretNames.isPlaceholder(text) else { continue }
                report.report(function.resource, at: value.site, path: "environment.variables[\(name)]",
                              message: "function \(function.resource.address) has \(name) written in its environment (\(CloudModel.mask(text)))")
            }
        }
    }
}

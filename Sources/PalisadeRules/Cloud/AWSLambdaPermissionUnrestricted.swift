import PalisadeCore

/// Lambda resource-based permissions that let anyone, or any account's service resources, invoke.
public struct AWSLambdaPermissionUnrestricted: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-lambda-permission-unrestricted",
        title: "Lambda permission lets anyone, or any account's service, invoke the function",
        severity: .medium,
        pattern: .exposure,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1190", "T1648"],
        appliesTo: [.cloud],
        rationale: """
            A permission with `principal = "*"` and no `source_account`, `source_arn` or \
            `principal_org_id` lets every AWS account invoke the function. One for a service \
            principal (`s3.amazonaws.com`, `sns.amazonaws.com`...) without `source_arn` or \
            `source_account` lets that service invoke it on behalf of any account's bucket or topic: \
            the confused-deputy problem. Function URL permissions are judged by \
            `aws-lambda-url-no-auth`.
            """,
        remediation: "Name the caller: `source_arn` (the bucket, topic, API or rule ARN) and `source_account` (CloudFormation: `SourceArn`, `SourceAccount`, `PrincipalOrgID`).",
        references: ["https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
        goodExamples: [
            """
            resource "aws_lambda_permission" "uploads" {
              statement_id   = "uploads"
              action         = "lambda:InvokeFunction"
              function_name  = "resize"
              principal      = "s3.amazonaws.com"
              source_arn     = "arn:aws:s3:::acme-uploads"
              source_account = "123456789012"
            }

            resource "aws_lambda_permission" "org" {
              statement_id     = "org"
              action           = "lambda:InvokeFunction"
              function_name    = "resize"
              principal        = "*"
              principal_org_id = "o-abc123"
            }
            """,
            """
            Resources:
              UploadsPermission:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: resize
                  Principal: sns.amazonaws.com
                  SourceArn: arn:aws:sns:eu-west-1:123456789012:uploads
            """,
        ],
        badExamples: [
            """
            resource "aws_lambda_permission" "anyone" {
              statement_id  = "anyone"
              action        = "lambda:InvokeFunction"
              function_name = "resize"
              principal     = ↓"*"
            }

            resource "aws_lambda_permission" "uploads" {
              statement_id  = "uploads"
              action        = "lambda:InvokeFunction"
              function_name = "resize"
              principal     = ↓"s3.amazonaws.com"
            }
            """,
            """
            Resources:
              AnyonePermission:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: resize
                  Principal: ↓"*"
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_lambda_permission", "AWS::Lambda::Permission") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources(ofTypes: ["aws_lambda_permission", "AWS::Lambda::Permission"]) {
            let cfn = resource.format == .cloudFormation
            guard let principal = resource[cfn ? "Principal" : "principal"], principal.isKnown, let who = principal.string else { continue }
            if resource.known(cfn ? "Action" : "action")?.string == "lambda:InvokeFunctionUrl" { continue }
            let restricted = (cfn ? ["SourceArn", "SourceAccount", "PrincipalOrgID"] : ["source_arn", "source_account", "principal_org_id"]).contains { resource.declares($0) }
            guard !restricted else { continue }
            if who == "*" {
                report.report(resource, at: principal.site, path: "principal", message: "\(resource.address) lets every AWS account invoke the function", severity: .high)
            } else if who.hasSuffix(".amazonaws.com") {
                report.report(resource, at: principal.site, path: "principal",
                              message: "\(resource.address) lets \(who) invoke the function for any account's resources (no source ARN or account)")
            }
        }
    }
}

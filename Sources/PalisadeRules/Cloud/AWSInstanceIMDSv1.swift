import PalisadeCore

public struct AWSInstanceIMDSv1: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-instance-imdsv1",
        title: "Instance metadata service allows IMDSv1",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1552.005"],
        appliesTo: [.cloud],
        rationale: """
            With IMDSv1 a single server-side request forgery (a URL fetched on a user's behalf) reads \
            `http://169.254.169.254/latest/meta-data/iam/security-credentials/` and walks away with the \
            instance role's keys: the Capital One breach. IMDSv2 requires a session token obtained with \
            a PUT, which SSRF cannot send. Instances, launch templates and launch configurations \
            without `http_tokens = "required"` allow IMDSv1 (unless the endpoint is disabled).
            """,
        remediation: "Set `metadata_options { http_tokens = \"required\" }` (and `http_put_response_hop_limit = 1` where containers must not reach it); in CloudFormation `MetadataOptions: {HttpTokens: required}` on the instance or in `LaunchTemplateData`.",
        references: ["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html"],
        goodExamples: [
            """
            resource "aws_launch_template" "app" {
              name = "app"
              metadata_options {
                http_endpoint = "enabled"
                http_tokens   = "required"
              }
            }
            """,
            """
            Resources:
              App:
                Type: AWS::EC2::Instance
                Properties:
                  ImageId: ami-123
                  MetadataOptions:
                    HttpTokens: required
              Workers:
                Type: AWS::EC2::LaunchTemplate
                Properties:
                  LaunchTemplateData:
                    MetadataOptions:
                      HttpEndpoint: disabled
            """,
        ],
        badExamples: [
            """
            resource "aws_instance" ↓"app" {
              ami           = "ami-123"
              instance_type = "t3.micro"
            }
            """,
            """
            resource "aws_launch_template" "app" {
              name = "app"
              metadata_options {
                http_tokens = ↓"optional"
              }
            }
            """,
            """
            Resources:
              ↓App:
                Type: AWS::EC2::Instance
                Properties:
                  ImageId: ami-123
                  InstanceType: t3.micro
            """,
            """
            Resources:
              Workers:
                Type: AWS::EC2::LaunchTemplate
                Properties:
                  LaunchTemplateData:
                    ImageId: ami-123
                    MetadataOptions:
                      HttpTokens: ↓optional
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.instances.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for instance in model.instances where !instance.metadataDisabled && !instance.metadataUnknown {
            if let tokens = instance.metadataTokens {
                if tokens.value != "required" {
                    report.report(tokens, path: "metadata_options.http_tokens", message: "\(instance.resource.address) allows IMDSv1 (\(instance.resource.named("http_tokens", "HttpTokens")) is '\(tokens.value)')")
                }
            } else {
                report.reportMissing(instance.resource, path: "metadata_options.http_tokens", message: "\(instance.resource.address) has no \(instance.resource.named("metadata_options", "MetadataOptions")): IMDSv1 is allowed")
            }
        }
    }
}

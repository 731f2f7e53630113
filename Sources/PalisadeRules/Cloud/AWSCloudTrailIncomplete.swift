import PalisadeCore

public struct AWSCloudTrailIncomplete: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-cloudtrail-incomplete",
        title: "CloudTrail misses regions or can be tampered with",
        severity: .medium,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008", "T1070"],
        appliesTo: [.cloud],
        rationale: """
            The audit trail is how a breach is found and understood. A trail that is not multi-region \
            misses what an attacker does in the regions nobody watches (crypto-mining there is the \
            classic); one without log file validation can be edited without a trace.
            """,
        remediation: "Set `is_multi_region_trail = true` and `enable_log_file_validation = true`, and encrypt the trail with `kms_key_id` (CloudFormation: `IsMultiRegionTrail`, `EnableLogFileValidation`, `KMSKeyId`).",
        references: ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html"],
        goodExamples: [
            """
            resource "aws_cloudtrail" "main" {
              name                       = "main"
              s3_bucket_name             = "acme-trail"
              is_multi_region_trail      = true
              enable_log_file_validation = true
              kms_key_id                 = "arn:aws:kms:eu-west-1:123456789012:key/abc"
            }
            """,
            """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: acme-trail
                  IsMultiRegionTrail: true
                  EnableLogFileValidation: true
            """,
        ],
        badExamples: [
            """
            resource "aws_cloudtrail" ↓"main" {
              name                       = "main"
              s3_bucket_name             = "acme-trail"
              enable_log_file_validation = ↓false
            }
            """,
            """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: acme-trail
                  IsMultiRegionTrail: ↓false
                  EnableLogFileValidation: ↓false
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.trails.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for trail in model.trails {
            let name = trail.resource.address
            if let multi = trail.multiRegion {
                if !multi.value { report.report(multi, path: "is_multi_region_trail", message: "trail \(name) records one region only") }
            } else {
                report.reportMissing(trail.resource, path: "is_multi_region_trail", message: "trail \(name) records one region only")
            }
            if let validation = trail.logValidation {
                if !validation.value { report.report(validation, path: "enable_log_file_validation", message: "trail \(name) does not validate its log files") }
            } else {
                report.reportMissing(trail.resource, path: "enable_log_file_validation", message: "trail \(name) does not validate its log files")
            }
        }
    }
}

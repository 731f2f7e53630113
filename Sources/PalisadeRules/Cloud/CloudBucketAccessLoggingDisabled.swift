import PalisadeCore

/// Buckets without server access logging, joined with the split `aws_s3_bucket_logging`; a bucket
/// that receives other buckets' logs is not asked to log itself.
public struct CloudBucketAccessLoggingDisabled: CloudRule {
    public init() {}

    static let types: Set<String> = ["aws_s3_bucket", "AWS::S3::Bucket", "google_storage_bucket"]

    public let description = RuleDescription(
        id: "cloud-bucket-access-logging-disabled",
        title: "Bucket records no access logs",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1530", "T1562.008"],
        appliesTo: [.cloud],
        rationale: """
            Without server access logging nothing records who read, wrote or deleted which object: \
            after a leak there is no way to tell what was taken or by whom (CloudTrail data events \
            cost extra and are rarely on for every bucket). Logging may be declared on the bucket or \
            in a separate `aws_s3_bucket_logging`; a bucket that is itself the target of other \
            buckets' logs is not reported, and neither is any S3 bucket when a logging resource's \
            bucket is unknown.
            """,
        remediation: "Add `aws_s3_bucket_logging` (CloudFormation: `LoggingConfiguration`; Cloud Storage: `logging { log_bucket = ... }`) pointing at a dedicated log bucket.",
        references: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html", "https://cloud.google.com/storage/docs/access-logs"],
        goodExamples: [
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket" "logs" {
              bucket = "acme-logs"
            }

            resource "aws_s3_bucket_logging" "data" {
              bucket        = aws_s3_bucket.data.id
              target_bucket = aws_s3_bucket.logs.id
              target_prefix = "data/"
            }
            """,
            """
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  LoggingConfiguration:
                    DestinationBucketName: !Ref Logs
                    LogFilePrefix: data/
              Logs:
                Type: AWS::S3::Bucket
            """,
        ],
        badExamples: [
            """
            resource "aws_s3_bucket" ↓"data" {
              bucket = "acme-data"
            }
            """,
            """
            Resources:
              ↓Data:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: acme-data
            """,
            """
            resource "google_storage_bucket" ↓"data" {
              name                        = "acme-data"
              location                    = "EU"
              uniform_bucket_level_access = true
            }
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { model in model.buckets.count { types.contains($0.resource.type) } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        var targets: [CloudValue] = []
        var s3Unknown = false
        for resource in model.resources {
            switch resource.type {
            case "aws_s3_bucket_logging":
                if CloudJoin.keys(resource["bucket"]).isEmpty { s3Unknown = true }
                targets += resource["target_bucket"].map { [$0] } ?? []
            case "aws_s3_bucket": targets += resource.attributes.blocks("logging").compactMap { $0["target_bucket"] }
            case "AWS::S3::Bucket": targets += resource.attributes.at("LoggingConfiguration.DestinationBucketName").map { [$0] } ?? []
            case "google_storage_bucket": targets += resource.attributes.blocks("logging").compactMap { $0["log_bucket"] }
            default: break
            }
        }
        for bucket in model.buckets where Self.types.contains(bucket.resource.type) && bucket.logging == nil {
            if s3Unknown && bucket.resource.provider == .aws { continue }
            let names = bucket.name.map { [$0] } ?? []
            if targets.contains(where: { CloudJoin.points($0, at: bucket.resource, names: names) }) { continue }
            report.reportMissing(bucket.resource, path: "logging", message: "bucket \(bucket.resource.address) records no access logs")
        }
    }
}

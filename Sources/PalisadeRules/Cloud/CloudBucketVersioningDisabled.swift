import PalisadeCore

/// Buckets without versioning lose data to one overwrite or delete.
public struct CloudBucketVersioningDisabled: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-bucket-versioning-disabled",
        title: "Bucket keeps no object versions",
        severity: .low,
        pattern: .availability,
        controls: [.resilience],
        mitre: ["T1485", "T1486"],
        appliesTo: [.cloud],
        rationale: """
            Without versioning, one overwrite or delete (a compromised key, ransomware, a bad deploy) \
            destroys the data for good. Versioning may be declared on the bucket or, since the AWS \
            provider v4, in a separate `aws_s3_bucket_versioning` resource, which is joined to its \
            bucket by reference or by name: a bucket whose versioning is declared elsewhere is not \
            reported. Reported at the `Suspended` status when there is one, else at the bucket.
            """,
        remediation: "Enable versioning (`aws_s3_bucket_versioning` with `status = \"Enabled\"`, `versioning { enabled = true }` on Cloud Storage, `VersioningConfiguration: {Status: Enabled}` in CloudFormation) and expire old versions with a lifecycle rule.",
        references: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
        goodExamples: [
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_versioning" "data" {
              bucket = aws_s3_bucket.data.id
              versioning_configuration {
                status = "Enabled"
              }
            }
            """,
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_versioning" "data" {
              bucket = "acme-data"
              versioning_configuration {
                status = "Enabled"
              }
            }
            """,
            """
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: Enabled
            """,
        ],
        badExamples: [
            """
            resource "aws_s3_bucket" ↓"data" {
              bucket = "acme-data"
            }
            """,
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_versioning" "data" {
              bucket = aws_s3_bucket.data.id
              versioning_configuration {
                status = ↓"Suspended"
              }
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
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: ↓Suspended
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.buckets.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for bucket in model.buckets where bucket.resource.type != "azurerm_storage_container" && !bucket.versioningUnknown {
            let name = bucket.name ?? bucket.resource.address
            if let versioning = bucket.versioning {
                if !versioning.value { report.report(versioning, path: "versioning", message: "versioning of bucket \(name) is off") }
            } else {
                report.reportMissing(bucket.resource, path: "versioning", message: "bucket \(name) has no versioning")
            }
        }
    }
}

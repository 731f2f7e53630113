import PalisadeCore

/// A bucket ACL or grant that opens objects to everyone.
public struct CloudBucketPublicACL: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-bucket-public-acl",
        title: "Bucket is readable by anyone through its ACL",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation, .leastPrivilegeIdentity],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: """
            A canned ACL such as `public-read`, a grant to the AllUsers or AuthenticatedUsers group, a \
            Cloud Storage binding to `allUsers`, or an Azure container with `blob` or `container` access \
            lets anyone on the internet list or read the objects: the most common way cloud data leaks. \
            The ACL may be set on the bucket or in a separate `aws_s3_bucket_acl`; either is joined to \
            its bucket. A value that comes from a variable is reported where it is written (the default, \
            the `.tfvars` line or the module call's argument), since that is the line to change. Not reported when the bucket's public-access block ignores public ACLs \
            (`ignore_public_acls = true`), which makes them inert.
            """,
        remediation: "Remove the public ACL or grant (use `private` and bucket-owner-enforced ownership); serve public content through a CDN with origin access control instead.",
        references: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
            "https://cloud.google.com/storage/docs/access-control/making-data-public",
        ],
        goodExamples: [
            """
            resource "aws_s3_bucket" "logs" {
              bucket = "acme-logs"
            }

            resource "aws_s3_bucket_acl" "logs" {
              bucket = aws_s3_bucket.logs.id
              acl    = "private"
            }
            """,
            """
            resource "aws_s3_bucket" "site" {
              bucket = "acme-site"
              acl    = "public-read"
            }

            resource "aws_s3_bucket_public_access_block" "site" {
              bucket             = aws_s3_bucket.site.id
              block_public_acls  = true
              ignore_public_acls = true
            }
            """,
            """
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  AccessControl: Private
              Legacy:
                Type: AWS::S3::Bucket
                Properties:
                  AccessControl: PublicRead
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    IgnorePublicAcls: true
                    BlockPublicPolicy: true
                    RestrictPublicBuckets: true
            """,
        ],
        badExamples: [
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_acl" "data" {
              bucket = aws_s3_bucket.data.id
              acl    = ↓"public-read"
            }
            """,
            """
            variable "acl" {
              default = ↓"public-read-write"
            }

            resource "aws_s3_bucket" "uploads" {
              bucket = "acme-uploads"
              acl    = var.acl
            }
            """,
            """
            resource "google_storage_bucket" "assets" {
              name     = "acme-assets"
              location = "EU"
            }

            resource "google_storage_bucket_iam_member" "public" {
              bucket = google_storage_bucket.assets.name
              role   = "roles/storage.objectViewer"
              member = ↓"allUsers"
            }
            """,
            """
            Resources:
              Site:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: acme-site
                  AccessControl: ↓PublicRead
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.buckets.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for bucket in model.buckets {
            if bucket.publicAccessBlock?.neutralisesACLs == true || model.accountPublicAccessBlocks.contains(where: \.neutralisesACLs) { continue }
            for grant in bucket.publicGrants {
                report.report(grant, path: "acl[\(grant.value)]",
                              message: "bucket \(bucket.name ?? bucket.resource.address) is opened to everyone by '\(grant.value)'")
            }
        }
    }
}

import PalisadeCore

/// A public-access block with a switch explicitly turned off.
public struct AWSS3PublicAccessBlockDisabled: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-s3-public-access-block-disabled",
        title: "S3 public-access block is switched off",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: """
            S3 Block Public Access is the guard rail that keeps a later mistake (a public ACL, a policy \
            with `Principal: "*"`) from exposing data. New buckets have all four switches on; \
            declaring one `false` (on a bucket's `aws_s3_bucket_public_access_block` or the account's) \
            removes the guard rail on purpose. A bucket without a block of its own keeps the account's \
            and AWS's defaults and is not reported.
            """,
        remediation: "Set `block_public_acls`, `ignore_public_acls`, `block_public_policy` and `restrict_public_buckets` to true (CloudFormation: the four switches of `PublicAccessBlockConfiguration`); publish public content through a CDN instead.",
        references: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
        goodExamples: [
            """
            resource "aws_s3_bucket_public_access_block" "data" {
              bucket                  = "acme-data"
              block_public_acls       = true
              ignore_public_acls      = true
              block_public_policy     = true
              restrict_public_buckets = true
            }
            """,
            """
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    IgnorePublicAcls: true
                    BlockPublicPolicy: true
                    RestrictPublicBuckets: true
            """,
        ],
        badExamples: [
            """
            resource "aws_s3_bucket_public_access_block" "site" {
              bucket                  = "acme-site"
              block_public_acls       = true
              ignore_public_acls      = true
              block_public_policy     = ↓false
              restrict_public_buckets = ↓false
            }
            """,
            """
            Resources:
              Site:
                Type: AWS::S3::Bucket
                Properties:
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    IgnorePublicAcls: true
                    BlockPublicPolicy: ↓false
                    RestrictPublicBuckets: ↓false
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.publicAccessBlocks.count + $0.accountPublicAccessBlocks.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for block in model.accountPublicAccessBlocks + model.publicAccessBlocks {
            for (name, spelled, setting) in [("block_public_acls", "BlockPublicAcls", block.blockPublicACLs), ("ignore_public_acls", "IgnorePublicAcls", block.ignorePublicACLs),
                                             ("block_public_policy", "BlockPublicPolicy", block.blockPublicPolicy),
                                             ("restrict_public_buckets", "RestrictPublicBuckets", block.restrictPublicBuckets)] {
                guard let setting, !setting.value else { continue }
                report.report(setting, path: name,
                              message: "\(block.resource.named(name, spelled)) is false: this public-access block no longer stops that way of making data public")
            }
        }
    }
}

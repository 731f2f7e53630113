import PalisadeCore

/// A bucket policy that allows anyone.
public struct CloudBucketPublicPolicy: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-bucket-public-policy",
        title: "Bucket policy allows anyone",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation, .leastPrivilegeIdentity],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: """
            A bucket policy statement that allows `Principal: "*"` (or `{"AWS": "*"}`) without a \
            condition grants its actions to every AWS account and to anonymous requests. The policy may \
            be inline on the bucket or in a separate `aws_s3_bucket_policy`, written as JSON, \
            `jsonencode` or an `aws_iam_policy_document`; all are read. A condition (source VPC, \
            organisation, account) is taken as a restriction. Not reported when the bucket's \
            public-access block restricts public buckets or blocks public policies.
            """,
        remediation: "Name the principals that need access, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceVpce`; for public websites use a CDN with origin access control.",
        references: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status"],
        goodExamples: [
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_policy" "data" {
              bucket = aws_s3_bucket.data.id
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = "*"
                  Action    = "s3:GetObject"
                  Resource  = "arn:aws:s3:::acme-data/*"
                  Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }
                }]
              })
            }
            """,
            """
            Resources:
              Data:
                Type: AWS::S3::Bucket
              DataPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Data
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: "*"
                        Action: s3:GetObject
                        Resource: !Sub "arn:aws:s3:::${Data}/*"
                        Condition:
                          StringEquals:
                            aws:SourceVpce: vpce-1a2b3c4d
            """,
        ],
        badExamples: [
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            data "aws_iam_policy_document" "public" {
              ↓statement {
                actions   = ["s3:GetObject"]
                resources = ["arn:aws:s3:::acme-data/*"]
                principals {
                  type        = "*"
                  identifiers = ["*"]
                }
              }
            }

            resource "aws_s3_bucket_policy" "data" {
              bucket = aws_s3_bucket.data.id
              policy = data.aws_iam_policy_document.public.json
            }
            """,
            """
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
              policy = <<EOF
            {
              "Version": "2012-10-17",
              "Statement": [
                ↓{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "arn:aws:s3:::acme-data/*"}
              ]
            }
            EOF
            }
            """,
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Site:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: acme-site
              SitePolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Site
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - ↓Effect: Allow
                        Principal:
                          AWS: "*"
                        Action: s3:GetObject
                        Resource: arn:aws:s3:::acme-site/*
            """,
            """
            {
              "Resources": {
                "Site": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "acme-site"}},
                "SitePolicy": {
                  "Type": "AWS::S3::BucketPolicy",
                  "Properties": {
                    "Bucket": "acme-site",
                    "PolicyDocument": {
                      "Statement": [↓{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::acme-site/*"}]
                    }
                  }
                }
              }
            }
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.buckets.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for bucket in model.buckets {
            if bucket.publicAccessBlock?.neutralisesPolicies == true || model.accountPublicAccessBlocks.contains(where: \.neutralisesPolicies) { continue }
            for policy in bucket.policies {
                for (k, statement) in policy.statements.enumerated() where statement.allows && !IAM.restricts(statement) {
                    guard statement.principals.contains(where: { IAM.isAnyone($0.value) }) else { continue }
                    let actions = statement.actions.map(\.value).joined(separator: ", ")
                    report.report(policy.resource, at: statement.site, path: "policy.Statement[\(k)]",
                                  message: "bucket \(bucket.name ?? bucket.resource.address) allows anyone to \(actions.isEmpty ? "act on it" : actions)")
                }
            }
        }
    }
}

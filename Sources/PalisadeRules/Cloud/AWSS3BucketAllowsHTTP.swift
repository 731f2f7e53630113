import PalisadeCore

/// S3 buckets whose policies (inline or split) do not deny requests without TLS.
public struct AWSS3BucketAllowsHTTP: CloudRule {
    public init() {}

    static let types: Set<String> = ["aws_s3_bucket", "AWS::S3::Bucket"]
    static let policyTypes: Set<String> = ["aws_s3_bucket_policy", "AWS::S3::BucketPolicy"]

    public let description = RuleDescription(
        id: "aws-s3-bucket-allows-http",
        title: "S3 bucket policy does not deny requests over plain HTTP",
        severity: .low,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: """
            S3 answers plain HTTP as well as HTTPS; only a bucket policy statement that denies \
            requests with `aws:SecureTransport = false` makes every client (SDKs configured by \
            hand, old tools, scripts with `http://` URLs) use TLS, so objects and signed requests \
            cannot be read or altered on the path. The policy may be inline or a separate \
            `aws_s3_bucket_policy`; when a bucket policy's bucket is unknown no bucket is judged, and \
            a bucket whose policy is unknown is not judged.
            """,
        remediation: "Add a statement `{Effect: Deny, Principal: \"*\", Action: \"s3:*\", Resource: [bucket ARN, bucket ARN/*], Condition: {Bool: {\"aws:SecureTransport\": \"false\"}}}`.",
        references: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit"],
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
                  Sid       = "TLSOnly"
                  Effect    = "Deny"
                  Principal = "*"
                  Action    = "s3:*"
                  Resource  = ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"]
                  Condition = { Bool = { "aws:SecureTransport" = "false" } }
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
                      - Effect: Deny
                        Principal: "*"
                        Action: s3:*
                        Resource: [arn:aws:s3:::acme-data, arn:aws:s3:::acme-data/*]
                        Condition:
                          Bool:
                            aws:SecureTransport: false
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

            resource "aws_s3_bucket_policy" "data" {
              bucket = aws_s3_bucket.data.id
              policy = ↓jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = { AWS = "arn:aws:iam::123456789012:role/reader" }
                  Action    = "s3:GetObject"
                  Resource  = "arn:aws:s3:::acme-data/*"
                }]
              })
            }
            """,
            """
            Resources:
              ↓Data:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: acme-data
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { model in model.buckets.count { types.contains($0.resource.type) } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        // A bucket policy whose bucket is unknown may be any bucket's: no verdict. One that did not
        // parse (its document unknown) leaves its own bucket unjudged.
        let joined = Set(model.buckets.flatMap { $0.policies.map { ObjectIdentifier($0.resource) } })
        var unread: [CloudValue] = []
        for resource in model.resources(ofTypes: Self.policyTypes) {
            let target = resource[resource.named("bucket", "Bucket")]
            if CloudJoin.keys(target).isEmpty { return }
            if !joined.contains(ObjectIdentifier(resource)), let target { unread.append(target) }
        }
        for bucket in model.buckets where Self.types.contains(bucket.resource.type) {
            if unread.contains(where: { CloudJoin.points($0, at: bucket.resource, names: bucket.name.map { [$0] } ?? []) }) { continue }
            let inline = bucket.resource.format == .cloudFormation ? nil : bucket.resource["policy"]
            if inline != nil && !bucket.policies.contains(where: { $0.resource === bucket.resource }) { continue }
            let statements = bucket.policies.flatMap(\.statements)
            if statements.contains(where: \.hasUnknowns) { continue }
            let deniesHTTP = statements.contains { $0.denies && $0.conditions.contains { $0.lowercased().hasSuffix(":aws:securetransport") } }
            guard !deniesHTTP else { continue }
            let message = "bucket \(bucket.resource.address) accepts requests over plain HTTP: no policy statement denies aws:SecureTransport false"
            if let policy = bucket.policies.first {
                report.report(policy.resource, at: policy.site, path: "policy", message: message)
            } else {
                report.reportMissing(bucket.resource, path: "policy", message: message)
            }
        }
    }
}

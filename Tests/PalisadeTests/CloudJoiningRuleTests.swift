import Foundation
import PalisadeGraph
import Testing
@testable import PalisadeCore
@testable import PalisadeLoaders
@testable import PalisadeRules

/// The rules that join resources themselves: split forms are joined, and a joining resource
/// whose target is unknown makes them give no verdict rather than a false one.
@Suite("Cloud rules that join resources")
struct CloudJoiningRuleTests {
    static func ids(_ text: String) -> [String] { CloudFormationTests.findings(Support.cloudModel(text)).map(\.ruleId).sorted() }

    @Test("Two root modules with the same addresses are two deployments: no join, rule or graph edge crosses between them")
    func rootsDoNotJoinAcross() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Root a versions its bucket and lets its role read it; root b, written second, does neither.
        try Support.write("""
            resource "aws_s3_bucket" "data" {
              bucket = "acme-a-data"
            }

            resource "aws_s3_bucket_versioning" "data" {
              bucket = aws_s3_bucket.data.id
              versioning_configuration {
                status = "Enabled"
              }
            }

            resource "aws_iam_role" "app" {
              name               = "acme-a-app"
              assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
            }

            resource "aws_iam_role_policy" "read" {
              role   = aws_iam_role.app.id
              policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-a-data/*" }] })
            }
            """, to: dir.appendingPathComponent("a/main.tf"))
        try Support.write("""
            resource "aws_s3_bucket" "data" {
              bucket = "acme-b-data"
            }

            resource "aws_iam_role" "app" {
              name               = "acme-b-app"
              assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
            }
            """, to: dir.appendingPathComponent("b/main.tf"))
        let result = Support.scan([dir.path]) { $0.keepModels = true; $0.root = dir.resolvingSymlinksInPath().path }
        #expect(result.inputErrors.isEmpty)
        let unversioned = result.findings.filter { $0.ruleId == "cloud-bucket-versioning-disabled" }
        #expect(unversioned.map(\.object.projectPath) == ["b/main.tf"], "root a's versioning is a's, not b's")
        #expect(result.cloud.count == 2)

        let graph = AttackGraph.build(estate: Estate(EstateFacts()), cloud: result.cloud)
        #expect(AttackGraphTests.targets(graph, of: "cloud:a/aws_iam_role.app") == ["cloud:a/aws_s3_bucket.data iam-data-access"])
        #expect(AttackGraphTests.targets(graph, of: "cloud:b/aws_iam_role.app").isEmpty)
        #expect(graph.vertex("cloud:b/aws_s3_bucket.data") != nil)
    }

    @Test("A bucket policy computed by aws_iam_policy_document with the TLS deny satisfies aws-s3-bucket-allows-http")
    func tlsDenyFromPolicyDocument() {
        let found = Self.ids("""
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_logging" "data" {
              bucket        = aws_s3_bucket.data.id
              target_bucket = "acme-logs"
            }

            data "aws_iam_policy_document" "tls" {
              statement {
                effect    = "Deny"
                actions   = ["s3:*"]
                resources = ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"]
                principals {
                  type        = "*"
                  identifiers = ["*"]
                }
                condition {
                  test     = "Bool"
                  variable = "aws:SecureTransport"
                  values   = ["false"]
                }
              }
            }

            resource "aws_s3_bucket_policy" "data" {
              bucket = aws_s3_bucket.data.id
              policy = data.aws_iam_policy_document.tls.json
            }
            """)
        #expect(!found.contains("aws-s3-bucket-allows-http"))
        #expect(!found.contains("cloud-bucket-access-logging-disabled"))
    }

    @Test("A split resource whose target is unknown: no verdict on the buckets, secrets or clusters it may configure")
    func unknownTargets() {
        let found = Self.ids("""
            variable "bucket" {}
            variable "secret" {}
            variable "cluster" {}

            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_policy" "somewhere" {
              bucket = var.bucket
              policy = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
            }

            resource "aws_s3_bucket_logging" "somewhere" {
              bucket        = var.bucket
              target_bucket = "acme-logs"
            }

            resource "aws_secretsmanager_secret" "db" {
              name       = "db"
              kms_key_id = "alias/secrets"
            }

            resource "aws_secretsmanager_secret_rotation" "somewhere" {
              secret_id           = var.secret
              rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"
            }

            resource "aws_redshift_cluster" "dw" {
              cluster_identifier = "dw"
              node_type          = "ra3.xlplus"
              encrypted          = true
            }

            resource "aws_redshift_logging" "somewhere" {
              cluster_identifier   = var.cluster
              log_destination_type = "cloudwatch"
            }
            """)
        #expect(!found.contains("aws-s3-bucket-allows-http"))
        #expect(!found.contains("cloud-bucket-access-logging-disabled"))
        #expect(!found.contains("aws-secretsmanager-rotation-disabled"))
        #expect(!found.contains("aws-redshift-audit-logging-disabled"))
    }

    @Test("A policy for a bucket declared elsewhere (a known name) leaves the scan's own buckets judged")
    func policyForOtherBucket() {
        let found = CloudFormationTests.findings(Support.cloudModel("""
            resource "aws_s3_bucket" "data" {
              bucket = "acme-data"
            }

            resource "aws_s3_bucket_policy" "elsewhere" {
              bucket = "acme-shared"
              policy = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
            }
            """)).filter { $0.ruleId == "aws-s3-bucket-allows-http" }
        #expect(found.map(\.object.identity.name) == ["aws_s3_bucket.data"])
    }

    @Test("Joined by name: a rotation naming the secret, a logging resource naming the cluster, a target bucket by name")
    func joinedByName() {
        let found = Self.ids("""
            resource "aws_secretsmanager_secret" "db" {
              name       = "orders-db"
              kms_key_id = "alias/secrets"
            }

            resource "aws_secretsmanager_secret_rotation" "db" {
              secret_id           = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db"
              rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"
            }

            resource "aws_redshift_cluster" "dw" {
              cluster_identifier = "dw"
              node_type          = "ra3.xlplus"
              encrypted          = true
            }

            resource "aws_redshift_logging" "dw" {
              cluster_identifier   = "dw"
              log_destination_type = "cloudwatch"
            }

            resource "google_storage_bucket" "logs" {
              name                        = "acme-logs"
              location                    = "EU"
              uniform_bucket_level_access = true
            }

            resource "google_storage_bucket" "data" {
              name                        = "acme-data"
              location                    = "EU"
              uniform_bucket_level_access = true
              logging {
                log_bucket = "acme-logs"
              }
            }
            """)
        #expect(!found.contains("aws-secretsmanager-rotation-disabled"))
        #expect(!found.contains("aws-redshift-audit-logging-disabled"))
        // The log bucket receives the other's logs: it is not asked to log itself.
        #expect(!found.contains("cloud-bucket-access-logging-disabled"))
    }

    @Test("Attribute targets: `when` skips what does not apply, unknown values are never judged")
    func attributeConditions() {
        let found = Self.ids("""
            variable "engine" {}
            variable "protocols" {}

            resource "aws_db_instance" "unknown_engine" {
              engine              = var.engine
              storage_encrypted   = true
              deletion_protection = true
            }

            resource "aws_transfer_server" "partners" {
              protocols = var.protocols
            }

            resource "google_container_cluster" "autopilot" {
              name             = "autopilot"
              location         = "europe-west1"
              enable_autopilot = true
              private_cluster_config {
                enable_private_nodes = true
              }
            }
            """)
        #expect(!found.contains("aws-rds-iam-auth-disabled"))
        #expect(!found.contains("aws-transfer-server-ftp"))
        #expect(!found.contains("gcp-gke-network-policy-disabled") && !found.contains("gcp-gke-workload-identity-disabled"))
    }
}

import PalisadeCore

public struct CloudDatabaseUnencrypted: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-database-unencrypted",
        title: "Database storage is not encrypted",
        severity: .high,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: """
            RDS instances and Aurora clusters are unencrypted unless `storage_encrypted = true`; their \
            snapshots and read replicas inherit that, and a snapshot shared or copied by an attacker \
            can be restored anywhere. Encryption cannot be switched on later without a restore. \
            Engines that always encrypt (Aurora Serverless v1, Cloud SQL) are not reported.
            """,
        remediation: "Set `storage_encrypted = true` (CloudFormation: `StorageEncrypted: true`; with `kms_key_id`/`KmsKeyId` for a customer-managed key) and migrate existing data through an encrypted snapshot.",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
        goodExamples: [
            """
            resource "aws_rds_cluster" "orders" {
              engine            = "aurora-postgresql"
              storage_encrypted = true
            }
            """,
            """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  StorageEncrypted: true
              Writer:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: aurora-postgresql
                  DBClusterIdentifier: !Ref Cluster
            """,
        ],
        badExamples: [
            """
            resource "aws_db_instance" ↓"orders" {
              engine         = "mysql"
              instance_class = "db.t3.micro"
            }
            """,
            """
            resource "aws_rds_cluster" "orders" {
              engine            = "aurora-mysql"
              storage_encrypted = ↓false
            }
            """,
            """
            Resources:
              ↓Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
            """,
            """
            Resources:
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-mysql
                  StorageEncrypted: ↓false
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.databases.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for database in model.databases where !database.encryptedByDefault {
            if let flag = database.storageEncrypted {
                if !flag.value { report.report(flag, path: "storage_encrypted", message: "database \(database.resource.address) stores data unencrypted") }
            } else if !database.storageEncryptionUnknown {
                report.reportMissing(database.resource, path: "storage_encrypted", message: "database \(database.resource.address) does not set \(database.resource.named("storage_encrypted", "StorageEncrypted")): its data is stored unencrypted")
            }
        }
    }
}

import PalisadeCore

// Settings of data stores, as instances of the attribute template.
extension CloudAttributeRule {
    public static let fileSystemUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-efs-unencrypted",
        title: "EFS file system is not encrypted",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "EFS file systems are unencrypted unless created with `encrypted = true`; it cannot be changed afterwards, and every backup and replica inherits it.",
        remediation: "Create the file system with `encrypted = true` (and `kms_key_id` for a customer-managed key) and copy the data across.",
        references: ["https://docs.aws.amazon.com/efs/latest/ug/encryption.html"],
        goodExamples: ["resource \"aws_efs_file_system\" \"shared\" {\n  encrypted = true\n}",
            """
            Resources:
              Shared:
                Type: AWS::EFS::FileSystem
                Properties:
                  Encrypted: true
            """],
        badExamples: ["resource \"aws_efs_file_system\" ↓\"shared\" {\n  creation_token = \"shared\"\n}",
            """
            Resources:
              ↓Shared:
                Type: AWS::EFS::FileSystem
                Properties:
                  PerformanceMode: generalPurpose
            """],
        input: .cloud
    ), consequence: "stores its files unencrypted", targets: [
        Target("aws_efs_file_system", "encrypted", .isTrue), Target("AWS::EFS::FileSystem", "Encrypted", .isTrue),
    ])

    public static let databaseDeletionProtection = CloudAttributeRule(RuleDescription(
        id: "cloud-database-deletion-protection-disabled",
        title: "Database can be deleted without first turning protection off",
        severity: .low,
        pattern: .availability,
        controls: [.resilience],
        mitre: ["T1485"],
        appliesTo: [.cloud],
        rationale: """
            Without deletion protection one API call (a compromised key, a mistaken `terraform destroy`, \
            a renamed resource that Terraform replaces) deletes the database; automated backups of \
            an RDS instance go with it unless a final snapshot is kept.
            """,
        remediation: "Set `deletion_protection = true` on production databases.",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection"],
        goodExamples: ["resource \"aws_rds_cluster\" \"orders\" {\n  engine              = \"aurora-postgresql\"\n  storage_encrypted   = true\n  deletion_protection = true\n}",
            """
            Resources:
              Orders:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  StorageEncrypted: true
                  DeletionProtection: true
            """],
        badExamples: [
            "resource \"aws_db_instance\" ↓\"orders\" {\n  engine            = \"postgres\"\n  storage_encrypted = true\n}",
            "resource \"google_sql_database_instance\" \"orders\" {\n  database_version    = \"POSTGRES_16\"\n  deletion_protection = ↓false\n}",
            """
            Resources:
              ↓Orders:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  StorageEncrypted: true
            """,
        ],
        input: .cloud
    ), consequence: "can be deleted without turning protection off first", targets: [
        Target("aws_db_instance", "deletion_protection", .isTrue), Target("aws_rds_cluster", "deletion_protection", .isTrue),
        Target("google_sql_database_instance", "deletion_protection", .notFalse),
        Target("AWS::RDS::DBInstance", "DeletionProtection", .isTrue), Target("AWS::RDS::DBCluster", "DeletionProtection", .isTrue),
    ])

    public static let databaseMinorUpgrades = CloudAttributeRule(RuleDescription(
        id: "aws-rds-auto-minor-upgrade-disabled",
        title: "Database engine does not receive minor upgrades",
        severity: .low,
        pattern: .exposure,
        controls: [.minimalImmutableWorkloads],
        mitre: ["T1190"],
        appliesTo: [.cloud],
        rationale: "Minor engine versions carry security fixes; `auto_minor_version_upgrade = false` leaves known vulnerabilities in place until someone upgrades by hand.",
        remediation: "Leave `auto_minor_version_upgrade` on (the default) and choose a maintenance window.",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades"],
        goodExamples: ["resource \"aws_db_instance\" \"orders\" {\n  engine                     = \"postgres\"\n  auto_minor_version_upgrade = true\n}",
            """
            Resources:
              Orders:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  AutoMinorVersionUpgrade: true
            """],
        badExamples: ["resource \"aws_db_instance\" \"orders\" {\n  engine                     = \"postgres\"\n  auto_minor_version_upgrade = ↓false\n}",
            """
            Resources:
              Orders:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  AutoMinorVersionUpgrade: ↓false
            """],
        input: .cloud
    ), consequence: "does not receive minor engine upgrades", targets: [
        Target("aws_db_instance", "auto_minor_version_upgrade", .notFalse), Target("AWS::RDS::DBInstance", "AutoMinorVersionUpgrade", .notFalse),
    ])

    public static let tablePointInTimeRecovery = CloudAttributeRule(RuleDescription(
        id: "aws-dynamodb-point-in-time-recovery-disabled",
        title: "DynamoDB table has no point-in-time recovery",
        severity: .low,
        pattern: .availability,
        controls: [.resilience],
        mitre: ["T1485"],
        appliesTo: [.cloud],
        rationale: "Without point-in-time recovery a bad write, a bulk delete or ransomware cannot be rolled back; on-demand backups only exist if someone took one.",
        remediation: "Add `point_in_time_recovery { enabled = true }`.",
        references: ["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"],
        goodExamples: ["resource \"aws_dynamodb_table\" \"carts\" {\n  name     = \"carts\"\n  hash_key = \"id\"\n  point_in_time_recovery {\n    enabled = true\n  }\n}",
            """
            Resources:
              Carts:
                Type: AWS::DynamoDB::Table
                Properties:
                  KeySchema:
                    - {AttributeName: id, KeyType: HASH}
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true
            """],
        badExamples: ["resource \"aws_dynamodb_table\" ↓\"carts\" {\n  name     = \"carts\"\n  hash_key = \"id\"\n}",
            """
            Resources:
              ↓Carts:
                Type: AWS::DynamoDB::Table
                Properties:
                  KeySchema:
                    - {AttributeName: id, KeyType: HASH}
            """],
        input: .cloud
    ), consequence: "cannot be restored to a point in time", targets: [
        Target("aws_dynamodb_table", "point_in_time_recovery.enabled", .isTrue),
        Target("AWS::DynamoDB::Table", "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", .isTrue, findingPath: "point_in_time_recovery.enabled"),
    ])

    public static let cacheUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-elasticache-unencrypted",
        title: "ElastiCache replication group is not encrypted at rest or in transit",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1530"],
        appliesTo: [.cloud],
        rationale: "Caches hold sessions, tokens and personal data. Without at-rest encryption their snapshots are readable; without in-transit encryption anyone on the network path reads and alters the traffic (and Redis AUTH needs TLS).",
        remediation: "Set `at_rest_encryption_enabled = true` and `transit_encryption_enabled = true` (new groups: both are needed at creation).",
        references: ["https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/encryption.html"],
        goodExamples: ["resource \"aws_elasticache_replication_group\" \"sessions\" {\n  replication_group_id       = \"sessions\"\n  description                = \"sessions\"\n  at_rest_encryption_enabled = true\n  transit_encryption_enabled = true\n}",
            """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  AtRestEncryptionEnabled: true
                  TransitEncryptionEnabled: true
            """],
        badExamples: ["resource \"aws_elasticache_replication_group\" ↓\"sessions\" {\n  replication_group_id       = \"sessions\"\n  description                = \"sessions\"\n  at_rest_encryption_enabled = ↓false\n}",
            """
            Resources:
              ↓Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  TransitEncryptionEnabled: ↓false
            """],
        input: .cloud
    ), consequence: "is not encrypted", targets: [
        Target("aws_elasticache_replication_group", "at_rest_encryption_enabled", .isTrue),
        Target("aws_elasticache_replication_group", "transit_encryption_enabled", .isTrue),
        Target("AWS::ElastiCache::ReplicationGroup", "AtRestEncryptionEnabled", .isTrue),
        Target("AWS::ElastiCache::ReplicationGroup", "TransitEncryptionEnabled", .isTrue),
    ])

    public static let warehousePublic = CloudAttributeRule(RuleDescription(
        id: "aws-redshift-public",
        title: "Redshift cluster is reachable from the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1530"],
        appliesTo: [.cloud],
        rationale: "A publicly accessible warehouse has a public address; the whole company's analytics data is then one weak password or open security group away.",
        remediation: "Set `publicly_accessible = false` and reach the cluster through the VPC.",
        references: ["https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html"],
        goodExamples: ["resource \"aws_redshift_cluster\" \"dw\" {\n  cluster_identifier  = \"dw\"\n  node_type           = \"ra3.xlplus\"\n  publicly_accessible = false\n  encrypted           = true\n}",
            """
            Resources:
              Warehouse:
                Type: AWS::Redshift::Cluster
                Properties:
                  NodeType: ra3.xlplus
                  PubliclyAccessible: false
                  Encrypted: true
            """],
        badExamples: ["resource \"aws_redshift_cluster\" \"dw\" {\n  cluster_identifier  = \"dw\"\n  node_type           = \"ra3.xlplus\"\n  publicly_accessible = ↓true\n  encrypted           = true\n}",
            """
            Resources:
              Warehouse:
                Type: AWS::Redshift::Cluster
                Properties:
                  NodeType: ra3.xlplus
                  PubliclyAccessible: ↓true
                  Encrypted: true
            """],
        input: .cloud
    ), consequence: "has a public address", targets: [
        Target("aws_redshift_cluster", "publicly_accessible", .notTrue), Target("AWS::Redshift::Cluster", "PubliclyAccessible", .notTrue),
    ])

    public static let warehouseUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-redshift-unencrypted",
        title: "Redshift cluster is not encrypted",
        severity: .high,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "An unencrypted warehouse keeps its data and snapshots in the clear; snapshots can be shared to other accounts with one call.",
        remediation: "Set `encrypted = true` (with `kms_key_id` for a customer-managed key).",
        references: ["https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html"],
        goodExamples: ["resource \"aws_redshift_cluster\" \"dw\" {\n  cluster_identifier = \"dw\"\n  node_type          = \"ra3.xlplus\"\n  encrypted          = true\n}",
            """
            Resources:
              Warehouse:
                Type: AWS::Redshift::Cluster
                Properties:
                  NodeType: ra3.xlplus
                  Encrypted: true
            """],
        badExamples: ["resource \"aws_redshift_cluster\" \"dw\" {\n  cluster_identifier = \"dw\"\n  node_type          = \"ra3.xlplus\"\n  encrypted          = ↓false\n}",
            """
            Resources:
              Warehouse:
                Type: AWS::Redshift::Cluster
                Properties:
                  NodeType: ra3.xlplus
                  Encrypted: ↓false
            """],
        input: .cloud
    ), consequence: "stores its data unencrypted", targets: [
        Target("aws_redshift_cluster", "encrypted", .notFalse), Target("AWS::Redshift::Cluster", "Encrypted", .notFalse),
    ])

    public static let searchUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-opensearch-unencrypted",
        title: "OpenSearch domain is not encrypted at rest or between nodes",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530", "T1040"],
        appliesTo: [.cloud],
        rationale: "Search clusters index logs and customer data. Without encryption at rest their disks and snapshots are readable; without node-to-node encryption the traffic between nodes is clear text.",
        remediation: "Set `encrypt_at_rest { enabled = true }` and `node_to_node_encryption { enabled = true }`.",
        references: ["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html"],
        goodExamples: ["resource \"aws_opensearch_domain\" \"logs\" {\n  domain_name = \"logs\"\n  encrypt_at_rest {\n    enabled = true\n  }\n  node_to_node_encryption {\n    enabled = true\n  }\n}",
            """
            Resources:
              Logs:
                Type: AWS::OpenSearchService::Domain
                Properties:
                  DomainName: logs
                  EncryptionAtRestOptions:
                    Enabled: true
                  NodeToNodeEncryptionOptions:
                    Enabled: true
            """],
        badExamples: ["resource \"aws_opensearch_domain\" ↓\"logs\" {\n  domain_name = \"logs\"\n  encrypt_at_rest {\n    enabled = ↓false\n  }\n}",
            """
            Resources:
              ↓Logs:
                Type: AWS::OpenSearchService::Domain
                Properties:
                  DomainName: logs
                  EncryptionAtRestOptions:
                    Enabled: ↓false
            """],
        input: .cloud
    ), consequence: "is not encrypted", targets: [
        Target("aws_opensearch_domain", "encrypt_at_rest.enabled", .isTrue), Target("aws_opensearch_domain", "node_to_node_encryption.enabled", .isTrue),
        Target("aws_elasticsearch_domain", "encrypt_at_rest.enabled", .isTrue), Target("aws_elasticsearch_domain", "node_to_node_encryption.enabled", .isTrue),
        Target("AWS::OpenSearchService::Domain", "EncryptionAtRestOptions.Enabled", .isTrue),
        Target("AWS::OpenSearchService::Domain", "NodeToNodeEncryptionOptions.Enabled", .isTrue),
    ])

    public static let documentDatabaseUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-docdb-unencrypted",
        title: "DocumentDB or Neptune cluster is not encrypted",
        severity: .high,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "DocumentDB and Neptune clusters are unencrypted unless `storage_encrypted = true` at creation; snapshots inherit it.",
        remediation: "Create the cluster with `storage_encrypted = true` and migrate the data.",
        references: ["https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html"],
        goodExamples: ["resource \"aws_docdb_cluster\" \"catalog\" {\n  cluster_identifier = \"catalog\"\n  storage_encrypted  = true\n}",
            """
            Resources:
              Catalog:
                Type: AWS::DocDB::DBCluster
                Properties:
                  StorageEncrypted: true
            """],
        badExamples: ["resource \"aws_neptune_cluster\" ↓\"graph\" {\n  cluster_identifier = \"graph\"\n}",
            """
            Resources:
              Graph:
                Type: AWS::Neptune::DBCluster
                Properties:
                  StorageEncrypted: ↓false
            """],
        input: .cloud
    ), consequence: "stores its data unencrypted", targets: [
        Target("aws_docdb_cluster", "storage_encrypted", .isTrue), Target("aws_neptune_cluster", "storage_encrypted", .isTrue),
        Target("AWS::DocDB::DBCluster", "StorageEncrypted", .isTrue), Target("AWS::Neptune::DBCluster", "StorageEncrypted", .isTrue),
    ])

    public static let trailUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-cloudtrail-unencrypted",
        title: "CloudTrail logs are not encrypted with a KMS key",
        severity: .low,
        pattern: .exposure,
        controls: [.encryption, .runtimeMonitoring],
        mitre: ["T1530", "T1070"],
        appliesTo: [.cloud],
        rationale: "The audit trail reveals the account's structure and activity; with a KMS key, reading it takes a key permission the bucket's readers do not automatically have, and every read is logged.",
        remediation: "Set `kms_key_id` to a customer-managed key whose policy allows CloudTrail to encrypt.",
        references: ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html"],
        goodExamples: ["resource \"aws_cloudtrail\" \"main\" {\n  name                       = \"main\"\n  s3_bucket_name             = \"trail\"\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n  kms_key_id                 = \"arn:aws:kms:eu-west-1:123456789012:key/abc\"\n}",
            """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: acme-trail
                  KMSKeyId: !Ref TrailKey
              TrailKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
            """],
        badExamples: ["resource \"aws_cloudtrail\" ↓\"main\" {\n  name                       = \"main\"\n  s3_bucket_name             = \"trail\"\n  is_multi_region_trail      = true\n  enable_log_file_validation = true\n}",
            """
            Resources:
              ↓Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: acme-trail
            """],
        input: .cloud
    ), consequence: "writes logs not encrypted with a KMS key", targets: [
        Target("aws_cloudtrail", "kms_key_id", .present), Target("AWS::CloudTrail::Trail", "KMSKeyId", .present),
    ])
}

import PalisadeCore

// Encryption and exposure settings of AWS data services, as instances of the attribute template.
extension CloudAttributeRule {
    public static let secretNoCustomerKey = CloudAttributeRule(RuleDescription(
        id: "aws-secretsmanager-secret-no-cmk",
        title: "Secrets Manager secret is encrypted with the default AWS-managed key",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .encryption],
        mitre: ["T1552", "T1555"],
        appliesTo: [.cloud],
        rationale: """
            Without `kms_key_id` a secret is encrypted with `aws/secretsmanager`, whose key policy \
            lets every principal of the account that may read the secret decrypt it, and which cannot \
            be shared across accounts or scoped by a key policy. A customer-managed key adds a second, \
            separately audited permission between a leaked role and the secret's value.
            """,
        remediation: "Set `kms_key_id` (CloudFormation: `KmsKeyId`) to a customer-managed key whose policy names the readers.",
        references: ["https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html"],
        goodExamples: [
            """
            resource "aws_secretsmanager_secret" "db" {
              name       = "db-password"
              kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/abc"
            }
            """,
            """
            Resources:
              DatabaseSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: db-password
                  KmsKeyId: !Ref SecretsKey
              SecretsKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
            """,
        ],
        badExamples: [
            """
            resource "aws_secretsmanager_secret" ↓"db" {
              name = "db-password"
            }
            """,
            """
            Resources:
              ↓DatabaseSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: db-password
            """,
        ],
        input: .cloud
    ), consequence: "is encrypted with the default AWS-managed key", targets: [
        Target("aws_secretsmanager_secret", "kms_key_id", .present), Target("AWS::SecretsManager::Secret", "KmsKeyId", .present),
    ])

    public static let tableAWSOwnedKey = CloudAttributeRule(RuleDescription(
        id: "aws-dynamodb-aws-owned-key",
        title: "DynamoDB table is encrypted only with an AWS-owned key",
        severity: .low,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: """
            A table without `server_side_encryption { enabled = true }` is encrypted with a key AWS \
            owns and shares across accounts: no key policy stands between a reader and the data, \
            nothing in CloudTrail records the key's use, and the key cannot be disabled to cut off \
            access. KMS encryption (the account's `aws/dynamodb` key or a customer-managed key) gives \
            all three.
            """,
        remediation: "Add `server_side_encryption { enabled = true, kms_key_arn = ... }` (CloudFormation: `SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: ...}`).",
        references: ["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"],
        goodExamples: [
            """
            resource "aws_dynamodb_table" "orders" {
              name     = "orders"
              hash_key = "id"
              server_side_encryption {
                enabled     = true
                kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/abc"
              }
            }
            """,
            """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  KeySchema:
                    - AttributeName: id
                      KeyType: HASH
                  SSESpecification:
                    SSEEnabled: true
                    SSEType: KMS
            """,
        ],
        badExamples: [
            """
            resource "aws_dynamodb_table" "orders" {
              name     = "orders"
              hash_key = "id"
              server_side_encryption {
                enabled = ↓false
              }
            }
            """,
            """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  KeySchema:
                    - AttributeName: id
                      KeyType: HASH
            """,
        ],
        input: .cloud
    ), consequence: "is encrypted only with an AWS-owned key", targets: [
        Target("aws_dynamodb_table", "server_side_encryption.enabled", .isTrue),
        Target("AWS::DynamoDB::Table", "SSESpecification.SSEEnabled", .isTrue, findingPath: "server_side_encryption.enabled"),
    ])

    public static let streamUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-kinesis-stream-unencrypted",
        title: "Kinesis data stream is not encrypted",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "A Kinesis stream stores its records (events, clicks, logs with personal data) for up to a year; without server-side encryption (`encryption_type = \"KMS\"`) they are kept in the clear.",
        remediation: "Set `encryption_type = \"KMS\"` with `kms_key_id` (CloudFormation: `StreamEncryption: {EncryptionType: KMS, KeyId: ...}`).",
        references: ["https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html"],
        goodExamples: [
            """
            resource "aws_kinesis_stream" "events" {
              name            = "events"
              shard_count     = 1
              encryption_type = "KMS"
              kms_key_id      = "alias/aws/kinesis"
            }
            """,
            """
            Resources:
              Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
                  StreamEncryption:
                    EncryptionType: KMS
                    KeyId: alias/aws/kinesis
            """,
        ],
        badExamples: [
            """
            resource "aws_kinesis_stream" ↓"events" {
              name        = "events"
              shard_count = 1
            }
            """,
            """
            Resources:
              ↓Events:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
            """,
        ],
        input: .cloud
    ), consequence: "stores its records unencrypted", targets: [
        Target("aws_kinesis_stream", "encryption_type", .oneOf(["KMS"])),
        Target("AWS::Kinesis::Stream", "StreamEncryption.EncryptionType", .oneOf(["KMS"]), findingPath: "encryption_type"),
    ])

    public static let kafkaPlaintext = CloudAttributeRule(RuleDescription(
        id: "aws-msk-plaintext",
        title: "MSK cluster accepts plaintext traffic",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "`client_broker = \"PLAINTEXT\"` or `\"TLS_PLAINTEXT\"` lets clients produce and consume messages unencrypted, and `in_cluster = false` replicates them between brokers in the clear: anyone on the network path reads and alters the stream.",
        remediation: "Keep `encryption_in_transit { client_broker = \"TLS\", in_cluster = true }` (the defaults).",
        references: ["https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html"],
        goodExamples: [
            """
            resource "aws_msk_cluster" "events" {
              cluster_name           = "events"
              kafka_version          = "3.6.0"
              number_of_broker_nodes = 3
              encryption_info {
                encryption_in_transit {
                  client_broker = "TLS"
                  in_cluster    = true
                }
              }
            }
            """,
            """
            Resources:
              Events:
                Type: AWS::MSK::Cluster
                Properties:
                  ClusterName: events
                  KafkaVersion: 3.6.0
                  NumberOfBrokerNodes: 3
            """,
        ],
        badExamples: [
            """
            resource "aws_msk_cluster" "events" {
              cluster_name           = "events"
              kafka_version          = "3.6.0"
              number_of_broker_nodes = 3
              encryption_info {
                encryption_in_transit {
                  client_broker = ↓"TLS_PLAINTEXT"
                  in_cluster    = ↓false
                }
              }
            }
            """,
            """
            Resources:
              Events:
                Type: AWS::MSK::Cluster
                Properties:
                  ClusterName: events
                  KafkaVersion: 3.6.0
                  NumberOfBrokerNodes: 3
                  EncryptionInfo:
                    EncryptionInTransit:
                      ClientBroker: ↓PLAINTEXT
            """,
        ],
        input: .cloud
    ), consequence: "accepts plaintext traffic", targets: [
        Target("aws_msk_cluster", "encryption_info.encryption_in_transit.client_broker", .notOneOf(["PLAINTEXT", "TLS_PLAINTEXT"])),
        Target("aws_msk_cluster", "encryption_info.encryption_in_transit.in_cluster", .notFalse),
        Target("AWS::MSK::Cluster", "EncryptionInfo.EncryptionInTransit.ClientBroker", .notOneOf(["PLAINTEXT", "TLS_PLAINTEXT"])),
        Target("AWS::MSK::Cluster", "EncryptionInfo.EncryptionInTransit.InCluster", .notFalse),
    ])

    public static let kafkaPublic = CloudAttributeRule(RuleDescription(
        id: "aws-msk-public",
        title: "MSK cluster brokers are reachable from the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190"],
        appliesTo: [.cloud],
        rationale: "`public_access { type = \"SERVICE_PROVIDED_EIPS\" }` gives every broker a public address: the event backbone is then one weak client credential or misconfigured ACL away from anyone on the internet.",
        remediation: "Keep `public_access.type = \"DISABLED\"` and reach the brokers from the VPC (or through PrivateLink).",
        references: ["https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html"],
        goodExamples: [
            """
            resource "aws_msk_cluster" "events" {
              cluster_name           = "events"
              kafka_version          = "3.6.0"
              number_of_broker_nodes = 3
              broker_node_group_info {
                instance_type = "kafka.m5.large"
                connectivity_info {
                  public_access {
                    type = "DISABLED"
                  }
                }
              }
            }
            """,
            """
            Resources:
              Events:
                Type: AWS::MSK::Cluster
                Properties:
                  ClusterName: events
                  KafkaVersion: 3.6.0
                  NumberOfBrokerNodes: 3
                  BrokerNodeGroupInfo:
                    InstanceType: kafka.m5.large
                    ClientSubnets: [subnet-1, subnet-2, subnet-3]
            """,
        ],
        badExamples: [
            """
            resource "aws_msk_cluster" "events" {
              cluster_name           = "events"
              kafka_version          = "3.6.0"
              number_of_broker_nodes = 3
              broker_node_group_info {
                instance_type = "kafka.m5.large"
                connectivity_info {
                  public_access {
                    type = ↓"SERVICE_PROVIDED_EIPS"
                  }
                }
              }
            }
            """,
            """
            Resources:
              Events:
                Type: AWS::MSK::Cluster
                Properties:
                  ClusterName: events
                  KafkaVersion: 3.6.0
                  NumberOfBrokerNodes: 3
                  BrokerNodeGroupInfo:
                    InstanceType: kafka.m5.large
                    ClientSubnets: [subnet-1, subnet-2, subnet-3]
                    ConnectivityInfo:
                      PublicAccess:
                        Type: ↓SERVICE_PROVIDED_EIPS
            """,
        ],
        input: .cloud
    ), consequence: "gives its brokers public addresses", targets: [
        Target("aws_msk_cluster", "broker_node_group_info.connectivity_info.public_access.type", .notOneOf(["SERVICE_PROVIDED_EIPS"])),
        Target("AWS::MSK::Cluster", "BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type", .notOneOf(["SERVICE_PROVIDED_EIPS"])),
    ])

    public static let workspaceUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-workspaces-unencrypted",
        title: "WorkSpaces volumes are not encrypted",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "A WorkSpace's root and user volumes hold the user's documents, browser profiles and cached credentials; unencrypted, every snapshot and backup of them is readable. Encryption can only be chosen when the WorkSpace is created.",
        remediation: "Set `root_volume_encryption_enabled = true` and `user_volume_encryption_enabled = true` with `volume_encryption_key`.",
        references: ["https://docs.aws.amazon.com/workspaces/latest/adminguide/encrypt-workspaces.html"],
        goodExamples: [
            """
            resource "aws_workspaces_workspace" "analyst" {
              directory_id                   = "d-123"
              bundle_id                      = "wsb-123"
              user_name                      = "analyst"
              root_volume_encryption_enabled = true
              user_volume_encryption_enabled = true
              volume_encryption_key          = "alias/aws/workspaces"
            }
            """,
            """
            Resources:
              Analyst:
                Type: AWS::WorkSpaces::Workspace
                Properties:
                  DirectoryId: d-123
                  BundleId: wsb-123
                  UserName: analyst
                  RootVolumeEncryptionEnabled: true
                  UserVolumeEncryptionEnabled: true
                  VolumeEncryptionKey: alias/aws/workspaces
            """,
        ],
        badExamples: [
            """
            resource "aws_workspaces_workspace" ↓"analyst" {
              directory_id                   = "d-123"
              bundle_id                      = "wsb-123"
              user_name                      = "analyst"
              user_volume_encryption_enabled = true
              volume_encryption_key          = "alias/aws/workspaces"
            }
            """,
            """
            Resources:
              ↓Analyst:
                Type: AWS::WorkSpaces::Workspace
                Properties:
                  DirectoryId: d-123
                  BundleId: wsb-123
                  UserName: analyst
                  RootVolumeEncryptionEnabled: ↓false
            """,
        ],
        input: .cloud
    ), consequence: "stores its volumes unencrypted", targets: [
        Target("aws_workspaces_workspace", "root_volume_encryption_enabled", .isTrue),
        Target("aws_workspaces_workspace", "user_volume_encryption_enabled", .isTrue),
        Target("AWS::WorkSpaces::Workspace", "RootVolumeEncryptionEnabled", .isTrue),
        Target("AWS::WorkSpaces::Workspace", "UserVolumeEncryptionEnabled", .isTrue),
    ])

    public static let queryResultsUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-athena-workgroup-unencrypted",
        title: "Athena workgroup does not enforce encrypted query results",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "Query results are copies of the data queried, written to S3. A workgroup without `encryption_configuration` in its result configuration, or one that lets clients override it (`enforce_workgroup_configuration = false`), leaves the encryption of those copies to every client.",
        remediation: "Set `configuration { result_configuration { encryption_configuration { encryption_option = \"SSE_KMS\" ... } } }` and keep `enforce_workgroup_configuration = true`.",
        references: ["https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html"],
        goodExamples: [
            """
            resource "aws_athena_workgroup" "analytics" {
              name = "analytics"
              configuration {
                enforce_workgroup_configuration = true
                result_configuration {
                  output_location = "s3://acme-athena/results/"
                  encryption_configuration {
                    encryption_option = "SSE_KMS"
                    kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/abc"
                  }
                }
              }
            }
            """,
            """
            Resources:
              Analytics:
                Type: AWS::Athena::WorkGroup
                Properties:
                  Name: analytics
                  WorkGroupConfiguration:
                    EnforceWorkGroupConfiguration: true
                    ResultConfiguration:
                      OutputLocation: s3://acme-athena/results/
                      EncryptionConfiguration:
                        EncryptionOption: SSE_S3
            """,
        ],
        badExamples: [
            """
            resource "aws_athena_workgroup" ↓"analytics" {
              name = "analytics"
              configuration {
                enforce_workgroup_configuration = ↓false
                result_configuration {
                  output_location = "s3://acme-athena/results/"
                }
              }
            }
            """,
            """
            Resources:
              ↓Analytics:
                Type: AWS::Athena::WorkGroup
                Properties:
                  Name: analytics
                  WorkGroupConfiguration:
                    ResultConfiguration:
                      OutputLocation: s3://acme-athena/results/
            """,
        ],
        input: .cloud
    ), consequence: "does not enforce encrypted query results", targets: [
        Target("aws_athena_workgroup", "configuration.result_configuration.encryption_configuration", .present),
        Target("aws_athena_workgroup", "configuration.enforce_workgroup_configuration", .notFalse),
        Target("AWS::Athena::WorkGroup", "WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration", .present, findingPath: "configuration.result_configuration.encryption_configuration"),
        Target("AWS::Athena::WorkGroup", "WorkGroupConfiguration.EnforceWorkGroupConfiguration", .notFalse, findingPath: "configuration.enforce_workgroup_configuration"),
    ])

    public static let glueUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-glue-security-configuration-unencrypted",
        title: "Glue security configuration leaves data unencrypted",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "A Glue security configuration decides how jobs and crawlers encrypt what they write to S3, their CloudWatch logs and their job bookmarks; a mode of `DISABLED` stores that output, which is often a transformed copy of sensitive data, in the clear.",
        remediation: "Use `SSE-KMS` for S3 and CloudWatch and `CSE-KMS` for job bookmarks.",
        references: ["https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html"],
        goodExamples: [
            """
            resource "aws_glue_security_configuration" "jobs" {
              name = "jobs"
              encryption_configuration {
                cloudwatch_encryption {
                  cloudwatch_encryption_mode = "SSE-KMS"
                  kms_key_arn                = "arn:aws:kms:eu-west-1:123456789012:key/abc"
                }
                job_bookmarks_encryption {
                  job_bookmarks_encryption_mode = "CSE-KMS"
                  kms_key_arn                   = "arn:aws:kms:eu-west-1:123456789012:key/abc"
                }
                s3_encryption {
                  s3_encryption_mode = "SSE-S3"
                }
              }
            }
            """,
            """
            Resources:
              Jobs:
                Type: AWS::Glue::SecurityConfiguration
                Properties:
                  Name: jobs
                  EncryptionConfiguration:
                    S3Encryptions:
                      - S3EncryptionMode: SSE-S3
                    CloudWatchEncryption:
                      CloudWatchEncryptionMode: SSE-KMS
                      KmsKeyArn: arn:aws:kms:eu-west-1:123456789012:key/abc
            """,
        ],
        badExamples: [
            """
            resource "aws_glue_security_configuration" "jobs" {
              name = "jobs"
              encryption_configuration {
                cloudwatch_encryption {
                  cloudwatch_encryption_mode = ↓"DISABLED"
                }
                job_bookmarks_encryption {
                  job_bookmarks_encryption_mode = ↓"DISABLED"
                }
                s3_encryption {
                  s3_encryption_mode = ↓"DISABLED"
                }
              }
            }
            """,
            """
            Resources:
              Jobs:
                Type: AWS::Glue::SecurityConfiguration
                Properties:
                  Name: jobs
                  EncryptionConfiguration:
                    S3Encryptions:
                      - S3EncryptionMode: ↓DISABLED
            """,
        ],
        input: .cloud
    ), consequence: "leaves job output unencrypted", targets: [
        Target("aws_glue_security_configuration", "encryption_configuration.cloudwatch_encryption.cloudwatch_encryption_mode", .notOneOf(["DISABLED"])),
        Target("aws_glue_security_configuration", "encryption_configuration.job_bookmarks_encryption.job_bookmarks_encryption_mode", .notOneOf(["DISABLED"])),
        Target("aws_glue_security_configuration", "encryption_configuration.s3_encryption.s3_encryption_mode", .notOneOf(["DISABLED"])),
        Target("AWS::Glue::SecurityConfiguration", "EncryptionConfiguration.CloudWatchEncryption.CloudWatchEncryptionMode", .notOneOf(["DISABLED"])),
        Target("AWS::Glue::SecurityConfiguration", "EncryptionConfiguration.JobBookmarksEncryption.JobBookmarksEncryptionMode", .notOneOf(["DISABLED"])),
        Target("AWS::Glue::SecurityConfiguration", "EncryptionConfiguration.S3Encryptions.S3EncryptionMode", .notOneOf(["DISABLED"]), findingPath: "encryption_configuration.s3_encryption.s3_encryption_mode"),
    ])

    public static let logGroupNoKey = CloudAttributeRule(RuleDescription(
        id: "aws-cloudwatch-log-group-no-cmk",
        title: "CloudWatch log group is not encrypted with a KMS key",
        severity: .low,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530", "T1552"],
        appliesTo: [.cloud],
        rationale: "Application logs collect tokens, personal data and stack traces. With a KMS key (`kms_key_id`), reading them needs a key permission as well as `logs:GetLogEvents`, each decryption is audited, and disabling the key cuts off access at once.",
        remediation: "Set `kms_key_id` (CloudFormation: `KmsKeyId`) to a customer-managed key whose policy allows the CloudWatch Logs service principal.",
        references: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
        goodExamples: [
            """
            resource "aws_cloudwatch_log_group" "app" {
              name              = "/app/orders"
              retention_in_days = 365
              kms_key_id        = "arn:aws:kms:eu-west-1:123456789012:key/abc"
            }
            """,
            """
            Resources:
              AppLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 365
                  KmsKeyId: arn:aws:kms:eu-west-1:123456789012:key/abc
            """,
        ],
        badExamples: [
            """
            resource "aws_cloudwatch_log_group" ↓"app" {
              name              = "/app/orders"
              retention_in_days = 365
            }
            """,
            """
            Resources:
              ↓AppLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 365
            """,
        ],
        input: .cloud
    ), consequence: "is not encrypted with a KMS key", targets: [
        Target("aws_cloudwatch_log_group", "kms_key_id", .present), Target("AWS::Logs::LogGroup", "KmsKeyId", .present),
    ])

    public static let daxUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-dax-unencrypted",
        title: "DAX cluster is not encrypted at rest",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "A DAX cluster caches the items of the DynamoDB tables behind it; without server-side encryption (off by default, and only settable at creation) the cache's disks and logs hold them in the clear even when the tables are encrypted.",
        remediation: "Create the cluster with `server_side_encryption { enabled = true }` (CloudFormation: `SSESpecification: {SSEEnabled: true}`).",
        references: ["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAXEncryptionAtRest.html"],
        goodExamples: [
            """
            resource "aws_dax_cluster" "cache" {
              cluster_name       = "cache"
              node_type          = "dax.r5.large"
              replication_factor = 3
              iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
              server_side_encryption {
                enabled = true
              }
            }
            """,
            """
            Resources:
              Cache:
                Type: AWS::DAX::Cluster
                Properties:
                  NodeType: dax.r5.large
                  ReplicationFactor: 3
                  IAMRoleARN: arn:aws:iam::123456789012:role/dax
                  SSESpecification:
                    SSEEnabled: true
            """,
        ],
        badExamples: [
            """
            resource "aws_dax_cluster" ↓"cache" {
              cluster_name       = "cache"
              node_type          = "dax.r5.large"
              replication_factor = 3
              iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
            }
            """,
            """
            Resources:
              Cache:
                Type: AWS::DAX::Cluster
                Properties:
                  NodeType: dax.r5.large
                  ReplicationFactor: 3
                  IAMRoleARN: arn:aws:iam::123456789012:role/dax
                  SSESpecification:
                    SSEEnabled: ↓false
            """,
        ],
        input: .cloud
    ), consequence: "caches items unencrypted", targets: [
        Target("aws_dax_cluster", "server_side_encryption.enabled", .isTrue), Target("AWS::DAX::Cluster", "SSESpecification.SSEEnabled", .isTrue, findingPath: "server_side_encryption.enabled"),
    ])

    public static let buildArtifactsUnencrypted = CloudAttributeRule(RuleDescription(
        id: "aws-codebuild-artifacts-unencrypted",
        title: "CodeBuild project writes unencrypted artifacts",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.encryption, .supplyChainIntegrity],
        mitre: ["T1530", "T1195.002"],
        appliesTo: [.cloud],
        rationale: "`encryption_disabled = true` stores the build's output (packages, images' layers, deployment bundles) unencrypted in S3: readable by whoever reads the bucket, and the artefacts later deployed are the ones an attacker would swap.",
        remediation: "Remove `encryption_disabled` (CloudFormation: `EncryptionDisabled`) and give the project an `encryption_key`.",
        references: ["https://docs.aws.amazon.com/codebuild/latest/userguide/security-encryption.html"],
        goodExamples: [
            """
            resource "aws_codebuild_project" "app" {
              name         = "app"
              service_role = "arn:aws:iam::123456789012:role/build"
              artifacts {
                type     = "S3"
                location = "acme-artifacts"
              }
            }
            """,
            """
            Resources:
              App:
                Type: AWS::CodeBuild::Project
                Properties:
                  ServiceRole: arn:aws:iam::123456789012:role/build
                  Artifacts:
                    Type: S3
                    Location: acme-artifacts
            """,
        ],
        badExamples: [
            """
            resource "aws_codebuild_project" "app" {
              name         = "app"
              service_role = "arn:aws:iam::123456789012:role/build"
              artifacts {
                type                = "S3"
                location            = "acme-artifacts"
                encryption_disabled = ↓true
              }
            }
            """,
            """
            Resources:
              App:
                Type: AWS::CodeBuild::Project
                Properties:
                  ServiceRole: arn:aws:iam::123456789012:role/build
                  Artifacts:
                    Type: S3
                    Location: acme-artifacts
                    EncryptionDisabled: ↓true
            """,
        ],
        input: .cloud
    ), consequence: "writes its artifacts unencrypted", targets: [
        Target("aws_codebuild_project", "artifacts.encryption_disabled", .notTrue), Target("AWS::CodeBuild::Project", "Artifacts.EncryptionDisabled", .notTrue),
    ])

    public static let snapshotPublic = CloudAttributeRule(RuleDescription(
        id: "aws-snapshot-public",
        title: "Database snapshot or machine image is shared with every AWS account",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation, .encryption],
        mitre: ["T1530", "T1537"],
        appliesTo: [.cloud],
        rationale: """
            A database snapshot shared with `all` can be restored by any AWS account into a database \
            it controls; an image whose launch permission is the group `all` can be launched by \
            anyone, with whatever credentials and data were baked into it. Public snapshots are \
            searched for continuously.
            """,
        remediation: "Share snapshots and images with named account ids only (or through AWS RAM within the organisation).",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html", "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html"],
        goodExamples: [
            """
            resource "aws_db_snapshot" "before_migration" {
              db_instance_identifier = "orders"
              db_snapshot_identifier = "orders-before-migration"
              shared_accounts        = ["210987654321"]
            }

            resource "aws_ami_launch_permission" "partner" {
              image_id   = "ami-12345678"
              account_id = "210987654321"
            }
            """,
        ],
        badExamples: [
            """
            resource "aws_db_snapshot" "before_migration" {
              db_instance_identifier = "orders"
              db_snapshot_identifier = "orders-before-migration"
              shared_accounts        = [↓"all"]
            }
            """,
            """
            resource "aws_ami_launch_permission" "everyone" {
              image_id = "ami-12345678"
              group    = ↓"all"
            }
            """,
        ],
        input: .cloud
    ), consequence: "is shared with every AWS account", targets: [
        Target("aws_db_snapshot", "shared_accounts", .excludes(["all"])),
        Target("aws_ami_launch_permission", "group", .notOneOf(["all"])),
    ])

    public static let databaseIAMAuth = CloudAttributeRule(RuleDescription(
        id: "aws-rds-iam-auth-disabled",
        title: "Database does not accept IAM authentication",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1552.001"],
        appliesTo: [.cloud],
        rationale: """
            Without IAM database authentication every application connects with a long-lived \
            database password that ends up in configuration, environment variables and logs; with it, \
            a role gets a 15-minute token, access is granted and revoked in IAM, and each connection \
            is tied to an identity. Judged for the engines that support it (MySQL, MariaDB, \
            PostgreSQL, Aurora); an Aurora instance takes the setting from its cluster.
            """,
        remediation: "Set `iam_database_authentication_enabled = true` (CloudFormation: `EnableIAMDatabaseAuthentication: true`) and connect with `rds generate-db-auth-token`.",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html"],
        goodExamples: [
            """
            resource "aws_db_instance" "orders" {
              engine                              = "postgres"
              storage_encrypted                   = true
              iam_database_authentication_enabled = true
            }

            resource "aws_db_instance" "ledger" {
              engine            = "sqlserver-se"
              storage_encrypted = true
            }
            """,
            """
            Resources:
              Orders:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
                  StorageEncrypted: true
                  EnableIAMDatabaseAuthentication: true
              OrdersWriter:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: aurora-postgresql
                  DBClusterIdentifier: !Ref Orders
                  DBInstanceClass: db.r6g.large
            """,
        ],
        badExamples: [
            """
            resource "aws_db_instance" ↓"orders" {
              engine            = "mysql"
              storage_encrypted = true
            }
            """,
            """
            Resources:
              Orders:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  StorageEncrypted: true
                  EnableIAMDatabaseAuthentication: ↓false
            """,
        ],
        input: .cloud
    ), consequence: "accepts password authentication only", targets: [
        Target("aws_db_instance", "iam_database_authentication_enabled", .isTrue, when: { CloudAttributeRule.supportsIAMAuth($0, engine: "engine", cluster: "db_cluster_identifier") }),
        Target("aws_rds_cluster", "iam_database_authentication_enabled", .isTrue, when: { CloudAttributeRule.supportsIAMAuth($0, engine: "engine", cluster: nil) }),
        Target("AWS::RDS::DBInstance", "EnableIAMDatabaseAuthentication", .isTrue, findingPath: "iam_database_authentication_enabled", when: { CloudAttributeRule.supportsIAMAuth($0, engine: "Engine", cluster: "DBClusterIdentifier") }),
        Target("AWS::RDS::DBCluster", "EnableIAMDatabaseAuthentication", .isTrue, findingPath: "iam_database_authentication_enabled", when: { CloudAttributeRule.supportsIAMAuth($0, engine: "Engine", cluster: nil) }),
    ])

    /// The engine is known and supports IAM authentication, and the instance is no cluster member.
    static func supportsIAMAuth(_ resource: CloudResource, engine: String, cluster: String?) -> Bool {
        if let cluster, resource.declares(cluster) { return false }
        guard let name = resource.known(engine)?.string else { return false }
        return ["mysql", "mariadb", "postgres", "aurora", "aurora-mysql", "aurora-postgresql"].contains(name)
    }

    public static let cacheNoAuth = CloudAttributeRule(RuleDescription(
        id: "aws-elasticache-redis-no-auth",
        title: "ElastiCache Redis replication group needs no authentication",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .networkSegmentation],
        mitre: ["T1078", "T1530"],
        appliesTo: [.cloud],
        rationale: "Without an `auth_token` or RBAC user groups (`user_group_ids`), any host that reaches the port (every pod, instance or compromised workload in the security group's reach) reads and rewrites the cache: sessions, tokens, rate-limit counters.",
        remediation: "Set `transit_encryption_enabled = true` with an `auth_token` from a secret, or RBAC users through `user_group_ids` (CloudFormation: `AuthToken`, `UserGroupIds`).",
        references: ["https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/auth.html"],
        goodExamples: [
            """
            resource "aws_elasticache_replication_group" "sessions" {
              replication_group_id       = "sessions"
              description                = "sessions"
              transit_encryption_enabled = true
              auth_token                 = var.redis_token
            }

            resource "aws_elasticache_replication_group" "rbac" {
              replication_group_id       = "rbac"
              description                = "rbac"
              transit_encryption_enabled = true
              user_group_ids             = ["app-users"]
            }

            variable "redis_token" {
              type      = string
              sensitive = true
            }
            """,
            """
            Resources:
              Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  TransitEncryptionEnabled: true
                  UserGroupIds: [app-users]
            """,
        ],
        badExamples: [
            """
            resource "aws_elasticache_replication_group" ↓"sessions" {
              replication_group_id       = "sessions"
              description                = "sessions"
              transit_encryption_enabled = true
            }
            """,
            """
            Resources:
              ↓Sessions:
                Type: AWS::ElastiCache::ReplicationGroup
                Properties:
                  ReplicationGroupDescription: sessions
                  TransitEncryptionEnabled: true
            """,
        ],
        input: .cloud
    ), consequence: "accepts clients without authentication", targets: [
        Target("aws_elasticache_replication_group", "auth_token", .present, when: { !$0.declares("user_group_ids") && CloudAttributeRule.isRedis($0, "engine") }),
        Target("AWS::ElastiCache::ReplicationGroup", "AuthToken", .present, when: { !$0.declares("UserGroupIds") && CloudAttributeRule.isRedis($0, "Engine") }),
    ])

    /// A replication group's engine is Redis (the default) or Valkey.
    static func isRedis(_ resource: CloudResource, _ key: String) -> Bool {
        guard resource.declares(key) else { return true }
        return ["redis", "valkey"].contains(resource.known(key)?.string?.lowercased() ?? "")
    }

    public static let searchHTTPS = CloudAttributeRule(RuleDescription(
        id: "aws-opensearch-https-not-enforced",
        title: "OpenSearch domain accepts plain HTTP or old TLS",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "A domain without `domain_endpoint_options { enforce_https = true }` answers on plain HTTP (AWS's default when the options are not given), so queries, indexed documents and credentials travel in the clear; `Policy-Min-TLS-1-0-2019-07` still allows TLS 1.0 and 1.1.",
        remediation: "Set `domain_endpoint_options { enforce_https = true, tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\" }` (CloudFormation: `DomainEndpointOptions: {EnforceHTTPS: true, TLSSecurityPolicy: ...}`).",
        references: ["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html"],
        goodExamples: [
            """
            resource "aws_opensearch_domain" "logs" {
              domain_name = "logs"
              domain_endpoint_options {
                enforce_https       = true
                tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
              }
            }
            """,
            """
            Resources:
              Logs:
                Type: AWS::OpenSearchService::Domain
                Properties:
                  DomainName: logs
                  DomainEndpointOptions:
                    EnforceHTTPS: true
                    TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07
            """,
        ],
        badExamples: [
            """
            resource "aws_opensearch_domain" ↓"logs" {
              domain_name = "logs"
            }

            resource "aws_elasticsearch_domain" "legacy" {
              domain_name = "legacy"
              domain_endpoint_options {
                enforce_https       = ↓false
                tls_security_policy = ↓"Policy-Min-TLS-1-0-2019-07"
              }
            }
            """,
            """
            Resources:
              Logs:
                Type: AWS::OpenSearchService::Domain
                Properties:
                  DomainName: logs
                  DomainEndpointOptions:
                    EnforceHTTPS: ↓false
            """,
        ],
        input: .cloud
    ), consequence: "accepts insecure transport", targets: [
        Target("aws_opensearch_domain", "domain_endpoint_options", .present),
        Target("aws_opensearch_domain", "domain_endpoint_options.enforce_https", .notFalse),
        Target("aws_opensearch_domain", "domain_endpoint_options.tls_security_policy", .notOneOf(["Policy-Min-TLS-1-0-2019-07"])),
        Target("aws_elasticsearch_domain", "domain_endpoint_options", .present),
        Target("aws_elasticsearch_domain", "domain_endpoint_options.enforce_https", .notFalse),
        Target("aws_elasticsearch_domain", "domain_endpoint_options.tls_security_policy", .notOneOf(["Policy-Min-TLS-1-0-2019-07"])),
        Target("AWS::OpenSearchService::Domain", "DomainEndpointOptions.EnforceHTTPS", .isTrue),
        Target("AWS::OpenSearchService::Domain", "DomainEndpointOptions.TLSSecurityPolicy", .notOneOf(["Policy-Min-TLS-1-0-2019-07"])),
        Target("AWS::Elasticsearch::Domain", "DomainEndpointOptions.EnforceHTTPS", .isTrue),
        Target("AWS::Elasticsearch::Domain", "DomainEndpointOptions.TLSSecurityPolicy", .notOneOf(["Policy-Min-TLS-1-0-2019-07"])),
    ])

    public static let searchPublic = CloudAttributeRule(RuleDescription(
        id: "aws-opensearch-public-endpoint",
        title: "OpenSearch domain has a public endpoint",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1530"],
        appliesTo: [.cloud],
        rationale: "A domain without `vpc_options` gets an endpoint on the internet; only its access policy stands between anyone and the indexed data, and a policy with `Principal: *` (common for Kibana/Dashboards access) makes it public. Domains in a VPC are reached only through its network.",
        remediation: "Create the domain with `vpc_options { subnet_ids, security_group_ids }` (CloudFormation: `VPCOptions`) and reach Dashboards through the VPC.",
        references: ["https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html"],
        goodExamples: [
            """
            resource "aws_opensearch_domain" "logs" {
              domain_name = "logs"
              vpc_options {
                subnet_ids         = ["subnet-1"]
                security_group_ids = ["sg-1"]
              }
            }
            """,
            """
            Resources:
              Logs:
                Type: AWS::OpenSearchService::Domain
                Properties:
                  DomainName: logs
                  VPCOptions:
                    SubnetIds: [subnet-1]
                    SecurityGroupIds: [sg-1]
            """,
        ],
        badExamples: [
            """
            resource "aws_opensearch_domain" ↓"logs" {
              domain_name = "logs"
            }
            """,
            """
            Resources:
              ↓Logs:
                Type: AWS::OpenSearchService::Domain
                Properties:
                  DomainName: logs
            """,
        ],
        input: .cloud
    ), consequence: "has an endpoint on the internet", targets: [
        Target("aws_opensearch_domain", "vpc_options", .present), Target("aws_elasticsearch_domain", "vpc_options", .present),
        Target("AWS::OpenSearchService::Domain", "VPCOptions", .present), Target("AWS::Elasticsearch::Domain", "VPCOptions", .present),
    ])
}

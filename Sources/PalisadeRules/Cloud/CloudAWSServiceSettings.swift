import PalisadeCore

// Settings of AWS edge, API, compute, monitoring and messaging services, as instances of the
// attribute template.
extension CloudAttributeRule {
    public static let apiStageAccessLogs = CloudAttributeRule(RuleDescription(
        id: "aws-api-gateway-stage-access-logs-disabled",
        title: "API Gateway stage writes no access logs",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008"],
        appliesTo: [.cloud],
        rationale: "Without access logging nothing records who called which route of the API, from where and with what result: credential stuffing, enumeration and abuse of a leaked key leave no trace to investigate.",
        remediation: "Add `access_log_settings { destination_arn = <log group ARN>, format = ... }` (CloudFormation: `AccessLogSetting` on `AWS::ApiGateway::Stage`, `AccessLogSettings` on `AWS::ApiGatewayV2::Stage`).",
        references: ["https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html"],
        goodExamples: [
            """
            resource "aws_api_gateway_stage" "prod" {
              rest_api_id   = "abc"
              deployment_id = "def"
              stage_name    = "prod"
              access_log_settings {
                destination_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:api"
                format          = "$context.requestId $context.identity.sourceIp $context.status"
              }
            }
            """,
            """
            Resources:
              Prod:
                Type: AWS::ApiGatewayV2::Stage
                Properties:
                  ApiId: abc
                  StageName: prod
                  AccessLogSettings:
                    DestinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:api
                    Format: $context.requestId
            """,
        ],
        badExamples: [
            """
            resource "aws_apigatewayv2_stage" ↓"prod" {
              api_id = "abc"
              name   = "prod"
            }
            """,
            """
            Resources:
              ↓Prod:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: abc
                  DeploymentId: def
                  StageName: prod
            """,
        ],
        input: .cloud
    ), consequence: "writes no access logs", targets: [
        Target("aws_api_gateway_stage", "access_log_settings", .present), Target("aws_apigatewayv2_stage", "access_log_settings", .present),
        Target("AWS::ApiGateway::Stage", "AccessLogSetting", .present), Target("AWS::ApiGatewayV2::Stage", "AccessLogSettings", .present),
    ])

    public static let registryScanOnPush = CloudAttributeRule(RuleDescription(
        id: "aws-ecr-scan-on-push-disabled",
        title: "Container repository does not scan images on push",
        severity: .low,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1525", "T1195.002"],
        appliesTo: [.cloud],
        rationale: "Without scan on push, an image with known-vulnerable packages is stored and deployed without anyone being told. Not reported when the template declares a registry-wide scanning configuration, which replaces the repositories' own setting.",
        remediation: "Set `image_scanning_configuration { scan_on_push = true }` (CloudFormation: `ImageScanningConfiguration: {ScanOnPush: true}`), or configure enhanced scanning for the registry.",
        references: ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
        goodExamples: [
            """
            resource "aws_ecr_repository" "app" {
              name                 = "app"
              image_tag_mutability = "IMMUTABLE"
              image_scanning_configuration {
                scan_on_push = true
              }
            }
            """,
            """
            resource "aws_ecr_registry_scanning_configuration" "enhanced" {
              scan_type = "ENHANCED"
              rule {
                scan_frequency = "CONTINUOUS_SCAN"
                repository_filter {
                  filter      = "*"
                  filter_type = "WILDCARD"
                }
              }
            }

            resource "aws_ecr_repository" "app" {
              name                 = "app"
              image_tag_mutability = "IMMUTABLE"
            }
            """,
            """
            Resources:
              App:
                Type: AWS::ECR::Repository
                Properties:
                  RepositoryName: app
                  ImageTagMutability: IMMUTABLE
                  ImageScanningConfiguration:
                    ScanOnPush: true
            """,
        ],
        badExamples: [
            """
            resource "aws_ecr_repository" ↓"app" {
              name                 = "app"
              image_tag_mutability = "IMMUTABLE"
            }
            """,
            """
            Resources:
              App:
                Type: AWS::ECR::Repository
                Properties:
                  RepositoryName: app
                  ImageTagMutability: IMMUTABLE
                  ImageScanningConfiguration:
                    ScanOnPush: ↓false
            """,
        ],
        input: .cloud
    ), consequence: "does not scan images on push", targets: [
        Target("aws_ecr_repository", "image_scanning_configuration.scan_on_push", .isTrue, unlessDeclared: ["aws_ecr_registry_scanning_configuration"]),
        Target("AWS::ECR::Repository", "ImageScanningConfiguration.ScanOnPush", .isTrue, unlessDeclared: ["AWS::ECR::RegistryScanningConfiguration"]),
    ])

    public static let distributionNoWAF = CloudAttributeRule(RuleDescription(
        id: "aws-cloudfront-no-waf",
        title: "CloudFront distribution has no web application firewall",
        severity: .low,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1498"],
        appliesTo: [.cloud],
        rationale: "The distribution is the public entry of the application; without a WAF web ACL nothing filters injection attempts, known-bad bots or request floods before they reach the origin.",
        remediation: "Associate a WAFv2 web ACL (scope `CLOUDFRONT`) through `web_acl_id` (CloudFormation: `DistributionConfig.WebACLId`).",
        references: ["https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html"],
        goodExamples: [
            """
            resource "aws_cloudfront_distribution" "site" {
              enabled    = true
              web_acl_id = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/abc"
              default_cache_behavior {
                target_origin_id       = "site"
                viewer_protocol_policy = "redirect-to-https"
              }
            }
            """,
            """
            Resources:
              Site:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    WebACLId: arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/abc
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
            """,
        ],
        badExamples: [
            """
            resource "aws_cloudfront_distribution" ↓"site" {
              enabled = true
              default_cache_behavior {
                target_origin_id       = "site"
                viewer_protocol_policy = "redirect-to-https"
              }
            }
            """,
            """
            Resources:
              ↓Site:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
            """,
        ],
        input: .cloud
    ), consequence: "has no web application firewall", targets: [
        Target("aws_cloudfront_distribution", "web_acl_id", .present), Target("AWS::CloudFront::Distribution", "DistributionConfig.WebACLId", .present, findingPath: "web_acl_id"),
    ])

    public static let distributionOldTLS = CloudAttributeRule(RuleDescription(
        id: "aws-cloudfront-old-tls",
        title: "CloudFront distribution allows SSLv3 or TLS 1.0/1.1",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "`minimum_protocol_version` of `SSLv3`, `TLSv1`, `TLSv1_2016` or `TLSv1.1_2016` lets viewers negotiate protocol versions with known attacks (POODLE, BEAST) and weak ciphers; PCI DSS forbids them.",
        remediation: "Set `viewer_certificate { minimum_protocol_version = \"TLSv1.2_2021\" }` (CloudFormation: `ViewerCertificate.MinimumProtocolVersion`).",
        references: ["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html"],
        goodExamples: [
            """
            resource "aws_cloudfront_distribution" "site" {
              enabled = true
              viewer_certificate {
                acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method       = "sni-only"
                minimum_protocol_version = "TLSv1.2_2021"
              }
            }
            """,
            """
            Resources:
              Site:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
                      MinimumProtocolVersion: TLSv1.2_2021
            """,
        ],
        badExamples: [
            """
            resource "aws_cloudfront_distribution" "site" {
              enabled = true
              viewer_certificate {
                acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method       = "sni-only"
                minimum_protocol_version = ↓"TLSv1"
              }
            }
            """,
            """
            Resources:
              Site:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
                      MinimumProtocolVersion: ↓TLSv1.1_2016
            """,
        ],
        input: .cloud
    ), consequence: "allows obsolete TLS versions", targets: [
        Target("aws_cloudfront_distribution", "viewer_certificate.minimum_protocol_version", .notOneOf(Self.oldCloudFrontProtocols)),
        Target("AWS::CloudFront::Distribution", "DistributionConfig.ViewerCertificate.MinimumProtocolVersion", .notOneOf(Self.oldCloudFrontProtocols), findingPath: "viewer_certificate.minimum_protocol_version"),
    ])

    static let oldCloudFrontProtocols: Set<String> = ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"]

    public static let trailNoCloudWatch = CloudAttributeRule(RuleDescription(
        id: "aws-cloudtrail-no-cloudwatch",
        title: "CloudTrail does not deliver events to CloudWatch Logs",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008"],
        appliesTo: [.cloud],
        rationale: "A trail that only writes to S3 is evidence after the fact; delivered to a CloudWatch log group, its events can drive metric filters and alarms (root sign-in, policy changes, disabled trails) while an intrusion is under way.",
        remediation: "Set `cloud_watch_logs_group_arn` and `cloud_watch_logs_role_arn` (CloudFormation: `CloudWatchLogsLogGroupArn`, `CloudWatchLogsRoleArn`).",
        references: ["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html"],
        goodExamples: [
            """
            resource "aws_cloudtrail" "main" {
              name                       = "main"
              s3_bucket_name             = "acme-trail"
              is_multi_region_trail      = true
              enable_log_file_validation = true
              cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:trail:*"
              cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:role/trail-logs"
            }
            """,
            """
            Resources:
              Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: acme-trail
                  CloudWatchLogsLogGroupArn: !GetAtt TrailLogs.Arn
                  CloudWatchLogsRoleArn: arn:aws:iam::123456789012:role/trail-logs
              TrailLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 365
            """,
        ],
        badExamples: [
            """
            resource "aws_cloudtrail" ↓"main" {
              name                       = "main"
              s3_bucket_name             = "acme-trail"
              is_multi_region_trail      = true
              enable_log_file_validation = true
            }
            """,
            """
            Resources:
              ↓Trail:
                Type: AWS::CloudTrail::Trail
                Properties:
                  IsLogging: true
                  S3BucketName: acme-trail
            """,
        ],
        input: .cloud
    ), consequence: "delivers no events to CloudWatch Logs", targets: [
        Target("aws_cloudtrail", "cloud_watch_logs_group_arn", .present), Target("AWS::CloudTrail::Trail", "CloudWatchLogsLogGroupArn", .present, findingPath: "cloud_watch_logs_group_arn"),
    ])

    public static let configRecorderPartial = CloudAttributeRule(RuleDescription(
        id: "aws-config-recorder-incomplete",
        title: "AWS Config recorder is off or records only some resource types",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008"],
        appliesTo: [.cloud],
        rationale: "AWS Config is the history of every resource's configuration: what a security group allowed last Tuesday, when a bucket became public. A recorder that is stopped (`is_enabled = false`) or limited to some types (`all_supported = false`) leaves gaps exactly where a change was not expected.",
        remediation: "Record all supported types (`recording_group { all_supported = true }`, CloudFormation: `RecordingGroup.AllSupported: true`) and keep the recorder status enabled.",
        references: ["https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html"],
        goodExamples: [
            """
            resource "aws_config_configuration_recorder" "main" {
              name     = "main"
              role_arn = "arn:aws:iam::123456789012:role/config"
              recording_group {
                all_supported                 = true
                include_global_resource_types = true
              }
            }

            resource "aws_config_configuration_recorder_status" "main" {
              name       = aws_config_configuration_recorder.main.name
              is_enabled = true
            }
            """,
            """
            Resources:
              Recorder:
                Type: AWS::Config::ConfigurationRecorder
                Properties:
                  RoleARN: arn:aws:iam::123456789012:role/config
                  RecordingGroup:
                    AllSupported: true
            """,
        ],
        badExamples: [
            """
            resource "aws_config_configuration_recorder" "main" {
              name     = "main"
              role_arn = "arn:aws:iam::123456789012:role/config"
              recording_group {
                all_supported  = ↓false
                resource_types = ["AWS::EC2::Instance"]
              }
            }

            resource "aws_config_configuration_recorder_status" "main" {
              name       = aws_config_configuration_recorder.main.name
              is_enabled = ↓false
            }
            """,
            """
            Resources:
              Recorder:
                Type: AWS::Config::ConfigurationRecorder
                Properties:
                  RoleARN: arn:aws:iam::123456789012:role/config
                  RecordingGroup:
                    AllSupported: ↓false
                    ResourceTypes: [AWS::EC2::Instance]
            """,
        ],
        input: .cloud
    ), consequence: "does not record every resource's configuration", targets: [
        Target("aws_config_configuration_recorder", "recording_group.all_supported", .notFalse),
        Target("aws_config_configuration_recorder_status", "is_enabled", .isTrue),
        Target("AWS::Config::ConfigurationRecorder", "RecordingGroup.AllSupported", .notFalse),
    ])

    public static let guardDutyDisabled = CloudAttributeRule(RuleDescription(
        id: "aws-guardduty-disabled",
        title: "GuardDuty detector is disabled",
        severity: .medium,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.001"],
        appliesTo: [.cloud],
        rationale: "GuardDuty is the account's threat detection (credential use from unusual places, crypto-mining, calls from known-bad addresses); a detector declared with `enable = false` looks like coverage and provides none.",
        remediation: "Set `enable = true` (CloudFormation: `Enable: true`).",
        references: ["https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html"],
        goodExamples: [
            """
            resource "aws_guardduty_detector" "main" {
              enable = true
            }
            """,
            """
            Resources:
              Detector:
                Type: AWS::GuardDuty::Detector
                Properties:
                  Enable: true
            """,
        ],
        badExamples: [
            """
            resource "aws_guardduty_detector" "main" {
              enable = ↓false
            }
            """,
            """
            Resources:
              Detector:
                Type: AWS::GuardDuty::Detector
                Properties:
                  Enable: ↓false
            """,
        ],
        input: .cloud
    ), consequence: "detects no threats", targets: [
        Target("aws_guardduty_detector", "enable", .notFalse), Target("AWS::GuardDuty::Detector", "Enable", .notFalse),
    ])

    public static let brokerPublic = CloudAttributeRule(RuleDescription(
        id: "aws-mq-broker-public",
        title: "Amazon MQ broker is reachable from the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190"],
        appliesTo: [.cloud],
        rationale: "A publicly accessible broker has a public endpoint for its AMQP, MQTT, STOMP and web console ports: messages and the console are one guessed or leaked password away from anyone.",
        remediation: "Set `publicly_accessible = false` (CloudFormation: `PubliclyAccessible: false`) and reach the broker from the VPC.",
        references: ["https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/using-amazon-mq-securely.html"],
        goodExamples: [
            """
            resource "aws_mq_broker" "orders" {
              broker_name         = "orders"
              engine_type         = "RabbitMQ"
              engine_version      = "3.13"
              host_instance_type  = "mq.m5.large"
              publicly_accessible = false
            }
            """,
            """
            Resources:
              Orders:
                Type: AWS::AmazonMQ::Broker
                Properties:
                  BrokerName: orders
                  EngineType: RABBITMQ
                  HostInstanceType: mq.m5.large
                  PubliclyAccessible: false
            """,
        ],
        badExamples: [
            """
            resource "aws_mq_broker" "orders" {
              broker_name         = "orders"
              engine_type         = "RabbitMQ"
              engine_version      = "3.13"
              host_instance_type  = "mq.m5.large"
              publicly_accessible = ↓true
            }
            """,
            """
            Resources:
              Orders:
                Type: AWS::AmazonMQ::Broker
                Properties:
                  BrokerName: orders
                  EngineType: RABBITMQ
                  HostInstanceType: mq.m5.large
                  PubliclyAccessible: ↓true
            """,
        ],
        input: .cloud
    ), consequence: "has a public endpoint", targets: [
        Target("aws_mq_broker", "publicly_accessible", .notTrue), Target("AWS::AmazonMQ::Broker", "PubliclyAccessible", .notTrue),
    ])

    public static let replicationInstancePublic = CloudAttributeRule(RuleDescription(
        id: "aws-dms-replication-instance-public",
        title: "DMS replication instance has a public address",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1530"],
        appliesTo: [.cloud],
        rationale: "A replication instance holds connections (and credentials) to source and target databases and streams their data; a public address puts it on the internet. CloudFormation makes it public unless `PubliclyAccessible: false` is written.",
        remediation: "Set `publicly_accessible = false` (CloudFormation: `PubliclyAccessible: false`).",
        references: ["https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReplicationInstance.PublicPrivate.html"],
        goodExamples: [
            """
            resource "aws_dms_replication_instance" "migrate" {
              replication_instance_id    = "migrate"
              replication_instance_class = "dms.t3.medium"
            }
            """,
            """
            Resources:
              Migrate:
                Type: AWS::DMS::ReplicationInstance
                Properties:
                  ReplicationInstanceClass: dms.t3.medium
                  PubliclyAccessible: false
            """,
        ],
        badExamples: [
            """
            resource "aws_dms_replication_instance" "migrate" {
              replication_instance_id    = "migrate"
              replication_instance_class = "dms.t3.medium"
              publicly_accessible        = ↓true
            }
            """,
            """
            Resources:
              ↓Migrate:
                Type: AWS::DMS::ReplicationInstance
                Properties:
                  ReplicationInstanceClass: dms.t3.medium
            """,
        ],
        input: .cloud
    ), consequence: "has a public address", targets: [
        Target("aws_dms_replication_instance", "publicly_accessible", .notTrue), Target("AWS::DMS::ReplicationInstance", "PubliclyAccessible", .isFalse),
    ])

    public static let apiDomainOldTLS = CloudAttributeRule(RuleDescription(
        id: "aws-api-gateway-domain-old-tls",
        title: "API Gateway custom domain allows TLS 1.0",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "`security_policy = \"TLS_1_0\"` lets clients negotiate TLS 1.0 and 1.1 with the API, protocol versions with known attacks that PCI DSS forbids.",
        remediation: "Set `security_policy = \"TLS_1_2\"` (CloudFormation: `SecurityPolicy: TLS_1_2`).",
        references: ["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html"],
        goodExamples: [
            """
            resource "aws_api_gateway_domain_name" "api" {
              domain_name              = "api.example.com"
              regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
              security_policy          = "TLS_1_2"
            }
            """,
            """
            Resources:
              ApiDomain:
                Type: AWS::ApiGateway::DomainName
                Properties:
                  DomainName: api.example.com
                  RegionalCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
                  SecurityPolicy: TLS_1_2
            """,
        ],
        badExamples: [
            """
            resource "aws_api_gateway_domain_name" "api" {
              domain_name              = "api.example.com"
              regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
              security_policy          = ↓"TLS_1_0"
            }
            """,
            """
            Resources:
              ApiDomain:
                Type: AWS::ApiGateway::DomainName
                Properties:
                  DomainName: api.example.com
                  RegionalCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
                  SecurityPolicy: ↓TLS_1_0
            """,
        ],
        input: .cloud
    ), consequence: "allows TLS 1.0", targets: [
        Target("aws_api_gateway_domain_name", "security_policy", .notOneOf(["TLS_1_0"])), Target("AWS::ApiGateway::DomainName", "SecurityPolicy", .notOneOf(["TLS_1_0"])),
    ])

    public static let transferFTP = CloudAttributeRule(RuleDescription(
        id: "aws-transfer-server-ftp",
        title: "Transfer Family server accepts plain FTP",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.encryption],
        mitre: ["T1040", "T1552"],
        appliesTo: [.cloud],
        rationale: "FTP sends user names, passwords and files in the clear; anyone on the network path collects them. SFTP and FTPS carry the same workflows encrypted.",
        remediation: "Remove `FTP` from `protocols` (CloudFormation: `Protocols`) and offer `SFTP` or `FTPS`.",
        references: ["https://docs.aws.amazon.com/transfer/latest/userguide/create-server-ftp.html"],
        goodExamples: [
            """
            resource "aws_transfer_server" "partners" {
              protocols              = ["SFTP"]
              identity_provider_type = "SERVICE_MANAGED"
            }
            """,
            """
            Resources:
              Partners:
                Type: AWS::Transfer::Server
                Properties:
                  Protocols: [SFTP, FTPS]
                  IdentityProviderType: API_GATEWAY
            """,
        ],
        badExamples: [
            """
            resource "aws_transfer_server" "partners" {
              protocols              = ["SFTP", ↓"FTP"]
              identity_provider_type = "API_GATEWAY"
              endpoint_type          = "VPC"
            }
            """,
            """
            Resources:
              Partners:
                Type: AWS::Transfer::Server
                Properties:
                  Protocols:
                    - ↓FTP
                  IdentityProviderType: API_GATEWAY
                  EndpointType: VPC
            """,
        ],
        input: .cloud
    ), consequence: "accepts plain FTP", targets: [
        Target("aws_transfer_server", "protocols", .excludes(["FTP"])), Target("AWS::Transfer::Server", "Protocols", .excludes(["FTP"])),
    ])

    public static let functionConcurrency = CloudAttributeRule(RuleDescription(
        id: "aws-lambda-concurrency-unlimited",
        title: "Lambda function has no reserved concurrency limit",
        severity: .low,
        pattern: .availability,
        controls: [.resilience],
        mitre: ["T1499", "T1496"],
        appliesTo: [.cloud],
        rationale: """
            Without `reserved_concurrent_executions` one function can take the whole account's \
            concurrency in a region: a flood of requests (or a recursive trigger) against it \
            throttles every other function, and the bill grows with the flood. A reserved limit \
            caps the function and guarantees its own share. `-1` means unreserved.
            """,
        remediation: "Set `reserved_concurrent_executions` to what the function needs (CloudFormation: `ReservedConcurrentExecutions`).",
        references: ["https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"],
        goodExamples: [
            """
            resource "aws_lambda_function" "resize" {
              function_name                  = "resize"
              role                           = "arn:aws:iam::123456789012:role/resize"
              runtime                        = "python3.12"
              handler                        = "app.handler"
              reserved_concurrent_executions = 50
            }
            """,
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Resize:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  ReservedConcurrentExecutions: 50
            """,
        ],
        badExamples: [
            """
            resource "aws_lambda_function" "resize" {
              function_name                  = "resize"
              role                           = "arn:aws:iam::123456789012:role/resize"
              runtime                        = "python3.12"
              handler                        = "app.handler"
              reserved_concurrent_executions = ↓-1
            }
            """,
            """
            Resources:
              ↓Resize:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  Role: arn:aws:iam::123456789012:role/resize
                  Code:
                    ZipFile: def handler(event, context) -> None
            """,
        ],
        input: .cloud
    ), consequence: "can take the account's whole concurrency", targets: [
        Target("aws_lambda_function", "reserved_concurrent_executions", .present), Target("aws_lambda_function", "reserved_concurrent_executions", .atLeast(0)),
        Target("AWS::Lambda::Function", "ReservedConcurrentExecutions", .present), Target("AWS::Serverless::Function", "ReservedConcurrentExecutions", .present),
    ])
}

/// The second batch of cloud rules, grouped by what they evidence, so each catalogue cites a
/// group once (plain ids, checked against the rules by a test like the other sets).
extension RuleSets {
    /// Data stored unencrypted, or encrypted only with keys the account does not control.
    static let cloudStorageEncryption = [
        "aws-secretsmanager-secret-no-cmk", "aws-dynamodb-aws-owned-key", "aws-kinesis-stream-unencrypted", "aws-workspaces-unencrypted",
        "aws-athena-workgroup-unencrypted", "aws-glue-security-configuration-unencrypted", "aws-cloudwatch-log-group-no-cmk", "aws-dax-unencrypted",
        "aws-codebuild-artifacts-unencrypted",
    ]

    /// Traffic that may travel in the clear or over obsolete TLS.
    static let cloudTransportEncryption = [
        "aws-msk-plaintext", "aws-opensearch-https-not-enforced", "aws-cloudfront-old-tls", "aws-api-gateway-domain-old-tls", "aws-transfer-server-ftp",
        "aws-s3-bucket-allows-http", "gcp-sql-ssl-not-required", "azure-app-service-ftp-enabled", "azure-app-service-old-tls", "azure-database-tls-disabled",
        "azure-redis-non-ssl-port",
    ]

    /// Services and data reachable from the internet or by every account.
    static let cloudExposure = [
        "aws-msk-public", "aws-opensearch-public-endpoint", "aws-mq-broker-public", "aws-dms-replication-instance-public", "aws-snapshot-public",
        "aws-eks-node-group-ssh-open", "aws-lambda-permission-unrestricted", "gcp-bigquery-dataset-public", "gcp-gke-private-nodes-disabled",
        "gcp-project-default-network", "azure-key-vault-network-open", "azure-aks-api-server-unrestricted", "azure-cosmosdb-public-network",
        "azure-sql-server-public-network", "azure-storage-network-default-allow",
    ]

    /// Segmentation inside a network or a cluster.
    static let cloudSegmentation = ["gcp-gke-network-policy-disabled", "azure-aks-network-policy-missing", "gcp-compute-ip-forwarding"]

    /// Protection in front of web applications.
    static let cloudEdgeProtection = ["aws-cloudfront-no-waf", "aws-alb-invalid-headers-not-dropped"]

    /// Identities that hold more than they need, or hold it without MFA.
    static let cloudLeastPrivilege = [
        "aws-iam-user-direct-policy", "aws-iam-admin-role-trust-no-mfa", "aws-iam-sensitive-action-all-resources", "gcp-compute-default-service-account",
        "gcp-gke-workload-identity-disabled",
    ]

    /// How people and workloads authenticate: passwords, shared keys, static certificates, rotation.
    static let cloudAuthentication = [
        "aws-iam-user-console-password", "aws-rds-iam-auth-disabled", "aws-elasticache-redis-no-auth", "aws-secretsmanager-rotation-disabled",
        "gcp-compute-os-login-disabled", "gcp-compute-project-ssh-keys-allowed", "gcp-gke-client-certificate-enabled", "gcp-gke-legacy-metadata-endpoints",
        "azure-acr-admin-enabled", "azure-app-service-no-managed-identity",
    ]

    /// Audit and access logs.
    static let cloudLogging = [
        "cloud-bucket-access-logging-disabled", "aws-api-gateway-stage-access-logs-disabled", "aws-cloudtrail-no-cloudwatch", "aws-lb-access-logs-disabled",
        "aws-redshift-audit-logging-disabled", "gcp-subnet-flow-logs-disabled",
    ]

    /// Threat detection services.
    static let cloudThreatDetection = ["aws-guardduty-disabled", "azure-defender-free-tier"]

    /// Platform integrity: image scanning and verified boot.
    static let cloudIntegrity = ["aws-ecr-scan-on-push-disabled", "gcp-gke-shielded-nodes-disabled", "gcp-compute-shielded-vm-disabled"]
}

extension Catalogue {
    /// SOC 2 Trust Services Criteria, the common criteria on logical access (CC6), system operations
    /// (CC7) and change management (CC8). Criteria are principles; a rule evidences one when its
    /// finding is a concrete way of failing it.
    static let soc2 = Catalogue(
        .soc2, version: "TSC 2017 (points of focus revised 2022)",
        scope: "Common criteria CC6 (logical and physical access), CC7 (system operations) and CC8 (change management), all of them, including those about physical access and operations that configuration cannot evidence.",
        controls: [
            CatalogueControl("CC6.1", "Logical access security software, infrastructure and architectures",
                             "Access to protected assets goes through authentication and authorization, and credentials are protected.",
                             rules: RuleSets.cloudAuthentication + ["k8s-rbac-anonymous-subject", "k8s-ingress-nginx-no-auth"] + RuleSets.meshAuthorization + RuleSets.secrets + ["cloud-firewall-open-admin-port", "cloud-firewall-open-database-port", "cloud-firewall-open-all-ports", "cloud-database-public", "cloud-cluster-public-endpoint", "cloud-bucket-public-acl", "cloud-bucket-public-policy", "cloud-resource-policy-public", "aws-lambda-url-no-auth", "aws-iam-policy-admin", "aws-iam-policy-not-action-allow", "aws-iam-passrole-wildcard", "aws-iam-privilege-escalation", "aws-iam-user-admin", "aws-iam-role-trust-any-principal", "aws-iam-role-cross-account-trust-unconditioned"] + ["aws-ssm-parameter-plaintext-secret", "aws-iam-password-policy-weak", "azure-vm-password-authentication"]
                                 + RuleSets.workflowSecrets),
            CatalogueControl("CC6.2", "Users are registered and authorised before credentials are issued",
                             "A process, not a configuration.",
                             rules: ["aws-iam-access-key", "gcp-service-account-key"] + ["azure-storage-shared-key-enabled"]),
            CatalogueControl("CC6.3", "Access is authorised, changed and removed by role and least privilege",
                             "Roles grant least privilege and are held only by those who need them.",
                             rules: RuleSets.cloudLeastPrivilege + RuleSets.rbac + RuleSets.workloadIdentity + ["k8s-rbac-binding-missing-role"] + ["aws-iam-policy-admin", "aws-iam-policy-not-action-allow", "aws-iam-passrole-wildcard", "aws-iam-privilege-escalation", "aws-iam-user-admin", "aws-iam-role-trust-any-principal", "aws-iam-role-cross-account-trust-unconditioned"] + ["gcp-gke-legacy-abac", "gcp-storage-uniform-access-disabled"] + ["aws-lambda-admin-role", "gcp-iam-primitive-role", "azure-aks-rbac-disabled"]
                                 + RuleSets.workflowToken),
            CatalogueControl("CC6.4", "Physical access to facilities and assets is restricted",
                             "Physical security; outside what configuration shows."),
            CatalogueControl("CC6.5", "Assets are disposed of securely",
                             "Disposal; outside what configuration shows."),
            CatalogueControl("CC6.6", "Logical access is protected against threats from outside the system boundaries",
                             "What is reachable from outside is deliberate, authenticated and limited.",
                             rules: RuleSets.cloudExposure + RuleSets.cloudEdgeProtection + RuleSets.cloudSegmentation + RuleSets.exposure + ["k8s-host-network", "k8s-ingress-nginx-no-auth", "k8s-ingress-nginx-no-rate-limit", "k8s-exposed-workload-dangerous-rbac"]
                                 + RuleSets.ingressIsolation + ["cloud-firewall-open-admin-port", "cloud-firewall-open-database-port", "cloud-firewall-open-all-ports", "cloud-database-public", "cloud-cluster-public-endpoint", "cloud-bucket-public-acl", "cloud-bucket-public-policy", "cloud-resource-policy-public", "aws-lambda-url-no-auth"] + ["aws-redshift-public", "aws-api-gateway-method-no-auth", "azure-storage-public-blobs-allowed"] + ["aws-instance-public-ip", "aws-sagemaker-notebook-exposed", "gcp-compute-serial-port-enabled", "gcp-iam-public-member", "cloud-database-firewall-open", "aws-default-security-group-allows-traffic"]
                                 + ["gha-self-hosted-pull-request"]),
            CatalogueControl("CC6.7", "Transmission and movement of information are restricted and protected",
                             "Data in transit is encrypted, and workloads can send data only where they need to.",
                             rules: RuleSets.cloudTransportEncryption + RuleSets.cloudStorageEncryption + RuleSets.transportEncryption + RuleSets.egressIsolation + ["cloud-database-unencrypted", "cloud-volume-unencrypted", "cloud-messaging-unencrypted", "aws-kms-key-rotation-disabled"] + ["aws-efs-unencrypted", "aws-elasticache-unencrypted", "aws-redshift-unencrypted", "aws-opensearch-unencrypted", "aws-docdb-unencrypted", "aws-eks-secrets-unencrypted", "aws-cloudfront-allows-http", "azure-storage-allows-http"] + ["aws-ebs-default-encryption-disabled", "aws-lb-listener-insecure", "azure-app-service-allows-http", "gcp-kms-key-rotation-disabled"]),
            CatalogueControl("CC6.8", "Unauthorised or malicious software is prevented or detected",
                             "Only reviewed software from trusted sources runs, and it cannot be altered in place.",
                             rules: RuleSets.cloudIntegrity + RuleSets.mutableImages + ["k8s-image-untrusted-registry", "k8s-writable-root-filesystem"] + RuleSets.workflowUntrustedCode),
            CatalogueControl("CC7.1", "Configurations are monitored for changes that introduce vulnerabilities",
                             "Configuration is checked against hardening standards, so a change that weakens it is caught.",
                             rules: ["aws-config-recorder-incomplete"] + RuleSets.podConfiguration),
            CatalogueControl("CC7.2", "System components are monitored for anomalies",
                             "Runtime monitoring; outside what configuration shows.",
                             rules: RuleSets.cloudLogging + RuleSets.cloudThreatDetection + ["aws-cloudtrail-incomplete", "cloud-log-retention-short"] + ["aws-eks-control-plane-logging-disabled", "aws-cloudtrail-unencrypted"] + ["aws-vpc-flow-logs-missing"]),
            CatalogueControl("CC7.3", "Security events are evaluated",
                             "Incident triage; a process."),
            CatalogueControl("CC7.4", "Security incidents are responded to",
                             "Incident response; a process."),
            CatalogueControl("CC7.5", "Recovery from security incidents",
                             "Recovery; a process.",
                             rules: ["cloud-bucket-versioning-disabled", "cloud-database-no-backups"] + ["cloud-database-deletion-protection-disabled", "aws-dynamodb-point-in-time-recovery-disabled", "azure-key-vault-purge-protection-disabled"]),
            CatalogueControl("CC8.1", "Changes are authorised, documented, tested and approved",
                             "What is deployed changes only through reviewed changes, and accepted risks are documented.",
                             rules: ["k8s-ignore-without-reason"] + RuleSets.mutableImages
                                 + ["docker-image-latest-tag", "docker-image-no-digest", "docker-package-unpinned"] + ["aws-ecr-mutable-tags"]
                                 + ["gha-action-not-pinned", "gha-pull-request-target-checkout"]),
        ]
    )
}

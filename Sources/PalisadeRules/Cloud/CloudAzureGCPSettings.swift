import PalisadeCore

// Azure and Google Cloud settings, as instances of the attribute template.
extension CloudAttributeRule {
    public static let azureStorageSharedKey = CloudAttributeRule(RuleDescription(
        id: "azure-storage-shared-key-enabled",
        title: "Storage account accepts shared-key authorisation",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1552.001"],
        appliesTo: [.cloud],
        rationale: """
            With shared keys allowed, the two account keys (and every SAS token signed with them) \
            give full control of all data in the account, never expire, and bypass Entra ID, \
            conditional access and per-user audit. They end up in connection strings everywhere.
            """,
        remediation: "Set `shared_access_key_enabled = false` and grant access through Entra ID roles (managed identities for workloads).",
        references: ["https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent"],
        goodExamples: ["resource \"azurerm_storage_account\" \"data\" {\n  name                      = \"acmedata\"\n  account_tier              = \"Standard\"\n  account_replication_type  = \"GRS\"\n  shared_access_key_enabled = false\n}"],
        badExamples: ["resource \"azurerm_storage_account\" ↓\"data\" {\n  name                     = \"acmedata\"\n  account_tier             = \"Standard\"\n  account_replication_type = \"GRS\"\n}"],
        input: .cloud
    ), consequence: "accepts its shared account keys", targets: [
        Target("azurerm_storage_account", "shared_access_key_enabled", .present),
        Target("azurerm_storage_account", "shared_access_key_enabled", .notTrue),
    ])

    public static let azureStorageHTTP = CloudAttributeRule(RuleDescription(
        id: "azure-storage-allows-http",
        title: "Storage account accepts plain HTTP or old TLS",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "`https_traffic_only_enabled = false` (or `enable_https_traffic_only`) lets clients send data and SAS tokens in clear text; `min_tls_version` of TLS 1.0 or 1.1 allows broken protocol versions.",
        remediation: "Keep HTTPS-only on and set `min_tls_version = \"TLS1_2\"`.",
        references: ["https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer"],
        goodExamples: ["resource \"azurerm_storage_account\" \"data\" {\n  name                      = \"acmedata\"\n  shared_access_key_enabled = false\n  min_tls_version           = \"TLS1_2\"\n}"],
        badExamples: ["resource \"azurerm_storage_account\" \"data\" {\n  name                       = \"acmedata\"\n  shared_access_key_enabled  = false\n  https_traffic_only_enabled = ↓false\n  min_tls_version            = ↓\"TLS1_0\"\n}"],
        input: .cloud
    ), consequence: "accepts insecure transport", targets: [
        Target("azurerm_storage_account", "https_traffic_only_enabled", .notFalse),
        Target("azurerm_storage_account", "enable_https_traffic_only", .notFalse),
        Target("azurerm_storage_account", "min_tls_version", .notOneOf(["TLS1_0", "TLS1_1"])),
    ])

    public static let azureStoragePublicBlobs = CloudAttributeRule(RuleDescription(
        id: "azure-storage-public-blobs-allowed",
        title: "Storage account allows public containers",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "`allow_nested_items_to_be_public = true` (`allow_blob_public_access` in older providers) lets any container be made anonymous-readable with one setting, the Azure version of a public bucket.",
        remediation: "Set `allow_nested_items_to_be_public = false`.",
        references: ["https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent"],
        goodExamples: ["resource \"azurerm_storage_account\" \"data\" {\n  name                            = \"acmedata\"\n  shared_access_key_enabled       = false\n  allow_nested_items_to_be_public = false\n}"],
        badExamples: ["resource \"azurerm_storage_account\" \"data\" {\n  name                            = \"acmedata\"\n  shared_access_key_enabled       = false\n  allow_nested_items_to_be_public = ↓true\n}"],
        input: .cloud
    ), consequence: "allows anonymous public containers", targets: [
        Target("azurerm_storage_account", "allow_nested_items_to_be_public", .notTrue),
        Target("azurerm_storage_account", "allow_blob_public_access", .notTrue),
    ])

    public static let azureKeyVaultPurgeProtection = CloudAttributeRule(RuleDescription(
        id: "azure-key-vault-purge-protection-disabled",
        title: "Key vault can be purged",
        severity: .low,
        pattern: .availability,
        controls: [.resilience, .secretsManagement],
        mitre: ["T1485"],
        appliesTo: [.cloud],
        rationale: "Without purge protection a deleted vault (or key) can be purged at once: an attacker, or a mistake, destroys the keys that every encrypted disk and database depends on.",
        remediation: "Set `purge_protection_enabled = true`.",
        references: ["https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"],
        goodExamples: ["resource \"azurerm_key_vault\" \"main\" {\n  name                     = \"acme-kv\"\n  sku_name                 = \"standard\"\n  purge_protection_enabled = true\n}"],
        badExamples: ["resource \"azurerm_key_vault\" ↓\"main\" {\n  name     = \"acme-kv\"\n  sku_name = \"standard\"\n}"],
        input: .cloud
    ), consequence: "can be purged right after deletion", targets: [
        Target("azurerm_key_vault", "purge_protection_enabled", .isTrue),
    ])

    public static let gcpUniformAccess = CloudAttributeRule(RuleDescription(
        id: "gcp-storage-uniform-access-disabled",
        title: "Cloud Storage bucket keeps per-object ACLs",
        severity: .medium,
        pattern: .exposure,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "Without uniform bucket-level access, every object can carry its own ACL, so one object made public (or readable by `allAuthenticatedUsers`) leaks while the bucket's IAM looks private.",
        remediation: "Set `uniform_bucket_level_access = true`.",
        references: ["https://cloud.google.com/storage/docs/uniform-bucket-level-access"],
        goodExamples: ["resource \"google_storage_bucket\" \"data\" {\n  name                        = \"acme-data\"\n  location                    = \"EU\"\n  uniform_bucket_level_access = true\n}"],
        badExamples: ["resource \"google_storage_bucket\" ↓\"data\" {\n  name     = \"acme-data\"\n  location = \"EU\"\n}"],
        input: .cloud
    ), consequence: "allows per-object ACLs", targets: [
        Target("google_storage_bucket", "uniform_bucket_level_access", .isTrue),
    ])

    public static let gcpLegacyABAC = CloudAttributeRule(RuleDescription(
        id: "gcp-gke-legacy-abac",
        title: "GKE cluster uses legacy ABAC authorisation",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.001"],
        appliesTo: [.cloud],
        rationale: "Legacy ABAC grants broad, static permissions that RBAC cannot narrow: service accounts and users get far more than their roles say.",
        remediation: "Set `enable_legacy_abac = false` and grant access with RBAC.",
        references: ["https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#leave_abac_disabled_default_for_110"],
        goodExamples: ["resource \"google_container_cluster\" \"main\" {\n  name = \"main\"\n  private_cluster_config {\n    enable_private_endpoint = true\n  }\n}"],
        badExamples: ["resource \"google_container_cluster\" \"main\" {\n  name               = \"main\"\n  enable_legacy_abac = ↓true\n  private_cluster_config {\n    enable_private_endpoint = true\n  }\n}"],
        input: .cloud
    ), consequence: "authorises with legacy ABAC", targets: [
        Target("google_container_cluster", "enable_legacy_abac", .notTrue),
    ])
}

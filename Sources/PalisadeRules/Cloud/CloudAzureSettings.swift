import PalisadeCore

// Azure network, identity, transport and platform settings, as instances of the attribute template.
extension CloudAttributeRule {
    static let azureWebApps = ["azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_app_service", "azurerm_function_app"]

    public static let azureKeyVaultNetwork = CloudAttributeRule(RuleDescription(
        id: "azure-key-vault-network-open",
        title: "Key Vault accepts connections from any network",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation, .secretsManagement],
        mitre: ["T1555", "T1552"],
        appliesTo: [.cloud],
        rationale: "A vault without `network_acls { default_action = \"Deny\" }` answers every network on the internet: a leaked token or over-broad access policy is then usable from anywhere, not only from the networks that run the applications.",
        remediation: "Set `network_acls { default_action = \"Deny\", bypass = \"AzureServices\", virtual_network_subnet_ids = [...] }` or use a private endpoint.",
        references: ["https://learn.microsoft.com/azure/key-vault/general/network-security"],
        goodExamples: [
            """
            resource "azurerm_key_vault" "app" {
              name                     = "acme-app"
              sku_name                 = "standard"
              purge_protection_enabled = true
              network_acls {
                default_action = "Deny"
                bypass         = "AzureServices"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_key_vault" ↓"app" {
              name                     = "acme-app"
              sku_name                 = "standard"
              purge_protection_enabled = true
            }
            """,
            """
            resource "azurerm_key_vault" "app" {
              name                     = "acme-app"
              sku_name                 = "standard"
              purge_protection_enabled = true
              network_acls {
                default_action = ↓"Allow"
                bypass         = "AzureServices"
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts connections from any network", targets: [
        Target("azurerm_key_vault", "network_acls.default_action", .oneOf(["Deny"])),
    ])

    public static let azureAKSNetworkPolicy = CloudAttributeRule(RuleDescription(
        id: "azure-aks-network-policy-missing",
        title: "AKS cluster does not enforce network policies",
        severity: .low,
        pattern: .lateralMovement,
        controls: [.networkSegmentation],
        mitre: ["T1210"],
        appliesTo: [.cloud],
        rationale: "Without a network policy engine (`network_profile.network_policy`: `azure`, `calico` or `cilium`), NetworkPolicy objects are accepted and ignored: every pod reaches every other pod. The engine can only be chosen when the cluster is created.",
        remediation: "Set `network_profile { network_plugin = \"azure\", network_policy = \"azure\" }` (or `calico`, `cilium`).",
        references: ["https://learn.microsoft.com/azure/aks/use-network-policies"],
        goodExamples: [
            """
            resource "azurerm_kubernetes_cluster" "main" {
              name       = "main"
              dns_prefix = "main"
              network_profile {
                network_plugin = "azure"
                network_policy = "cilium"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_kubernetes_cluster" ↓"main" {
              name       = "main"
              dns_prefix = "main"
              network_profile {
                network_plugin = "kubenet"
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "does not enforce network policies", targets: [
        Target("azurerm_kubernetes_cluster", "network_profile.network_policy", .present),
    ])

    public static let azureAKSAPIServer = CloudAttributeRule(RuleDescription(
        id: "azure-aks-api-server-unrestricted",
        title: "AKS API server is reachable from any address",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1133"],
        appliesTo: [.cloud],
        rationale: "A public AKS API server without authorised IP ranges accepts connections from the whole internet: a stolen kubeconfig or token works from anywhere, and every API server vulnerability is exposed. Private clusters are not reported.",
        remediation: "Set `api_server_access_profile { authorized_ip_ranges = [...] }` or `private_cluster_enabled = true`.",
        references: ["https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges"],
        goodExamples: [
            """
            resource "azurerm_kubernetes_cluster" "main" {
              name       = "main"
              dns_prefix = "main"
              api_server_access_profile {
                authorized_ip_ranges = ["203.0.113.0/24"]
              }
            }

            resource "azurerm_kubernetes_cluster" "private" {
              name                    = "private"
              dns_prefix              = "private"
              private_cluster_enabled = true
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_kubernetes_cluster" ↓"main" {
              name       = "main"
              dns_prefix = "main"
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts API connections from any address", targets: [
        Target("azurerm_kubernetes_cluster", "api_server_access_profile.authorized_ip_ranges", .present, when: { CloudAttributeRule.aksPublicAPI($0) }),
    ])

    /// A public API server (private cluster known off or not asked for) without the older
    /// `api_server_authorized_ip_ranges`.
    static func aksPublicAPI(_ resource: CloudResource) -> Bool {
        if resource.declares("api_server_authorized_ip_ranges") { return false }
        if resource.declares("private_cluster_enabled") { return resource.known("private_cluster_enabled")?.bool == false }
        return true
    }

    /// No IP range filter (a list, or a comma-separated string in older providers) and no
    /// virtual network filter, as far as is known.
    static func cosmosUnfiltered(_ resource: CloudResource) -> Bool {
        if resource.declares("ip_range_filter") {
            guard let ranges = resource.known("ip_range_filter")?.elements else { return false }
            if ranges.contains(where: { $0.string.map { !$0.isEmpty } ?? true }) { return false }
        }
        if resource.declares("is_virtual_network_filter_enabled") { return resource.known("is_virtual_network_filter_enabled")?.bool == false }
        return true
    }

    public static let azureCosmosPublic = CloudAttributeRule(RuleDescription(
        id: "azure-cosmosdb-public-network",
        title: "Cosmos DB account accepts connections from any network",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1530"],
        appliesTo: [.cloud],
        rationale: "An account with public network access and no IP or virtual network filter answers the whole internet: its primary keys (which never expire) are then all an attacker needs to read and write every container. An account that filters by IP range or virtual network is not reported.",
        remediation: "Set `public_network_access_enabled = false` and use private endpoints, or restrict with `ip_range_filter` and `is_virtual_network_filter_enabled = true`.",
        references: ["https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall"],
        goodExamples: [
            """
            resource "azurerm_cosmosdb_account" "orders" {
              name                          = "acme-orders"
              offer_type                    = "Standard"
              public_network_access_enabled = false
            }

            resource "azurerm_cosmosdb_account" "filtered" {
              name                              = "acme-filtered"
              offer_type                        = "Standard"
              is_virtual_network_filter_enabled = true
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_cosmosdb_account" ↓"orders" {
              name       = "acme-orders"
              offer_type = "Standard"
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts connections from any network", targets: [
        Target("azurerm_cosmosdb_account", "public_network_access_enabled", .isFalse, when: { CloudAttributeRule.cosmosUnfiltered($0) }),
    ])

    public static let azureAppFTP = CloudAttributeRule(RuleDescription(
        id: "azure-app-service-ftp-enabled",
        title: "App Service accepts plain FTP deployments",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.encryption, .secretsManagement],
        mitre: ["T1040", "T1552"],
        appliesTo: [.cloud],
        rationale: "`ftps_state = \"AllAllowed\"` accepts FTP without TLS: the deployment credentials and the application's code cross the network in the clear, and whoever captures them can replace the application.",
        remediation: "Set `site_config { ftps_state = \"Disabled\" }` (or `FtpsOnly`) and deploy through CI with federated credentials.",
        references: ["https://learn.microsoft.com/azure/app-service/deploy-ftp#enforce-ftps"],
        goodExamples: [
            """
            resource "azurerm_linux_web_app" "site" {
              name       = "acme-site"
              https_only = true
              site_config {
                ftps_state = "Disabled"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_linux_web_app" "site" {
              name       = "acme-site"
              https_only = true
              site_config {
                ftps_state = ↓"AllAllowed"
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts plain FTP", targets: azureWebApps.map { Target($0, "site_config.ftps_state", .notOneOf(["AllAllowed"])) })

    public static let azureAppOldTLS = CloudAttributeRule(RuleDescription(
        id: "azure-app-service-old-tls",
        title: "App Service accepts TLS 1.0 or 1.1",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "`minimum_tls_version` of `1.0` or `1.1` lets clients negotiate protocol versions with known attacks and weak ciphers; PCI DSS forbids them.",
        remediation: "Set `site_config { minimum_tls_version = \"1.2\" }` (the default in current providers).",
        references: ["https://learn.microsoft.com/azure/app-service/overview-tls"],
        goodExamples: [
            """
            resource "azurerm_windows_web_app" "site" {
              name       = "acme-site"
              https_only = true
              site_config {
                minimum_tls_version = "1.2"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_windows_web_app" "site" {
              name       = "acme-site"
              https_only = true
              site_config {
                minimum_tls_version = ↓"1.0"
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts obsolete TLS versions", targets: azureWebApps.flatMap {
        [Target($0, "site_config.minimum_tls_version", .notOneOf(["1.0", "1.1"])), Target($0, "site_config.min_tls_version", .notOneOf(["1.0", "1.1"]))]
    })

    public static let azureAppIdentity = CloudAttributeRule(RuleDescription(
        id: "azure-app-service-no-managed-identity",
        title: "App Service has no managed identity",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .workloadIdentityMTLS],
        mitre: ["T1552.001"],
        appliesTo: [.cloud],
        rationale: "An application without a managed identity reaches databases, storage and Key Vault with connection strings and keys kept in its settings: long-lived secrets readable by everyone who can read the configuration. A managed identity gets short-lived tokens from the platform instead.",
        remediation: "Add `identity { type = \"SystemAssigned\" }` (or a user-assigned identity) and grant it the roles it needs.",
        references: ["https://learn.microsoft.com/azure/app-service/overview-managed-identity"],
        goodExamples: [
            """
            resource "azurerm_linux_function_app" "jobs" {
              name       = "acme-jobs"
              https_only = true
              identity {
                type = "SystemAssigned"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_linux_function_app" ↓"jobs" {
              name       = "acme-jobs"
              https_only = true
            }
            """,
        ],
        input: .cloud
    ), consequence: "has no managed identity", targets: azureWebApps.map { Target($0, "identity", .present) })

    public static let azureDatabaseTLS = CloudAttributeRule(RuleDescription(
        id: "azure-database-tls-disabled",
        title: "PostgreSQL or MySQL server accepts unencrypted connections",
        severity: .high,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: """
            `ssl_enforcement_enabled = false`, a minimal TLS version below 1.2, or, on a flexible \
            server, `require_secure_transport = off` let clients connect in the clear: passwords and \
            query results are then readable on the network path.
            """,
        remediation: "Keep SSL enforcement on with `ssl_minimal_tls_version_enforced = \"TLS1_2\"`; on flexible servers leave `require_secure_transport` on.",
        references: ["https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls"],
        goodExamples: [
            """
            resource "azurerm_postgresql_server" "orders" {
              name                             = "acme-orders"
              sku_name                         = "GP_Gen5_2"
              version                          = "11"
              ssl_enforcement_enabled          = true
              ssl_minimal_tls_version_enforced = "TLS1_2"
            }

            resource "azurerm_postgresql_flexible_server_configuration" "log" {
              name      = "log_connections"
              server_id = "server"
              value     = "off"
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_mysql_server" "orders" {
              name                             = "acme-orders"
              sku_name                         = "GP_Gen5_2"
              version                          = "8.0"
              ssl_enforcement_enabled          = ↓false
              ssl_minimal_tls_version_enforced = ↓"TLSEnforcementDisabled"
            }
            """,
            """
            resource "azurerm_postgresql_flexible_server_configuration" "transport" {
              name      = "require_secure_transport"
              server_id = "server"
              value     = ↓"off"
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts unencrypted connections", targets: [
        Target("azurerm_postgresql_server", "ssl_enforcement_enabled", .notFalse),
        Target("azurerm_mysql_server", "ssl_enforcement_enabled", .notFalse),
        Target("azurerm_postgresql_server", "ssl_minimal_tls_version_enforced", .notOneOf(["TLS1_0", "TLS1_1", "TLSEnforcementDisabled"])),
        Target("azurerm_mysql_server", "ssl_minimal_tls_version_enforced", .notOneOf(["TLS1_0", "TLS1_1", "TLSEnforcementDisabled"])),
        Target("azurerm_postgresql_flexible_server_configuration", "value", .notOneOf(["off", "OFF"]), when: { $0.known("name")?.string == "require_secure_transport" }),
        Target("azurerm_mysql_flexible_server_configuration", "value", .notOneOf(["off", "OFF"]), when: { $0.known("name")?.string == "require_secure_transport" }),
    ])

    public static let azureRedisTLS = CloudAttributeRule(RuleDescription(
        id: "azure-redis-non-ssl-port",
        title: "Azure Cache for Redis accepts plaintext or old TLS",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "The non-SSL port (6379) carries the access key and every cached value in the clear; `minimum_tls_version` below 1.2 allows broken protocol versions.",
        remediation: "Set `non_ssl_port_enabled = false` (`enable_non_ssl_port` in older providers) and `minimum_tls_version = \"1.2\"`.",
        references: ["https://learn.microsoft.com/azure/azure-cache-for-redis/cache-remove-tls-10-11"],
        goodExamples: [
            """
            resource "azurerm_redis_cache" "sessions" {
              name                 = "acme-sessions"
              capacity             = 1
              family               = "C"
              sku_name             = "Standard"
              non_ssl_port_enabled = false
              minimum_tls_version  = "1.2"
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_redis_cache" "sessions" {
              name                = "acme-sessions"
              capacity            = 1
              family              = "C"
              sku_name            = "Standard"
              enable_non_ssl_port = ↓true
              minimum_tls_version = ↓"1.0"
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts insecure transport", targets: [
        Target("azurerm_redis_cache", "non_ssl_port_enabled", .notTrue), Target("azurerm_redis_cache", "enable_non_ssl_port", .notTrue),
        Target("azurerm_redis_cache", "minimum_tls_version", .notOneOf(["1.0", "1.1"])),
    ])

    public static let azureRegistryAdmin = CloudAttributeRule(RuleDescription(
        id: "azure-acr-admin-enabled",
        title: "Container registry admin user is enabled",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .secretsManagement],
        mitre: ["T1078.004", "T1525"],
        appliesTo: [.cloud],
        rationale: "The admin user is one shared user name and password with push and pull rights on every repository: it is not tied to a person, not audited per user, and whoever holds it can replace any image the clusters pull.",
        remediation: "Set `admin_enabled = false` and grant `AcrPull`/`AcrPush` to managed identities and service principals.",
        references: ["https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account"],
        goodExamples: [
            """
            resource "azurerm_container_registry" "images" {
              name          = "acmeimages"
              sku           = "Premium"
              admin_enabled = false
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_container_registry" "images" {
              name          = "acmeimages"
              sku           = "Premium"
              admin_enabled = ↓true
            }
            """,
        ],
        input: .cloud
    ), consequence: "has a shared admin user", targets: [
        Target("azurerm_container_registry", "admin_enabled", .notTrue),
    ])

    public static let azureSQLPublic = CloudAttributeRule(RuleDescription(
        id: "azure-sql-server-public-network",
        title: "Azure SQL server accepts connections from public networks",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1110"],
        appliesTo: [.cloud],
        rationale: "With public network access on (the default), the server's endpoint is on the internet and only its firewall rules and passwords protect it; one broad firewall rule makes every database guessable from anywhere.",
        remediation: "Set `public_network_access_enabled = false` and connect through private endpoints.",
        references: ["https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#deny-public-network-access"],
        goodExamples: [
            """
            resource "azurerm_mssql_server" "orders" {
              name                          = "acme-orders"
              version                       = "12.0"
              public_network_access_enabled = false
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_mssql_server" ↓"orders" {
              name    = "acme-orders"
              version = "12.0"
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts connections from public networks", targets: [
        Target("azurerm_mssql_server", "public_network_access_enabled", .isFalse),
    ])

    public static let azureStorageNetwork = CloudAttributeRule(RuleDescription(
        id: "azure-storage-network-default-allow",
        title: "Storage account accepts connections from any network",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "Unless its network rules default to `Deny`, a storage account answers the whole internet: a leaked key or SAS token works from anywhere. The rules may be declared inline (`network_rules`) or apart (`azurerm_storage_account_network_rules`); where any are declared apart, accounts are judged by those resources only, since which account they belong to may only be known at deployment.",
        remediation: "Set `network_rules { default_action = \"Deny\", bypass = [\"AzureServices\"], virtual_network_subnet_ids = [...] }` or use private endpoints.",
        references: ["https://learn.microsoft.com/azure/storage/common/storage-network-security"],
        goodExamples: [
            """
            resource "azurerm_storage_account" "data" {
              name                      = "acmedata"
              shared_access_key_enabled = false
              network_rules {
                default_action = "Deny"
                bypass         = ["AzureServices"]
              }
            }
            """,
            """
            resource "azurerm_storage_account" "data" {
              name                      = "acmedata"
              shared_access_key_enabled = false
            }

            resource "azurerm_storage_account_network_rules" "data" {
              storage_account_id = azurerm_storage_account.data.id
              default_action     = "Deny"
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_storage_account" ↓"data" {
              name                      = "acmedata"
              shared_access_key_enabled = false
            }
            """,
            """
            resource "azurerm_storage_account" "data" {
              name                      = "acmedata"
              shared_access_key_enabled = false
            }

            resource "azurerm_storage_account_network_rules" "data" {
              storage_account_id = azurerm_storage_account.data.id
              default_action     = ↓"Allow"
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts connections from any network", targets: [
        Target("azurerm_storage_account", "network_rules.default_action", .oneOf(["Deny"]), unlessDeclared: ["azurerm_storage_account_network_rules"]),
        Target("azurerm_storage_account_network_rules", "default_action", .oneOf(["Deny"])),
    ])

    public static let azureDefenderFree = CloudAttributeRule(RuleDescription(
        id: "azure-defender-free-tier",
        title: "Microsoft Defender for Cloud plan is on the free tier",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.001"],
        appliesTo: [.cloud],
        rationale: "On the `Free` tier a Defender plan gives posture recommendations only: no threat detection for the servers, databases, storage or containers it names, so attacks on them raise no alert.",
        remediation: "Set `tier = \"Standard\"` for the plans of the resource types the subscription runs.",
        references: ["https://learn.microsoft.com/azure/defender-for-cloud/enable-enhanced-security"],
        goodExamples: [
            """
            resource "azurerm_security_center_subscription_pricing" "servers" {
              tier          = "Standard"
              resource_type = "VirtualMachines"
            }
            """,
        ],
        badExamples: [
            """
            resource "azurerm_security_center_subscription_pricing" "servers" {
              tier          = ↓"Free"
              resource_type = "VirtualMachines"
            }
            """,
        ],
        input: .cloud
    ), consequence: "gives no threat detection", targets: [
        Target("azurerm_security_center_subscription_pricing", "tier", .oneOf(["Standard"])),
    ])
}

import PalisadeCore

// Google Cloud compute, GKE, SQL, DNS and network settings, as instances of the attribute template.
extension CloudAttributeRule {
    static let gcpFalse: Set<String> = ["FALSE", "false", "False"]
    static let gcpTrue: Set<String> = ["TRUE", "true", "True"]

    public static let gcpOSLoginDisabled = CloudAttributeRule(RuleDescription(
        id: "gcp-compute-os-login-disabled",
        title: "OS Login is switched off for instances",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .secretsManagement],
        mitre: ["T1098.004", "T1078.004"],
        appliesTo: [.cloud],
        rationale: "With `enable-oslogin = FALSE`, SSH access is granted by keys pasted into metadata: they never expire, are not tied to an IAM identity, survive the departure of their owner and are not audited. OS Login grants SSH through IAM roles (and can require 2-step verification).",
        remediation: "Remove `enable-oslogin = \"FALSE\"` and set it to `\"TRUE\"` in project metadata.",
        references: ["https://cloud.google.com/compute/docs/oslogin"],
        goodExamples: [
            """
            resource "google_compute_project_metadata" "default" {
              metadata = {
                enable-oslogin = "TRUE"
              }
            }

            resource "google_compute_instance" "app" {
              name         = "app"
              machine_type = "e2-small"
            }
            """,
        ],
        badExamples: [
            """
            resource "google_compute_instance" "app" {
              name         = "app"
              machine_type = "e2-small"
              metadata = {
                enable-oslogin = ↓"FALSE"
              }
            }
            """,
            """
            resource "google_compute_project_metadata" "default" {
              metadata = {
                enable-oslogin = ↓false
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "switches OS Login off", targets: [
        Target("google_compute_instance", "metadata.enable-oslogin", .notOneOf(Self.gcpFalse)),
        Target("google_compute_instance_template", "metadata.enable-oslogin", .notOneOf(Self.gcpFalse)),
        Target("google_compute_project_metadata", "metadata.enable-oslogin", .notOneOf(Self.gcpFalse)),
    ])

    public static let gcpProjectSSHKeys = CloudAttributeRule(RuleDescription(
        id: "gcp-compute-project-ssh-keys-allowed",
        title: "Instance accepts project-wide SSH keys",
        severity: .low,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1098.004", "T1021.004"],
        appliesTo: [.cloud],
        rationale: "A key in project metadata opens SSH to every instance of the project that does not block project-wide keys: one leaked key is then a way into all of them. Not reported where the instance turns OS Login on, which ignores metadata keys.",
        remediation: "Set `block-project-ssh-keys = true` in the instance's metadata, or use OS Login.",
        references: ["https://cloud.google.com/compute/docs/connect/restrict-ssh-keys#block-keys"],
        goodExamples: [
            """
            resource "google_compute_instance" "app" {
              name         = "app"
              machine_type = "e2-small"
              metadata = {
                block-project-ssh-keys = true
              }
            }

            resource "google_compute_instance" "worker" {
              name         = "worker"
              machine_type = "e2-small"
              metadata = {
                enable-oslogin = "TRUE"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_compute_instance" ↓"app" {
              name         = "app"
              machine_type = "e2-small"
            }
            """,
            """
            resource "google_compute_instance_template" "app" {
              machine_type = "e2-small"
              metadata = {
                block-project-ssh-keys = ↓"FALSE"
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts project-wide SSH keys", targets: [
        Target("google_compute_instance", "metadata.block-project-ssh-keys", .oneOf(Self.gcpTrue), when: { !CloudAttributeRule.gcpOSLogin($0) }),
        Target("google_compute_instance_template", "metadata.block-project-ssh-keys", .oneOf(Self.gcpTrue), when: { !CloudAttributeRule.gcpOSLogin($0) }),
    ])

    /// The instance turns OS Login on in its own metadata (or it is not known).
    static func gcpOSLogin(_ resource: CloudResource) -> Bool {
        guard resource.declares("metadata.enable-oslogin") else { return false }
        guard let value = resource.known("metadata.enable-oslogin")?.string else { return true }
        return gcpTrue.contains(value)
    }

    public static let gcpSQLSSL = CloudAttributeRule(RuleDescription(
        id: "gcp-sql-ssl-not-required",
        title: "Cloud SQL instance accepts unencrypted connections",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "Unless `ssl_mode` is `ENCRYPTED_ONLY` or `TRUSTED_CLIENT_CERTIFICATE_REQUIRED` (or the older `require_ssl = true`), clients may connect in the clear and send credentials and query results readable on the path.",
        remediation: "Set `settings { ip_configuration { ssl_mode = \"ENCRYPTED_ONLY\" } }`.",
        references: ["https://cloud.google.com/sql/docs/postgres/configure-ssl-instance"],
        goodExamples: [
            """
            resource "google_sql_database_instance" "orders" {
              database_version = "POSTGRES_16"
              settings {
                tier = "db-custom-2-7680"
                ip_configuration {
                  ipv4_enabled = false
                  ssl_mode     = "ENCRYPTED_ONLY"
                }
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_sql_database_instance" "orders" {
              database_version = "POSTGRES_16"
              settings {
                tier = "db-custom-2-7680"
                ip_configuration {
                  ipv4_enabled = false
                  ssl_mode     = ↓"ALLOW_UNENCRYPTED_AND_ENCRYPTED"
                }
              }
            }
            """,
            """
            resource "google_sql_database_instance" ↓"orders" {
              database_version = "MYSQL_8_0"
              settings {
                tier = "db-custom-2-7680"
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "accepts unencrypted connections", targets: [
        Target("google_sql_database_instance", "settings.ip_configuration.ssl_mode", .oneOf(["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"]),
               when: { !$0.declares("settings.ip_configuration.require_ssl") || $0.known("settings.ip_configuration.require_ssl")?.bool == false }),
    ])

    public static let gkePrivateNodes = CloudAttributeRule(RuleDescription(
        id: "gcp-gke-private-nodes-disabled",
        title: "GKE nodes have public IP addresses",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1133", "T1190"],
        appliesTo: [.cloud],
        rationale: "Without private nodes every node gets an external address: the kubelet, node ports and any host port are one firewall rule away from the internet, and the nodes reach it directly for egress.",
        remediation: "Set `private_cluster_config { enable_private_nodes = true }` and give egress through Cloud NAT.",
        references: ["https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters"],
        goodExamples: [
            """
            resource "google_container_cluster" "main" {
              name     = "main"
              location = "europe-west1"
              private_cluster_config {
                enable_private_nodes    = true
                enable_private_endpoint = false
                master_ipv4_cidr_block  = "172.16.0.0/28"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_container_cluster" ↓"main" {
              name     = "main"
              location = "europe-west1"
            }
            """,
        ],
        input: .cloud
    ), consequence: "gives its nodes public addresses", targets: [
        Target("google_container_cluster", "private_cluster_config.enable_private_nodes", .isTrue),
    ])

    public static let gkeNetworkPolicy = CloudAttributeRule(RuleDescription(
        id: "gcp-gke-network-policy-disabled",
        title: "GKE cluster does not enforce network policies",
        severity: .low,
        pattern: .lateralMovement,
        controls: [.networkSegmentation],
        mitre: ["T1210"],
        appliesTo: [.cloud],
        rationale: "Without network policy enforcement, NetworkPolicy objects are accepted and ignored: every pod reaches every other pod, and a compromised workload moves freely. Dataplane V2 (`datapath_provider = \"ADVANCED_DATAPATH\"`) and Autopilot enforce policies without the add-on and are not reported.",
        remediation: "Set `network_policy { enabled = true }` (with the `network_policy_config` add-on), or create the cluster with Dataplane V2.",
        references: ["https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy"],
        goodExamples: [
            """
            resource "google_container_cluster" "main" {
              name     = "main"
              location = "europe-west1"
              network_policy {
                enabled = true
              }
            }

            resource "google_container_cluster" "v2" {
              name              = "v2"
              location          = "europe-west1"
              datapath_provider = "ADVANCED_DATAPATH"
            }
            """,
        ],
        badExamples: [
            """
            resource "google_container_cluster" ↓"main" {
              name     = "main"
              location = "europe-west1"
            }
            """,
        ],
        input: .cloud
    ), consequence: "does not enforce network policies", targets: [
        Target("google_container_cluster", "network_policy.enabled", .isTrue, when: { !$0.declares("datapath_provider") && CloudAttributeRule.gkeStandard($0) }),
    ])

    /// A Standard cluster (Autopilot known off or not asked for).
    static func gkeStandard(_ resource: CloudResource) -> Bool {
        !resource.declares("enable_autopilot") || resource.known("enable_autopilot")?.bool == false
    }

    public static let gkeLegacyMetadata = CloudAttributeRule(RuleDescription(
        id: "gcp-gke-legacy-metadata-endpoints",
        title: "GKE nodes serve the legacy metadata endpoints",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.workloadIdentityMTLS],
        mitre: ["T1552.005"],
        appliesTo: [.cloud],
        rationale: "`disable-legacy-endpoints = false` re-opens the v0.1 and v1beta1 metadata endpoints, which answer without the `Metadata-Flavor` header: a server-side request forgery in any pod then reads the node's service account token and kubelet credentials.",
        remediation: "Remove `disable-legacy-endpoints = \"false\"` from `node_config.metadata` (the default disables them) and use Workload Identity.",
        references: ["https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata"],
        goodExamples: [
            """
            resource "google_container_node_pool" "default" {
              name    = "default"
              cluster = "main"
              node_config {
                machine_type = "e2-standard-4"
                metadata = {
                  disable-legacy-endpoints = "true"
                }
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_container_node_pool" "default" {
              name    = "default"
              cluster = "main"
              node_config {
                machine_type = "e2-standard-4"
                metadata = {
                  disable-legacy-endpoints = ↓"false"
                }
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "serves the legacy metadata endpoints", targets: [
        Target("google_container_cluster", "node_config.metadata.disable-legacy-endpoints", .notOneOf(Self.gcpFalse)),
        Target("google_container_node_pool", "node_config.metadata.disable-legacy-endpoints", .notOneOf(Self.gcpFalse)),
    ])

    public static let gkeShieldedNodes = CloudAttributeRule(RuleDescription(
        id: "gcp-gke-shielded-nodes-disabled",
        title: "GKE shielded nodes are switched off",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .workloadIdentityMTLS],
        mitre: ["T1542", "T1552.005"],
        appliesTo: [.cloud],
        rationale: "Shielded nodes prove their identity to the control plane with a TPM-backed certificate; without them, an attacker who steals a node's bootstrap credentials from the metadata server can impersonate a node and read the Secrets of every pod scheduled there.",
        remediation: "Remove `enable_shielded_nodes = false` (the default is on).",
        references: ["https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes"],
        goodExamples: [
            """
            resource "google_container_cluster" "main" {
              name                  = "main"
              location              = "europe-west1"
              enable_shielded_nodes = true
            }
            """,
        ],
        badExamples: [
            """
            resource "google_container_cluster" "main" {
              name                  = "main"
              location              = "europe-west1"
              enable_shielded_nodes = ↓false
            }
            """,
        ],
        input: .cloud
    ), consequence: "does not use shielded nodes", targets: [
        Target("google_container_cluster", "enable_shielded_nodes", .notFalse),
    ])

    public static let gkeWorkloadIdentity = CloudAttributeRule(RuleDescription(
        id: "gcp-gke-workload-identity-disabled",
        title: "GKE cluster does not use Workload Identity",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.workloadIdentityMTLS, .leastPrivilegeIdentity],
        mitre: ["T1552.005", "T1078.004"],
        appliesTo: [.cloud],
        rationale: "Without Workload Identity every pod that reaches the metadata server acts as the node's service account, so all workloads share one identity (often the broad default compute account) and one compromised pod has the rights of all. Autopilot clusters always use it.",
        remediation: "Set `workload_identity_config { workload_pool = \"<project>.svc.id.goog\" }` and bind Kubernetes service accounts to Google service accounts.",
        references: ["https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity"],
        goodExamples: [
            """
            resource "google_container_cluster" "main" {
              name     = "main"
              location = "europe-west1"
              workload_identity_config {
                workload_pool = "acme-prod.svc.id.goog"
              }
            }

            resource "google_container_cluster" "autopilot" {
              name             = "autopilot"
              location         = "europe-west1"
              enable_autopilot = true
            }
            """,
        ],
        badExamples: [
            """
            resource "google_container_cluster" ↓"main" {
              name     = "main"
              location = "europe-west1"
            }
            """,
        ],
        input: .cloud
    ), consequence: "lets pods act as the node's service account", targets: [
        Target("google_container_cluster", "workload_identity_config.workload_pool", .present, when: { CloudAttributeRule.gkeStandard($0) }),
    ])

    public static let gkeClientCertificate = CloudAttributeRule(RuleDescription(
        id: "gcp-gke-client-certificate-enabled",
        title: "GKE issues a client certificate for cluster access",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .secretsManagement],
        mitre: ["T1078.001", "T1552"],
        appliesTo: [.cloud],
        rationale: "`issue_client_certificate = true` creates a long-lived certificate with cluster-admin-level rights that cannot be revoked short of rotating the cluster's CA; it lands in the Terraform state and in whoever's kubeconfig.",
        remediation: "Set `master_auth { client_certificate_config { issue_client_certificate = false } }` and authenticate through Google identities.",
        references: ["https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication#legacy-auth"],
        goodExamples: [
            """
            resource "google_container_cluster" "main" {
              name     = "main"
              location = "europe-west1"
              master_auth {
                client_certificate_config {
                  issue_client_certificate = false
                }
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_container_cluster" "main" {
              name     = "main"
              location = "europe-west1"
              master_auth {
                client_certificate_config {
                  issue_client_certificate = ↓true
                }
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "issues a long-lived client certificate", targets: [
        Target("google_container_cluster", "master_auth.client_certificate_config.issue_client_certificate", .notTrue),
    ])

    public static let gcpIPForwarding = CloudAttributeRule(RuleDescription(
        id: "gcp-compute-ip-forwarding",
        title: "Instance may forward packets for other addresses",
        severity: .low,
        pattern: .lateralMovement,
        controls: [.networkSegmentation],
        mitre: ["T1599", "T1090"],
        appliesTo: [.cloud],
        rationale: "`can_ip_forward = true` lets the instance send and receive packets whose addresses are not its own: a compromised instance becomes a router that bypasses the VPC's firewall rules and routes. Only NAT and appliance instances need it.",
        remediation: "Remove `can_ip_forward = true` unless the instance is a network appliance.",
        references: ["https://cloud.google.com/vpc/docs/using-routes#canipforward"],
        goodExamples: [
            """
            resource "google_compute_instance" "app" {
              name           = "app"
              machine_type   = "e2-small"
              can_ip_forward = false
            }
            """,
        ],
        badExamples: [
            """
            resource "google_compute_instance" "app" {
              name           = "app"
              machine_type   = "e2-small"
              can_ip_forward = ↓true
            }
            """,
        ],
        input: .cloud
    ), consequence: "may forward packets for other addresses", targets: [
        Target("google_compute_instance", "can_ip_forward", .notTrue), Target("google_compute_instance_template", "can_ip_forward", .notTrue),
    ])

    public static let gcpShieldedVM = CloudAttributeRule(RuleDescription(
        id: "gcp-compute-shielded-vm-disabled",
        title: "Instance runs without Shielded VM integrity protection",
        severity: .low,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads],
        mitre: ["T1542"],
        appliesTo: [.cloud],
        rationale: "The virtual TPM and integrity monitoring of Shielded VM detect boot-level and kernel-level rootkits; `enable_vtpm = false` or `enable_integrity_monitoring = false` turns that detection off.",
        remediation: "Remove the `false` settings from `shielded_instance_config` (both default to on) and use a Shielded VM image.",
        references: ["https://cloud.google.com/compute/shielded-vm/docs/shielded-vm"],
        goodExamples: [
            """
            resource "google_compute_instance" "app" {
              name         = "app"
              machine_type = "e2-small"
              shielded_instance_config {
                enable_secure_boot = true
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_compute_instance" "app" {
              name         = "app"
              machine_type = "e2-small"
              shielded_instance_config {
                enable_vtpm                 = ↓false
                enable_integrity_monitoring = ↓false
              }
            }
            """,
        ],
        input: .cloud
    ), consequence: "runs without Shielded VM integrity protection", targets: [
        Target("google_compute_instance", "shielded_instance_config.enable_vtpm", .notFalse),
        Target("google_compute_instance", "shielded_instance_config.enable_integrity_monitoring", .notFalse),
        Target("google_compute_instance_template", "shielded_instance_config.enable_vtpm", .notFalse),
        Target("google_compute_instance_template", "shielded_instance_config.enable_integrity_monitoring", .notFalse),
    ])

    public static let gcpDNSSEC = CloudAttributeRule(RuleDescription(
        id: "gcp-dns-dnssec-disabled",
        title: "Public Cloud DNS zone is not signed with DNSSEC",
        severity: .low,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1557", "T1584.002"],
        appliesTo: [.cloud],
        rationale: "Without DNSSEC, resolvers cannot tell the zone's real answers from forged ones: cache poisoning and on-path attackers send users and mail to addresses of their choosing. Private zones are not reported.",
        remediation: "Set `dnssec_config { state = \"on\" }` and publish the DS record at the registrar.",
        references: ["https://cloud.google.com/dns/docs/dnssec-config"],
        goodExamples: [
            """
            resource "google_dns_managed_zone" "public" {
              name     = "public"
              dns_name = "example.com."
              dnssec_config {
                state = "on"
              }
            }

            resource "google_dns_managed_zone" "internal" {
              name       = "internal"
              dns_name   = "internal.example.com."
              visibility = "private"
            }
            """,
        ],
        badExamples: [
            """
            resource "google_dns_managed_zone" ↓"public" {
              name     = "public"
              dns_name = "example.com."
            }
            """,
        ],
        input: .cloud
    ), consequence: "is not signed with DNSSEC", targets: [
        Target("google_dns_managed_zone", "dnssec_config.state", .oneOf(["on", "transfer"]), when: { !$0.declares("visibility") || $0.known("visibility")?.string == "public" }),
    ])

    public static let gcpSubnetFlowLogs = CloudAttributeRule(RuleDescription(
        id: "gcp-subnet-flow-logs-disabled",
        title: "VPC subnet records no flow logs",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008"],
        appliesTo: [.cloud],
        rationale: "Without VPC flow logs nothing records which addresses talked to which: exfiltration, scanning and command-and-control traffic from a compromised instance leave no trace. Proxy-only subnets, which cannot log, are not reported.",
        remediation: "Add `log_config { aggregation_interval = \"INTERVAL_5_SEC\", flow_sampling = 0.5, metadata = \"INCLUDE_ALL_METADATA\" }`.",
        references: ["https://cloud.google.com/vpc/docs/using-flow-logs"],
        goodExamples: [
            """
            resource "google_compute_subnetwork" "app" {
              name          = "app"
              network       = "main"
              ip_cidr_range = "10.0.0.0/20"
              log_config {
                aggregation_interval = "INTERVAL_5_SEC"
                flow_sampling        = 0.5
              }
            }

            resource "google_compute_subnetwork" "proxy" {
              name          = "proxy"
              network       = "main"
              ip_cidr_range = "10.1.0.0/23"
              purpose       = "REGIONAL_MANAGED_PROXY"
              role          = "ACTIVE"
            }
            """,
        ],
        badExamples: [
            """
            resource "google_compute_subnetwork" ↓"app" {
              name          = "app"
              network       = "main"
              ip_cidr_range = "10.0.0.0/20"
            }
            """,
        ],
        input: .cloud
    ), consequence: "records no flow logs", targets: [
        Target("google_compute_subnetwork", "log_config", .present, when: { !$0.declares("purpose") || $0.known("purpose")?.string == "PRIVATE" }),
    ])

    public static let gcpDefaultNetwork = CloudAttributeRule(RuleDescription(
        id: "gcp-project-default-network",
        title: "Project is created with the default network",
        severity: .low,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1133", "T1021.004"],
        appliesTo: [.cloud],
        rationale: "A new project gets the `default` network unless `auto_create_network = false`: a subnet in every region and firewall rules that allow SSH and RDP from anywhere and all traffic inside, a network nobody designed.",
        remediation: "Set `auto_create_network = false` and create the networks the project needs.",
        references: ["https://cloud.google.com/vpc/docs/vpc#default-network"],
        goodExamples: [
            """
            resource "google_project" "app" {
              name                = "app"
              project_id          = "acme-app"
              auto_create_network = false
            }
            """,
        ],
        badExamples: [
            """
            resource "google_project" ↓"app" {
              name       = "app"
              project_id = "acme-app"
            }
            """,
        ],
        input: .cloud
    ), consequence: "gets the default network with its open firewall rules", targets: [
        Target("google_project", "auto_create_network", .isFalse),
    ])
}

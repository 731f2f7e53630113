import PalisadeCore

/// Instances and GKE nodes that run as the project's default compute service account.
public struct GCPDefaultServiceAccount: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "gcp-compute-default-service-account",
        title: "Instance or GKE nodes run as the default compute service account",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .workloadIdentityMTLS],
        mitre: ["T1078.004", "T1552.005"],
        appliesTo: [.cloud],
        rationale: """
            The default compute service account (`...-compute@developer.gserviceaccount.com`) has \
            the Editor role on the project in most organisations: any process on the instance, or any \
            pod on a GKE node, reads its token from the metadata server and can change almost \
            everything. With the `cloud-platform` scope nothing limits it further (reported as high). \
            A `service_account` block without `email` means the default account; GKE node pools \
            without `node_config.service_account` use it too.
            """,
        remediation: "Create a dedicated service account with only the roles the workload needs and set `service_account { email = ... }` (GKE: `node_config { service_account = ... }`).",
        references: ["https://cloud.google.com/compute/docs/access/service-accounts#default_service_account", "https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa"],
        goodExamples: [
            """
            resource "google_compute_instance" "app" {
              name         = "app"
              machine_type = "e2-small"
              service_account {
                email  = "app@acme-prod.iam.gserviceaccount.com"
                scopes = ["cloud-platform"]
              }
            }

            resource "google_container_node_pool" "default" {
              name    = "default"
              cluster = "main"
              node_config {
                machine_type    = "e2-standard-4"
                service_account = "gke-nodes@acme-prod.iam.gserviceaccount.com"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_compute_instance" "app" {
              name         = "app"
              machine_type = "e2-small"
              ↓service_account {
                scopes = ["cloud-platform"]
              }
            }
            """,
            """
            resource "google_compute_instance_template" "app" {
              machine_type = "e2-small"
              service_account {
                email  = ↓"123456789012-compute@developer.gserviceaccount.com"
                scopes = ["logging-write"]
              }
            }

            resource "google_container_node_pool" "default" {
              name    = "default"
              cluster = "main"
              ↓node_config {
                machine_type = "e2-standard-4"
              }
            }
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "google_compute_instance", "google_compute_instance_template", "google_container_node_pool", "google_container_cluster") })

    static func isDefault(_ email: String) -> Bool { email.hasSuffix("-compute@developer.gserviceaccount.com") }

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources {
            switch resource.type {
            case "google_compute_instance", "google_compute_instance_template":
                guard let account = resource.attributes.blocks("service_account").first else { continue }
                let email = account["email"].flatMap { $0.isNull ? nil : $0 }
                if let email, !(email.isKnown && email.string.map(Self.isDefault) == true) { continue }
                let broad = (account["scopes"]?.list ?? []).contains { ["cloud-platform", "https://www.googleapis.com/auth/cloud-platform"].contains($0.string ?? "") }
                report.report(resource, at: email?.site ?? account.site, path: "service_account",
                              message: "\(resource.address) runs as the default compute service account\(broad ? " with the cloud-platform scope" : "")",
                              severity: broad ? .high : nil)
            case "google_container_node_pool", "google_container_cluster":
                if resource.type == "google_container_cluster" && resource.known("remove_default_node_pool")?.bool != false && resource.declares("remove_default_node_pool") { continue }
                guard let node = resource.attributes.blocks("node_config").first else { continue }
                let email = node["service_account"].flatMap { $0.isNull ? nil : $0 }
                if let email, !(email.isKnown && email.string.map(Self.isDefault) == true) { continue }
                report.report(resource, at: email?.site ?? node.site, path: "node_config.service_account",
                              message: "nodes of \(resource.address) run as the default compute service account")
            default: continue
            }
        }
    }
}

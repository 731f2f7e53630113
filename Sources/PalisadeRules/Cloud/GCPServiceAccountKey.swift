import PalisadeCore

public struct GCPServiceAccountKey: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "gcp-service-account-key",
        title: "User-managed service account key is created",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1552.001"],
        appliesTo: [.cloud],
        rationale: """
            A `google_service_account_key` is a private key that is valid for ten years by default, \
            lands in the Terraform state and is copied wherever it is used; Google recommends \
            avoiding them. Workload identity federation and attached service accounts need no key.
            """,
        remediation: "Use workload identity federation (GitHub, AWS, Kubernetes) or an attached service account, and set the `iam.disableServiceAccountKeyCreation` organisation policy.",
        references: ["https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys"],
        goodExamples: [
            """
            resource "google_service_account" "app" {
              account_id = "app"
            }
            """,
        ],
        badExamples: [
            """
            resource "google_service_account" "app" {
              account_id = "app"
            }

            resource "google_service_account_key" ↓"app" {
              service_account_id = google_service_account.app.name
            }
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.identities.count { $0.kind == .serviceAccount } + $0.accessKeys.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for key in model.accessKeys where key.resource.provider == .google {
            report.reportMissing(key.resource, path: "", message: "\(key.resource.address) creates a long-lived service account key\(key.owner.map { " for \($0)" } ?? "")")
        }
    }
}

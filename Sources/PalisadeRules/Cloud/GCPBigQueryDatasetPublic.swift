import PalisadeCore

/// BigQuery datasets whose access list (inline `access` blocks or `google_bigquery_dataset_access`)
/// admits everyone. IAM members on datasets are judged by `gcp-iam-public-member`.
public struct GCPBigQueryDatasetPublic: CloudRule {
    public init() {}

    static let everyone: Set<String> = ["allUsers", "allAuthenticatedUsers"]

    public let description = RuleDescription(
        id: "gcp-bigquery-dataset-public",
        title: "BigQuery dataset is readable by everyone",
        severity: .high,
        pattern: .exposure,
        controls: [.leastPrivilegeIdentity, .networkSegmentation],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "An access entry for `allUsers` (anyone on the internet) or the special group `allAuthenticatedUsers` (anyone with a Google account) lets them query every table of the dataset; public datasets are found and exported by scanners within days.",
        remediation: "Remove the entry and grant access to named groups, users or service accounts (`group_by_email`, `user_by_email`) or to authorised views.",
        references: ["https://cloud.google.com/bigquery/docs/control-access-to-resources-iam#public_access"],
        goodExamples: [
            """
            resource "google_bigquery_dataset" "sales" {
              dataset_id = "sales"
              access {
                role           = "READER"
                group_by_email = "analysts@example.com"
              }
              access {
                role          = "OWNER"
                special_group = "projectOwners"
              }
            }
            """,
        ],
        badExamples: [
            """
            resource "google_bigquery_dataset" "sales" {
              dataset_id = "sales"
              access {
                role          = "READER"
                special_group = ↓"allAuthenticatedUsers"
              }
            }

            resource "google_bigquery_dataset_access" "public" {
              dataset_id = google_bigquery_dataset.sales.dataset_id
              role       = "READER"
              iam_member = ↓"allUsers"
            }
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "google_bigquery_dataset", "google_bigquery_dataset_access") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources {
            let entries: [CloudValue]
            switch resource.type {
            case "google_bigquery_dataset": entries = resource.attributes.blocks("access")
            case "google_bigquery_dataset_access": entries = [resource.attributes]
            default: continue
            }
            for entry in entries {
                for key in ["special_group", "iam_member"] {
                    guard let value = entry[key], value.isKnown, let who = value.string, Self.everyone.contains(who) else { continue }
                    report.report(resource, at: value.site, path: "access[\(who)]", message: "dataset \(resource.address) is readable by \(who)")
                }
            }
        }
    }
}

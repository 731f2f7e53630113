import PalisadeCore

/// Redshift clusters without audit logging, inline (`logging`, `LoggingProperties`) or in the
/// provider v5 split resource `aws_redshift_logging`.
public struct AWSRedshiftAuditLoggingDisabled: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-redshift-audit-logging-disabled",
        title: "Redshift cluster writes no audit logs",
        severity: .medium,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008", "T1530"],
        appliesTo: [.cloud],
        rationale: """
            Without audit logging nothing records who connected to the warehouse and which queries \
            they ran: bulk exports of customer data leave no trace. Logging may be inline (older \
            providers' `logging { enable = true }`) or a separate `aws_redshift_logging`; when one's \
            cluster is unknown, no cluster is judged.
            """,
        remediation: "Add `aws_redshift_logging` with `log_destination_type = \"cloudwatch\"` (or an S3 bucket) for the cluster (CloudFormation: `LoggingProperties`).",
        references: ["https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html"],
        goodExamples: [
            """
            resource "aws_redshift_cluster" "dw" {
              cluster_identifier = "dw"
              node_type          = "ra3.xlplus"
              encrypted          = true
            }

            resource "aws_redshift_logging" "dw" {
              cluster_identifier   = aws_redshift_cluster.dw.id
              log_destination_type = "cloudwatch"
              log_exports          = ["connectionlog", "userlog", "useractivitylog"]
            }
            """,
            """
            Resources:
              Warehouse:
                Type: AWS::Redshift::Cluster
                Properties:
                  NodeType: ra3.xlplus
                  Encrypted: true
                  LoggingProperties:
                    LogDestinationType: cloudwatch
                    LogExports: [connectionlog, userlog, useractivitylog]
            """,
        ],
        badExamples: [
            """
            resource "aws_redshift_cluster" ↓"dw" {
              cluster_identifier = "dw"
              node_type          = "ra3.xlplus"
              encrypted          = true
            }
            """,
            """
            resource "aws_redshift_cluster" "dw" {
              cluster_identifier = "dw"
              node_type          = "ra3.xlplus"
              encrypted          = true
              logging {
                enable = ↓false
              }
            }
            """,
            """
            Resources:
              ↓Warehouse:
                Type: AWS::Redshift::Cluster
                Properties:
                  NodeType: ra3.xlplus
                  Encrypted: true
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_redshift_cluster", "AWS::Redshift::Cluster") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        let loggings = model.resources.filter { $0.type == "aws_redshift_logging" }.map { $0["cluster_identifier"] }
        if loggings.contains(where: { CloudJoin.keys($0).isEmpty }) { return }
        for cluster in model.resources {
            switch cluster.type {
            case "aws_redshift_cluster":
                if loggings.contains(where: { CloudJoin.points($0, at: cluster, names: CloudJoin.names(cluster, "cluster_identifier")) }) { continue }
                if let enable = cluster.attributes.blocks("logging").first?["enable"], !enable.isNull {
                    guard enable.isKnown, enable.bool == false else { continue }
                    report.report(cluster, at: enable.site, path: "logging.enable", message: "Redshift cluster \(cluster.address) writes no audit logs")
                } else {
                    report.reportMissing(cluster, path: "logging", message: "Redshift cluster \(cluster.address) writes no audit logs")
                }
            case "AWS::Redshift::Cluster":
                guard !cluster.declares("LoggingProperties") else { continue }
                report.reportMissing(cluster, path: "LoggingProperties", message: "Redshift cluster \(cluster.address) writes no audit logs")
            default: continue
            }
        }
    }
}

import PalisadeCore

public struct CloudDatabaseNoBackups: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-database-no-backups",
        title: "Database keeps no automated backups",
        severity: .medium,
        pattern: .availability,
        controls: [.resilience],
        mitre: ["T1485", "T1490"],
        appliesTo: [.cloud],
        rationale: """
            `backup_retention_period = 0` switches off automated backups and point-in-time recovery: \
            a dropped table, a ransomware encryption or a deleted instance cannot be undone. The \
            default (1 day for RDS created through the API, 7 in the console) is not reported.
            """,
        remediation: "Keep automated backups (`backup_retention_period`, CloudFormation `BackupRetentionPeriod`, of 7 days or more) and copy snapshots to another account or region.",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html"],
        goodExamples: [
            """
            resource "aws_db_instance" "orders" {
              engine                  = "postgres"
              storage_encrypted       = true
              backup_retention_period = 14
            }
            """,
            """
            Resources:
              Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 7
            """,
        ],
        badExamples: [
            """
            resource "aws_db_instance" "orders" {
              engine                  = "postgres"
              storage_encrypted       = true
              backup_retention_period = ↓0
            }
            """,
            """
            Resources:
              Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: ↓0
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.databases.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for database in model.databases {
            guard let days = database.backupRetentionDays, days.value == 0 else { continue }
            report.report(days, path: "backup_retention_period", message: "database \(database.resource.address) keeps no automated backups")
        }
    }
}

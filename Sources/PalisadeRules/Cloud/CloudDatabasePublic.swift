import PalisadeCore

public struct CloudDatabasePublic: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-database-public",
        title: "Database is reachable from the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1530"],
        appliesTo: [.cloud],
        rationale: """
            `publicly_accessible = true` gives an RDS instance a public address; a Cloud SQL instance \
            with a public IPv4 address is the same. Only the security group or authorised networks then \
            stand between the internet and the database's login, and those are often wider than meant.
            """,
        remediation: "Set `publicly_accessible = false` (CloudFormation: `PubliclyAccessible: false`; Cloud SQL: `ipv4_enabled = false` with private IP) and reach the database through the VPC.",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding"],
        goodExamples: [
            """
            resource "aws_db_instance" "orders" {
              engine              = "postgres"
              instance_class      = "db.t3.micro"
              publicly_accessible = false
              storage_encrypted   = true
            }
            """,
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Public:
                Type: String
                AllowedValues: ["true", "false"]
            Resources:
              Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  PubliclyAccessible: false
              Reporting:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  PubliclyAccessible: !Ref Public
            """,
        ],
        badExamples: [
            """
            resource "aws_db_instance" "orders" {
              engine              = "postgres"
              instance_class      = "db.t3.micro"
              publicly_accessible = ↓true
            }
            """,
            """
            Resources:
              Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  PubliclyAccessible: ↓true
            """,
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Stage:
                Type: String
                Default: demo
            Conditions:
              IsDemo: !Equals [!Ref Stage, demo]
            Resources:
              Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: mysql
                  PubliclyAccessible: !If [IsDemo, ↓true, false]
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.databases.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for database in model.databases {
            guard let flag = database.publiclyAccessible, flag.value else { continue }
            report.report(flag, path: "publicly_accessible", message: "database \(database.resource.address) has a public address")
        }
    }
}

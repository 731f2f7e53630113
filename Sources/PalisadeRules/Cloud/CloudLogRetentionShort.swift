import PalisadeCore

public struct CloudLogRetentionShort: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-log-retention-short",
        title: "Logs are kept for less than 90 days",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1070"],
        appliesTo: [.cloud],
        rationale: """
            Breaches are found, on average, months after they start. A log group that expires its logs \
            after less than 90 days throws away the evidence before anyone looks for it (PCI DSS asks \
            for a year, three months of it at hand). No retention (never expire) is not reported.
            """,
        remediation: "Set `retention_in_days` (CloudFormation: `RetentionInDays`) to 90 or more (365 for audit logs), or export the logs to long-term storage.",
        references: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention"],
        goodExamples: [
            """
            resource "aws_cloudwatch_log_group" "api" {
              name              = "/aws/lambda/api"
              retention_in_days = 365
            }
            """,
            """
            Resources:
              Audit:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 365
              Archive:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: archive
            """,
        ],
        badExamples: [
            """
            resource "aws_cloudwatch_log_group" "api" {
              name              = "/aws/lambda/api"
              retention_in_days = ↓7
            }
            """,
            """
            Resources:
              App:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: /app/api
                  RetentionInDays: ↓30
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.logGroups.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for group in model.logGroups {
            guard let days = group.retentionDays, days.value < 90 else { continue }
            report.report(days, path: "retention_in_days", message: "log group \(group.resource.address) keeps logs for \(days.value) days only")
        }
    }
}

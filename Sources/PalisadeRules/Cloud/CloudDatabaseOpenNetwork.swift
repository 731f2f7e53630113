import PalisadeCore

/// Database-level firewalls that admit the whole internet: Cloud SQL authorised networks and
/// Azure SQL firewall rules.
public struct CloudDatabaseOpenNetwork: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-database-firewall-open",
        title: "Database firewall admits the whole internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1110"],
        appliesTo: [.cloud],
        rationale: """
            A Cloud SQL authorised network of `0.0.0.0/0`, or an Azure SQL firewall rule from \
            `0.0.0.0` to `255.255.255.255`, lets every address on the internet reach the database's \
            login. (Azure's `0.0.0.0`-`0.0.0.0` rule means Azure services, not the internet, and is \
            not reported.)
            """,
        remediation: "Admit only the ranges that need the database, or use private IP / private endpoints.",
        references: ["https://cloud.google.com/sql/docs/mysql/authorize-networks", "https://learn.microsoft.com/azure/azure-sql/database/firewall-configure"],
        goodExamples: ["resource \"azurerm_mssql_firewall_rule\" \"office\" {\n  name             = \"office\"\n  server_id        = \"sql\"\n  start_ip_address = \"203.0.113.0\"\n  end_ip_address   = \"203.0.113.255\"\n}"],
        badExamples: [
            "resource \"azurerm_mssql_firewall_rule\" \"all\" {\n  name             = \"all\"\n  server_id        = \"sql\"\n  start_ip_address = ↓\"0.0.0.0\"\n  end_ip_address   = \"255.255.255.255\"\n}",
            "resource \"google_sql_database_instance\" \"orders\" {\n  database_version    = \"POSTGRES_16\"\n  deletion_protection = true\n  settings {\n    tier = \"db-custom-2-7680\"\n    ip_configuration {\n      ipv4_enabled = true\n      authorized_networks {\n        name  = \"anywhere\"\n        value = ↓\"0.0.0.0/0\"\n      }\n    }\n  }\n}",
        ],
        input: .cloud
    ).with(scope: .cloud { $0.resources.count { $0.type.hasSuffix("firewall_rule") || $0.type == "google_sql_database_instance" } })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources {
            switch resource.type {
            case "azurerm_mssql_firewall_rule", "azurerm_sql_firewall_rule", "azurerm_postgresql_firewall_rule", "azurerm_mysql_firewall_rule",
                 "azurerm_postgresql_flexible_server_firewall_rule", "azurerm_mysql_flexible_server_firewall_rule":
                guard let start = resource["start_ip_address"], start.string == "0.0.0.0", resource["end_ip_address"]?.string == "255.255.255.255" else { continue }
                report.report(resource, at: start.site, path: "start_ip_address", message: "\(resource.address) admits every address to the database")
            case "google_sql_database_instance":
                guard let ip = resource.attributes.at("settings.ip_configuration") else { continue }
                for network in ip.blocks("authorized_networks") {
                    guard let value = network["value"], let cidr = value.string, CloudNetwork.isInternet(cidr) else { continue }
                    report.report(resource, at: value.site, path: "authorized_networks[\(cidr)]", message: "\(resource.address) authorises \(cidr) to reach the database")
                }
            default: continue
            }
        }
    }
}

import PalisadeCore

/// Firewall rules that let the whole internet reach sensitive ports. One parameterised rule, three
/// instances: remote administration, databases and caches, and every port.
public struct CloudFirewallOpenPort: CloudRule {
    public let description: RuleDescription
    /// The ports that matter and their names; empty means the rule is about all ports at once.
    let ports: [(port: Int, name: String)]

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for rule in model.firewallRules where rule.direction == .ingress && rule.allows {
            let internet = rule.internetPeers
            guard let peer = internet.first, let range = rule.ports else { continue }
            let proto = rule.proto ?? "tcp"
            guard proto == "tcp" || proto == "all" || proto == "udp" else { continue }
            let everything = range == 0...65535 || range == 1...65535
            let owner = rule.group.map { " of \($0)" } ?? ""
            if ports.isEmpty {
                guard everything else { continue }
                report.report(rule.resource, at: rule.site, path: "ingress[all]\(rule.group.map { "[\($0)]" } ?? "")",
                              message: "firewall rule\(owner) opens every port to \(peer.value)")
                continue
            }
            // A rule for all ports is reported once, by the all-ports rule.
            if everything { continue }
            let hit = ports.filter { range.contains($0.port) }
            guard !hit.isEmpty else { continue }
            let names = hit.map { "\($0.port) (\($0.name))" }.joined(separator: ", ")
            report.report(rule.resource, at: rule.site, path: "ingress[\(range.lowerBound)-\(range.upperBound)]\(rule.group.map { "[\($0)]" } ?? "")",
                          message: "firewall rule\(owner) opens \(names) to \(peer.value)")
        }
    }

    static let references = [
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://cloud.google.com/firewall/docs/firewalls",
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
    ]

    public static let admin = CloudFirewallOpenPort(description: RuleDescription(
        id: "cloud-firewall-open-admin-port",
        title: "SSH, RDP or another remote-administration port is open to the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1133", "T1021", "T1110"],
        appliesTo: [.cloud],
        rationale: """
            A security group, VPC firewall or network security group rule that admits `0.0.0.0/0` or \
            `::/0` (or Azure's `*` and `Internet`) to SSH (22), RDP (3389), Telnet (23) or WinRM \
            (5985, 5986) puts a login prompt in front of every scanner on the internet: credential \
            stuffing and exploits of the daemon follow within minutes. Rules inline in a group and \
            rules declared separately (`aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`) \
            are read alike; a port range that includes the port counts.
            """,
        remediation: "Allow administration only from known ranges (a VPN or bastion), or remove the rule and use a session manager (AWS SSM, IAP, Azure Bastion).",
        references: references,
        goodExamples: [
            """
            resource "aws_security_group" "web" {
              name = "web"
              ingress {
                from_port   = 443
                to_port     = 443
                protocol    = "tcp"
                cidr_blocks = ["0.0.0.0/0"]
              }
              ingress {
                from_port   = 22
                to_port     = 22
                protocol    = "tcp"
                cidr_blocks = ["10.0.0.0/8"]
              }
            }
            """,
            """
            Resources:
              Web:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: web
                  SecurityGroupIngress:
                    - IpProtocol: tcp
                      FromPort: 443
                      ToPort: 443
                      CidrIp: 0.0.0.0/0
                    - IpProtocol: tcp
                      FromPort: 22
                      ToPort: 22
                      CidrIp: 10.0.0.0/8
            """,
        ],
        badExamples: [
            """
            resource "aws_security_group" "bastion" {
              name = "bastion"
              ↓ingress {
                from_port   = 22
                to_port     = 22
                protocol    = "tcp"
                cidr_blocks = ["0.0.0.0/0"]
              }
            }
            """,
            """
            locals {
              anywhere = ["0.0.0.0/0"]
            }

            resource "aws_security_group" "win" {
              name = "win"
            }

            resource "aws_security_group_rule" ↓"rdp" {
              type              = "ingress"
              security_group_id = aws_security_group.win.id
              from_port         = 3000
              to_port           = 3999
              protocol          = "tcp"
              cidr_blocks       = local.anywhere
            }
            """,
            """
            resource "google_compute_firewall" "ssh" {
              name          = "allow-ssh"
              network       = "default"
              source_ranges = ["0.0.0.0/0"]
              allow {
                protocol = "tcp"
                ports    = [↓"22"]
              }
            }
            """,
            """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              AdminCidr:
                Type: String
                Default: 0.0.0.0/0
            Resources:
              Bastion:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: bastion
                  SecurityGroupIngress:
                    - ↓IpProtocol: tcp
                      FromPort: 22
                      ToPort: 22
                      CidrIp: !Ref AdminCidr
            """,
            """
            Resources:
              Windows:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: windows
              ↓Rdp:
                Type: AWS::EC2::SecurityGroupIngress
                Properties:
                  GroupId: !GetAtt Windows.GroupId
                  IpProtocol: tcp
                  FromPort: 3389
                  ToPort: 3389
                  CidrIpv6: ::/0
            """,
        ]
        , input: .cloud
    ).with(scope: .cloud { $0.firewallRules.count }), ports: [(22, "SSH"), (23, "Telnet"), (3389, "RDP"), (5985, "WinRM"), (5986, "WinRM over TLS")])

    public static let database = CloudFirewallOpenPort(description: RuleDescription(
        id: "cloud-firewall-open-database-port",
        title: "A database or cache port is open to the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1530"],
        appliesTo: [.cloud],
        rationale: """
            Databases, caches and search engines (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle \
            1521, MongoDB 27017, Redis 6379, Elasticsearch 9200, Memcached 11211, etcd 2379, Cassandra \
            9042, CouchDB 5984) reachable from `0.0.0.0/0` are found by internet-wide scans and raided \
            for data or ransomed; several of them ship without authentication.
            """,
        remediation: "Admit only the application's security group or private ranges; reach the database from outside through a bastion or private link.",
        references: references,
        goodExamples: [
            """
            resource "aws_vpc_security_group_ingress_rule" "db" {
              security_group_id            = "sg-123"
              from_port                    = 5432
              to_port                      = 5432
              ip_protocol                  = "tcp"
              referenced_security_group_id = "sg-456"
            }
            """,
            """
            Resources:
              Db:
                Type: AWS::EC2::SecurityGroupIngress
                Properties:
                  GroupId: sg-123
                  IpProtocol: tcp
                  FromPort: 5432
                  ToPort: 5432
                  SourceSecurityGroupId: sg-456
            """,
        ],
        badExamples: [
            """
            resource "aws_vpc_security_group_ingress_rule" ↓"db" {
              security_group_id = "sg-123"
              from_port         = 5432
              to_port           = 5432
              ip_protocol       = "tcp"
              cidr_ipv4         = "0.0.0.0/0"
            }
            """,
            """
            resource "azurerm_network_security_rule" "redis" {
              name                        = "redis"
              priority                    = 100
              direction                   = "Inbound"
              access                      = "Allow"
              protocol                    = "Tcp"
              source_port_range           = "*"
              destination_port_range      = ↓"6379"
              source_address_prefix       = "Internet"
              destination_address_prefix  = "*"
              resource_group_name         = "rg"
              network_security_group_name = "nsg"
            }
            """,
            """
            Resources:
              ↓Db:
                Type: AWS::EC2::SecurityGroupIngress
                Properties:
                  GroupId: sg-123
                  IpProtocol: tcp
                  FromPort: 5432
                  ToPort: 5432
                  CidrIp: 0.0.0.0/0
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.firewallRules.count }), ports: [(3306, "MySQL"), (5432, "PostgreSQL"), (1433, "SQL Server"), (1521, "Oracle"), (27017, "MongoDB"),
               (6379, "Redis"), (9200, "Elasticsearch"), (11211, "Memcached"), (2379, "etcd"), (9042, "Cassandra"), (5984, "CouchDB")])

    public static let allPorts = CloudFirewallOpenPort(description: RuleDescription(
        id: "cloud-firewall-open-all-ports",
        title: "Every port is open to the internet",
        severity: .critical,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190", "T1133"],
        appliesTo: [.cloud],
        rationale: """
            An ingress rule for all protocols (`-1`) or ports 0-65535 from `0.0.0.0/0` or `::/0` \
            exposes every service on the machines behind it, including the ones nobody meant to \
            publish (debug ports, admin consoles, metrics).
            """,
        remediation: "Replace the rule with one rule per service port that must be public, and restrict the rest to private ranges.",
        references: references,
        goodExamples: [
            """
            resource "aws_security_group" "internal" {
              name = "internal"
              ingress {
                from_port   = 0
                to_port     = 0
                protocol    = "-1"
                cidr_blocks = ["10.0.0.0/16"]
              }
              egress {
                from_port   = 0
                to_port     = 0
                protocol    = "-1"
                cidr_blocks = ["0.0.0.0/0"]
              }
            }
            """,
            """
            Resources:
              Internal:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: internal
                  SecurityGroupIngress:
                    - IpProtocol: -1
                      CidrIp: 10.0.0.0/16
                  SecurityGroupEgress:
                    - IpProtocol: -1
                      CidrIp: 0.0.0.0/0
            """,
        ],
        badExamples: [
            """
            resource "aws_security_group" "open" {
              name = "open"
              ↓ingress {
                from_port        = 0
                to_port          = 0
                protocol         = "-1"
                ipv6_cidr_blocks = ["::/0"]
              }
            }
            """,
            """
            Resources:
              Open:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: open
                  SecurityGroupIngress:
                    - ↓IpProtocol: "-1"
                      CidrIpv6: ::/0
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.firewallRules.count }), ports: [])
}

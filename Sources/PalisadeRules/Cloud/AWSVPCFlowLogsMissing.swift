import PalisadeCore

public struct AWSVPCFlowLogsMissing: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-vpc-flow-logs-missing",
        title: "VPC records no flow logs",
        severity: .medium,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008", "T1046"],
        appliesTo: [.cloud],
        rationale: """
            Without flow logs nobody can tell afterwards which addresses a compromised instance \
            talked to, what was scanned or where data went. A VPC counts as logged when an \
            `aws_flow_log` (or `AWS::EC2::FlowLog`) points at it by reference or by id; while any \
            flow log's target is unknown, no VPC is reported.
            """,
        remediation: "Add an `aws_flow_log` with `vpc_id` set to the VPC and `traffic_type = \"ALL\"`.",
        references: ["https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"],
        goodExamples: [
            """
            resource "aws_vpc" "main" {
              cidr_block = "10.0.0.0/16"
            }

            resource "aws_flow_log" "main" {
              vpc_id          = aws_vpc.main.id
              traffic_type    = "ALL"
              log_destination = "arn:aws:s3:::acme-flow-logs"
            }
            """,
            """
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.0.0.0/16
              VpcFlowLog:
                Type: AWS::EC2::FlowLog
                Properties:
                  ResourceId: !Ref Vpc
                  ResourceType: VPC
                  TrafficType: ALL
                  LogDestinationType: s3
                  LogDestination: arn:aws:s3:::acme-flow-logs
            """,
        ],
        badExamples: [
            """
            resource "aws_vpc" ↓"main" {
              cidr_block = "10.0.0.0/16"
            }
            """,
            """
            Resources:
              ↓Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.0.0.0/16
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_vpc", "AWS::EC2::VPC") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        var logged: Set<String> = []
        for resource in model.resources {
            let target: CloudValue?
            switch resource.type {
            case "aws_flow_log": target = resource["vpc_id"]
            case "AWS::EC2::FlowLog": target = resource["ResourceId"]
            default: continue
            }
            guard let target else { continue }
            switch target.kind {
            case .reference(let address, _): logged.insert(address)
            case .string(let id): logged.insert(id)
            default: return  // a flow log for an unknown VPC: it may be any of them
            }
        }
        for vpc in model.resources(ofTypes: ["aws_vpc", "AWS::EC2::VPC"]) {
            if logged.contains(vpc.address) { continue }
            report.reportMissing(vpc, path: "flow_log", message: "VPC \(vpc.address) records no flow logs")
        }
    }
}

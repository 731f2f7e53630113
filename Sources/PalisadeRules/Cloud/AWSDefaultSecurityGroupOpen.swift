import PalisadeCore

public struct AWSDefaultSecurityGroupOpen: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-default-security-group-allows-traffic",
        title: "Default security group allows traffic",
        severity: .low,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1021"],
        appliesTo: [.cloud],
        rationale: """
            Everything launched without an explicit security group lands in the VPC's default group. \
            If it allows traffic, forgotten instances talk to each other and out to the world; CIS asks \
            for a default group with no rules, so that forgetting fails closed.
            """,
        remediation: "Declare `aws_default_security_group` with no `ingress` or `egress` blocks, and give every resource its own group.",
        references: ["https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html"],
        goodExamples: ["resource \"aws_default_security_group\" \"default\" {\n  vpc_id = \"vpc-123\"\n}"],
        badExamples: ["resource \"aws_default_security_group\" \"default\" {\n  vpc_id = \"vpc-123\"\n  ↓ingress {\n    protocol  = -1\n    self      = true\n    from_port = 0\n    to_port   = 0\n  }\n}"],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_default_security_group") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for group in model.resources(ofTypes: ["aws_default_security_group"]) {
            for direction in ["ingress", "egress"] {
                for block in group.attributes.blocks(direction) {
                    report.report(group, at: block.site, path: direction, message: "the default security group \(group.address) allows \(direction) traffic")
                }
            }
        }
    }
}

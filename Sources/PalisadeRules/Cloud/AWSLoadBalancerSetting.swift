import PalisadeCore

/// Load balancer settings that CloudFormation writes as a list of key/value attributes
/// (`LoadBalancerAttributes`) and Terraform as arguments: one rule per setting, each an instance.
public struct AWSLoadBalancerSetting: CloudRule {
    enum Setting { case accessLogs, invalidHeaders }

    let setting: Setting
    public let description: RuleDescription

    init(_ setting: Setting, _ description: RuleDescription) {
        self.setting = setting
        self.description = description.with(scope: .cloud { model in
            model.count(ofTypes: "aws_lb", "aws_alb", "aws_elb", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer")
        })
    }

    public static let accessLogs = AWSLoadBalancerSetting(.accessLogs, RuleDescription(
        id: "aws-lb-access-logs-disabled",
        title: "Load balancer writes no access logs",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008"],
        appliesTo: [.cloud],
        rationale: "Without access logs nothing records the requests the load balancer received: client addresses, paths, status codes and TLS details. Probing, exploitation attempts and abuse of the application cannot be investigated afterwards. Gateway load balancers, which have no access logs, are not reported.",
        remediation: "Add `access_logs { bucket = ..., enabled = true }` (CloudFormation: the `access_logs.s3.enabled` and `access_logs.s3.bucket` attributes; classic: `AccessLoggingPolicy`).",
        references: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html"],
        goodExamples: [
            """
            resource "aws_lb" "web" {
              name                       = "web"
              drop_invalid_header_fields = true
              access_logs {
                bucket  = "acme-lb-logs"
                enabled = true
              }
            }

            resource "aws_lb" "appliances" {
              name               = "appliances"
              load_balancer_type = "gateway"
            }
            """,
            """
            Resources:
              Web:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  LoadBalancerAttributes:
                    - Key: access_logs.s3.enabled
                      Value: "true"
                    - Key: access_logs.s3.bucket
                      Value: acme-lb-logs
            """,
        ],
        badExamples: [
            """
            resource "aws_lb" ↓"web" {
              name                       = "web"
              drop_invalid_header_fields = true
            }

            resource "aws_lb" "api" {
              name                       = "api"
              drop_invalid_header_fields = true
              access_logs {
                bucket  = "acme-lb-logs"
                enabled = ↓false
              }
            }
            """,
            """
            Resources:
              ↓Web:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  Type: network
              Classic:
                Type: AWS::ElasticLoadBalancing::LoadBalancer
                Properties:
                  Listeners:
                    - LoadBalancerPort: "443"
                      InstancePort: "8443"
                      Protocol: SSL
                  AccessLoggingPolicy:
                    Enabled: ↓false
                    S3BucketName: acme-lb-logs
            """,
        ],
        input: .cloud
    ))

    public static let invalidHeaders = AWSLoadBalancerSetting(.invalidHeaders, RuleDescription(
        id: "aws-alb-invalid-headers-not-dropped",
        title: "Application load balancer forwards invalid HTTP headers",
        severity: .low,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190"],
        appliesTo: [.cloud],
        rationale: "An application load balancer passes header fields with invalid names to the targets unless told to drop them; back ends that parse headers differently from the load balancer are then open to HTTP request smuggling and header injection. Network and gateway load balancers do not parse HTTP and are not reported.",
        remediation: "Set `drop_invalid_header_fields = true` (CloudFormation: attribute `routing.http.drop_invalid_header_fields.enabled` = `true`).",
        references: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes"],
        goodExamples: [
            """
            resource "aws_lb" "web" {
              name                       = "web"
              drop_invalid_header_fields = true
            }

            resource "aws_lb" "tcp" {
              name               = "tcp"
              load_balancer_type = "network"
            }
            """,
            """
            Resources:
              Web:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  LoadBalancerAttributes:
                    - Key: routing.http.drop_invalid_header_fields.enabled
                      Value: "true"
            """,
        ],
        badExamples: [
            """
            resource "aws_alb" ↓"web" {
              name = "web"
            }
            """,
            """
            Resources:
              Web:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  Type: application
                  LoadBalancerAttributes:
                    - Key: routing.http.drop_invalid_header_fields.enabled
                      Value: ↓"false"
            """,
        ],
        input: .cloud
    ))

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources {
            let verdict: (bad: Bool, at: CloudValue?, path: String)?
            switch (resource.type, setting) {
            case ("aws_lb", _), ("aws_alb", _):
                guard let kind = Self.kind(resource, "load_balancer_type") else { continue }
                if setting == .accessLogs {
                    guard kind != "gateway" else { continue }
                    let enabled = resource.attributes.blocks("access_logs").first?["enabled"]
                    verdict = Self.mustBeTrue(enabled, path: "access_logs.enabled")
                } else {
                    guard kind == "application" else { continue }
                    verdict = Self.mustBeTrue(resource["drop_invalid_header_fields"], path: "drop_invalid_header_fields")
                }
            case ("AWS::ElasticLoadBalancingV2::LoadBalancer", _):
                guard let kind = Self.kind(resource, "Type") else { continue }
                if setting == .accessLogs ? kind == "gateway" : kind != "application" { continue }
                let key = setting == .accessLogs ? "access_logs.s3.enabled" : "routing.http.drop_invalid_header_fields.enabled"
                guard let attributes = Self.attribute(resource, key) else { continue }
                verdict = Self.mustBeTrue(attributes, path: "LoadBalancerAttributes[\(key)]")
            case ("aws_elb", .accessLogs):
                guard let block = resource.attributes.blocks("access_logs").first else { verdict = (true, nil, "access_logs"); break }
                guard let enabled = block["enabled"], !enabled.isNull else { continue }
                verdict = enabled.isKnown ? (enabled.bool == false, enabled, "access_logs.enabled") : nil
            case ("AWS::ElasticLoadBalancing::LoadBalancer", .accessLogs):
                verdict = Self.mustBeTrue(resource.attributes.at("AccessLoggingPolicy.Enabled"), path: "AccessLoggingPolicy.Enabled")
            default: continue
            }
            guard let verdict, verdict.bad else { continue }
            let what = setting == .accessLogs ? "writes no access logs" : "forwards invalid HTTP header fields to its targets"
            if let value = verdict.at {
                report.report(resource, at: value.site, path: verdict.path, message: "load balancer \(resource.address) \(what)")
            } else {
                report.reportMissing(resource, path: verdict.path, message: "load balancer \(resource.address) \(what)")
            }
        }
    }

    /// The load balancer's type, `application` when not set; nil when unknown.
    static func kind(_ resource: CloudResource, _ key: String) -> String? {
        guard let value = resource[key] else { return "application" }
        return value.isKnown ? value.string : nil
    }

    /// A setting that is off unless true: bad when unset or false, no verdict when unknown.
    static func mustBeTrue(_ value: CloudValue?, path: String) -> (bad: Bool, at: CloudValue?, path: String)? {
        guard let value, !value.isNull else { return (true, nil, path) }
        guard value.isKnown else { return nil }
        return (value.bool != true, value, path)
    }

    /// The `Value` of the `LoadBalancerAttributes` entry named `key`; a null value when there is
    /// none, nil when the list (or an entry's key) is unknown.
    static func attribute(_ resource: CloudResource, _ key: String) -> CloudValue?? {
        guard let list = resource["LoadBalancerAttributes"] else { return .some(nil) }
        guard let entries = list.list else { return nil }
        for entry in entries {
            guard let name = entry["Key"], name.isKnown else { return nil }
            if name.string == key { return .some(entry["Value"]) }
        }
        return .some(nil)
    }
}

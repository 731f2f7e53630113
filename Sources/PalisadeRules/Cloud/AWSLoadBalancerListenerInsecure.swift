import PalisadeCore

public struct AWSLoadBalancerListenerInsecure: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-lb-listener-insecure",
        title: "Load balancer listener serves plain HTTP or old TLS",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: """
            An HTTP listener that forwards (rather than redirects to HTTPS) carries sessions and \
            credentials in clear text; an HTTPS listener with a policy that allows TLS 1.0 or 1.1 \
            accepts broken protocol versions. A listener on HTTP whose default action redirects is \
            the right way to send users to HTTPS and is not reported.
            """,
        remediation: "Redirect HTTP to HTTPS, and use a TLS 1.2+ policy such as `ELBSecurityPolicy-TLS13-1-2-2021-06`.",
        references: ["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"],
        goodExamples: [
            """
            resource "aws_lb_listener" "http" {
              load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/abc"
              port              = 80
              protocol          = "HTTP"
              default_action {
                type = "redirect"
                redirect {
                  port        = "443"
                  protocol    = "HTTPS"
                  status_code = "HTTP_301"
                }
              }
            }
            """,
            """
            Resources:
              Https:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: !Ref Web
                  Port: 443
                  Protocol: HTTPS
                  SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
                  Certificates: [{CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc}]
                  DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc}]
              Http:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: !Ref Web
                  Port: 80
                  Protocol: HTTP
                  DefaultActions:
                    - Type: redirect
                      RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}
              Web:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties:
                  Subnets: [subnet-1, subnet-2]
            """,
        ],
        badExamples: [
            """
            resource "aws_lb_listener" "http" {
              load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/abc"
              port              = 80
              protocol          = ↓"HTTP"
              default_action {
                type             = "forward"
                target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/def"
              }
            }

            resource "aws_lb_listener" "https" {
              load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/abc"
              port              = 443
              protocol          = "HTTPS"
              ssl_policy        = ↓"ELBSecurityPolicy-2016-08"
              default_action {
                type             = "forward"
                target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/def"
              }
            }
            """,
            """
            Resources:
              Http:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/abc
                  Port: 80
                  Protocol: ↓HTTP
                  DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc}]
              Https:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/abc
                  Port: 443
                  Protocol: HTTPS
                  SslPolicy: ↓ELBSecurityPolicy-2016-08
                  DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc}]
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener") })

    /// Predefined policies that still accept TLS 1.0 or 1.1.
    static let oldPolicies: Set<String> = [
        "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-0-2015-04", "ELBSecurityPolicy-TLS-1-1-2017-01",
        "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-FS-1-1-2019-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06",
    ]

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for listener in model.resources(ofTypes: ["aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener"]) {
            let cfn = listener.format == .cloudFormation
            if let proto = listener[cfn ? "Protocol" : "protocol"], proto.string == "HTTP" {
                let actions = cfn ? (listener["DefaultActions"]?.list ?? []) : listener.attributes.blocks("default_action")
                let redirects = actions.contains { $0[cfn ? "Type" : "type"]?.string == "redirect" }
                if !redirects {
                    report.report(listener, at: proto.site, path: "protocol", message: "listener \(listener.address) serves plain HTTP without redirecting to HTTPS")
                }
            }
            if let policy = listener[cfn ? "SslPolicy" : "ssl_policy"], let name = policy.string, Self.oldPolicies.contains(name) {
                report.report(listener, at: policy.site, path: "ssl_policy", message: "listener \(listener.address) accepts TLS 1.0 or 1.1 (\(name))")
            }
        }
    }
}

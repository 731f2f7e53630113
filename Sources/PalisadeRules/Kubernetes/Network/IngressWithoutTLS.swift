import PalisadeCore

/// An Ingress that routes hosts without terminating TLS serves them over plain HTTP.
public struct IngressWithoutTLS: KubernetesRule {
    public init() {}

    /// Annotations by which a cloud load balancer in front of the Ingress terminates TLS with a
    /// certificate it holds, so the Ingress needs no `tls` section.
    static let loadBalancerTLSAnnotations: [String] = [
        "alb.ingress.kubernetes.io/certificate-arn",
        "networking.gke.io/managed-certificates",
        "ingress.gcp.kubernetes.io/pre-shared-cert",
        "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
        "service.beta.kubernetes.io/do-loadbalancer-certificate-id",
    ]

    public let description = RuleDescription(
        id: "k8s-ingress-without-tls",
        title: "Ingress serves HTTP without TLS",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption, .networkSegmentation],
        mitre: ["T1557", "T1040"],
        appliesTo: [.ingress],
        rationale: """
            An Ingress with rules and no `tls` section serves its hosts over plain HTTP: session cookies, \
            bearer tokens and passwords cross every network between the user and the cluster in clear \
            text, and anyone on the path (public Wi-Fi, a compromised router) can read or rewrite them. \
            When a `tls` section lists hosts, each rule host it does not cover (exactly or by a \
            `*.` wildcard) is reported at the host. Ingresses whose TLS is terminated by the cloud load balancer in front of them (the ALB \
            certificate-arn, GKE managed or pre-shared certificate and Application Gateway certificate \
            annotations) are not reported.
            """,
        remediation: "Add a `tls` section with the hosts and a certificate Secret (cert-manager can issue it), and redirect HTTP to HTTPS.",
        references: [
            "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
        ],
        goodExamples: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
            spec:
              ingressClassName: nginx
              tls:
                - hosts: [shop.example.com]
                  secretName: shop-tls
              rules:
                - host: shop.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: alb
              annotations:
                alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
            spec:
              ingressClassName: alb
              rules:
                - host: shop.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: default-certificate
            spec:
              tls:
                - secretName: wildcard-tls
              rules:
                - host: anything.example.com
            """,
        ],
        badExamples: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: admin
            spec:
              ingressClassName: nginx
              ↓rules:
                - host: admin.example.com
                  http:
                    paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: partial
            spec:
              tls:
                - hosts: [shop.example.com, "*.api.example.com"]
                  secretName: shop-tls
              rules:
                - host: shop.example.com
                - host: v1.api.example.com
                - host: ↓admin.example.com
                - host: ↓deep.v1.api.example.com
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: catch-all
            spec:
              tls: []
              ↓defaultBackend:
                service: {name: web, port: {number: 80}}
            """,
        ]
    )

    /// Whether a TLS host entry (`shop.example.com`, `*.example.com`) covers a rule's host.
    static func covers(_ pattern: String, _ host: String) -> Bool {
        if pattern == host { return true }
        guard pattern.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
        return host[dot...] == pattern.dropFirst()
    }

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "Ingress", let spec = object.root["spec"] else { return }
        let annotations = object.annotations
        if Self.loadBalancerTLSAnnotations.contains(where: { annotations[$0] != nil }) { return }
        if object.ingressHasTLS {
            // A tls entry without hosts takes the controller's default certificate for every host.
            let entries = spec["tls"]?.items ?? []
            if entries.contains(where: { ($0["hosts"]?.items ?? []).isEmpty }) { return }
            let patterns = Set(entries.flatMap { $0["hosts"]?.strings ?? [] })
            var wildcards: [String] = []
            for pattern in patterns where pattern.hasPrefix("*.") { wildcards.append(pattern) }
            for (index, rule) in (spec["rules"]?.items ?? []).enumerated() {
                guard let node = rule["host"], let host = node.string, !ImageReference.isTemplated(host),
                      !patterns.contains(host), !wildcards.contains(where: { Self.covers($0, host) })
                else { continue }
                report.report(
                    node.range, path: "spec.rules[\(index)].host",
                    message: "Ingress '\(object.name ?? "")' serves \(host) without TLS: its tls section does not list the host, so credentials and session cookies cross the network in clear text."
                )
            }
            return
        }
        let hosts = object.ingressHosts
        let served = hosts.isEmpty ? "its routes" : hosts.joined(separator: ", ")
        if let rules = spec.entry("rules"), !(rules.value.items ?? []).isEmpty {
            report.report(
                Node.keyRange(rules), path: "spec.rules",
                message: "Ingress '\(object.name ?? "")' serves \(served) without TLS: credentials and session cookies cross the network in clear text."
            )
        } else if let backend = spec.entry("defaultBackend") ?? spec.entry("backend"), backend.value.isMapping {
            report.report(
                Node.keyRange(backend), path: "spec.\(backend.key.string ?? "defaultBackend")",
                message: "Ingress '\(object.name ?? "")' serves its default backend without TLS: credentials and session cookies cross the network in clear text."
            )
        }
    }
}

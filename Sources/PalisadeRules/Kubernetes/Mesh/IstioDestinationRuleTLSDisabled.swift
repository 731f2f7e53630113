import PalisadeCore

/// A DestinationRule that sends plain text to its host.
public struct IstioDestinationRuleTLSDisabled: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-istio-destination-rule-tls-disabled",
        title: "Istio DestinationRule disables TLS to its host",
        severity: .medium,
        pattern: .exposure,
        controls: [.workloadIdentityMTLS, .encryption],
        mitre: ["T1557", "T1040"],
        appliesTo: [.istio],
        scope: .objects { $0.kind == "DestinationRule" && $0.identity.apiVersion.hasPrefix("networking.istio.io/") },
        rationale: """
            `trafficPolicy.tls.mode: DISABLE` makes the client sidecars send plain text to the host, even \
            when auto-mTLS would have encrypted it: requests and their credentials cross the network \
            readable and unauthenticated, and the server cannot tell who called. Found in the top-level \
            traffic policy, in `portLevelSettings`, and in every subset's traffic policy. Other modes \
            (`ISTIO_MUTUAL`, `SIMPLE`, `MUTUAL`) and an unset mode are not reported.
            """,
        remediation: "Remove the `tls` block to let auto-mTLS apply, or set `mode: ISTIO_MUTUAL` (in-mesh) or `SIMPLE`/`MUTUAL` (external hosts).",
        references: [
            "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode",
            "https://istio.io/latest/docs/ops/configuration/traffic-management/tls-configuration/",
        ],
        goodExamples: [
            """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews.prod.svc.cluster.local
              trafficPolicy:
                tls:
                  mode: ISTIO_MUTUAL
              subsets:
                - name: v1
                  labels: {version: v1}
            """,
        ],
        badExamples: [
            """
            apiVersion: networking.istio.io/v1beta1
            kind: DestinationRule
            metadata:
              name: payments
            spec:
              host: payments.prod.svc.cluster.local
              trafficPolicy:
                tls:
                  mode: ↓DISABLE
                portLevelSettings:
                  - port: {number: 9090}
                    tls: {mode: ↓DISABLE}
              subsets:
                - name: legacy
                  labels: {version: v1}
                  trafficPolicy:
                    tls:
                      mode: ↓"DISABLE"
                    portLevelSettings:
                      - port: {number: 8080}
                        tls: {mode: ↓DISABLE}
                - name: v2
                  labels: {version: v2}
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "DestinationRule", object.identity.apiVersion.hasPrefix("networking.istio.io/"),
              let spec = object.root["spec"]
        else { return }
        let host = spec["host"]?.string ?? object.name ?? ""
        if let policy = spec["trafficPolicy"] {
            check(policy, path: "spec.trafficPolicy", scope: "", host: host, &report)
        }
        for (index, subset) in (spec["subsets"]?.items ?? []).enumerated() {
            guard let policy = subset["trafficPolicy"] else { continue }
            let name = subset["name"]?.string ?? String(index)
            check(policy, path: "spec.subsets[\(name)].trafficPolicy", scope: " (subset \(name))", host: host, &report)
        }
    }

    private func check(_ policy: Node, path: String, scope: String, host: String, _ report: inout FindingReporter) {
        if let mode = policy["tls"]?["mode"], mode.string == "DISABLE" {
            report.report(mode.range, path: path + ".tls.mode", message: "DestinationRule sends plain text to \(host)\(scope) (tls.mode: DISABLE): requests and credentials cross the network unencrypted and unauthenticated.")
        }
        for (index, setting) in (policy["portLevelSettings"]?.items ?? []).enumerated() {
            guard let mode = setting["tls"]?["mode"], mode.string == "DISABLE" else { continue }
            let port = setting["port"]?["number"]?.int.map(String.init) ?? String(index)
            report.report(mode.range, path: "\(path).portLevelSettings[\(port)].tls.mode", message: "DestinationRule sends plain text to \(host) port \(port)\(scope) (tls.mode: DISABLE): requests and credentials cross the network unencrypted and unauthenticated.")
        }
    }
}

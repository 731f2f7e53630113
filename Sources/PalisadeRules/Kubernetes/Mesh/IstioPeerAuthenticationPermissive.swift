import PalisadeCore

/// PeerAuthentication that accepts plain text (PERMISSIVE) or turns mTLS off (DISABLE).
public struct IstioPeerAuthenticationPermissive: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-istio-peer-authentication-permissive",
        title: "Istio PeerAuthentication accepts plain-text traffic",
        severity: .medium,
        pattern: .exposure,
        controls: [.workloadIdentityMTLS, .encryption],
        mitre: ["T1557", "T1040"],
        appliesTo: [.istio],
        scope: .objects { $0.kind == "PeerAuthentication" && $0.identity.apiVersion.hasPrefix("security.istio.io/") },
        rationale: """
            With `mtls.mode: PERMISSIVE` the sidecar accepts plain-text connections next to mTLS ones, so \
            any pod, meshed or not, can talk to the workload without an identity: authorization rules on \
            principals or namespaces do not apply to those requests and traffic can be read on the wire. \
            `DISABLE` turns mTLS off altogether and is reported as high. Both are found at the workload \
            level and per port (`portLevelMtls`). `UNSET` inherits from the parent policy and is not \
            reported. PERMISSIVE is a migration step; left in place it is the mesh's weakest link.
            """,
        remediation: "Set `spec.mtls.mode: STRICT` (mesh-wide in the root namespace, or per namespace) once every client is in the mesh.",
        references: [
            "https://istio.io/latest/docs/reference/config/security/peer_authentication/",
            "https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/",
        ],
        goodExamples: [
            """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: default
              namespace: istio-system
            spec:
              mtls:
                mode: STRICT
              portLevelMtls:
                8080:
                  mode: UNSET
            """,
        ],
        badExamples: [
            """
            apiVersion: security.istio.io/v1beta1
            kind: PeerAuthentication
            metadata:
              name: payments
              namespace: payments
            spec:
              selector:
                matchLabels: {app: payments}
              mtls:
                mode: ↓PERMISSIVE
              portLevelMtls:
                9090:
                  mode: ↓DISABLE
                8443:
                  mode: STRICT
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "PeerAuthentication", object.identity.apiVersion.hasPrefix("security.istio.io/"),
              let spec = object.root["spec"]
        else { return }
        let name = object.name ?? ""
        if let mode = spec["mtls"]?["mode"] {
            check(mode, path: "spec.mtls.mode", scope: "PeerAuthentication '\(name)'", &report)
        }
        for entry in spec["portLevelMtls"]?.entries ?? [] {
            guard let mode = entry.value["mode"], let port = entry.key.string else { continue }
            check(mode, path: "spec.portLevelMtls[\(port)].mode", scope: "PeerAuthentication '\(name)' for port \(port)", &report)
        }
    }

    private func check(_ mode: Node, path: String, scope: String, _ report: inout FindingReporter) {
        switch mode.string {
        case "PERMISSIVE":
            report.report(mode.range, path: path, message: "\(scope) accepts plain-text connections (PERMISSIVE): clients without a mesh identity bypass mTLS and identity-based authorization.")
        case "DISABLE":
            report.report(mode.range, path: path, message: "\(scope) disables mTLS: traffic is plain text and carries no verified identity.", severity: .high)
        default:
            break
        }
    }
}

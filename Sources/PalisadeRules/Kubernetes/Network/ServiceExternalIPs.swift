import PalisadeCore

/// `externalIPs` makes every node intercept traffic for the listed addresses (CVE-2020-8554).
public struct ServiceExternalIPs: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-service-external-ips",
        title: "Service claims external IP addresses",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation, .ciPolicyValidation],
        mitre: ["T1557"],
        appliesTo: [.service],
        rationale: """
            kube-proxy makes every node answer for a Service's `externalIPs`, with no check that the \
            Service's owner controls those addresses. Whoever can create a Service can therefore list \
            any address (a database, a cloud API, another tenant's service) and the cluster's traffic to \
            it is routed to the attacker's pods instead: a man in the middle for the whole cluster \
            (CVE-2020-8554, which Kubernetes will not fix in code; the advice is to forbid the field with \
            admission control). Legitimate uses are rare and should be reviewed one by one.
            """,
        remediation: "Remove `externalIPs`; use a LoadBalancer or Ingress, and block the field with the DenyServiceExternalIPs admission plugin or a policy engine.",
        references: [
            "https://kubernetes.io/docs/concepts/services-networking/service/#external-ips",
            "https://github.com/kubernetes/kubernetes/issues/97076",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              externalIPs: []
              ports:
                - port: 80
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: dns-hijack
            spec:
              ↓externalIPs:
                - 8.8.8.8
              ports:
                - port: 53
                  protocol: UDP
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "Service", let entry = object.root["spec"]?.entry("externalIPs"),
              let addresses = entry.value.items, !addresses.isEmpty
        else { return }
        let list = entry.value.strings.joined(separator: ", ")
        report.report(
            Node.keyRange(entry), path: "spec.externalIPs",
            message: "Service '\(object.name ?? "")' claims external IPs \(list): every node intercepts the cluster's traffic to those addresses (CVE-2020-8554)."
        )
    }
}

import PalisadeCore

/// A NodePort Service opens a port on every node of the cluster.
public struct ServiceNodePort: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-service-node-port",
        title: "Service opens a port on every node (NodePort)",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190"],
        appliesTo: [.service],
        rationale: """
            `type: NodePort` listens on a port of every node, on every node address, and forwards to the \
            pods: whoever reaches any node (a public node IP, a peered network, another tenant's VM) \
            reaches the service, with no TLS or authentication in front, and NetworkPolicy often sees \
            the node's address instead of the client's. LoadBalancer Services also allocate node ports \
            but are reported by k8s-service-load-balancer, so one Service gives one finding.
            """,
        remediation: "Use a ClusterIP Service behind an Ingress or Gateway; if a node port is unavoidable, firewall the node port range to the networks that need it.",
        references: [
            "https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: public
            spec:
              type: LoadBalancer
              ports:
                - port: 443
            """,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              ports:
                - port: 80
                  targetPort: 8080
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: debug
            spec:
              ↓type: NodePort
              ports:
                - port: 80
                  nodePort: 30080
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "Service", let entry = object.root["spec"]?.entry("type"), entry.value.string == "NodePort" else { return }
        let ports = object.servicePorts.compactMap { $0.nodePort.map(String.init) }
        let which = ports.isEmpty ? "a port" : "port \(ports.joined(separator: ", "))"
        report.report(
            entry, path: "spec.type",
            message: "Service '\(object.name ?? "")' opens \(which) on every node: anyone who can reach a node's address reaches its pods."
        )
    }
}

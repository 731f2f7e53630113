import PalisadeCore

/// A container port bound on the node's own interfaces.
public struct HostPort: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-host-port",
        title: "Container binds a port on the node (hostPort)",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190"],
        rationale: """
            A hostPort forwards a port of the node's interfaces to the container. The service is then \
            reachable by anyone who reaches the node, outside any Service, Ingress or load balancer \
            that would have fronted it, and with many CNI plugins (the portmap plugin's DNAT runs \
            before pod NetworkPolicy) outside NetworkPolicy too. It also pins the pod to nodes where \
            the port is free. A port bound to the node's loopback only (`hostIP: 127.0.0.1`) is low: \
            only the node's processes and host-network pods reach it. hostPort 0 means unset and is not reported, nor are templated values, \
            nor pods on the host network (k8s-host-network already covers every port they open).
            """,
        remediation: "Remove `hostPort` and expose the port through a Service (ClusterIP, or LoadBalancer/Ingress where it must be public).",
        references: [
            "https://kubernetes.io/docs/concepts/configuration/overview/#services",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      ports:
                        - name: http
                          containerPort: 8080
                        - name: unset
                          containerPort: 9090
                          hostPort: 0
                        - name: templated
                          containerPort: 9100
                          hostPort: ${METRICS_PORT}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: node-agent
            spec:
              hostNetwork: true
              containers:
                - name: agent
                  image: agent:1.0
                  ports:
                    - containerPort: 9100
                      hostPort: 9100
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: ingress
            spec:
              template:
                spec:
                  containers:
                    - name: controller
                      image: ingress-nginx/controller:v1.10.1
                      ports:
                        - name: http
                          containerPort: 80
                          ↓hostPort: 80
                        - {name: https, containerPort: 443, ↓hostPort: 443}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
            spec:
              containers:
                - name: debug
                  image: debug:1.0
                  ports:
                    - containerPort: 2345
                      ↓hostPort: 2345
                      protocol: TCP
                    - containerPort: 6060
                      ↓hostPort: 6060
                      hostIP: 127.0.0.1
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, pod.node["hostNetwork"]?.bool != true else { return }
        for container in pod.containers {
            for (index, port) in (container.node["ports"]?.items ?? []).enumerated() {
                guard let entry = port.entry("hostPort"), let number = entry.value.int, number != 0 else { continue }
                let label = port["name"]?.string ?? port["containerPort"].flatMap { $0.string } ?? String(index)
                let proto = port["protocol"]?.string ?? "TCP"
                let hostIP = port["hostIP"]?.string ?? ""
                if hostIP.hasPrefix("127.") || hostIP == "::1" {
                    report.report(
                        entry, path: container.path + ".ports[\(label)].hostPort",
                        message: "Container '\(container.name)' binds \(proto) port \(number) on the node's loopback (hostIP \(hostIP)): every process and host-network pod on the node reaches it, past NetworkPolicy.",
                        severity: .low
                    )
                    continue
                }
                report.report(
                    entry, path: container.path + ".ports[\(label)].hostPort",
                    message: "Container '\(container.name)' binds \(proto) port \(number) on the node's interfaces (hostPort): whoever reaches the node reaches it, past any Service in front of it and, with many CNI plugins, past NetworkPolicy."
                )
            }
        }
    }
}

import PalisadeCore

/// Pod sysctls outside the safe set reach past the pod.
public struct UnsafeSysctls: KubernetesRule {
    public init() {}

    /// The kubelet's safe set, which Pod Security baseline allows (Kubernetes 1.32).
    static let safe: Set<String> = [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
    ]

    public let description = RuleDescription(
        id: "k8s-unsafe-sysctls",
        title: "Pod sets an unsafe sysctl",
        severity: .medium,
        pattern: .availability,
        controls: [.minimalImmutableWorkloads, .resilience],
        mitre: ["T1499", "T1611"],
        rationale: """
            A sysctl is safe when the kernel namespaces it per pod and isolates it from other pods; \
            the kubelet enables only that set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, \
            ip_unprivileged_port_start, tcp_syncookies, ping_group_range, ip_local_reserved_ports, the \
            tcp_keepalive and tcp_fin_timeout settings, tcp_rmem and tcp_wmem) and Pod Security \
            baseline allows nothing else. Any other name works only where an administrator allowed it \
            on the node (`--allowed-unsafe-sysctls`), and then it reaches past the pod. kernel.* names \
            are high: the IPC limits (kernel.shm*, kernel.msg*, kernel.sem) size kernel memory that older \
            kernels do not charge to the pod's memory limit, and non-namespaced ones such as kernel.core_pattern would change the \
            node itself. Other names (net.core.*, unsafe net.ipv4.*) are medium: they tune the kernel \
            for the pod but can starve or destabilise the node. Templated names are not reported.
            """,
        remediation: "Remove the sysctl from `securityContext.sysctls`, or set it on the node with the node's own tooling if every pod there needs it.",
        references: [
            "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: gateway
            spec:
              template:
                spec:
                  securityContext:
                    sysctls:
                      - name: net.ipv4.ip_unprivileged_port_start
                        value: "80"
                      - name: net.ipv4.tcp_keepalive_time
                        value: "600"
                      - name: "{{ .Values.sysctl }}"
                        value: "1"
                  containers:
                    - name: gateway
                      image: gateway:1.0
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: database
            spec:
              securityContext:
                sysctls:
                  - name: ↓kernel.shmmax
                    value: "68719476736"
                  - name: kernel.shm_rmid_forced
                    value: "1"
                  - {name: ↓net.core.somaxconn, value: "4096"}
              containers:
                - name: db
                  image: db:1.0
            """,
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: broker
            spec:
              template:
                spec:
                  securityContext:
                    sysctls:
                      - name: ↓kernel.msgmax
                        value: "65536"
                  containers:
                    - name: broker
                      image: broker:1.0
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, let sysctls = pod.securityContext?["sysctls"]?.items else { return }
        for item in sysctls {
            guard let nameNode = item["name"], let name = nameNode.string, !name.isEmpty, !nameNode.isTemplateExpression,
                  !Self.safe.contains(name) else { continue }
            let kernel = name.hasPrefix("kernel.")
            report.report(
                nameNode.range, path: pod.path + ".securityContext.sysctls[\(name)]",
                message: kernel
                    ? "The pod sets sysctl \(name), outside the safe set: kernel settings reach past the pod and can exhaust or reconfigure the node."
                    : "The pod sets sysctl \(name), outside the safe set: it tunes the node's kernel for this pod and can starve or destabilise its neighbours.",
                severity: kernel ? .high : nil
            )
        }
    }
}

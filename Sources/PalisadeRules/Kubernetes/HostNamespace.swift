import PalisadeCore

/// One rule template for the three pod fields that put a pod into a host namespace.
public struct HostNamespace: KubernetesRule {
    public let field: String
    public let consequence: String
    public let description: RuleDescription

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, let entry = pod.node.entry(field), entry.value.bool == true else { return }
        report.report(entry, path: "\(pod.path).\(field)", message: "Pod shares the node's \(consequence).")
    }

    private static func example(kind: String, field: String, marked: Bool, value: String = "true") -> String {
        let spec = kind == "Pod" ? "spec:\n" : "spec:\n  template:\n    spec:\n"
        let indent = kind == "Pod" ? "  " : "      "
        let api = kind == "Pod" ? "v1" : "apps/v1"
        return "apiVersion: \(api)\nkind: \(kind)\nmetadata:\n  name: sample\n" + spec
            + "\(indent)\(marked ? "↓" : "")\(field): \(value)\n"
            + "\(indent)containers:\n\(indent)  - name: app\n\(indent)    image: app:1.0\n"
    }

    static func make(
        field: String, id: String, title: String, severity: Severity, pattern: ThreatPattern, consequence: String,
        mitre: [String], rationale: String
    ) -> HostNamespace {
        HostNamespace(field: field, consequence: consequence, description: RuleDescription(
            id: id, title: title, severity: severity, pattern: pattern,
            controls: [.minimalImmutableWorkloads, .networkSegmentation],
            mitre: mitre,
            rationale: rationale,
            remediation: "Remove `\(field): true` from the pod spec (it defaults to false).",
            references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
            goodExamples: [
                example(kind: "Pod", field: field, marked: false, value: "false"),
                example(kind: "Deployment", field: "dnsPolicy", marked: false, value: "ClusterFirst"),
            ],
            badExamples: [
                example(kind: "Pod", field: field, marked: true),
                example(kind: "Deployment", field: field, marked: true),
                example(kind: "StatefulSet", field: field, marked: true, value: "True"),
            ]
        ))
    }

    public static let network = make(
        field: "hostNetwork", id: "k8s-host-network", title: "Pod uses the node's network namespace",
        severity: .high, pattern: .lateralMovement, consequence: "network namespace (hostNetwork: true)",
        mitre: ["T1040"],
        rationale: """
            With the host network a pod sees every interface of the node, can sniff its traffic, reach \
            services bound to the node's localhost (the kubelet's read-only port, cloud metadata proxies) \
            and bypasses NetworkPolicy, which applies to pod networks only. A compromised pod becomes a \
            foothold on the node's network with no segmentation around it.
            """
    )

    public static let pid = make(
        field: "hostPID", id: "k8s-host-pid", title: "Pod uses the node's process namespace",
        severity: .high, pattern: .lateralMovement, consequence: "process namespace (hostPID: true)",
        mitre: ["T1611"],
        rationale: """
            With the host PID namespace a pod sees every process on the node, can read their environment \
            (secrets passed as variables) through /proc, and with enough privilege signal or ptrace them \
            or enter their namespaces (nsenter -t 1): a short path from a container to the node.
            """
    )

    public static let ipc = make(
        field: "hostIPC", id: "k8s-host-ipc", title: "Pod uses the node's IPC namespace",
        severity: .high, pattern: .lateralMovement, consequence: "IPC namespace (hostIPC: true)",
        mitre: [],
        rationale: """
            With the host IPC namespace a pod can read and write the shared memory and message queues of \
            every process on the node, including other pods' data held in shared memory segments.
            """
    )
}

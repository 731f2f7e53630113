import PalisadeCore

/// A hostPath volume puts part of the node's file system into the pod.
public struct HostPathVolume: KubernetesRule {
    public init() {}

    /// Paths whose exposure hands over the node: its root, its configuration, its container runtime
    /// and kubelet state. Mounting any of these (or a folder above them) is critical.
    static let nodeTakeoverPaths: [String] = [
        "/", "/etc", "/root", "/home", "/proc", "/sys", "/dev", "/boot", "/var", "/run", "/var/run",
        "/var/lib", "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/etc/kubernetes",
        "/var/run/docker.sock", "/run/docker.sock", "/run/containerd", "/var/run/containerd",
        "/run/containerd/containerd.sock", "/var/run/crio", "/var/run/crio/crio.sock", "/usr", "/bin", "/sbin", "/lib",
    ]

    public let description = RuleDescription(
        id: "k8s-host-path-volume",
        title: "Pod mounts a path from the node (hostPath)",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611"],
        compliance: [
            ComplianceControl(.cisKubernetes, "5.2.12"),
            ComplianceControl(.podSecurityStandards, "baseline/hostpath-volumes"),
            ComplianceControl(.nsaKubernetes, "pod-security/host-path"),
        ],
        rationale: """
            A hostPath volume gives the pod the node's files. The container runtime socket lets an \
            attacker start a privileged container on the node; `/`, `/etc` or `/var/lib/kubelet` hand \
            over the node's credentials and every pod's secrets; even a log folder leaks other workloads' \
            data and, writable, can be abused to plant files the node later reads. Mounts of the node's \
            root, system folders or runtime sockets are reported as critical.
            """,
        remediation: "Use a persistentVolumeClaim, emptyDir, configMap or projected volume instead of hostPath; if a node agent truly needs it, mount the narrowest path readOnly.",
        references: [
            "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: cache
            spec:
              template:
                spec:
                  containers:
                    - name: cache
                      image: redis:7.2
                  volumes:
                    - name: data
                      emptyDir: {}
                    - name: config
                      configMap:
                        name: cache-config
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: log-shipper
            spec:
              template:
                spec:
                  containers:
                    - name: shipper
                      image: shipper:2.0
                  volumes:
                    - name: logs
                      ↓hostPath:
                        path: /var/log
                    - name: runtime
                      ↓hostPath: {path: /var/run/docker.sock, type: Socket}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: rescue
            spec:
              containers:
                - name: rescue
                  image: alpine:3.20
              volumes:
                - name: host-root
                  ↓hostPath:
                    path: /
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for volume in pod.volumes {
            guard let entry = volume.node.entry("hostPath"), entry.value.isMapping else { continue }
            let path = entry.value["path"]?.string ?? ""
            let critical = Self.isNodeTakeover(path)
            report.report(
                SourceRange(start: entry.key.range.start, end: entry.key.range.end),
                path: volume.path + ".hostPath",
                message: critical
                    ? "Volume mounts the node's \(path) (hostPath): whoever runs code in this pod can take over the node."
                    : "Volume mounts the node's \(path.isEmpty ? "file system" : path) (hostPath).",
                severity: critical ? .critical : nil
            )
        }
    }

    static func isNodeTakeover(_ path: String) -> Bool {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        return nodeTakeoverPaths.contains(String(p)) || p.hasSuffix(".sock")
    }
}

import PalisadeCore

/// A hostPath volume puts part of the node's file system into the pod.
public struct HostPathVolume: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-host-path-volume",
        title: "Pod mounts a path from the node (hostPath)",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611"],
        rationale: """
            A hostPath volume gives the pod the node's files, and how bad that is depends on the path \
            and on whether the containers may write it. A runtime socket (docker.sock, containerd.sock, \
            crio.sock) or a folder holding one (`/`, `/run`, `/var/run`) lets an attacker start a \
            privileged container on the node: critical even read-only, because connecting to a Unix \
            socket is not a write and a read-only mount does not stop it (so read-only `/` is critical \
            too). The node's root, configuration, devices, kernel interfaces and kubelet or runtime \
            state (`/etc`, `/root`, `/proc`, `/sys`, `/dev`, `/var/lib/kubelet`, `/etc/kubernetes`...) \
            are critical when writable (plant a cron job, a static pod or a CNI binary the node runs as \
            root) and high read-only (the kubelet's credentials and every pod's secrets are still read). \
            A writable `/var/log` is high: logs can be erased or forged and symlinks planted there are \
            followed by the kubelet when it serves logs. Any other path is medium writable (files the \
            node or other pods later read) and low read-only. A volume counts as read-only only when \
            every container that mounts it sets `readOnly: true` and none of them can remount it \
            (privileged, SYS_ADMIN or ALL); a hostPath no container mounts is reported at the default \
            severity, since any container added later, or an ephemeral debug container, can mount it.
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
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: node-tuner
            spec:
              template:
                spec:
                  containers:
                    - name: tuner
                      image: tuner:1.0
                      volumeMounts:
                        - {name: etc, mountPath: /host/etc}
                        - {name: certs, mountPath: /etc/ssl/certs, readOnly: true}
                        - {name: data, mountPath: /data}
                    - name: reader
                      image: reader:1.0
                      volumeMounts:
                        - {name: etc, mountPath: /host/etc, readOnly: true}
                  volumes:
                    - name: etc
                      ↓hostPath: {path: /etc/}
                    - name: certs
                      ↓hostPath: {path: /etc/ssl/certs, type: Directory}
                    - name: data
                      ↓hostPath: {path: /srv/data, type: DirectoryOrCreate}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: agent
            spec:
              containers:
                - name: agent
                  image: agent:1.0
                  volumeMounts:
                    - name: docker
                      mountPath: /var/run/docker.sock
                      readOnly: true
                    - name: kubelet
                      mountPath: /var/lib/kubelet
                      readOnly: true
                - name: shipper
                  image: shipper:1.0
                  securityContext:
                    privileged: true
                  volumeMounts:
                    - name: logs
                      mountPath: /var/log
                      readOnly: true
              volumes:
                - name: docker
                  ↓hostPath:
                    path: /var/run/docker.sock
                    type: Socket
                - name: kubelet
                  ↓hostPath:
                    path: /var/lib/kubelet
                - name: logs
                  ↓hostPath:
                    path: /var/log
            """,
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-agents
            spec:
              template:
                spec:
                  containers:
                    - name: static-pods
                      image: agent:1.0
                      volumeMounts:
                        - {name: manifests, mountPath: /manifests}
                    - name: windows-docker
                      image: agent:1.0
                      volumeMounts:
                        - {name: pipe, mountPath: '\\\\.\\pipe\\docker_engine', readOnly: true}
                  volumes:
                    - name: manifests
                      ↓hostPath: {path: /etc/kubernetes/manifests}
                    - name: pipe
                      ↓hostPath: {path: '\\\\.\\pipe\\docker_engine', type: null}
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        let volumes = pod.volumes.compactMap { volume -> (node: Node, path: String, entry: Node.Entry)? in
            guard let entry = volume.node.entry("hostPath"), entry.value.isMapping else { return nil }
            return (volume.node, volume.path, entry)
        }
        guard !volumes.isEmpty else { return }
        // One pass over every mount of every container: who mounts each volume, and how.
        var mounts: [String: Mounts] = [:]
        for container in pod.containers {
            let canRemount = container.isPrivileged || DangerousCapability.grants(container, anyOf: ["SYS_ADMIN"])
            for mount in container.node["volumeMounts"]?.items ?? [] {
                guard let name = mount["name"]?.string else { continue }
                let readOnly = mount["readOnly"]?.bool == true
                if !readOnly { mounts[name, default: Mounts()].writable.appendOnce(container.name) }
                else if canRemount { mounts[name, default: Mounts()].remountable.appendOnce(container.name) }
                else { mounts[name, default: Mounts()].readOnly.appendOnce(container.name) }
            }
        }
        for (node, path, entry) in volumes {
            let hostPath = entry.value["path"]?.string ?? ""
            let shown = hostPath.isEmpty ? "file system" : hostPath
            let name = node["name"]?.string.map { "Volume '\($0)'" } ?? "A volume"
            let range = SourceRange(start: entry.key.range.start, end: entry.key.range.end)
            let findingPath = path + ".hostPath"
            let used = mounts[node["name"]?.string ?? ""] ?? Mounts()
            guard !used.isEmpty else {
                report.report(
                    range, path: findingPath,
                    message: "\(name) declares the node's \(shown) (hostPath) but no container mounts it; any container added later, or an ephemeral debug container, can."
                )
                continue
            }
            let writers = used.writable + used.remountable
            let into: String
            if writers.isEmpty {
                into = "read-only into \(ContainerList.phrase(used.readOnly))"
            } else if used.writable.isEmpty {
                into = "read-only into \(ContainerList.phrase(used.remountable)), which can remount it writable (privileged or SYS_ADMIN)"
            } else if used.remountable.isEmpty {
                into = "writable into \(ContainerList.phrase(used.writable))"
            } else {
                into = "writable into \(ContainerList.phrase(used.writable)) (and read-only into \(ContainerList.phrase(used.remountable)), which can remount it)"
            }
            let severity: Severity
            let gain: String
            if HostPaths.exposesRuntimeSocket(hostPath) {
                severity = .critical
                gain = writers.isEmpty
                    ? "it is or holds the container runtime's socket, which answers through a read-only mount too, so whoever runs code there can start a privileged container on the node"
                    : "it is or holds the container runtime's socket, so whoever runs code there can start a privileged container on the node"
            } else if HostPaths.isNodeTakeover(hostPath) {
                severity = writers.isEmpty ? .high : .critical
                gain = writers.isEmpty
                    ? "whoever runs code there reads the node's credentials and other pods' secrets"
                    : "whoever runs code there can take over the node"
            } else if HostPaths.normalized(hostPath) == "/var/log" && !writers.isEmpty {
                severity = .high
                gain = "whoever runs code there can erase or forge the node's logs and plant symlinks the kubelet follows when it serves logs"
            } else {
                severity = writers.isEmpty ? .low : .medium
                gain = writers.isEmpty
                    ? "whoever runs code there reads the node's files in it"
                    : "whoever runs code there can plant files the node or other pods later read"
            }
            report.report(
                range, path: findingPath,
                message: "\(name) mounts the node's \(shown) (hostPath) \(into): \(gain).",
                severity: severity
            )
        }
    }

    /// Kept for the rules that asked this type before the list moved to Core (`HostPaths`).
    static func isNodeTakeover(_ path: String) -> Bool { HostPaths.isNodeTakeover(path) }

    /// The containers that mount one volume: writable, read-only but able to remount, read-only.
    private struct Mounts {
        var writable: [String] = []
        var remountable: [String] = []
        var readOnly: [String] = []
        var isEmpty: Bool { writable.isEmpty && remountable.isEmpty && readOnly.isEmpty }
    }
}

private extension Array where Element == String {
    /// Appends a container's name unless it was the last one added: a container that mounts one
    /// volume twice is named once (containers are visited one after the other).
    mutating func appendOnce(_ name: String) {
        if last != name { append(name) }
    }
}

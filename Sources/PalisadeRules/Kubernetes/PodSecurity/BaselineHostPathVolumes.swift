import PalisadeCore

extension PodSecurityControl {
    /// Baseline "HostPath Volumes": no volume may be a hostPath.
    public static let baselineHostPathVolumes = make(
        level: .baseline, control: "HostPath Volumes", slug: "hostpath-volumes",
        title: "Pod Security Standards baseline: hostPath volumes",
        severity: .high, mitre: ["T1611"],
        consequence: "the pod reads (and unless read-only, writes) the node's files",
        rationale: """
            A hostPath volume hands the pod part of the node's file system: the container runtime socket, \
            the kubelet's credentials, other pods' secrets and logs. The baseline profile forbids every \
            hostPath volume, whatever its path or read-only flag; mounts of the node's root, system \
            folders or runtime sockets are reported as critical, as k8s-host-path-volume does. The \
            restricted profile's volume-type control relies on this one for hostPath.
            """,
        remediation: "Replace hostPath volumes with persistentVolumeClaim, emptyDir, configMap, secret or projected volumes.",
        references: ["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
        forbidden: [
            Forbidden(scope: .pod, path: ["volumes"], items: ["hostPath"], anchor: .key,
                      severity: { HostPathVolume.isNodeTakeover($0["path"]?.string ?? "") ? .critical : nil },
                      verdict: { _ in "" }),
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              template:
                spec:
                  containers:
                    - name: db
                      image: postgres:16.3
                  volumes:
                    - name: scratch
                      emptyDir: {}
                    - name: unset
                      hostPath: null
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
                        type: Directory
                    - name: config
                      configMap:
                        name: shipper
                    - name: docker
                      ↓hostPath: {path: /var/run/docker.sock}
            """,
        ]
    )
}

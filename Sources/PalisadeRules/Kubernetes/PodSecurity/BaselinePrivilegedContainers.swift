import PalisadeCore

extension PodSecurityControl {
    /// Baseline "Privileged Containers": securityContext.privileged must be unset or false.
    public static let baselinePrivilegedContainers = make(
        level: .baseline, control: "Privileged Containers", slug: "privileged-containers",
        title: "Pod Security Standards baseline: privileged containers",
        severity: .critical, mitre: ["T1611"],
        consequence: "a privileged container has every capability and every host device, so root in it is root on the node",
        rationale: """
            A privileged container disables most isolation: all capabilities, all host devices, no \
            seccomp or AppArmor confinement. Code execution in it mounts the node's disk or loads kernel \
            modules. The baseline profile allows `privileged` only unset or false, on init, regular and \
            ephemeral containers (a debug container started with `kubectl debug --profile=sysadmin` is \
            privileged too).
            """,
        remediation: "Remove `privileged: true`; grant only the specific capabilities the process needs.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
        forbidden: [
            Forbidden(scope: .container, path: ["securityContext", "privileged"], anchor: .entry, verdict: isTrue),
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                  securityContext:
                    privileged: false
                - name: sidecar
                  image: sidecar:1.0
                  securityContext:
                    privileged: "true"
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: csi-node
            spec:
              template:
                spec:
                  initContainers:
                    - name: setup
                      image: alpine:3.20
                      securityContext: {↓privileged: true}
                  containers:
                    - name: driver
                      image: csi-driver:2.1
                      securityContext:
                        ↓privileged: True
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - name: web
                  image: nginx:1.27
              ephemeralContainers:
                - name: debugger
                  image: busybox:1.36
                  securityContext:
                    ↓privileged: true
            """,
        ]
    )
}

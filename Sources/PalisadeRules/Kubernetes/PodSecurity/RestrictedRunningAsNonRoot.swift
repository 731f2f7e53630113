import PalisadeCore

extension PodSecurityControl {
    /// Restricted "Running as Non-root": runAsNonRoot must be true for every container.
    public static let restrictedRunningAsNonRoot = make(
        level: .restricted, control: "Running as Non-root", slug: "running-as-non-root",
        title: "Pod Security Standards restricted: runAsNonRoot not true",
        severity: .medium, mitre: ["T1611"],
        consequence: "nothing stops the container from running as root, the same uid 0 as on the node",
        rationale: """
            `runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root. The \
            restricted profile requires it on the pod (covering every container that does not set its \
            own) or on every init, regular and ephemeral container, and forbids `runAsNonRoot: false` \
            anywhere, even when containers override it. A non-zero `runAsUser` alone does not satisfy \
            this control. Windows pods are not exempt. Since policy v1.35 pods in a user namespace \
            (`hostUsers: false`) are, because root in them is not root on the node.
            """,
        remediation: "Set `securityContext.runAsNonRoot: true` on the pod (and never false on a container).",
        references: ["https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/#integration-with-pod-security-admission-checks"],
        required: [
            Required(path: ["securityContext", "runAsNonRoot"], podLevel: true,
                     wanted: "securityContext.runAsNonRoot: true", reportExplicit: true, judge: { $0.bool }),
        ],
        applies: { !inUserNamespace($0) },
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  securityContext:
                    runAsNonRoot: true
                  containers:
                    - name: api
                      image: api:1.0
                    - name: proxy
                      image: envoy:1.30
                      securityContext:
                        runAsNonRoot: true
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: userns
            spec:
              hostUsers: false
              containers:
                - name: shell
                  image: debian:12
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              securityContext:
                runAsUser: 1000
              initContainers:
                - ↓name: init
                  image: init:1.0
              containers:
                - ↓name: web
                  image: nginx:1.27
                - name: sidecar
                  image: sidecar:1.0
                  securityContext:
                    ↓runAsNonRoot: false
            """,
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              template:
                spec:
                  securityContext:
                    ↓runAsNonRoot: false
                  containers:
                    - name: db
                      image: postgres:16.3
                    - name: exporter
                      image: exporter:1.0
                      securityContext:
                        runAsNonRoot: true
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: iis
            spec:
              os:
                name: windows
              containers:
                - ↓name: iis
                  image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
            """,
        ]
    )
}

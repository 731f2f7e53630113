import PalisadeCore

/// `shareProcessNamespace: true` puts every container of the pod in one process namespace.
public struct ShareProcessNamespace: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-share-process-namespace",
        title: "Pod containers share one process namespace",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.minimalImmutableWorkloads, .secretsManagement],
        mitre: ["T1552", "T1055"],
        rationale: """
            With a shared process namespace every container sees the others' processes: the same user \
            can read their /proc/<pid>/environ (secrets passed as variables), their open files and, \
            through /proc/<pid>/root, their file systems, and signal them. A compromised sidecar (a log \
            or metrics agent with a public endpoint) reaches the main container's secrets. Low on its \
            own; medium when a container in the pod adds SYS_PTRACE, which lets it inject code into its \
            neighbours. Pods whose only long-running container is one (no sidecars) are not reported: \
            there is nobody to spy on. Windows pods do not support the setting.
            """,
        remediation: "Remove `shareProcessNamespace: true`; give a debugging session its own ephemeral container (`kubectl debug --target`) instead.",
        references: [
            "https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: single
            spec:
              shareProcessNamespace: true
              initContainers:
                - name: init
                  image: busybox:1.36
              containers:
                - name: app
                  image: app:1.0
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  shareProcessNamespace: false
                  containers:
                    - name: api
                      image: api:1.0
                    - name: proxy
                      image: envoy:1.30
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  ↓shareProcessNamespace: true
                  containers:
                    - name: web
                      image: nginx:1.27
                    - name: log-agent
                      image: agent:1.0
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
            spec:
              ↓shareProcessNamespace: yes
              initContainers:
                - name: tracer
                  image: tracer:1.0
                  restartPolicy: Always
                  securityContext:
                    capabilities:
                      add: [SYS_PTRACE]
              containers:
                - name: app
                  image: app:1.0
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows, let entry = pod.node.entry("shareProcessNamespace"),
              entry.value.bool == true else { return }
        let running = pod.containers.filter(\.runsAlongside)
        guard running.count > 1 else { return }
        let tracers = running.filter { $0.isPrivileged || DangerousCapability.grants($0, anyOf: ["SYS_PTRACE"]) }
        let names = running.map(\.name)
        if tracers.isEmpty {
            report.report(
                entry, path: pod.path + ".shareProcessNamespace",
                message: "The pod's \(ContainerList.phrase(names)) share one process namespace: each can read the others' environment, files and secrets through /proc."
            )
        } else {
            report.report(
                entry, path: pod.path + ".shareProcessNamespace",
                message: "The pod's \(ContainerList.phrase(names)) share one process namespace and \(ContainerList.phrase(tracers.map(\.name))) can ptrace: it can inject code into its neighbours and read their secrets.",
                severity: .medium
            )
        }
    }
}

import PalisadeCore

/// A privileged container has every capability and every host device: root in it is root on the node.
public struct PrivilegedContainer: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-privileged-container",
        title: "Container runs privileged",
        severity: .critical,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611"],
        rationale: """
            A privileged container runs with all Linux capabilities, sees every host device and is not \
            confined by seccomp or AppArmor. Whoever gets code execution in it (a vulnerable dependency, \
            a leaked debug endpoint) can mount the node's disk, load kernel modules or join the host's \
            namespaces: a container compromise becomes a node compromise, and from the node the kubelet's \
            credentials and every other pod's secrets.
            """,
        remediation: "Remove `privileged: true`; grant only the specific capabilities the process needs under `securityContext.capabilities.add`.",
        references: [
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
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
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  containers:
                    - name: api
                      image: registry.example.com/api:2.3.1
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
            spec:
              containers:
                - name: shell
                  image: busybox:1.36
                  securityContext:
                    ↓privileged: true
            """,
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-agent
              namespace: monitoring
            spec:
              template:
                spec:
                  initContainers:
                    - name: setup
                      image: alpine:3.20
                      securityContext: {↓privileged: yes}
                  containers:
                    - name: agent
                      image: agent:4.1
                      securityContext:
                        ↓privileged: true
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: cleanup
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: cleanup
                          image: cleanup:1.0
                          securityContext:
                            ↓privileged: true
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: tagged
            spec:
              containers:
                - name: app
                  image: app:1.0
                  securityContext:
                    ↓privileged: !!bool "true"
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for container in pod.containers {
            guard let entry = container.securityContext?.entry("privileged"), entry.value.bool == true else { continue }
            report.report(
                entry, path: container.path + ".securityContext.privileged",
                message: "Container '\(container.name)' runs privileged: code execution in it is root on the node."
            )
        }
    }
}

import PalisadeCore

/// Without a seccomp profile a container runs unfiltered on most clusters.
public struct SeccompNotSet: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-seccomp-not-set",
        title: "Container has no seccomp profile",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads],
        mitre: ["T1611", "T1068"],
        rationale: """
            Kubernetes runs containers Unconfined unless a profile is set: the kubelet's \
            `seccompDefault` option, which would apply RuntimeDefault, is off unless a cluster \
            administrator turns it on, and a manifest cannot tell. The runtime's default profile \
            blocks the syscalls most kernel escapes start with (unshare, keyctl, bpf, userfaultfd, \
            open_by_handle_at), so a container without one is one kernel bug away from the node. \
            Medium rather than high: it needs a kernel vulnerability to matter, where an explicit \
            Unconfined (k8s-seccomp-unconfined, high) is a deliberate opt-out. A RuntimeDefault or \
            Localhost profile counts wherever it is set: on the container, on the pod (inherited), or \
            through the legacy annotations. Privileged containers (never filtered; \
            k8s-privileged-container), Windows pods and templated values are not reported.
            """,
        remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (every container inherits it) or on each container.",
        references: [
            "https://kubernetes.io/docs/tutorials/security/seccomp/",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        ],
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
                    seccompProfile:
                      type: RuntimeDefault
                  initContainers:
                    - name: migrate
                      image: api:1.0
                  containers:
                    - name: api
                      image: api:1.0
                    - name: custom
                      image: custom:1.0
                      securityContext:
                        seccompProfile:
                          type: Localhost
                          localhostProfile: profiles/custom.json
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: docker/default
            spec:
              containers:
                - name: legacy
                  image: legacy:1.0
                - name: agent
                  image: agent:1.0
                  securityContext:
                    privileged: true
                - name: templated
                  image: tool:1.0
                  securityContext:
                    seccompProfile:
                      type: ${SECCOMP_TYPE}
                - name: helm
                  image: tool:1.0
                  securityContext: "{{ toYaml .Values.securityContext }}"
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
                - name: iis
                  image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: exporter
            spec:
              template:
                spec:
                  containers:
                    - ↓name: exporter
                      image: node-exporter:1.8
                    - name: confined
                      image: proxy:1.0
                      securityContext:
                        seccompProfile:
                          type: RuntimeDefault
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: runtime/default
            spec:
              template:
                spec:
                  initContainers:
                    - ↓name: wait
                      image: busybox:1.36
                  containers:
                    - ↓name: migrate
                      image: migrate:3.1
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        let resolver = ConfinementProfile.Resolver(.seccomp, object: object, pod: pod)
        // A templated pod security context may hold a profile for every container.
        if let context = pod.securityContext, !context.isMapping, !context.isNull { return }
        for container in pod.containers where !container.isPrivileged && !container.hasOpaqueSecurityContext() {
            // Any profile at all, even Unconfined (k8s-seccomp-unconfined) or a templated one, is a choice made.
            if resolver.resolve(container) != nil { continue }
            report.report(
                container.anchor, path: container.path + ".securityContext.seccompProfile",
                message: "Container '\(container.name)' has no seccomp profile, on the pod or its own, so it runs unfiltered: every kernel syscall is open to whoever runs code in it."
            )
        }
    }
}

import PalisadeCore

/// One rule template for a seccomp or AppArmor profile explicitly set to Unconfined, through the
/// pod's or the container's field or the legacy annotations.
public struct UnconfinedProfile: KubernetesRule {
    let profile: ConfinementProfile
    /// What the container loses, for messages ("syscall filtering").
    let loss: String
    public let description: RuleDescription

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        let resolver = ConfinementProfile.Resolver(profile, object: object, pod: pod)
        var podLevel = PodLevelCauses<String>()
        for container in pod.containers where !container.isPrivileged {
            guard let resolved = resolver.resolve(container), resolved.type == "Unconfined" else { continue }
            if resolved.isPodLevel {
                podLevel.add(resolved.node.range, path: resolved.path, info: resolved.written, container: container.name)
            } else {
                report.report(
                    resolved.node.range, path: resolved.path,
                    message: "Container '\(container.name)' runs without \(loss) (\(resolved.written)): \(consequence)."
                )
            }
        }
        for cause in podLevel.causes {
            report.report(
                cause.range, path: cause.path,
                message: "The pod's \(cause.info) leaves \(ContainerList.phrase(cause.containers)) without \(loss): \(consequence)."
            )
        }
    }

    private var consequence: String {
        profile.field == "seccompProfile"
            ? "every kernel syscall, and every kernel bug behind one, is open to whoever runs code there"
            : "nothing in the node's AppArmor policy blocks mounts or writes to /proc and /sys after a foothold there"
    }

    public static let seccomp = UnconfinedProfile(
        profile: .seccomp, loss: "syscall filtering",
        description: RuleDescription(
            id: "k8s-seccomp-unconfined",
            title: "Seccomp profile set to Unconfined",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.minimalImmutableWorkloads],
            mitre: ["T1611", "T1068"],
            rationale: """
                The runtime's default seccomp profile blocks the syscalls most kernel escapes start \
                with (unshare and new user namespaces, keyctl, bpf, userfaultfd, open_by_handle_at); \
                CVE-2022-0185 and CVE-2022-0492 were not exploitable under it. Setting the profile to \
                Unconfined on purpose removes that layer for an unprivileged container, which is why \
                Pod Security baseline forbids it. The profile is resolved as the kubelet does: the \
                container's `seccompProfile` wins over the legacy \
                `container.seccomp.security.alpha.kubernetes.io/<name>` annotation, which wins over the \
                pod's field and the `seccomp.security.alpha.kubernetes.io/pod` annotation. A pod-level \
                Unconfined is reported once, naming the containers that inherit it, and not at all \
                when every container sets its own profile. Privileged containers (never filtered, and \
                reported by k8s-privileged-container), Windows pods and templated values are not \
                reported.
                """,
            remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` (or a Localhost profile) on the pod, and remove Unconfined and the legacy seccomp annotations.",
            references: [
                "https://kubernetes.io/docs/tutorials/security/seccomp/",
                "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            ],
            goodExamples: [
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    metadata:
                      annotations:
                        seccomp.security.alpha.kubernetes.io/pod: runtime/default
                    spec:
                      securityContext:
                        seccompProfile:
                          type: Unconfined
                      containers:
                        - name: api
                          image: api:1.0
                          securityContext:
                            seccompProfile:
                              type: RuntimeDefault
                        - name: agent
                          image: agent:1.0
                          securityContext:
                            privileged: true
                        - name: templated
                          image: tool:1.0
                          securityContext:
                            seccompProfile:
                              type: "{{ .Values.seccomp }}"
                """,
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: worker
                  annotations:
                    container.seccomp.security.alpha.kubernetes.io/worker: runtime/default
                    seccomp.security.alpha.kubernetes.io/pod: unconfined
                spec:
                  containers:
                    - name: worker
                      image: worker:1.0
                """,
            ],
            badExamples: [
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: debug
                spec:
                  securityContext:
                    seccompProfile:
                      type: ↓Unconfined
                  initContainers:
                    - name: init
                      image: busybox:1.36
                  containers:
                    - name: app
                      image: app:1.0
                    - name: confined
                      image: app:1.0
                      securityContext:
                        seccompProfile:
                          type: Localhost
                          localhostProfile: profiles/app.json
                """,
                """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: backup
                spec:
                  schedule: "0 2 * * *"
                  jobTemplate:
                    spec:
                      template:
                        metadata:
                          annotations:
                            container.seccomp.security.alpha.kubernetes.io/backup: ↓unconfined
                        spec:
                          containers:
                            - name: backup
                              image: backup:2.0
                            - name: uploader
                              image: uploader:1.0
                              securityContext:
                                seccompProfile: {type: ↓Unconfined}
                """,
            ]
        )
    )

    public static let appArmor = UnconfinedProfile(
        profile: .appArmor, loss: "AppArmor confinement",
        description: RuleDescription(
            id: "k8s-apparmor-unconfined",
            title: "AppArmor profile set to Unconfined",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.minimalImmutableWorkloads],
            mitre: ["T1611"],
            rationale: """
                On nodes with AppArmor (Ubuntu, Debian, COS, Bottlerocket) the runtime confines every \
                container with its default profile, which denies mounting file systems, writing to \
                /proc/sys, /proc/sysrq-trigger and most of /sys, and ptrace of processes outside the \
                container. Several container escapes that needed only a capability or a writable /proc \
                entry were stopped by that profile alone. `appArmorProfile.type: Unconfined` (the pod \
                or container field, Kubernetes 1.30 and later) or the \
                `container.apparmor.security.beta.kubernetes.io/<name>: unconfined` annotation turns it \
                off, which Pod Security baseline forbids. The container's field wins over its \
                annotation, which wins over the pod's field; a pod-level Unconfined is reported once, \
                naming the containers that inherit it. Privileged containers (already unconfined and \
                reported by k8s-privileged-container), Windows pods and templated values are not reported.
                """,
            remediation: "Remove `appArmorProfile.type: Unconfined` and the unconfined annotation; use RuntimeDefault or a Localhost profile.",
            references: [
                "https://kubernetes.io/docs/tutorials/security/apparmor/",
                "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            ],
            goodExamples: [
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    metadata:
                      annotations:
                        container.apparmor.security.beta.kubernetes.io/api: runtime/default
                        container.apparmor.security.beta.kubernetes.io/sidecar: localhost/k8s-sidecar
                    spec:
                      securityContext:
                        appArmorProfile:
                          type: RuntimeDefault
                      containers:
                        - name: api
                          image: api:1.0
                        - name: sidecar
                          image: sidecar:1.0
                        - name: agent
                          image: agent:1.0
                          securityContext:
                            privileged: true
                            appArmorProfile:
                              type: Unconfined
                """,
            ],
            badExamples: [
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: builder
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/builder: ↓unconfined
                    container.apparmor.security.beta.kubernetes.io/cache: unconfined
                spec:
                  containers:
                    - name: builder
                      image: buildkit:0.13
                    - name: cache
                      image: cache:1.0
                      securityContext:
                        appArmorProfile:
                          type: RuntimeDefault
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
                        appArmorProfile:
                          type: ↓Unconfined
                      containers:
                        - name: db
                          image: postgres:16.3
                        - name: exporter
                          image: exporter:0.15
                """,
            ]
        )
    )
}

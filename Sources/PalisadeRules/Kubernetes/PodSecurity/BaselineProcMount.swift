import PalisadeCore

extension PodSecurityControl {
    /// The procMount verdict both profiles use: anything but `Default` is forbidden.
    static let procMountVerdict: @Sendable (Node) -> String? = notIn(["Default"])

    /// Baseline "/proc Mount Type": procMount must be unset or Default, except in a user namespace.
    public static let baselineProcMount = make(
        level: .baseline, control: "/proc Mount Type", slug: "proc-mount",
        title: "Pod Security Standards baseline: unmasked /proc",
        severity: .high, mitre: ["T1611"],
        consequence: "an unmasked /proc exposes kernel interfaces that the default masks hide from containers",
        rationale: """
            The runtime masks and makes read-only the parts of /proc (kcore, sysrq-trigger, keys, timers) \
            through which a container can read kernel memory or act on the node. `procMount: Unmasked` \
            removes those masks. The baseline profile allows `procMount` only unset or Default on every \
            container; since policy v1.35 it allows any value in pods that run in a user namespace \
            (`hostUsers: false`), where root in the container is not root on the node (the restricted \
            profile takes that relaxation back: k8s-pss-restricted-proc-mount).
            """,
        remediation: "Remove `securityContext.procMount` (or set it to Default).",
        references: ["https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/#integration-with-pod-security-admission-checks"],
        forbidden: [
            Forbidden(scope: .container, path: ["securityContext", "procMount"], anchor: .value, verdict: procMountVerdict),
        ],
        applies: { !inUserNamespace($0) },
        goodExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: builder
            spec:
              hostUsers: false
              containers:
                - name: buildkit
                  image: moby/buildkit:v0.15.1-rootless
                  securityContext:
                    procMount: Unmasked
                - name: web
                  image: nginx:1.27
                  securityContext:
                    procMount: Default
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: builder
            spec:
              template:
                spec:
                  hostUsers: true
                  containers:
                    - name: buildkit
                      image: moby/buildkit:v0.15.1
                      securityContext:
                        procMount: ↓Unmasked
            """,
        ]
    )
}

import PalisadeCore

extension PodSecurityControl {
    /// Restricted "/proc Mount Type" (policy v1.35): Default /proc even in a user namespace.
    public static let restrictedProcMount = make(
        level: .restricted, control: "/proc Mount Type", slug: "proc-mount",
        title: "Pod Security Standards restricted: unmasked /proc in a user namespace",
        severity: .low, mitre: ["T1611"],
        consequence: "an unmasked /proc exposes kernel interfaces that the default masks hide, even if root in the pod is not root on the node",
        rationale: """
            Since policy v1.35 the baseline profile lets pods in a user namespace (`hostUsers: false`) \
            unmask /proc, and the restricted profile takes that back: `procMount` must be unset or \
            Default on every container. Outside user namespaces k8s-pss-baseline-proc-mount already \
            reports it, so this control reports only pods with `hostUsers: false`, and each problem is \
            reported once by the restricted profile.
            """,
        remediation: "Remove `securityContext.procMount` (or set it to Default).",
        references: ["https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/#integration-with-pod-security-admission-checks"],
        forbidden: [
            Forbidden(scope: .container, path: ["securityContext", "procMount"], anchor: .value, verdict: procMountVerdict),
        ],
        applies: { inUserNamespace($0) },
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
                    procMount: Default
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: host-users
            spec:
              containers:
                - name: buildkit
                  image: moby/buildkit:v0.15.1
                  securityContext:
                    procMount: Unmasked
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
                  hostUsers: false
                  containers:
                    - name: buildkit
                      image: moby/buildkit:v0.15.1-rootless
                      securityContext:
                        procMount: ↓Unmasked
            """,
        ]
    )
}

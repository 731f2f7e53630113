import PalisadeCore

extension PodSecurityControl {
    /// The SELinux types the baseline profile allows (container_engine_t since policy v1.31).
    static let baselineSELinuxTypes: Set<String> = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]

    /// Baseline "SELinux": no custom SELinux user or role, and only the container types.
    public static let baselineSELinux = make(
        level: .baseline, control: "SELinux", slug: "selinux",
        title: "Pod Security Standards baseline: custom SELinux options",
        severity: .medium, mitre: ["T1611"],
        consequence: "a custom SELinux label can lift the confinement that keeps container processes away from the node's files",
        rationale: """
            On SELinux nodes the container types keep processes away from the node's files and other \
            containers; a custom type such as `spc_t` (super-privileged container) or `unconfined_t` lifts \
            that, and a custom user or role changes what the label may do. The baseline profile allows \
            `seLinuxOptions.type` only unset, empty, container_t, container_init_t, container_kvm_t or \
            container_engine_t, and `seLinuxOptions.user` and `.role` only unset or empty, on the pod and \
            on every container (a container's seLinuxOptions replace the pod's). The level (MCS categories) is \
            not restricted. `spc_t` and `unconfined_t`, which lift confinement entirely, are reported as high.
            """,
        remediation: "Remove custom `seLinuxOptions.type`, `.user` and `.role`; leave labelling to the runtime.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container"],
        forbidden: [
            Forbidden(scope: .podAndContainers, path: ["securityContext", "seLinuxOptions", "type"], anchor: .value,
                      overrides: ["securityContext", "seLinuxOptions"],
                      severity: { ["spc_t", "unconfined_t"].contains($0.string ?? "") ? .high : nil },
                      verdict: notIn(baselineSELinuxTypes)),
            Forbidden(scope: .podAndContainers, path: ["securityContext", "seLinuxOptions", "user"], anchor: .value,
                      overrides: ["securityContext", "seLinuxOptions"], verdict: notIn([""])),
            Forbidden(scope: .podAndContainers, path: ["securityContext", "seLinuxOptions", "role"], anchor: .value,
                      overrides: ["securityContext", "seLinuxOptions"], verdict: notIn([""])),
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
                    seLinuxOptions:
                      level: "s0:c123,c456"
                  containers:
                    - name: api
                      image: api:1.0
                      securityContext:
                        seLinuxOptions:
                          type: container_t
                          user: ""
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: agent
            spec:
              securityContext:
                seLinuxOptions:
                  type: ↓spc_t
              containers:
                - name: agent
                  image: agent:1.0
                - name: helper
                  image: helper:1.0
                  securityContext:
                    seLinuxOptions:
                      type: container_t
                      user: ↓system_u
                      role: ↓system_r
            """,
        ]
    )
}

import PalisadeCore

/// `procMount: Unmasked` gives the container the node's /proc without the runtime's masks.
public struct ProcMountUnmasked: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-proc-mount-unmasked",
        title: "Container mounts /proc unmasked",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads],
        mitre: ["T1611"],
        rationale: """
            Runtimes mask and mount read-only the parts of /proc that reach past the container: \
            /proc/sys, /proc/sysrq-trigger, /proc/kcore, /proc/keys, /proc/timer_list and more. \
            `procMount: Unmasked` removes those masks, so root in the container can write kernel \
            parameters (core_pattern runs a program on the node as root), trigger sysrq and read \
            kernel memory: a direct path to the node, forbidden by Pod Security baseline. In a pod \
            with its own user namespace (`hostUsers: false`, which newer API servers require for \
            Unmasked) the kernel refuses those writes to a namespaced root, so the finding drops to \
            medium there. Windows pods and templated values are not reported.
            """,
        remediation: "Remove `procMount: Unmasked` (the default is Default, the masked /proc).",
        references: [
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://kubernetes.io/docs/tasks/configure-pod-container/user-namespaces/",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: app
            spec:
              containers:
                - name: app
                  image: app:1.0
                  securityContext:
                    procMount: Default
                - name: templated
                  image: tool:1.0
                  securityContext:
                    procMount: "{{ .Values.procMount }}"
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
                  containers:
                    - name: buildkit
                      image: moby/buildkit:v0.13.2-rootless
                      securityContext:
                        procMount: ↓Unmasked
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: nested
            spec:
              hostUsers: false
              initContainers:
                - name: init
                  image: init:1.0
                  securityContext: {procMount: ↓Unmasked}
              containers:
                - name: app
                  image: app:1.0
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        let userNamespace = pod.node["hostUsers"]?.bool == false
        for container in pod.containers {
            guard let value = container.securityContext?["procMount"], value.string == "Unmasked" else { continue }
            report.report(
                value.range, path: container.path + ".securityContext.procMount",
                message: userNamespace
                    ? "Container '\(container.name)' mounts /proc unmasked (procMount: Unmasked); its user namespace keeps kernel writes out of reach, but kernel information is exposed."
                    : "Container '\(container.name)' mounts /proc unmasked (procMount: Unmasked): root in it can write kernel parameters such as core_pattern and take over the node.",
                severity: userNamespace ? .medium : nil
            )
        }
    }
}

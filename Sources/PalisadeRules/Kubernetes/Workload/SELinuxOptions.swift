import PalisadeCore

/// SELinux options that take a container out of the container policy.
public struct SELinuxOptions: KubernetesRule {
    public init() {}

    /// The types container-selinux confines containers with; Pod Security baseline allows these.
    static let containerTypes: Set<String> = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]
    /// Types that are not confined at all: the container runs like a root service on the node.
    static let unconfinedTypes: Set<String> = ["spc_t", "unconfined_t", "kernel_t", "initrc_t", "init_t", "unconfined_service_t", "super_t"]

    public let description = RuleDescription(
        id: "k8s-selinux-options",
        title: "SELinux options weaken the container's confinement",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads],
        mitre: ["T1611"],
        rationale: """
            On SELinux nodes (RHEL, Fedora CoreOS, OpenShift) every container runs as container_t, which \
            may touch only files labelled for containers: even root that escapes its namespaces cannot \
            read the node's files. `seLinuxOptions.type: spc_t` (super-privileged container) or \
            unconfined_t turns that off, so it is reported as critical; any other type outside the \
            container policy (container_t, container_init_t, container_kvm_t, container_engine_t) gets \
            whatever the node's policy grants it, which a manifest cannot show (medium). Setting `user` \
            or `role` selects an SELinux identity other than the container one, which Pod Security \
            baseline forbids (medium). `level` (the MCS categories) only separates containers further \
            and is never reported. Options are read as the kubelet merges them: a container's \
            seLinuxOptions replace the pod's as a whole; pod-level options are reported once, naming \
            the containers that inherit them. Privileged containers (spc_t anyway; \
            k8s-privileged-container), Windows pods and templated values are not reported.
            """,
        remediation: "Remove `seLinuxOptions.type`, `user` and `role` (keep `level` if you need MCS categories); the runtime assigns container_t.",
        references: [
            "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container",
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
                spec:
                  securityContext:
                    seLinuxOptions:
                      level: "s0:c123,c456"
                  containers:
                    - name: api
                      image: api:1.0
                    - name: vm
                      image: kubevirt-launcher:1.2
                      securityContext:
                        seLinuxOptions:
                          type: container_kvm_t
                    - name: templated
                      image: tool:1.0
                      securityContext:
                        seLinuxOptions:
                          type: "{{ .Values.selinuxType }}"
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: overridden
            spec:
              securityContext:
                seLinuxOptions:
                  type: spc_t
              containers:
                - name: app
                  image: app:1.0
                  securityContext:
                    seLinuxOptions:
                      level: "s0:c1,c2"
                - name: agent
                  image: agent:1.0
                  securityContext:
                    privileged: true
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
                  securityContext:
                    seLinuxOptions:
                      type: ↓spc_t
                  containers:
                    - name: driver
                      image: csi-driver:1.9
                    - name: registrar
                      image: csi-node-driver-registrar:2.10
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: custom
            spec:
              containers:
                - name: app
                  image: app:1.0
                  securityContext:
                    seLinuxOptions:
                      ↓user: system_u
                      ↓role: system_r
                      type: ↓my_app_t
                      level: "s0"
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        var podLevel = PodLevelCauses<(what: String, gain: String, severity: Severity)>()
        for container in pod.containers where !container.isPrivileged {
            guard let setting = pod.setting("seLinuxOptions", for: container), setting.value.isMapping else { continue }
            let options = setting.value
            let owner = setting.isPodLevel ? nil : container.name
            if let type = options.entry("type"), let name = type.value.string, !type.value.isTemplateExpression,
               !Self.containerTypes.contains(name) {
                let unconfined = Self.unconfinedTypes.contains(name)
                let gain = unconfined
                    ? "is not confined by SELinux at all, so root in it reads and writes the node's files"
                    : "runs under an SELinux type outside the container policy, with whatever rights the node's policy grants it"
                emit(type.value.range, path: setting.path + ".type", severity: unconfined ? .critical : .medium,
                     what: "seLinuxOptions.type: \(name)", gain: gain, owner: owner, podLevel: &podLevel, report: &report,
                     container: container.name)
            }
            for field in ["user", "role"] {
                guard let entry = options.entry(field), let value = entry.value.string, !value.isEmpty,
                      !entry.value.isTemplateExpression else { continue }
                emit(SourceRange(start: entry.key.range.start, end: entry.value.range.end), path: setting.path + ".\(field)",
                     severity: .medium, what: "seLinuxOptions.\(field): \(value)",
                     gain: "runs as an SELinux \(field) other than the container one, which may carry rights container_t does not have",
                     owner: owner, podLevel: &podLevel, report: &report, container: container.name)
            }
        }
        for cause in podLevel.causes {
            report.report(
                cause.range, path: cause.path,
                message: "The pod's \(cause.info.what) applies to \(ContainerList.phrase(cause.containers)): each \(cause.info.gain).",
                severity: cause.info.severity
            )
        }
    }

    private func emit(
        _ range: SourceRange, path: String, severity: Severity, what: String, gain: String, owner: String?,
        podLevel: inout PodLevelCauses<(what: String, gain: String, severity: Severity)>, report: inout FindingReporter, container: String
    ) {
        if let owner {
            report.report(range, path: path, message: "Container '\(owner)' \(gain) (\(what)).", severity: severity)
        } else {
            podLevel.add(range, path: path, info: (what, gain, severity), container: container)
        }
    }
}

import PalisadeCore

/// Capabilities added to a container that hand over the node or the workloads next to it.
public struct DangerousCapability: KubernetesRule {
    public init() {}

    /// The capabilities the runtime grants by default and Pod Security baseline allows: adding one
    /// back after `drop: [ALL]` narrows privileges, so it is never reported.
    static let baselineDefaults: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    /// What each reported capability gives an attacker, and how bad that is on its own.
    static let risks: [String: (severity: Severity, gain: String)] = [
        "ALL": (.critical, "every capability, including SYS_ADMIN and SYS_MODULE: a container escape to the node"),
        "SYS_ADMIN": (.critical, "mount, namespace and cgroup control: the classic escapes (cgroup release_agent, mounting the node's disk)"),
        "SYS_MODULE": (.critical, "kernel module loading: code execution in the node's kernel"),
        "DAC_READ_SEARCH": (.critical, "open_by_handle_at, which reads any file on the node's disk (the Shocker escape)"),
        "SYS_PTRACE": (.high, "ptrace of every process it can see: code injection into them, and their secrets"),
        "SYS_RAWIO": (.high, "raw I/O ports, /dev/mem and device ioctls: access to the node's memory and disks"),
        "BPF": (.high, "eBPF program and map loading: a large kernel attack surface and, with PERFMON, reads of kernel and process memory"),
        "SYS_TIME": (.high, "control of the node's clock, which is not namespaced: expired certificates and tokens accepted again, leases and logs broken"),
        "NET_ADMIN": (.medium, "control of the pod's routes and iptables: a way around a service mesh's traffic redirection and egress controls"),
        "NET_RAW": (.medium, "raw and packet sockets: ARP and DNS spoofing of neighbouring pods and sniffing on the pod network"),
        "SYS_BOOT": (.medium, "reboot and kexec_load"),
        "PERFMON": (.medium, "system-wide perf monitoring: kernel addresses and samples of other processes on the node"),
        "SYSLOG": (.medium, "the kernel log: kernel addresses that defeat KASLR and other workloads' kernel messages"),
        "MAC_ADMIN": (.medium, "changes to the node's AppArmor or SELinux policy"),
        "MAC_OVERRIDE": (.medium, "a bypass of mandatory access control"),
        "AUDIT_CONTROL": (.medium, "control of kernel audit rules: a way to hide its tracks on the node"),
        "SYS_RESOURCE": (.medium, "a bypass of resource limits and quotas: the node's memory and file handles exhausted"),
        "SYS_NICE": (.low, "real-time scheduling and CPU affinity: other workloads on the node starved"),
        "IPC_LOCK": (.low, "memory locking: the node's RAM pinned"),
        "IPC_OWNER": (.low, "a bypass of permission checks on System V IPC objects"),
        "LINUX_IMMUTABLE": (.low, "control of immutable and append-only file flags"),
        "LEASE": (.low, "leases on files it does not own"),
        "BLOCK_SUSPEND": (.low, "a way to keep the node from suspending"),
        "WAKE_ALARM": (.low, "timers that wake the node"),
        "AUDIT_READ": (.low, "reading the kernel audit log"),
        "SYS_TTY_CONFIG": (.low, "terminal configuration"),
        "SYS_PACCT": (.low, "process accounting control"),
        "CHECKPOINT_RESTORE": (.medium, "checkpoint/restore controls, such as choosing process ids and reading other processes' memory maps"),
    ]

    public let description = RuleDescription(
        id: "k8s-dangerous-capability",
        title: "Container adds a dangerous Linux capability",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611", "T1068"],
        rationale: """
            Capabilities split root's power; some of the pieces are the whole. Severity follows what \
            the capability gives an attacker who runs code in the container. Critical: ALL, SYS_ADMIN \
            (mount and cgroup escapes), SYS_MODULE (kernel modules) and DAC_READ_SEARCH (open_by_handle_at \
            reads the node's disk, the Shocker escape), and SYS_PTRACE when the pod shares the node's \
            process namespace (hostPID), where it injects code into the node's own processes. High: \
            SYS_PTRACE (other processes in the pod), SYS_RAWIO (memory and device I/O), BPF (kernel \
            attack surface, and kernel memory reads with PERFMON), SYS_TIME (the node's clock is not \
            namespaced), and NET_ADMIN, NET_RAW or SYS_BOOT when the pod shares the node's network \
            (hostNetwork: rewrite the node's firewall, sniff its traffic) or process namespace (hostPID: \
            reboot the node). Medium: NET_ADMIN, NET_RAW (ARP and DNS spoofing of neighbouring pods), \
            SYS_BOOT, PERFMON, SYSLOG, MAC_ADMIN, MAC_OVERRIDE, AUDIT_CONTROL, SYS_RESOURCE and \
            CHECKPOINT_RESTORE; the rest low. Names are matched as the runtime reads them, in any case \
            and with or without the `CAP_` prefix (CRI-O accepts it; runtimes that do not refuse \
            the container rather than run it with less), in init, regular and ephemeral containers; a \
            capability that is also dropped is not granted (runtimes apply drops last) and is not reported. Unlike \
            checkers that flag every added capability, Palisade stays quiet on the runtime's default \
            set (CHOWN, SETUID, NET_BIND_SERVICE...), which Pod Security baseline allows and which \
            `drop: [ALL]` followed by a narrow `add` is the recommended way to grant; on privileged \
            containers (k8s-privileged-container already reports them, they have every capability); \
            on Windows pods; and on templated names.
            """,
        remediation: "Remove the capability from `securityContext.capabilities.add`; drop ALL and add back only what the process needs (usually nothing, or NET_BIND_SERVICE).",
        references: [
            "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://man7.org/linux/man-pages/man7/capabilities.7.html",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      securityContext:
                        capabilities:
                          drop: [ALL]
                          add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID, cap_dac_override]
                    - name: cancelled
                      image: tool:1.0
                      securityContext:
                        capabilities:
                          add: [ALL, SYS_ADMIN]
                          drop: [ALL, CAP_SYS_ADMIN]
                    - name: templated
                      image: tool:1.0
                      securityContext:
                        capabilities:
                          add: ["${EXTRA_CAP}", "{{ .Values.cap }}"]
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: agent
            spec:
              containers:
                - name: agent
                  image: agent:1.0
                  securityContext:
                    privileged: true
                    capabilities:
                      add: [SYS_ADMIN]
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
                  securityContext:
                    capabilities:
                      add: [NET_ADMIN]
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-debugger
            spec:
              template:
                spec:
                  containers:
                    - name: debugger
                      image: debugger:1.0
                      securityContext:
                        capabilities:
                          drop: [ALL]
                          add:
                            - ↓SYS_ADMIN
                            - ↓"CAP_SYS_PTRACE"
                            - NET_BIND_SERVICE
                            - ↓net_raw
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: tracer
            spec:
              hostPID: true
              hostNetwork: true
              initContainers:
                - name: setup
                  image: setup:1.0
                  securityContext:
                    capabilities:
                      add: [↓ALL]
              containers:
                - name: tracer
                  image: tracer:2.0
                  securityContext:
                    capabilities:
                      add: [↓SYS_PTRACE, ↓cap_net_admin, ↓BPF, ↓PERFMON]
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: clock-sync
            spec:
              schedule: "*/10 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: sync
                          image: chrony:4.5
                          securityContext:
                            capabilities:
                              add: [↓SYS_TIME]
            """,
        ]
    )

    /// The capability name as the runtime reads it: upper case, without the `CAP_` prefix.
    static func canonical(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    /// Whether `container` is granted one of `names` (canonical, such as `SYS_ADMIN`; ALL counts as
    /// every one) through `capabilities.add`, once the runtime has applied `drop`.
    static func grants(_ container: ContainerView, anyOf names: Set<String>) -> Bool {
        guard let capabilities = container.securityContext?["capabilities"],
              let added = capabilities["add"]?.items else { return false }
        let dropped = Set((capabilities["drop"]?.items ?? []).compactMap { $0.string.map(canonical) })
        return added.contains { item in
            guard let name = item.string.map(canonical), !dropped.contains(name) else { return false }
            return name == "ALL" || names.contains(name)
        }
    }

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        let hostPID = pod.node["hostPID"]?.bool == true
        let hostNetwork = pod.node["hostNetwork"]?.bool == true
        for container in pod.containers where !container.isPrivileged {
            guard let capabilities = container.securityContext?["capabilities"],
                  let added = capabilities["add"]?.items else { continue }
            // Runtimes apply drops after adds: a capability both added and dropped is not granted,
            // and `drop: [ALL]` cancels `add: [ALL]` (but not capabilities added by name).
            let dropped = Set((capabilities["drop"]?.items ?? []).compactMap { $0.string.map(Self.canonical) })
            for item in added {
                guard let written = item.string, !item.isTemplateExpression else { continue }
                let name = Self.canonical(written)
                guard !Self.baselineDefaults.contains(name), !dropped.contains(name), let risk = Self.risks[name] else { continue }
                var severity = risk.severity
                var gain = risk.gain
                switch name {
                case "SYS_PTRACE" where hostPID:
                    severity = .critical
                    gain = "ptrace of every process on the node (hostPID): code injection into the node's root processes"
                case "NET_ADMIN" where hostNetwork:
                    severity = .high
                    gain = "control of the node's interfaces and firewall (hostNetwork): interception of every pod's service traffic"
                case "NET_RAW" where hostNetwork:
                    severity = .high
                    gain = "raw sockets on the node's interfaces (hostNetwork): sniffing and spoofing of the node's traffic"
                case "SYS_BOOT" where hostPID:
                    severity = .high
                    gain = "a reboot of the node (hostPID)"
                default:
                    break
                }
                report.report(
                    item.range, path: container.path + ".securityContext.capabilities.add[\(written)]",
                    message: "Container '\(container.name)' adds \(name), which gives whoever runs code in it \(gain).",
                    severity: severity
                )
            }
        }
    }
}

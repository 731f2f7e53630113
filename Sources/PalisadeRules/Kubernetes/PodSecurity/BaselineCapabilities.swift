import PalisadeCore

extension PodSecurityControl {
    /// The capabilities the baseline profile lets a container add: the container runtimes' default set
    /// without NET_RAW.
    static let baselineAllowedCapabilities: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    /// Capabilities that are a known way out of the container on their own: reported as critical.
    static let escapeCapabilities: Set<String> = ["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF"]

    /// Baseline "Capabilities": capabilities.add may only hold the default set.
    public static let baselineCapabilities = make(
        level: .baseline, control: "Capabilities", slug: "capabilities",
        title: "Pod Security Standards baseline: capabilities beyond the default set",
        severity: .high, mitre: ["T1611"],
        consequence: "the capability gives code in the container powers over the node's kernel that containers do not have by default",
        rationale: """
            Capabilities beyond the runtime's default set are the usual escape hatches: SYS_ADMIN mounts \
            file systems and nearly equals privileged, SYS_PTRACE reads other processes, SYS_MODULE loads \
            kernel modules, NET_ADMIN rewrites the pod's network and NET_RAW spoofs packets on it. The \
            baseline profile allows `capabilities.add` to hold only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, \
            FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT, \
            compared as written (`CAP_SYS_ADMIN` or `all` are not in the list either). Templated names stay \
            silent. ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH and BPF, each enough to leave \
            the container, are reported as critical.
            """,
        remediation: "Remove every capability outside the default set from `securityContext.capabilities.add`.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container"],
        forbidden: [
            Forbidden(scope: .container, path: ["securityContext", "capabilities", "add"], items: [], anchor: .value,
                      severity: { node in
                          var name = Substring((node.string ?? "").uppercased())
                          if name.hasPrefix("CAP_") { name = name.dropFirst(4) }
                          return escapeCapabilities.contains(String(name)) ? .critical : nil
                      },
                      verdict: notIn(baselineAllowedCapabilities)),
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
                          drop: ["ALL"]
                          add: ["NET_BIND_SERVICE", "CHOWN", "${EXTRA_CAP}"]
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: vpn
            spec:
              initContainers:
                - name: routes
                  image: alpine:3.20
                  securityContext:
                    capabilities:
                      add: [↓NET_ADMIN, NET_BIND_SERVICE]
              containers:
                - name: vpn
                  image: wireguard:1.0
                  securityContext:
                    capabilities:
                      add:
                        - ↓SYS_ADMIN
                        - ↓NET_RAW
                        - ↓"CAP_SYS_MODULE"
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: trace
            spec:
              template:
                spec:
                  containers:
                    - name: trace
                      image: bpftrace:0.20
                      securityContext:
                        capabilities: {add: [↓ALL]}
            """,
        ]
    )
}

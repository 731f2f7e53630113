import PalisadeCore

extension PodSecurityControl {
    /// The sysctls the baseline profile allows: namespaced and isolated from other pods. The list grew
    /// with policy versions 1.27, 1.29, 1.32 and 1.37; this is the newest.
    static let baselineSafeSysctls: Set<String> = [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
        "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
    ]

    /// Baseline "Sysctls": only the safe sysctls may be set.
    public static let baselineSysctls = make(
        level: .baseline, control: "Sysctls", slug: "sysctls",
        title: "Pod Security Standards baseline: unsafe sysctls",
        severity: .medium, pattern: .availability, controls: [.minimalImmutableWorkloads, .resilience],
        mitre: ["T1499"],
        consequence: "an unsafe sysctl can disable a kernel protection or change a setting every pod on the node shares",
        rationale: """
            Sysctls outside the safe set are not isolated per pod: they can switch off kernel protections \
            or starve the node (kernel.msgmax, net.core.somaxconn, vm.*). The baseline profile allows \
            `spec.securityContext.sysctls` to name only kernel.shm_rmid_forced, \
            net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, \
            net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports (policy v1.27), \
            net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, \
            net.ipv4.tcp_keepalive_probes (v1.29), net.ipv4.tcp_rmem, net.ipv4.tcp_wmem (v1.32), \
            net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat (v1.37), compared as written \
            (the slash-separated spelling is not in the list).
            """,
        remediation: "Remove sysctls outside the safe set from `spec.securityContext.sysctls`; tune the node instead.",
        references: ["https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"],
        forbidden: [
            Forbidden(scope: .pod, path: ["securityContext", "sysctls"], items: ["name"], anchor: .value,
                      verdict: notIn(baselineSafeSysctls)),
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: gateway
            spec:
              template:
                spec:
                  securityContext:
                    sysctls:
                      - name: net.ipv4.ip_local_port_range
                        value: "1024 65535"
                      - name: net.ipv4.tcp_keepalive_time
                        value: "600"
                  containers:
                    - name: gateway
                      image: gateway:1.0
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: queue
            spec:
              securityContext:
                sysctls:
                  - name: ↓kernel.msgmax
                    value: "65536"
                  - name: net.ipv4.tcp_syncookies
                    value: "1"
                  - {name: ↓net.core.somaxconn, value: "4096"}
              containers:
                - name: queue
                  image: queue:1.0
            """,
        ]
    )
}

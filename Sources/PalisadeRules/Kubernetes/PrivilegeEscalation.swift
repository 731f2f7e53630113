import PalisadeCore

/// `allowPrivilegeEscalation` must be false, or setuid binaries can make a process root again.
public struct PrivilegeEscalation: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-privilege-escalation",
        title: "Container allows privilege escalation",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1548.001"],
        rationale: """
            Unless `allowPrivilegeEscalation` is false, the kernel's no_new_privs flag is not set and a \
            process can gain privileges through setuid or setcap binaries in the image: an attacker with \
            a foothold as an unprivileged user becomes root in the container, the first step of most \
            escapes. It defaults to true, so leaving it out is reported (medium); setting it to true \
            explicitly is reported as high. Privileged containers are left to k8s-privileged-container, and \
            Windows pods, where the setting does not apply, are not reported.
            """,
        remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
        references: [
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
            "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
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
                  containers:
                    - name: api
                      image: api:1.0
                      securityContext:
                        allowPrivilegeEscalation: false
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
            kind: Deployment
            metadata:
              name: storefront
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: web:3.2
                      securityContext:
                        ↓allowPrivilegeEscalation: true
                    - ↓name: metrics
                      image: exporter:0.9
            """,
            """
            apiVersion: v1
            kind: ReplicationController
            metadata:
              name: legacy
            spec:
              template:
                spec:
                  initContainers:
                    - ↓name: init
                      image: init:1.0
                      securityContext:
                        runAsNonRoot: true
                  containers:
                    - name: app
                      image: app:1.0
                      securityContext:
                        allowPrivilegeEscalation: false
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        for container in pod.containers {
            let context = container.securityContext
            if context?["privileged"]?.bool == true { continue }
            if let entry = context?.entry("allowPrivilegeEscalation") {
                guard entry.value.bool == true else { continue }
                report.report(
                    entry, path: container.path + ".securityContext.allowPrivilegeEscalation",
                    message: "Container '\(container.name)' explicitly allows privilege escalation: setuid binaries can make it root.",
                    severity: .high
                )
            } else {
                report.report(
                    container.anchor, path: container.path + ".securityContext.allowPrivilegeEscalation",
                    message: "Container '\(container.name)' does not set allowPrivilegeEscalation: false, so setuid binaries can make it root."
                )
            }
        }
    }
}

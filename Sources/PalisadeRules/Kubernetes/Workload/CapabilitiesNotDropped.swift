import PalisadeCore

/// A container that does not drop ALL keeps the runtime's default capabilities.
public struct CapabilitiesNotDropped: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-capabilities-not-dropped",
        title: "Container does not drop all capabilities",
        severity: .low,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611"],
        rationale: """
            Unless a container drops ALL, the runtime hands a root process about fourteen capabilities \
            it rarely needs: NET_RAW (ARP and DNS spoofing of neighbouring pods, and the attack surface \
            of several kernel escapes), DAC_OVERRIDE, CHOWN, SETUID, MKNOD and more. On their own they do \
            not hand over the node, hence low, but they are the raw material of most escalations after \
            a foothold. `drop: [ALL]` with a short `add` list costs nothing for most workloads. \
            Privileged containers (k8s-privileged-container) and Windows pods, where Linux \
            capabilities do not apply, are not reported; ALL is matched in any case, as runtimes do.
            """,
        remediation: "Set `securityContext.capabilities.drop: [ALL]` on every container and add back only what it needs (for example NET_BIND_SERVICE).",
        references: [
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
            "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
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
                  initContainers:
                    - name: migrate
                      image: api:1.0
                      securityContext:
                        capabilities:
                          drop: ["all"]
                  containers:
                    - name: api
                      image: api:1.0
                      securityContext:
                        capabilities:
                          drop: [ALL]
                          add: [NET_BIND_SERVICE]
                    - name: agent
                      image: agent:1.0
                      securityContext:
                        privileged: true
                    - name: templated
                      image: tool:1.0
                      securityContext:
                        capabilities:
                          drop: ["{{ .Values.drop }}"]
                    - name: helm
                      image: tool:1.0
                      securityContext: "{{ toYaml .Values.securityContext }}"
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
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - ↓name: web
                  image: nginx:1.27
                - name: proxy
                  image: envoy:1.30
                  securityContext:
                    capabilities:
                      ↓drop: [NET_RAW]
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: report
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - ↓name: report
                          image: report:1.0
                          securityContext:
                            capabilities:
                              add: [CHOWN]
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        for container in pod.containers where !container.isPrivileged && !container.hasOpaqueSecurityContext("capabilities") {
            let path = container.path + ".securityContext.capabilities.drop"
            if let drop = container.securityContext?["capabilities"]?.entry("drop"), !drop.value.isNull {
                guard let items = drop.value.items else { continue }
                if items.contains(where: { $0.isTemplateExpression || $0.string?.uppercased() == "ALL" }) { continue }
                report.report(
                    drop, path: path,
                    message: "Container '\(container.name)' drops some capabilities but not ALL, so it keeps the rest of the runtime's default set (NET_RAW, DAC_OVERRIDE, SETUID...)."
                )
            } else {
                report.report(
                    container.anchor, path: path,
                    message: "Container '\(container.name)' does not drop ALL capabilities, so a root process in it keeps the runtime's default set (NET_RAW, DAC_OVERRIDE, SETUID...)."
                )
            }
        }
    }
}

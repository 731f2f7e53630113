import PalisadeCore

/// A container process in the root group (gid 0) owns whatever root's group owns.
public struct RunAsRootGroup: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-run-as-root-group",
        title: "Container runs with the root group",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611"],
        rationale: """
            Group 0 is root's group on the node too. A process with gid 0 reads and writes every file \
            and device the root group may touch, in the image and in any host path or shared volume \
            mounted into the pod, and it keeps that even when runAsUser is non-zero. `runAsGroup: 0` \
            (container or pod, the container's own value first) makes it the primary group: medium. \
            `fsGroup: 0` and a 0 in `supplementalGroups` add it as a supplementary group to every \
            container of the pod, and fsGroup also makes the pod's volumes group-root: low. Pod-level \
            values are reported once, naming the containers that inherit them. Windows pods, where \
            these settings do not apply, and templated values are not reported.
            """,
        remediation: "Set `runAsGroup`, `fsGroup` and `supplementalGroups` to a non-zero group id that owns only the application's files.",
        references: [
            "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
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
                    runAsGroup: 0
                    fsGroup: 2000
                    supplementalGroups: [3000, "${EXTRA_GID}"]
                  containers:
                    - name: api
                      image: api:1.0
                      securityContext:
                        runAsGroup: 1000
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: iis
            spec:
              os:
                name: windows
              securityContext:
                runAsGroup: 0
              containers:
                - name: iis
                  image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: queue
            spec:
              template:
                spec:
                  securityContext:
                    ↓runAsGroup: 0
                    ↓fsGroup: 0
                    supplementalGroups: [1000, ↓0]
                  containers:
                    - name: queue
                      image: rabbitmq:3.13
                    - name: exporter
                      image: exporter:1.0
                    - name: own
                      image: tool:1.0
                      securityContext:
                        runAsGroup: 2000
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
            spec:
              containers:
                - name: legacy
                  image: legacy:1.0
                  securityContext:
                    runAsUser: 1000
                    ↓runAsGroup: 0
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        var inheritors: [String] = []
        var podEntry: EffectiveSetting?
        for container in pod.containers {
            guard let setting = pod.setting("runAsGroup", for: container), setting.value.int == 0 else { continue }
            if setting.isPodLevel {
                podEntry = setting
                inheritors.append(container.name)
            } else {
                report.report(
                    setting.entry, path: setting.path,
                    message: "Container '\(container.name)' runs with the root group (runAsGroup: 0): it reads and writes whatever root's group owns, on mounted host paths too."
                )
            }
        }
        if let podEntry {
            report.report(
                podEntry.entry, path: podEntry.path,
                message: "The pod's runAsGroup: 0 makes root's group the primary group of \(ContainerList.phrase(inheritors)): they read and write whatever root's group owns, on mounted host paths too."
            )
        }
        guard !pod.containers.isEmpty else { return }
        if let fsGroup = pod.podSetting("fsGroup"), fsGroup.value.int == 0 {
            report.report(
                fsGroup.entry, path: fsGroup.path,
                message: "The pod's fsGroup: 0 makes its volumes group-root and adds root's group to every container.",
                severity: .low
            )
        }
        if let groups = pod.securityContext?["supplementalGroups"]?.items {
            for item in groups where item.int == 0 {
                report.report(
                    item.range, path: pod.path + ".securityContext.supplementalGroups[0]",
                    message: "The pod's supplementalGroups include 0: every container gets root's group as a supplementary group.",
                    severity: .low
                )
            }
        }
    }
}

import PalisadeCore

/// A writable root file system lets an attacker change the container's own programs.
public struct WritableRootFilesystem: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-writable-root-filesystem",
        title: "Container root file system is writable",
        severity: .low,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads],
        mitre: ["T1105", "T1554"],
        rationale: """
            With a writable root file system an attacker who gets code execution downloads tools, \
            replaces the application's binaries or configuration and plants persistence that survives \
            as long as the container does, all where nothing is reviewed. `readOnlyRootFilesystem: \
            true` makes the image immutable at run time; the few paths that must be written (/tmp, \
            caches) become emptyDir volumes. It defaults to false, so leaving it out is reported at the \
            container's name, an explicit false at the setting. Low: it slows an attacker down rather \
            than opening a path. Windows pods, where the setting is not supported, are not reported, \
            nor are templated values.
            """,
        remediation: "Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir at each path the process writes.",
        references: [
            "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
            "https://kubernetes.io/docs/concepts/storage/volumes/#emptydir",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: cache
            spec:
              template:
                spec:
                  containers:
                    - name: cache
                      image: redis:7.2
                      securityContext:
                        readOnlyRootFilesystem: true
                    - name: templated
                      image: exporter:1.0
                      securityContext:
                        readOnlyRootFilesystem: "${READ_ONLY}"
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
              initContainers:
                - ↓name: init
                  image: busybox:1.36
              containers:
                - name: web
                  image: nginx:1.27
                  securityContext:
                    ↓readOnlyRootFilesystem: false
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              template:
                spec:
                  containers:
                    - ↓name: migrate
                      image: migrate:3.1
                      securityContext:
                        runAsNonRoot: true
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        for container in pod.containers where !container.hasOpaqueSecurityContext() {
            let path = container.path + ".securityContext.readOnlyRootFilesystem"
            if let entry = container.securityContext?.entry("readOnlyRootFilesystem") {
                guard entry.value.bool == false else { continue }
                report.report(
                    entry, path: path,
                    message: "Container '\(container.name)' sets readOnlyRootFilesystem: false: an attacker in it can replace its programs and plant tools."
                )
            } else {
                report.report(
                    container.anchor, path: path,
                    message: "Container '\(container.name)' does not set readOnlyRootFilesystem: true: an attacker in it can replace its programs and plant tools."
                )
            }
        }
    }
}

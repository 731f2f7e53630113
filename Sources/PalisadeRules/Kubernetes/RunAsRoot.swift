import PalisadeCore

/// Containers should be made to run as a user other than root.
public struct RunAsRoot: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-run-as-root",
        title: "Container may run as root",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611"],
        rationale: """
            Root in a container is the same user id as root on the node. Every container-escape bug and \
            every mounted host path or socket is far more dangerous when the attacker is already uid 0, \
            and root can change anything in a writable image. A container that sets neither \
            `runAsNonRoot: true` nor a non-zero `runAsUser` runs as whatever user its image names, which \
            for most images is root. Setting `runAsUser: 0` explicitly is reported as high.
            """,
        remediation: "Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (on the pod or the container), and build the image to run as that user.",
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
                  securityContext:
                    runAsNonRoot: true
                  containers:
                    - name: api
                      image: api:1.0
                    - name: proxy
                      image: envoy:1.30
                      securityContext:
                        runAsUser: 101
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: windows
            spec:
              os:
                name: windows
              containers:
                - name: iis
                  image: iis:2022
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: postgres
            spec:
              template:
                spec:
                  securityContext:
                    runAsNonRoot: true
                  containers:
                    - name: postgres
                      image: postgres:16.3
                      securityContext:
                        ↓runAsUser: 0
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
                - ↓name: web
                  image: nginx:1.27
                - name: sidecar
                  image: sidecar:1.0
                  securityContext:
                    ↓runAsNonRoot: false
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              template:
                spec:
                  securityContext:
                    ↓runAsUser: 0
                  containers:
                    - name: migrate
                      image: migrate:3.1
                    - name: verify
                      image: migrate:3.1
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, !pod.isWindows else { return }
        let podContext = pod.securityContext
        // Findings whose cause is one pod-level setting are reported once, naming every container.
        var podLevel: [String: (entry: Node.Entry, severity: Severity, containers: [String])] = [:]
        for container in pod.containers {
            let own = container.securityContext
            let user = own?.entry("runAsUser").map { ($0, container.path + ".securityContext.runAsUser") }
                ?? podContext?.entry("runAsUser").map { ($0, pod.path + ".securityContext.runAsUser") }
            let nonRoot = own?.entry("runAsNonRoot").map { ($0, container.path + ".securityContext.runAsNonRoot") }
                ?? podContext?.entry("runAsNonRoot").map { ($0, pod.path + ".securityContext.runAsNonRoot") }
            let cause: (Node.Entry, String, Severity)
            if let (entry, path) = user, let uid = entry.value.int {
                if uid != 0 { continue }
                cause = (entry, path, .high)
            } else if let (entry, path) = nonRoot {
                if entry.value.bool != false { continue }
                cause = (entry, path, .medium)
            } else {
                report.report(
                    container.anchor, path: container.path + ".securityContext",
                    message: "Container '\(container.name)' sets neither runAsNonRoot: true nor a non-zero runAsUser: it runs as the image's user, root for most images."
                )
                continue
            }
            let (entry, path, severity) = cause
            if path.hasPrefix(container.path + ".") {
                report.report(entry, path: path, message: Self.message([container.name], entry), severity: severity)
            } else {
                podLevel[path, default: (entry, severity, [])].containers.append(container.name)
            }
        }
        for (path, cause) in podLevel.sorted(by: { $0.key < $1.key }) {
            report.report(cause.entry, path: path, message: Self.message(cause.containers, cause.entry), severity: cause.severity)
        }
    }

    private static func message(_ containers: [String], _ entry: Node.Entry) -> String {
        let names = containers.map { "'\($0)'" }.joined(separator: ", ")
        let subject = containers.count == 1 ? "Container \(names) runs" : "Containers \(names) run"
        if entry.key.scalar?.text == "runAsUser" {
            return "\(subject) as root (runAsUser: 0)."
        }
        return "\(subject) as the image's user, root for most images (runAsNonRoot: false)."
    }
}

import PalisadeCore

/// Secrets handed to a process as environment variables rather than files.
public struct SecretAsEnv: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-secret-as-env",
        title: "Secret is passed as an environment variable",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.007"],
        rationale: """
            Environment variables leak: every child process inherits them, `/proc/<pid>/environ` shows \
            them to anyone who shares the PID namespace (a hostPID pod on the node, a debug container), \
            crash reporters and error pages dump them, and many frameworks log them at start-up. A value \
            read from `valueFrom.secretKeyRef` or `envFrom[].secretRef` is also fixed for the life of the \
            container, so a rotated Secret needs a restart. Files from a Secret volume are readable only \
            by the process that opens them, can be made readable by one user and are updated in place. \
            Low: this is hardening, the Secret itself stays protected by RBAC.
            """,
        remediation: "Mount the Secret as a volume (`volumes[].secret`, readOnly) and read the credential from the file.",
        references: [
            "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
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
                      env:
                        - name: LOG_LEVEL
                          valueFrom:
                            configMapKeyRef: {name: api, key: log-level}
                      envFrom:
                        - configMapRef:
                            name: api-settings
                      volumeMounts:
                        - name: db
                          mountPath: /run/secrets/db
                          readOnly: true
                  volumes:
                    - name: db
                      secret:
                        secretName: db
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
                  containers:
                    - name: postgres
                      image: postgres:16.3
                      env:
                        - name: POSTGRES_PASSWORD
                          valueFrom:
                            ↓secretKeyRef:
                              name: postgres
                              key: password
                      envFrom:
                        - ↓secretRef:
                            name: postgres-extra
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: backup
            spec:
              schedule: "0 1 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      initContainers:
                        - name: auth
                          image: auth:1.0
                          env:
                            - {name: TOKEN, valueFrom: {↓secretKeyRef: {name: backup, key: token}}}
                      containers:
                        - name: backup
                          image: backup:1.0
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for container in pod.containers {
            for (index, item) in (container.node["env"]?.items ?? []).enumerated() {
                guard let entry = item["valueFrom"]?.entry("secretKeyRef"), entry.value.isMapping else { continue }
                let name = item["name"]?.string ?? String(index)
                let secret = entry.value["name"]?.string ?? "?"
                report.report(
                    Node.keyRange(entry), path: "\(container.path).env[\(name)].valueFrom.secretKeyRef",
                    message: "Container '\(container.name)' receives Secret '\(secret)' as environment variable \(name): child processes, crash dumps and /proc/<pid>/environ can leak it."
                )
            }
            for (index, item) in (container.node["envFrom"]?.items ?? []).enumerated() {
                guard let entry = item.entry("secretRef"), entry.value.isMapping else { continue }
                let secret = entry.value["name"]?.string ?? String(index)
                report.report(
                    Node.keyRange(entry), path: "\(container.path).envFrom[\(secret)].secretRef",
                    message: "Container '\(container.name)' receives every key of Secret '\(secret)' as environment variables: child processes, crash dumps and /proc/<pid>/environ can leak them."
                )
            }
        }
    }
}

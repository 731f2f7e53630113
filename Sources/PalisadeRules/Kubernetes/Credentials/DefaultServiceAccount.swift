import PalisadeCore

/// Workloads that run as their namespace's `default` service account share one identity.
public struct DefaultServiceAccount: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-default-service-account",
        title: "Workload runs as the default service account",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .workloadIdentityMTLS],
        mitre: ["T1078.001"],
        rationale: """
            Every pod that names no service account runs as its namespace's `default` account, so all \
            of them share one identity: a role bound to `default` for one workload (a common shortcut) \
            is granted to every other pod in the namespace, and audit logs, cloud workload identity and \
            mesh authorization cannot tell the workloads apart. Pods that set \
            `automountServiceAccountToken: false` carry no token and pods without containers run \
            nothing, so neither is reported; whether the \
            ServiceAccount object disables automounting is an estate-level question for another rule.
            """,
        remediation: "Create a dedicated ServiceAccount per workload, set `serviceAccountName`, and grant it only what the workload needs.",
        references: [
            "https://kubernetes.io/docs/concepts/security/service-accounts/",
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
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
                  serviceAccountName: api
                  containers:
                    - name: api
                      image: api:1.0
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: static
            spec:
              automountServiceAccountToken: false
              containers:
                - name: web
                  image: nginx:1.27
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: chart
            spec:
              template:
                spec:
                  serviceAccountName: "{{ include \\"chart.serviceAccountName\\" . }}"
                  containers:
                    - name: app
                      image: app:1.0
            """,
            """
            apiVersion: v1
            kind: PodTemplate
            metadata:
              name: placeholder
            template:
              spec:
                containers: []
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                ↓spec:
                  containers:
                    - name: web
                      image: web:1.0
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: report
            spec:
              schedule: "@hourly"
              jobTemplate:
                spec:
                  template:
                    spec:
                      ↓serviceAccountName: default
                      containers:
                        - name: report
                          image: report:1.0
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
            spec:
              ↓serviceAccountName: ""
              serviceAccount: "default"
              containers:
                - name: app
                  image: app:1.0
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        // A pod that runs no container (a placeholder, or a template still to be filled) runs nothing as the account.
        guard let pod = object.podSpec, !pod.containers.isEmpty, pod.node["automountServiceAccountToken"]?.bool != false else { return }
        if let entry = pod.node.entry("serviceAccountName") ?? pod.node.entry("serviceAccount") {
            // Null and empty both mean the default account.
            guard entry.value.isNull || entry.value.string == "default" || entry.value.string == "" else { return }
            report.report(
                entry, path: "\(pod.path).\(entry.key.string ?? "serviceAccountName")",
                message: "\(object.kind) '\(object.name ?? "")' runs as the namespace's default service account, sharing its identity and permissions with every other pod that names none."
            )
        } else if let key = object.podSpecKey {
            report.report(
                Node.keyRange(key), path: "\(pod.path).serviceAccountName",
                message: "\(object.kind) '\(object.name ?? "")' sets no serviceAccountName, so it runs as the namespace's default service account, sharing its identity and permissions with every other pod that names none."
            )
        }
    }
}

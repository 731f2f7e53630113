import PalisadeCore

/// Pods get an API token they have no permission to use: pure loss if the pod is compromised.
public struct ServiceAccountTokenAutomount: EstateRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-service-account-token-automount",
        title: "Workload mounts a service account token it has no RBAC use for",
        severity: .low,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity, .secretsManagement],
        mitre: ["T1552.007", "T1528"],
        rationale: """
            Every pod gets its service account's token as a file unless `automountServiceAccountToken: \
            false` is set on the pod or the account. Whoever compromises the pod can use it against the \
            API server: to discover the cluster, and with whatever RBAC the account gains later. Checkov \
            and Trivy report every workload that leaves automount on, which is noise for operators and \
            controllers that need the API. Palisade reports only workloads whose service account has no \
            role binding anywhere in the scanned estate, the ones that evidently do not use the API, and \
            points at an explicit `automountServiceAccountToken: true` when there is one.
            """,
        remediation: "Set `automountServiceAccountToken: false` in the pod spec (or on its ServiceAccount); mount a projected token only where the API is used.",
        references: [
            "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: web
              namespace: shop
            automountServiceAccountToken: false
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                spec:
                  serviceAccountName: web
                  containers: [{name: web, image: "web:1.0"}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: operator
              namespace: shop
            spec:
              template:
                spec:
                  serviceAccountName: operator
                  containers: [{name: operator, image: "operator:1.0"}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: operator
              namespace: shop
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: operator}
            subjects: [{kind: ServiceAccount, name: operator}]
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              ↓name: web
              namespace: shop
            spec:
              template:
                spec:
                  containers: [{name: web, image: "web:1.0"}]
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: batch
              namespace: shop
            automountServiceAccountToken: false
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: report
              namespace: shop
            spec:
              template:
                spec:
                  serviceAccountName: batch
                  ↓automountServiceAccountToken: true
                  containers: [{name: report, image: "report:1.0"}]
            """,
        ]
    )

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        for workload in estate.workloads where estate.mountsToken(workload) {
            guard estate.bindings(ofServiceAccount: workload.serviceAccount, namespace: workload.namespace).isEmpty else { continue }
            report.report(
                workload.object, workload.automountEvidence ?? workload.anchor, path: "\(workload.podPath).automountServiceAccountToken",
                message: "\(workload.display) mounts the token of service account \(workload.serviceAccount), which no role binding in the estate uses: whoever compromises the pod gets an API credential for nothing."
            )
        }
    }
}

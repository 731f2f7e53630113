import PalisadeCore

/// A binding hands permissions that lead further to the service account workloads run as.
public struct WorkloadDangerousBinding: EstateRule {
    public init() {}

    /// Bindings to these roles are reported by the binding rules themselves.
    static let reportedElsewhere: Set<String> = ["cluster-admin", "admin", "edit"]

    public let description = RuleDescription(
        id: "k8s-rbac-dangerous-binding-to-workload",
        title: "Binding grants dangerous permissions to a service account that workloads run as",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1098"],
        appliesTo: [.binding],
        rationale: """
            A role with dangerous permissions is latent risk; a binding that gives it to the service \
            account of running workloads makes it live: every one of those pods holds a token with \
            those permissions, so compromising any of them (a dependency, an SSRF that reads the token \
            file) is enough. The finding sits on the binding's subject and names the workloads that run \
            as it, resolving roles and aggregated ClusterRoles across files. Workloads that do not mount \
            the token are not counted; bindings to cluster-admin, admin and edit are reported by the \
            binding rules, so they are not reported twice.
            """,
        remediation: "Bind the workload's service account to a role with only the verbs and resources it uses (scoped by resourceNames where possible), or stop mounting its token.",
        references: [
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping",
        ],
        goodExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: pod-creator
              namespace: ci
            rules:
              - apiGroups: [""]
                resources: [pods]
                verbs: [create, delete]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: runner
              namespace: ci
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-creator}
            subjects:
              - {kind: ServiceAccount, name: runner}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: runner
              namespace: ci
            automountServiceAccountToken: false
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: runner
              namespace: ci
            spec:
              template:
                spec:
                  serviceAccountName: runner
                  containers:
                    - name: runner
                      image: runner:1.0
            """,
        ],
        badExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: deployer
            rules:
              - apiGroups: ["", apps]
                resources: [pods, deployments]
                verbs: [create, get, list]
              - apiGroups: [rbac.authorization.k8s.io]
                resources: [clusterroles]
                verbs: [bind]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: deployer
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
            subjects:
              - ↓{kind: ServiceAccount, name: deployer, namespace: ci}
              - {kind: User, name: alice}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: deploy
              namespace: ci
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      serviceAccountName: deployer
                      containers:
                        - name: deploy
                          image: deploy:1.0
            """,
        ]
    )

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        for binding in estate.bindings where !(binding.roleKind == "ClusterRole" && Self.reportedElsewhere.contains(binding.roleName)) {
            guard let rules = estate.rules(grantedBy: binding) else { continue }
            let grants = PermissionRisk.grants(rules)
            guard let worst = grants.map(\.severity).max() else { continue }
            for subject in binding.subjects {
                let workloads = estate.workloads(runningAs: subject).filter(estate.mountsToken)
                guard !workloads.isEmpty else { continue }
                report.report(
                    binding.object, subject.range, path: "subjects[\(subject.kind):\(subject.namespace ?? ""):\(subject.name)]",
                    message: "\(binding.object.identity.kind) \(binding.name) lets \(subject.kind) \(subject.name) \(Estate.list(grants.map(\.what))), and \(Estate.list(workloads.map(\.display))) run as it with its token mounted.",
                    severity: max(worst, .high)
                )
            }
        }
    }
}

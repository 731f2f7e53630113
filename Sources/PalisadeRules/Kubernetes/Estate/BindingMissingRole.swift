import PalisadeCore

/// A binding to a role that nobody defined: whoever creates a role of that name decides what it grants.
public struct BindingMissingRole: EstateRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-rbac-binding-missing-role",
        title: "Binding refers to a role that is not defined",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity, .ciPolicyValidation],
        mitre: ["T1098"],
        appliesTo: [.binding],
        rationale: """
            A RoleBinding or ClusterRoleBinding whose role does not exist grants nothing today, but the \
            API server accepts it, and the first person (or compromised pipeline) able to create a Role \
            or ClusterRole of that name decides what its subjects may do, without touching the binding \
            that reviewers approved. It is also the sign of a typo that leaves a workload without the \
            permission its authors meant. Built-in ClusterRoles (cluster-admin, admin, edit, view and \
            system:*) are known, and the rule only speaks when the scanned estate defines roles at all, \
            so a folder of bindings whose roles live elsewhere stays quiet.
            """,
        remediation: "Define the role next to the binding, fix the name in `roleRef`, or delete the binding.",
        references: ["https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding"],
        goodExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: reader
              namespace: shop
            rules:
              - apiGroups: [""]
                resources: [configmaps]
                verbs: [get]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: reader
              namespace: shop
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
            subjects: [{kind: ServiceAccount, name: web}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: viewers
              namespace: shop
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{kind: Group, name: shop-team}]
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: reader
              namespace: shop
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: defined-elsewhere}
            subjects: [{kind: ServiceAccount, name: web}]
            """,
        ],
        badExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: config-reader
              namespace: shop
            rules:
              - apiGroups: [""]
                resources: [configmaps]
                verbs: [get]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: web-config
              namespace: shop
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              ↓name: configmap-reader
            subjects: [{kind: ServiceAccount, name: web}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: other-namespace
              namespace: billing
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, ↓name: config-reader}
            subjects: [{kind: ServiceAccount, name: web}]
            """,
        ]
    )

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        guard !estate.roles.isEmpty else { return }
        for binding in estate.bindings where estate.rules(grantedBy: binding) == nil {
            let scope = binding.roleKind == "Role" ? " in \(Estate.describe(namespace: binding.namespace))" : ""
            report.report(
                binding.object, binding.roleRefRange, path: "roleRef.name",
                message: "\(binding.object.identity.kind) \(binding.name) grants \(binding.roleKind) \(binding.roleName)\(scope), which is not defined: whoever creates a role of that name decides what its subjects get."
            )
        }
    }
}

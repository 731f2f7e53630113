import PalisadeCore

/// One rule template for bindings to the built-in user-facing ClusterRoles that hand over a
/// namespace or the cluster: cluster-admin, admin and edit. The finding points at `roleRef.name`
/// and names the workloads in the estate that run as its subjects with their token mounted.
/// Bindings of the API server's own default policy (`kubernetes.io/bootstrapping: rbac-defaults`,
/// such as cluster-admin for `system:masters`) and bindings without subjects are not reported.
/// An estate rule, so that it can say who really holds the role.
public struct RBACPowerfulBinding: EstateRule {
    /// The ClusterRole names this instance reports.
    public let roles: Set<String>
    public let description: RuleDescription
    /// The severity and consequence for a binding: (binding is cluster-wide, subjects) -> verdict.
    let assess: @Sendable (_ clusterWide: Bool, _ subjects: [BindingFact.Subject]) -> (Severity, String)

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        for binding in estate.bindings where !binding.isBootstrapPolicy && binding.roleKind == "ClusterRole" && roles.contains(binding.roleName) {
            let subjects = binding.subjects
            guard !subjects.isEmpty else { continue }
            let (severity, consequence) = assess(binding.isCluster, subjects)
            let whom = subjects.map(Self.describe).joined(separator: ", ")
            let scope = binding.isCluster ? "" : binding.namespace.map { " in namespace '\($0)'" } ?? " in its namespace"
            var message = "\(binding.object.identity.kind) '\(binding.name)' grants \(binding.roleName)\(scope) to \(whom): whoever holds \(subjects.count == 1 ? "that identity" : "any of them") \(consequence)"
            let workloads = subjects.flatMap(estate.workloads(runningAs:)).filter(estate.mountsToken)
            if !workloads.isEmpty {
                message += "; \(Estate.list(workloads.map(\.display))) run\(workloads.count == 1 ? "s" : "") with that token mounted"
            }
            report.report(binding.object, binding.roleNameRange, path: "roleRef.name", message: message + ".", severity: severity)
        }
    }

    /// `ServiceAccount shop/reports`, `User alice`, `Group devs`.
    static func describe(_ subject: BindingFact.Subject) -> String {
        if subject.kind == "ServiceAccount" {
            return "ServiceAccount \(subject.namespace.map { "\($0)/" } ?? "")\(subject.name)"
        }
        return "\(subject.kind) \(subject.name)"
    }

    static func example(kind: String, role: String, namespace: String?, marked: Bool, subjects: String, labels: String? = nil) -> String {
        var text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: \(kind)\nmetadata:\n  name: \(role)-binding\n"
        if let namespace { text += "  namespace: \(namespace)\n" }
        if let labels { text += "  labels:\n    \(labels)\n" }
        text += "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: \(marked ? "↓" : "")\(role)\n"
        return text + "subjects:\n" + subjects
    }

    public static let clusterAdmin = RBACPowerfulBinding(
        roles: ["cluster-admin"],
        description: RuleDescription(
            id: "k8s-rbac-binding-cluster-admin",
            title: "Binding grants cluster-admin",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1078", "T1098"],
            appliesTo: [.binding],
            rationale: """
                cluster-admin is every verb on every resource. Bound by a ClusterRoleBinding, whoever holds \
                the subject's identity (a service account token stolen from one pod, a leaked CI credential) \
                controls the whole cluster and every workload and secret in it (critical). Bound by a \
                RoleBinding it is full control of that namespace, its roles, bindings and the namespace \
                object itself included (high). The API server's own binding for `system:masters` \
                (labelled `kubernetes.io/bootstrapping: rbac-defaults`) is not reported.
                """,
            remediation: "Bind a role listing the permissions the subject needs; keep cluster-admin for break-glass access outside day-to-day identities.",
            references: [RBACPrimitive.rbacReference, "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles"],
            goodExamples: [
                example(kind: "ClusterRoleBinding", role: "cluster-admin", namespace: nil, marked: false,
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: system:masters\n",
                        labels: "kubernetes.io/bootstrapping: rbac-defaults"),
                example(kind: "ClusterRoleBinding", role: "view", namespace: nil, marked: false,
                        subjects: "  - kind: ServiceAccount\n    name: dashboard\n    namespace: monitoring\n"),
            ],
            badExamples: [
                example(kind: "ClusterRoleBinding", role: "cluster-admin", namespace: nil, marked: true,
                        subjects: "  - kind: ServiceAccount\n    name: reports\n    namespace: shop\n"),
                example(kind: "RoleBinding", role: "cluster-admin", namespace: "tenant-a", marked: true,
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: User\n    name: alice@example.com\n"),
            ]
        ),
        assess: { clusterWide, _ in
            clusterWide
                ? (.critical, "controls the whole cluster")
                : (.high, "controls the namespace, its roles and secrets included")
        }
    )

    public static let adminOrEdit = RBACPowerfulBinding(
        roles: ["admin", "edit"],
        description: RuleDescription(
            id: "k8s-rbac-binding-admin-or-edit",
            title: "Binding grants the admin or edit ClusterRole",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1078"],
            appliesTo: [.binding],
            rationale: """
                The built-in `admin` and `edit` ClusterRoles read every secret, create pods as any service \
                account and exec into pods of the namespaces they are bound in (admin also writes roles and \
                bindings and impersonates service accounts). A ClusterRoleBinding grants that in every \
                namespace, kube-system included (high). A RoleBinding is what these roles are made for: \
                bound to people in their own namespace it is ordinary tenancy (low); bound to a service \
                account or a group of accounts it turns one compromised pod into control of the namespace \
                (medium).
                """,
            remediation: "Bind admin and edit with RoleBindings to people, in their namespaces; give service accounts a role listing what they need.",
            references: [RBACPrimitive.rbacReference, "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles"],
            goodExamples: [
                example(kind: "RoleBinding", role: "view", namespace: "shop", marked: false,
                        subjects: "  - kind: ServiceAccount\n    name: storefront\n    namespace: shop\n"),
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: local-admin
                  namespace: shop
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: Role
                  name: admin
                subjects:
                  - kind: ServiceAccount
                    name: storefront
                """,
            ],
            badExamples: [
                example(kind: "ClusterRoleBinding", role: "edit", namespace: nil, marked: true,
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: developers\n"),
                example(kind: "RoleBinding", role: "admin", namespace: "shop", marked: true,
                        subjects: "  - kind: ServiceAccount\n    name: ci-deployer\n    namespace: shop\n"),
                example(kind: "RoleBinding", role: "admin", namespace: "team-a", marked: true,
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: User\n    name: lead@example.com\n"),
            ]
        ),
        assess: { clusterWide, subjects in
            if clusterWide {
                return (.high, "reads every secret and runs pods as any service account in every namespace")
            }
            let workloads = subjects.contains { $0.kind == "ServiceAccount" || ($0.kind == "Group" && $0.name.hasPrefix("system:")) }
            return (workloads ? .medium : .low,
                    "reads the namespace's secrets and runs pods as any of its service accounts")
        }
    )
}

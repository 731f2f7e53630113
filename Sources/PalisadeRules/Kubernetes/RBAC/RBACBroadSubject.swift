import PalisadeCore

/// One rule template for binding subjects that stand for far more identities than a reader expects:
/// everyone (anonymous, unauthenticated, authenticated) or every pod (the `default` service account,
/// all service accounts). One finding per such subject, at its `name`.
public struct RBACBroadSubject: KubernetesRule {
    public let description: RuleDescription
    /// Judges one subject: (subject, binding namespace, role name) -> severity and who it stands for, or nil.
    let assess: @Sendable (_ subject: SubjectView, _ namespace: String?, _ role: String) -> (Severity, String)?

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.isRoleBinding, !object.isBootstrapRBACPolicy, let ref = object.roleRef else { return }
        let binding = "\(object.kind) '\(object.name ?? "")'"
        let scope = object.kind == "ClusterRoleBinding" ? "cluster-wide" : object.namespace.map { "in namespace '\($0)'" } ?? "in its namespace"
        for subject in object.subjects {
            guard let (severity, who) = assess(subject, object.namespace, ref.name) else { continue }
            let node = subject.node["name"] ?? subject.node
            report.report(
                node.range, path: "subjects[\(subject.name)]",
                message: "\(binding) grants \(ref.kind) '\(ref.name)' \(scope) to \(subject.kind) \(subject.name): \(who) gets its permissions.",
                severity: severity
            )
        }
    }

    /// Default ClusterRoles that only let a client discover the API and ask what it may do.
    static let discoveryRoles: Set<String> = ["system:public-info-viewer", "system:discovery", "system:basic-user"]
    /// Roles that hand over a namespace or the cluster.
    static let powerfulRoles: Set<String> = ["cluster-admin", "admin", "edit"]

    static func example(kind: String = "ClusterRoleBinding", name: String, namespace: String? = nil, role: String, subjects: String) -> String {
        var text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: \(kind)\nmetadata:\n  name: \(name)\n"
        if let namespace { text += "  namespace: \(namespace)\n" }
        text += "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: \(role)\n"
        return text + "subjects:\n" + subjects
    }

    public static let anonymous = RBACBroadSubject(
        description: RuleDescription(
            id: "k8s-rbac-anonymous-subject",
            title: "Binding grants a role to anonymous or every authenticated user",
            severity: .critical,
            pattern: .exposure,
            controls: [.leastPrivilegeIdentity, .networkSegmentation],
            mitre: ["T1078.001", "T1190"],
            appliesTo: [.binding],
            rationale: """
                `system:anonymous` (User) and `system:unauthenticated` (Group) are every request without \
                credentials: anyone who reaches the API server, from the internet if its endpoint is public, \
                gets the role (critical). `system:authenticated` is every identity any configured \
                authenticator accepts: every service account of every pod, and with a cloud provider's \
                identity integration possibly any account of that provider (high). Bindings to the default \
                discovery roles (system:public-info-viewer, system:discovery, system:basic-user) are low, \
                and the API server's own default bindings (`kubernetes.io/bootstrapping: rbac-defaults`) \
                are not reported.
                """,
            remediation: "Bind the role to the specific users, groups or service accounts that need it; never to system:anonymous, system:unauthenticated or system:authenticated.",
            references: [RBACPrimitive.rbacReference, "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests"],
            goodExamples: [
                example(name: "oncall-view", role: "view",
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: oncall\n  - kind: ServiceAccount\n    name: system-anonymous\n    namespace: tools\n"),
            ],
            badExamples: [
                example(name: "public-status", role: "view",
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: User\n    name: ↓system:anonymous\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ↓\"system:unauthenticated\"\n"),
                example(kind: "RoleBinding", name: "everyone-edit", namespace: "sandbox", role: "edit",
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ↓system:authenticated\n"),
                example(name: "health-probe", role: "system:public-info-viewer",
                        subjects: "  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ↓system:unauthenticated\n"),
            ]
        ),
        assess: { subject, _, role in
            let severity: Severity
            let who: String
            switch (subject.kind, subject.name) {
            case ("User", "system:anonymous"), ("Group", "system:unauthenticated"):
                severity = .critical
                who = "anyone who can reach the API server, without credentials,"
            case ("Group", "system:authenticated"):
                severity = .high
                who = "every authenticated identity, every pod's service account included,"
            default:
                return nil
            }
            return (discoveryRoles.contains(role) ? .low : severity, who)
        }
    )

    public static let defaultServiceAccount = RBACBroadSubject(
        description: RuleDescription(
            id: "k8s-rbac-default-service-account-subject",
            title: "Binding grants a role to the default service account or to all service accounts",
            severity: .medium,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .workloadIdentityMTLS],
            mitre: ["T1078.001", "T1528"],
            appliesTo: [.binding],
            rationale: """
                Every pod that names no service account runs as its namespace's `default` account, so a \
                role bound to `default` goes to every such pod, today's and any deployed later, and to \
                whoever compromises any of them (medium; high when the role is cluster-admin, admin or \
                edit). The groups `system:serviceaccounts` (every service account of the cluster, high) and \
                `system:serviceaccounts:<namespace>` (every account of one namespace, medium) are the same \
                mistake, wider. Create a service account per workload and bind the role to it.
                """,
            remediation: "Create a dedicated service account for the workload that needs the role, bind the role to it, and leave `default` without bindings.",
            references: [RBACPrimitive.rbacReference, "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts"],
            goodExamples: [
                example(kind: "RoleBinding", name: "storefront-config", namespace: "shop", role: "view",
                        subjects: "  - kind: ServiceAccount\n    name: storefront\n    namespace: shop\n  - apiGroup: rbac.authorization.k8s.io\n    kind: User\n    name: default\n"),
            ],
            badExamples: [
                example(kind: "RoleBinding", name: "app-config", namespace: "shop", role: "view",
                        subjects: "  - kind: ServiceAccount\n    name: ↓default\n"),
                example(name: "ci-default", role: "edit",
                        subjects: "  - kind: ServiceAccount\n    name: ↓default\n    namespace: ci\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ↓system:serviceaccounts\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ↓system:serviceaccounts:batch\n"),
            ]
        ),
        assess: { subject, namespace, role in
            let powerful = powerfulRoles.contains(role)
            switch subject.kind {
            case "ServiceAccount" where subject.name == "default":
                let ns = subject.namespace ?? namespace
                return (powerful ? .high : .medium, "every pod of \(ns.map { "namespace '\($0)'" } ?? "the namespace") that names no service account")
            case "Group" where subject.name == "system:serviceaccounts":
                return (.high, "every pod of the cluster")
            case "Group" where subject.name.hasPrefix("system:serviceaccounts:"):
                let ns = subject.name.dropFirst("system:serviceaccounts:".count)
                return (powerful ? .high : .medium, "every pod of namespace '\(ns)'")
            default:
                return nil
            }
        }
    )
}

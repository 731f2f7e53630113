import PalisadeCore

extension RBACPrimitive {
    /// bind on roles or clusterroles.
    public static let bind = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-bind",
            title: "Role can bind roles it does not hold",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1098"],
            appliesTo: [.role],
            rationale: """
                RBAC refuses a binding to a role holding permissions the creator does not hold, unless the \
                creator has the `bind` verb on that role. With `bind` (and create on bindings) an attacker \
                binds cluster-admin to themselves. In a ClusterRole it is critical. A Role grants bind in its \
                namespace only, but `bind` on clusterroles there still lets a RoleBinding grant cluster-admin \
                or admin over the whole namespace (high). Limited by `resourceNames` to specific roles, the \
                risk is what those roles grant: medium, unless the names include cluster-admin, admin, edit \
                or a system: role, which keep their severity.
                """,
            remediation: "Remove the bind verb, or limit it with resourceNames to the few harmless roles a delegated administrator may hand out.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: binding-editor
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: ["rolebindings", "clusterrolebindings"]
                    verbs: ["get", "list", "create", "delete"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: access-broker
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: [↓"clusterroles"]
                    verbs: ["bind"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: tenant-onboarding
                  namespace: tenant-a
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: [↓"clusterroles"]
                    verbs: ["bind"]
                    resourceNames: ["view"]
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: [↓"clusterroles"]
                    verbs: ["bind"]
                    resourceNames: ["admin"]
                """,
            ]
        ),
        permissions: [
            RBACPermission(["bind"], "clusterroles", group: "rbac.authorization.k8s.io"),
            RBACPermission(["bind"], "roles", group: "rbac.authorization.k8s.io"),
        ],
        assess: { e in
            let powerful = e.names?.contains { ["cluster-admin", "admin", "edit"].contains($0) || $0.hasPrefix("system:") } ?? true
            return e.tiered(
                cluster: .critical, namespaced: .high, named: powerful ? nil : .medium,
                e.names == nil
                    ? "can bind any role, cluster-admin included, to any subject"
                    : "can bind those roles to any subject"
            )
        }
    )
}

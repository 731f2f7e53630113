import PalisadeCore

extension RBACPrimitive {
    /// escalate on roles or clusterroles.
    public static let escalate = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-escalate",
            title: "Role can escalate roles",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1098"],
            appliesTo: [.role],
            rationale: """
                RBAC normally refuses to let anyone write a role holding permissions they do not hold \
                themselves. The `escalate` verb switches that check off: with it (and update on roles) an \
                attacker adds any permission, `*` on `*` included, to a role bound to them. In a ClusterRole \
                it is critical; a Role reaches only the Roles of its namespace (escalate on clusterroles in \
                a Role grants nothing, ClusterRoles being cluster-scoped), which still yields every \
                permission in that namespace (high). `resourceNames` does not lower it: the named role can \
                be rewritten to grant anything.
                """,
            remediation: "Remove the escalate verb; let the role's author hold the permissions a role grants, or manage roles through GitOps.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: role-editor
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: ["roles", "clusterroles"]
                    verbs: ["get", "list", "create", "update"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: cluster-role-escalator
                  namespace: tenant-a
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: ["clusterroles"]
                    verbs: ["escalate"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: rbac-manager
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: [↓"clusterroles", "roles"]
                    verbs: ["update", "escalate"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: tenant-role-admin
                  namespace: tenant-a
                rules:
                  - apiGroups: ["rbac.authorization.k8s.io"]
                    resources: [↓"roles"]
                    verbs: ["escalate", "patch"]
                    resourceNames: ["tenant-app"]
                """,
            ]
        ),
        permissions: [
            RBACPermission(["escalate"], "clusterroles", group: "rbac.authorization.k8s.io"),
            RBACPermission(["escalate"], "roles", group: "rbac.authorization.k8s.io"),
        ],
        assess: { e in
            e.tiered(
                cluster: .critical, namespaced: .high,
                "can write any permission into \(e.names == nil ? "a role" : "those roles") without holding it, and so gain it"
            )
        }
    )
}

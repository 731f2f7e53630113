import PalisadeCore

extension RBACPrimitive {
    /// impersonate on users, groups or serviceaccounts.
    public static let impersonate = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-impersonate",
            title: "Role can impersonate users, groups or service accounts",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1078", "T1098"],
            appliesTo: [.role],
            rationale: """
                With `impersonate` a request can carry `Impersonate-User` and `Impersonate-Group` headers and \
                is then authorized as that identity: impersonating the group `system:masters` is \
                cluster-admin that no RBAC binding can take away. In a ClusterRole it is critical. Users and \
                groups are cluster-scoped, so a Role only grants impersonating the service accounts of its \
                namespace (high). Limited by `resourceNames` to named identities it is medium, unless a \
                name is a `system:` identity (system:masters, system:kube-controller-manager...). `uids` \
                and `userextras` only refine an impersonated user and are not reported alone.
                """,
            remediation: "Remove impersonate, or limit it with resourceNames to the specific unprivileged identities a proxy must act as.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: extras-only
                rules:
                  - apiGroups: ["authentication.k8s.io"]
                    resources: ["userextras/scopes", "uids"]
                    verbs: ["impersonate"]
                  - apiGroups: [""]
                    resources: ["users", "groups"]
                    verbs: ["get", "list"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: user-impersonator
                  namespace: tools
                rules:
                  - apiGroups: [""]
                    resources: ["users", "groups"]
                    verbs: ["impersonate"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: support-impersonator
                rules:
                  - apiGroups: [""]
                    resources: [↓"users", "groups", "serviceaccounts"]
                    verbs: ["impersonate"]
                  - apiGroups: [""]
                    resources: [↓"groups"]
                    verbs: ["impersonate"]
                    resourceNames: ["system:masters"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: ci-impersonator
                  namespace: ci
                rules:
                  - apiGroups: [""]
                    resources: ["users", ↓"serviceaccounts"]
                    verbs: ["impersonate"]
                    resourceNames: ["builder"]
                """,
            ]
        ),
        permissions: [
            RBACPermission(["impersonate"], "users"),
            RBACPermission(["impersonate"], "groups"),
            RBACPermission(["impersonate"], "serviceaccounts"),
        ],
        assess: { e in
            let powerful = e.names?.contains { $0.hasPrefix("system:") } ?? true
            return e.tiered(
                cluster: .critical, namespaced: .high, named: powerful ? nil : .medium,
                e.names == nil
                    ? "can act as any \(e.isClusterRole ? "user or group, system:masters included" : "service account of the namespace")"
                    : "can act as those identities"
            )
        }
    )
}

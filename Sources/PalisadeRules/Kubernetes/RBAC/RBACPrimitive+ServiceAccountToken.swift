import PalisadeCore

extension RBACPrimitive {
    /// create on serviceaccounts/token.
    public static let serviceAccountToken = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-service-account-token",
            title: "Role can mint service account tokens",
            severity: .critical,
            pattern: .credentialCompromise,
            controls: [.leastPrivilegeIdentity, .workloadIdentityMTLS],
            mitre: ["T1528", "T1078"],
            appliesTo: [.role],
            rationale: """
                `create serviceaccounts/token` (the TokenRequest API, `kubectl create token`) mints a token \
                for a service account, with the lifetime the caller asks for, without running a pod: its \
                holder becomes that account. A ClusterRole reaches the accounts of every namespace, \
                kube-system's controllers included (critical); a Role those of its namespace (high). The \
                token request names its account, so `resourceNames` really limits it (medium).
                """,
            remediation: "Remove create on serviceaccounts/token; let pods receive projected tokens, and limit any token broker to named accounts.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: sa-viewer
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: ["serviceaccounts"]
                    verbs: ["get", "list", "create"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: token-broker
                rules:
                  - apiGroups: [""]
                    resources: [↓"serviceaccounts/token"]
                    verbs: ["create"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: registry-token
                  namespace: ci
                rules:
                  - apiGroups: [""]
                    resources: ["serviceaccounts", ↓"serviceaccounts/token"]
                    verbs: ["get", "create"]
                    resourceNames: ["image-pusher"]
                """,
            ]
        ),
        permissions: [RBACPermission(["create"], "serviceaccounts/token")],
        assess: { e in
            e.tiered(
                cluster: .critical, namespaced: .high, named: .medium,
                e.names == nil
                    ? "can mint a token for any service account \(e.isClusterRole ? "of any namespace" : "of the namespace") and act as it"
                    : "can mint tokens for those service accounts and act as them"
            )
        }
    )
}

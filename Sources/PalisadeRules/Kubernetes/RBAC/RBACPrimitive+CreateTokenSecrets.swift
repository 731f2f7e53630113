import PalisadeCore

extension RBACPrimitive {
    /// create on secrets: a `kubernetes.io/service-account-token` Secret mints a token.
    public static let createTokenSecrets = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-create-token-secrets",
            title: "Role can create service account token secrets",
            severity: .critical,
            pattern: .credentialCompromise,
            controls: [.leastPrivilegeIdentity, .secretsManagement],
            mitre: ["T1528", "T1078"],
            appliesTo: [.role],
            rationale: """
                A Secret of type `kubernetes.io/service-account-token` annotated with \
                `kubernetes.io/service-account.name: <account>` is filled in by the token controller with a \
                token for that account that never expires, on every Kubernetes version. Whoever can create \
                secrets and read them back mints a long-lived token for any service account in reach: any \
                namespace for a ClusterRole (critical), the role's own namespace for a Role (high). Without \
                read access to secrets the token stays out of reach unless a pod mounts it, so the grant is \
                reported as medium. `resourceNames` never restricts `create`, so a rule limited by name \
                grants no create and is not reported.
                """,
            remediation: "Let secrets be created by a secrets operator or CI, not by workloads and users who can also read them; never combine create and get on secrets.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: secret-rotator
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: ["secrets"]
                    verbs: ["get", "update", "create"]
                    resourceNames: ["db-password"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: external-secrets
                rules:
                  - apiGroups: [""]
                    resources: [↓"secrets"]
                    verbs: ["get", "list", "create", "update"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: cert-writer
                  namespace: ingress
                rules:
                  - apiGroups: [""]
                    resources: [↓"secrets"]
                    verbs: ["create"]
                """,
            ]
        ),
        permissions: [RBACPermission(["create"], "secrets")],
        assess: { e in
            let reads = e.role.grantsAny([RBACPermission(["get", "list", "watch"], "secrets")])
            guard reads else {
                return e.verdict(.medium, "can create a token Secret for any service account \(e.isClusterRole ? "of any namespace" : "of the namespace"), usable once a pod mounts it")
            }
            return e.tiered(
                cluster: .critical, namespaced: .high,
                "can create a token Secret for any service account \(e.isClusterRole ? "of any namespace" : "of the namespace"), read the token that never expires, and act as that account"
            )
        }
    )
}

import PalisadeCore

extension RBACPrimitive {
    /// get, list or watch on secrets.
    public static let readSecrets = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-read-secrets",
            title: "Role can read secrets",
            severity: .critical,
            pattern: .credentialCompromise,
            controls: [.leastPrivilegeIdentity, .secretsManagement],
            mitre: ["T1552.007", "T1078"],
            appliesTo: [.role],
            rationale: """
                Secrets hold database passwords, API keys, TLS keys and (before Kubernetes 1.24, or whenever \
                someone creates one) service account tokens, including those of the controllers in \
                kube-system. `list` and `watch` are as bad as `get`: they return every secret with its \
                values, not just names. A ClusterRole that lists secrets is critical (bound cluster-wide it \
                reads the tokens of kube-system controllers); one that only gets them is high, as the \
                attacker must know or guess a name. A Role reaches its namespace only (high for list/watch, \
                medium for get). A grant limited by `resourceNames` reads only the named secrets (list and \
                watch too, since the client must select them by name) and is reported as low: reading one \
                named secret is how a workload should consume it. Unlike scanners that flag any mention of \
                secrets, `create`, `update` or `delete` alone are not reported here.
                """,
            remediation: "Grant get on the specific secrets by resourceNames, or mount the secrets into the pod instead of reading them through the API.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/concepts/configuration/secret/#information-security-for-secrets"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: app-config-reader
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: ["configmaps"]
                    verbs: ["get", "list", "watch"]
                  - apiGroups: [""]
                    resources: ["secrets"]
                    verbs: ["create", "delete"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: aggregated-reader
                aggregationRule:
                  clusterRoleSelectors:
                    - matchLabels:
                        example.com/aggregate-to-reader: "true"
                rules:
                  - apiGroups: [""]
                    resources: ["secrets"]
                    verbs: ["get"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: secret-syncer
                rules:
                  - apiGroups: [""]
                    resources: [↓"secrets"]
                    verbs: ["list", "watch"]
                  - apiGroups: ["*"]
                    resources: ["configmaps", ↓"*"]
                    verbs: ["get"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: tls-loader
                  namespace: ingress
                rules:
                  - apiGroups: [""]
                    resources:
                      - ↓secrets
                    verbs: ["get"]
                    resourceNames: ["ingress-tls"]
                """,
            ]
        ),
        permissions: [RBACPermission(["get", "list", "watch"], "secrets")],
        assess: { e in
            let enumerates = e.verbs.contains("list") || e.verbs.contains("watch")
            let consequence = enumerates
                ? "can read every secret's value, service account tokens and TLS keys included"
                : "can read the value of any secret whose name it knows"
            return e.tiered(
                cluster: enumerates ? .critical : .high, namespaced: enumerates ? .high : .medium, named: .low,
                e.names == nil ? consequence : "can read those secrets' values"
            )
        }
    )
}

import PalisadeCore

extension RBACPrimitive {
    /// update or patch on namespaces.
    public static let patchNamespaces = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-patch-namespaces",
            title: "Role can relabel namespaces (and switch off Pod Security)",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .ciPolicyValidation],
            mitre: ["T1562.001"],
            appliesTo: [.role],
            rationale: """
                Pod Security admission is configured by namespace labels \
                (`pod-security.kubernetes.io/enforce`). Whoever can update or patch a namespace removes \
                the label or sets it to `privileged`, and the next pod they create there may be privileged, \
                use the host's namespaces or mount its disk: the namespace's guard rail is gone. Labels also \
                select NetworkPolicies and admission webhooks (`namespaceSelector`), which relabelling \
                escapes. A ClusterRole reaches every namespace (high). A namespace request carries its own \
                name as namespace, so a Role in `shop` may patch `shop` itself, and only it (medium). \
                `resourceNames` limits it to the named namespaces (medium for a ClusterRole, low for a Role).
                """,
            remediation: "Let only cluster administrators or the GitOps controller update namespaces; tenants should not edit their own namespace's labels.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/concepts/security/pod-security-admission/"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: namespace-viewer
                rules:
                  - apiGroups: [""]
                    resources: ["namespaces"]
                    verbs: ["get", "list", "watch"]
                  - apiGroups: [""]
                    resources: ["namespaces/status"]
                    verbs: ["get"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: namespace-labeller
                rules:
                  - apiGroups: [""]
                    resources: [↓"namespaces"]
                    verbs: ["get", "patch"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: tenant-self-service
                  namespace: tenant-a
                rules:
                  - apiGroups: [""]
                    resources: [↓"namespaces"]
                    verbs: ["update"]
                """,
            ]
        ),
        permissions: [RBACPermission(["update", "patch"], "namespaces")],
        assess: { e in
            e.tiered(
                cluster: e.names == nil ? .high : .medium, namespaced: e.names == nil ? .medium : .low,
                e.isClusterRole
                    ? "can drop the Pod Security labels of \(e.names == nil ? "any namespace" : "those namespaces") and run privileged pods there"
                    : "can drop its own namespace's Pod Security labels and run privileged pods there"
            )
        }
    )
}

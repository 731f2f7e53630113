import PalisadeCore

extension RBACPrimitive {
    /// create (or, over WebSockets before Kubernetes 1.35, get) on pods/exec.
    public static let podsExec = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-pods-exec",
            title: "Role can exec into pods",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .runtimeMonitoring],
            mitre: ["T1609"],
            appliesTo: [.role],
            rationale: """
                `kubectl exec` runs a command in a running container: the attacker gets its files, its \
                mounted secrets and its service account token, so they hold every pod's identity. A \
                ClusterRole reaches the pods of kube-system and their controllers' tokens (critical); a \
                Role the pods of its namespace (high). Exec needs `create pods/exec`; but an exec over \
                WebSockets starts as an HTTP GET, and before Kubernetes 1.35 (or with the \
                AuthorizePodWebsocketUpgradeCreatePermission gate off) `get pods/exec` is enough: that \
                grant is reported one step lower. The request names its pod, so `resourceNames` limits it \
                (medium).
                """,
            remediation: "Remove exec from roles of workloads and everyday users; grant it just in time to named responders, and debug with logs and ephemeral containers under review.",
            references: [rbacReference, goodPracticesReference, "https://github.com/kubernetes/enhancements/issues/4006"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: log-reader
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: ["pods", "pods/log"]
                    verbs: ["get", "list"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: oncall-debug
                rules:
                  - apiGroups: [""]
                    resources: ["pods", ↓"pods/exec"]
                    verbs: ["get", "create"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: legacy-shell
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: [↓"pods/exec"]
                    verbs: ["get"]
                  - apiGroups: [""]
                    resources: [↓"pods/exec"]
                    verbs: ["create"]
                    resourceNames: ["toolbox"]
                """,
            ]
        ),
        permissions: [RBACPermission(["create", "get"], "pods/exec")],
        assess: { e in
            let create = e.verbs.contains("create")
            return e.tiered(
                cluster: create ? .critical : .high, namespaced: create ? .high : .medium, named: .medium,
                "can run commands in \(e.names == nil ? (e.isClusterRole ? "any pod" : "any pod of the namespace") : "those pods") and take their secrets and service account tokens"
                    + (create ? "" : " (get is enough over WebSockets before Kubernetes 1.35)")
            )
        }
    )
}

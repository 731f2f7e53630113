import PalisadeCore

extension RBACPrimitive {
    /// create (or, over WebSockets before Kubernetes 1.35, get) on pods/attach.
    public static let podsAttach = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-pods-attach",
            title: "Role can attach to pods",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .runtimeMonitoring],
            mitre: ["T1609"],
            appliesTo: [.role],
            rationale: """
                `kubectl attach` connects to a running container's main process: its output, and its input \
                where the container keeps stdin open (shells, REPLs, debug images), which is then a shell \
                with the pod's secrets and token. It is narrower than exec, so a ClusterRole is high and a \
                Role medium. As with exec, a WebSocket attach starts as a GET, so before Kubernetes 1.35 \
                `get pods/attach` suffices (reported one step lower). `resourceNames` limits it to named \
                pods (low).
                """,
            remediation: "Remove attach from roles of workloads and everyday users; read logs instead.",
            references: [rbacReference, goodPracticesReference, "https://github.com/kubernetes/enhancements/issues/4006"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: pod-viewer
                rules:
                  - apiGroups: [""]
                    resources: ["pods", "pods/log", "pods/status"]
                    verbs: ["get", "list", "watch"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: console-operator
                rules:
                  - apiGroups: [""]
                    resources: [↓"pods/attach", "pods/portforward"]
                    verbs: ["create"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: repl-viewer
                  namespace: notebooks
                rules:
                  - apiGroups: [""]
                    resources: [↓"pods/attach"]
                    verbs: ["get"]
                """,
            ]
        ),
        permissions: [RBACPermission(["create", "get"], "pods/attach")],
        assess: { e in
            let create = e.verbs.contains("create")
            return e.tiered(
                cluster: create ? .high : .medium, namespaced: create ? .medium : .low, named: .low,
                "can attach to the main process of \(e.names == nil ? (e.isClusterRole ? "any pod" : "any pod of the namespace") : "those pods") and use its stdin"
                    + (create ? "" : " (get is enough over WebSockets before Kubernetes 1.35)")
            )
        }
    )
}

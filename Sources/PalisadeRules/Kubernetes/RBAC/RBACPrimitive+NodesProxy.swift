import PalisadeCore

extension RBACPrimitive {
    /// get or create on nodes/proxy: the kubelet API.
    public static let nodesProxy = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-nodes-proxy",
            title: "ClusterRole can reach the kubelet API (nodes/proxy)",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .networkSegmentation],
            mitre: ["T1609", "T1611"],
            appliesTo: [.role],
            rationale: """
                `nodes/proxy` is the kubelet's own API, reached through the API server or directly on port \
                10250. It runs commands in every container on the node (`/exec`, `/run`), and neither audit \
                logs nor admission see those calls as pod exec. The kubelet maps HTTP GET to `get`, and a \
                WebSocket exec starts as a GET, so `get nodes/proxy`, which monitoring agents ask for to \
                read metrics, is enough to run commands: it is reported like `create`. Nodes are \
                cluster-scoped, so only a ClusterRole grants this; limiting it by `resourceNames` to named \
                nodes still hands over every pod on them (high).
                """,
            remediation: "Scrape kubelet metrics through nodes/metrics and nodes/stats instead of nodes/proxy; grant nodes/proxy to no one but the API server.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: prometheus
                rules:
                  - apiGroups: [""]
                    resources: ["nodes", "nodes/metrics", "nodes/stats"]
                    verbs: ["get", "list", "watch"]
                  - nonResourceURLs: ["/metrics"]
                    verbs: ["get"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: metrics-agent
                rules:
                  - apiGroups: [""]
                    resources: ["nodes", ↓"nodes/proxy"]
                    verbs: ["get", "list", "watch"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: debug-proxy
                rules:
                  - apiGroups: [""]
                    resources: [↓"*/proxy"]
                    verbs: ["create"]
                    resourceNames: ["worker-1"]
                """,
            ]
        ),
        permissions: [RBACPermission(["get", "create"], "nodes/proxy")],
        assess: { e in
            e.tiered(
                cluster: .critical, namespaced: .critical, named: .high,
                "can run commands in every container on \(e.names == nil ? "every node" : "those nodes") through the kubelet API"
            )
        }
    )
}

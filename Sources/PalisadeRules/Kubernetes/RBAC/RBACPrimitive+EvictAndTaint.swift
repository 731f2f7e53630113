import PalisadeCore

extension RBACPrimitive {
    /// update or patch on nodes, with eviction: move workloads to a node of the attacker's choice.
    public static let evictAndTaint = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-evict-and-taint",
            title: "ClusterRole can taint nodes and evict pods",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .resilience],
            mitre: ["T1610", "T1499"],
            appliesTo: [.role],
            rationale: """
                Whoever can update or patch nodes can cordon or taint every node but one, or label a node \
                so that selectors and affinities prefer it, and then evict pods (create pods/eviction, or \
                delete pods): the scheduler moves the workloads, and their secrets and tokens, onto the node \
                the attacker controls, or nowhere at all. Both grants together are high. Patching nodes \
                alone is medium: a NoExecute taint still evicts pods, only more slowly and visibly. Nodes \
                are cluster-scoped, so only ClusterRoles are reported; `nodes/status` is left to \
                k8s-rbac-modify-status.
                """,
            remediation: "Keep node updates to the node lifecycle and autoscaler controllers; a labelling agent should hold patch on nodes without eviction, and only for its own node through a policy.",
            references: [rbacReference, "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/", "https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: node-viewer
                rules:
                  - apiGroups: [""]
                    resources: ["nodes"]
                    verbs: ["get", "list", "watch"]
                  - apiGroups: [""]
                    resources: ["pods/eviction"]
                    verbs: ["create"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: node-drainer
                rules:
                  - apiGroups: [""]
                    resources: [↓"nodes"]
                    verbs: ["get", "patch"]
                  - apiGroups: [""]
                    resources: ["pods/eviction"]
                    verbs: ["create"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: node-feature-labeller
                rules:
                  - apiGroups: [""]
                    resources: [↓"nodes"]
                    verbs: ["update"]
                """,
            ]
        ),
        permissions: [RBACPermission(["update", "patch"], "nodes")],
        assess: { e in
            let evicts = e.role.grantsAny([RBACPermission(["create"], "pods/eviction"), RBACPermission(["delete", "deletecollection"], "pods")])
            return e.verdict(
                evicts ? .high : .medium,
                evicts
                    ? "can taint or label nodes and evict pods, moving workloads onto a node it controls"
                    : "can taint or label nodes, and a NoExecute taint evicts their pods"
            )
        }
    )
}

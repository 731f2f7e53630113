import PalisadeCore

extension RBACPrimitive {
    /// update or patch on pods.
    public static let modifyPods = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-modify-pods",
            title: "Role can modify running pods",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .minimalImmutableWorkloads],
            mitre: ["T1525", "T1610"],
            appliesTo: [.role],
            rationale: """
                A running pod's container images can be changed in place: whoever can update or patch pods \
                swaps one for their own image, and the kubelet restarts the container with the attacker's \
                code, the pod's service account and its secrets. Labels are writable too, so the pod can be \
                moved under another Service's selector to receive its traffic. A ClusterRole is high, a \
                Role medium; `resourceNames` limits it to named pods (low). Controllers that only label \
                pods hold this too: prefer patching their owners.
                """,
            remediation: "Change workloads through their controllers (Deployments) under review; do not grant update or patch on pods.",
            references: [rbacReference, "https://kubernetes.io/docs/concepts/workloads/pods/#pod-update-and-replacement"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: pod-cleaner
                  namespace: batch
                rules:
                  - apiGroups: [""]
                    resources: ["pods"]
                    verbs: ["get", "list", "delete"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: pod-labeller
                rules:
                  - apiGroups: [""]
                    resources: [↓"pods"]
                    verbs: ["get", "list", "patch"]
                """,
            ]
        ),
        permissions: [RBACPermission(["update", "patch"], "pods")],
        assess: { e in
            e.tiered(
                cluster: .high, namespaced: .medium, named: .low,
                "can swap the image of \(e.names == nil ? (e.isClusterRole ? "any running pod" : "any running pod of the namespace") : "those pods") for its own and run as that pod's service account"
            )
        }
    )
}

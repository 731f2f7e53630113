import PalisadeCore

extension RBACPrimitive {
    /// update or patch on pods/ephemeralcontainers.
    public static let podsEphemeralContainers = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-pods-ephemeral-containers",
            title: "Role can add ephemeral containers to pods",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .runtimeMonitoring],
            mitre: ["T1609", "T1610"],
            appliesTo: [.role],
            rationale: """
                `kubectl debug` adds an ephemeral container, with an image of the attacker's choice, to a \
                running pod: it shares the pod's network and, targeted at a container, its processes, and \
                can mount the pod's volumes, its service account token and secrets included. It is exec \
                with any tools, on any pod, without create pods. A ClusterRole is critical, a Role high; \
                `resourceNames` limits it to named pods (medium).
                """,
            remediation: "Grant pods/ephemeralcontainers only just in time to named responders, under Pod Security that forbids privileged debug containers.",
            references: [rbacReference, "https://kubernetes.io/docs/concepts/workloads/pods/ephemeral-containers/"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: debug-viewer
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: ["pods/ephemeralcontainers"]
                    verbs: ["get", "list"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: kubectl-debug
                rules:
                  - apiGroups: [""]
                    resources: [↓"pods/ephemeralcontainers"]
                    verbs: ["patch"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: sre-debug
                  namespace: payments
                rules:
                  - apiGroups: ["*"]
                    resources: [↓"*"]
                    verbs: ["update"]
                """,
            ]
        ),
        permissions: [RBACPermission(["update", "patch"], "pods/ephemeralcontainers")],
        assess: { e in
            e.tiered(
                cluster: .critical, namespaced: .high, named: .medium,
                "can add a container of any image to \(e.names == nil ? (e.isClusterRole ? "any pod" : "any pod of the namespace") : "those pods") and take its secrets and service account token"
            )
        }
    )
}

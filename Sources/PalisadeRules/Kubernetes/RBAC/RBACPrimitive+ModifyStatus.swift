import PalisadeCore

extension RBACPrimitive {
    /// update or patch on the status of pods, nodes and services.
    public static let modifyStatus = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-modify-status",
            title: "Role can rewrite the status of pods, nodes or services",
            severity: .medium,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .networkSegmentation],
            mitre: ["T1557", "T1565"],
            appliesTo: [.role],
            rationale: """
                Controllers act on status, which only kubelets and controllers should write. With \
                `services/status` an attacker sets a LoadBalancer ingress IP and captures the cluster's \
                traffic to that IP (CVE-2020-8554, high); `pods/status` marks pods ready or their IPs \
                changed, sending a Service's traffic elsewhere; `nodes/status` fakes a node's capacity and \
                conditions to attract or repel pods. Limited by `resourceNames` to named objects it is low. \
                A Role reaches pods and services of its namespace only; nodes are cluster-scoped.
                """,
            remediation: "Leave status subresources to the kubelet and the controllers that own them.",
            references: [rbacReference, "https://github.com/kubernetes/kubernetes/issues/97076"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: widget-controller
                rules:
                  - apiGroups: ["example.com"]
                    resources: ["widgets/status"]
                    verbs: ["update", "patch"]
                  - apiGroups: [""]
                    resources: ["pods/status", "nodes/status"]
                    verbs: ["get"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: lb-controller
                rules:
                  - apiGroups: [""]
                    resources: ["services", ↓"services/status"]
                    verbs: ["get", "update", "patch"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: status-writer
                  namespace: shop
                rules:
                  - apiGroups: ["", "apps"]
                    resources: [↓"*/status"]
                    verbs: ["patch"]
                """,
            ]
        ),
        permissions: [
            RBACPermission(["update", "patch"], "services/status"),
            RBACPermission(["update", "patch"], "pods/status"),
            RBACPermission(["update", "patch"], "nodes/status"),
        ],
        assess: { e in
            let services = e.resources.contains("services/status")
            return e.tiered(
                cluster: services ? .high : .medium, namespaced: services ? .high : .medium, named: .low,
                services
                    ? "can give a Service a load balancer IP and capture the traffic to it, or misreport pods and nodes to their controllers"
                    : "can misreport the state of pods\(e.resources.contains("nodes/status") ? " and nodes" : "") to the controllers that act on it"
            )
        }
    )
}

import PalisadeCore

extension RBACPrimitive {
    /// create on pods or on any controller that creates pods.
    public static let createWorkloads = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-create-workloads",
            title: "Role can create pods or workloads",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .minimalImmutableWorkloads],
            mitre: ["T1610", "T1078"],
            appliesTo: [.role],
            rationale: """
                Whoever can create a pod, or any controller that makes pods (Deployment, DaemonSet, \
                StatefulSet, ReplicaSet, Job, CronJob, ReplicationController), can run any image as any \
                service account of the namespace and mount that account's token and every secret and \
                config map of the namespace: the permissions of the most powerful account there become \
                theirs. Where Pod Security admission does not forbid it, the pod can also be privileged or \
                mount the node's disk. A ClusterRole is critical (bound cluster-wide it reaches kube-system \
                and its controllers' accounts), a Role high. A rule limited by `resourceNames` never grants \
                `create` (a new object's name is not known when the request is authorized), so it is not \
                reported.
                """,
            remediation: "Let a CI/CD identity or GitOps controller create workloads; give people and workloads read access, and bind create only in namespaces whose service accounts hold nothing more.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: deploy-viewer
                  namespace: shop
                rules:
                  - apiGroups: ["apps"]
                    resources: ["deployments", "replicasets"]
                    verbs: ["get", "list", "watch"]
                  - apiGroups: ["apps"]
                    resources: ["deployments"]
                    verbs: ["create"]
                    resourceNames: ["storefront"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: ci-deployer
                rules:
                  - apiGroups: ["apps"]
                    resources: [↓"deployments", "daemonsets", "statefulsets"]
                    verbs: ["create", "update", "patch"]
                  - apiGroups: ["batch"]
                    resources: [↓"*"]
                    verbs: ["create"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: job-runner
                  namespace: data
                rules:
                  - apiGroups: [""]
                    resources: [↓"pods"]
                    verbs: ["*"]
                """,
            ]
        ),
        permissions: [
            RBACPermission(["create"], "pods"),
            RBACPermission(["create"], "deployments", group: "apps"),
            RBACPermission(["create"], "daemonsets", group: "apps"),
            RBACPermission(["create"], "statefulsets", group: "apps"),
            RBACPermission(["create"], "replicasets", group: "apps"),
            RBACPermission(["create"], "jobs", group: "batch"),
            RBACPermission(["create"], "cronjobs", group: "batch"),
            RBACPermission(["create"], "replicationcontrollers"),
        ],
        assess: { e in
            e.tiered(
                cluster: .critical, namespaced: .high,
                "can run any image as any service account of the namespace and read the secrets it mounts"
            )
        }
    )
}

import PalisadeCore

extension RBACPrimitive {
    /// create on persistentvolumes.
    public static let createPersistentVolumes = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-create-persistent-volumes",
            title: "ClusterRole can create persistent volumes",
            severity: .high,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1611"],
            appliesTo: [.role],
            rationale: """
                A PersistentVolume can be a `hostPath` volume. Whoever can create one creates a volume onto \
                a node's root file system and, with a claim and a pod, mounts it: the node's kubelet \
                credentials, container runtime socket and every pod's secrets on that node are theirs, even \
                where Pod Security admission forbids hostPath in pods (it does not look at volumes). \
                PersistentVolumes are cluster-scoped, so only a ClusterRole can grant them; a Role that \
                names them grants nothing and is not reported. Provisioners that need this should be the \
                only holders.
                """,
            remediation: "Let a storage class provisioner create persistent volumes; give users and workloads persistentvolumeclaims instead.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: storage-viewer
                rules:
                  - apiGroups: [""]
                    resources: ["persistentvolumes"]
                    verbs: ["get", "list", "watch"]
                  - apiGroups: [""]
                    resources: ["persistentvolumeclaims"]
                    verbs: ["create"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: pv-maker
                  namespace: storage
                rules:
                  - apiGroups: [""]
                    resources: ["persistentvolumes"]
                    verbs: ["create"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: volume-admin
                rules:
                  - apiGroups: [""]
                    resources: ["persistentvolumeclaims", ↓"persistentvolumes"]
                    verbs: ["create", "delete"]
                """,
            ]
        ),
        permissions: [RBACPermission(["create"], "persistentvolumes")],
        assess: { e in
            e.tiered(
                cluster: .high, namespaced: .high,
                "can create a hostPath volume onto a node's file system and mount it through a claim"
            )
        }
    )
}

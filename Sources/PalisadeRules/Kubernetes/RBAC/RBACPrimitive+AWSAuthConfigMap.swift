import PalisadeCore

extension RBACPrimitive {
    /// update or patch on configmaps reaching kube-system/aws-auth.
    public static let awsAuthConfigMap = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-aws-auth-configmap",
            title: "Role can rewrite EKS's aws-auth ConfigMap",
            severity: .critical,
            pattern: .credentialCompromise,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1098", "T1078.004"],
            appliesTo: [.role],
            rationale: """
                On Amazon EKS clusters that authenticate through the `aws-auth` ConfigMap in kube-system, \
                that ConfigMap maps IAM roles and users to Kubernetes groups: whoever can update or patch \
                it maps an IAM identity they control to `system:masters`, cluster-admin from outside the \
                cluster, surviving every RBAC cleanup. A grant naming `aws-auth` is critical. Unrestricted \
                update of configmaps in a Role of kube-system reaches it too (high: kube-system's other \
                configmaps, such as CoreDNS's, are sensitive anyway); in a ClusterRole it reaches aws-auth \
                only when bound cluster-wide on EKS (medium). A Role of another namespace cannot reach \
                kube-system and is not reported. EKS access entries \
                (authentication mode API) retire aws-auth.
                """,
            remediation: "Manage aws-auth (or, better, EKS access entries) from infrastructure code; grant nobody in the cluster update on configmaps in kube-system.",
            references: [rbacReference, "https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html", "https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: app-config-writer
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: ["configmaps"]
                    verbs: ["get", "update", "patch"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: lookalike
                  namespace: shop
                rules:
                  - apiGroups: [""]
                    resources: ["configmaps"]
                    verbs: ["patch"]
                    resourceNames: ["aws-auth"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: feature-flags
                rules:
                  - apiGroups: [""]
                    resources: ["configmaps"]
                    verbs: ["update"]
                    resourceNames: ["feature-flags"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: node-group-bootstrapper
                  namespace: kube-system
                rules:
                  - apiGroups: [""]
                    resources: [↓"configmaps"]
                    verbs: ["get", "patch"]
                    resourceNames: ["aws-auth"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: config-reloader
                rules:
                  - apiGroups: [""]
                    resources: [↓"configmaps"]
                    verbs: ["update", "patch"]
                """,
            ]
        ),
        permissions: [RBACPermission(["update", "patch"], "configmaps")],
        assess: { e in
            let namesAWSAuth = e.names?.contains("aws-auth") ?? false
            if e.names != nil && !namesAWSAuth { return nil }
            if !e.isClusterRole {
                let namespace = e.role.object.namespace
                guard namespace == "kube-system" || (namespace == nil && namesAWSAuth) else { return nil }
            }
            return e.verdict(
                namesAWSAuth ? .critical : e.isClusterRole ? .medium : .high,
                namesAWSAuth
                    ? "can rewrite aws-auth and map an IAM identity it controls to system:masters on EKS"
                    : "can rewrite configmaps in kube-system, aws-auth included on EKS, and map an IAM identity to system:masters"
            )
        }
    )
}

import PalisadeCore

/// The RBAC rules: wildcards, escalation primitives in Roles and ClusterRoles, and dangerous bindings.
enum RBACRules {
    static let all: [any KubernetesRule] = [
        RBACWildcard.verbs,
        RBACWildcard.resources,
        RBACWildcard.apiGroups,
        RBACPrimitive.readSecrets,
        RBACPrimitive.createWorkloads,
        RBACPrimitive.createPersistentVolumes,
        RBACPrimitive.nodesProxy,
        RBACPrimitive.escalate,
        RBACPrimitive.bind,
        RBACPrimitive.impersonate,
        RBACPrimitive.approveCSR,
        RBACPrimitive.serviceAccountToken,
        RBACPrimitive.webhookConfigurations,
        RBACPrimitive.patchNamespaces,
        RBACPrimitive.podsExec,
        RBACPrimitive.podsAttach,
        RBACPrimitive.podsEphemeralContainers,
        RBACPrimitive.modifyPods,
        RBACPrimitive.createTokenSecrets,
        RBACPrimitive.evictAndTaint,
        RBACPrimitive.modifyStatus,
        RBACPrimitive.awsAuthConfigMap,
        RBACBroadSubject.anonymous,
        RBACBroadSubject.defaultServiceAccount,
    ]
}

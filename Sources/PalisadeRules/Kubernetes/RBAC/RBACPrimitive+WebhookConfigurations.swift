import PalisadeCore

extension RBACPrimitive {
    /// create, update or patch on mutating or validating webhook configurations.
    public static let webhookConfigurations = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-webhook-configurations",
            title: "ClusterRole can write admission webhook configurations",
            severity: .critical,
            pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity, .ciPolicyValidation],
            mitre: ["T1557", "T1556"],
            appliesTo: [.role],
            rationale: """
                An admission webhook receives every object it registers for, Secrets included, before it is \
                stored. A mutating webhook can rewrite them: add a container or a privileged flag to every \
                pod, swap images, grant itself a role (critical). A validating webhook reads them and can \
                block any change, deletion of itself included (high). Webhook configurations are \
                cluster-scoped, so only ClusterRoles are reported. `resourceNames` does not lower it: the \
                named configuration can be re-pointed at every resource and an attacker's URL.
                """,
            remediation: "Let only the installer of each admission controller write its webhook configuration; give others read access.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: webhook-auditor
                rules:
                  - apiGroups: ["admissionregistration.k8s.io"]
                    resources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"]
                    verbs: ["get", "list", "watch"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: sidecar-injector
                rules:
                  - apiGroups: ["admissionregistration.k8s.io"]
                    resources: [↓"mutatingwebhookconfigurations"]
                    verbs: ["get", "patch"]
                    resourceNames: ["sidecar-injector"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: policy-engine
                rules:
                  - apiGroups: ["admissionregistration.k8s.io"]
                    resources: [↓"validatingwebhookconfigurations"]
                    verbs: ["create", "update"]
                """,
            ]
        ),
        permissions: [
            RBACPermission(["create", "update", "patch"], "mutatingwebhookconfigurations", group: "admissionregistration.k8s.io"),
            RBACPermission(["create", "update", "patch"], "validatingwebhookconfigurations", group: "admissionregistration.k8s.io"),
        ],
        assess: { e in
            let mutating = e.resources.contains("mutatingwebhookconfigurations")
            return e.verdict(
                mutating ? .critical : .high,
                mutating
                    ? "can register a webhook that sees and rewrites every object, pods and secrets included"
                    : "can register a webhook that sees every object, secrets included, and blocks any change"
            )
        }
    )
}

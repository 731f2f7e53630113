import PalisadeCore

extension RBACPrimitive {
    /// update on certificatesigningrequests/approval together with approve on a signer.
    public static let approveCSR = RBACPrimitive(
        description: RuleDescription(
            id: "k8s-rbac-approve-csr",
            title: "ClusterRole can approve certificate signing requests",
            severity: .critical,
            pattern: .credentialCompromise,
            controls: [.leastPrivilegeIdentity, .workloadIdentityMTLS],
            mitre: ["T1649", "T1078"],
            appliesTo: [.role],
            rationale: """
                Approving a CertificateSigningRequest takes two grants: update on \
                `certificatesigningrequests/approval` and `approve` on the signer (`signers`, named by \
                resourceNames such as `kubernetes.io/kube-apiserver-client`, or `kubernetes.io/*`). With \
                both, an attacker submits a CSR for any user and group and approves it: a client certificate \
                for `system:masters` is cluster-admin, valid until it expires and impossible to revoke. \
                resourceNames on the approval grant do not limit it (the attacker names its own request). \
                The severity follows the signer: the API server client signer (or any signer) is critical, the \
                kubelet client signer (node identities) high, other signers medium. Approval without an \
                approve grant on any signer achieves nothing and is not reported. Both resources are \
                cluster-scoped, so Roles are never reported.
                """,
            remediation: "Leave CSR approval to the controller manager and to dedicated approvers limited to their own signer by resourceNames.",
            references: [rbacReference, goodPracticesReference, "https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization"],
            goodExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: csr-viewer
                rules:
                  - apiGroups: ["certificates.k8s.io"]
                    resources: ["certificatesigningrequests", "certificatesigningrequests/approval"]
                    verbs: ["get", "list", "update"]
                """,
            ],
            badExamples: [
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: csr-approver
                rules:
                  - apiGroups: ["certificates.k8s.io"]
                    resources: [↓"certificatesigningrequests/approval"]
                    verbs: ["update"]
                  - apiGroups: ["certificates.k8s.io"]
                    resources: ["signers"]
                    verbs: ["approve"]
                    resourceNames: ["kubernetes.io/kube-apiserver-client"]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: cert-manager-approver
                rules:
                  - apiGroups: ["certificates.k8s.io"]
                    resources: [↓"certificatesigningrequests/approval"]
                    verbs: ["patch"]
                  - apiGroups: ["certificates.k8s.io"]
                    resources: ["signers"]
                    verbs: ["approve"]
                    resourceNames: ["issuers.cert-manager.io/*", "kubernetes.io/kube-apiserver-client-kubelet"]
                """,
            ]
        ),
        permissions: [RBACPermission(["update", "patch"], "certificatesigningrequests/approval", group: "certificates.k8s.io")],
        assess: { e in
            let signers = e.role.grants(RBACPermission(["approve"], "signers", group: "certificates.k8s.io"))
            guard !signers.isEmpty else { return nil }
            let names = signers.map(\.names)
            let reachesAll = names.contains { $0 == .any }
            let named = names.flatMap { $0.names ?? [] }
            let severity: Severity
            if reachesAll || named.contains("kubernetes.io/kube-apiserver-client") || named.contains("kubernetes.io/*") {
                severity = .critical
            } else if named.contains("kubernetes.io/kube-apiserver-client-kubelet") {
                severity = .high
            } else {
                severity = .medium
            }
            let signerText = reachesAll ? "any signer" : "signers " + named.map { "'\($0)'" }.joined(separator: ", ")
            let consequence = severity == .critical
                ? "can approve its own request for a client certificate of any user, group system:masters included"
                : severity == .high
                    ? "can approve client certificates for node identities"
                    : "can approve certificates from those signers"
            return RBACPrimitiveVerdict(
                severity: severity,
                message: "\(e.role.display) grants \(e.verbs.joined(separator: "/")) on certificatesigningrequests/approval and approve on \(signerText): whoever holds it \(consequence)."
            )
        }
    )
}

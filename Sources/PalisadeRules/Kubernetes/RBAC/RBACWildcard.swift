import PalisadeCore

/// One rule template for `*` in the verbs, resources or apiGroups of a Role or ClusterRole rule item.
public struct RBACWildcard: KubernetesRule {
    /// `verbs`, `resources` or `apiGroups`.
    public let field: String
    /// What the wildcard covers, for messages: `every verb`.
    public let covers: String
    public let description: RuleDescription
    /// Severities for a partial wildcard: in a ClusterRole, in a Role.
    let cluster: Severity
    let namespaced: Severity

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let role = RBACRole(object), !object.isBootstrapRBACPolicy else { return }
        for item in role.items {
            guard let star = item.wildcard(field) else { continue }
            let path = "\(item.path).\(field)[*]"
            if item.isFullWildcard {
                // Reported once, by the verbs instance: the item grants everything there is.
                guard field == "verbs" else { continue }
                report.report(
                    star.range, path: path,
                    message: role.isClusterRole
                        ? "\(role.display) grants every verb on every resource in every API group: whoever holds it is cluster-admin."
                        : "\(role.display) grants every verb on every resource in every API group of its namespace: whoever holds it controls the namespace, its secrets and service accounts included.",
                    severity: role.isClusterRole ? .critical : .high
                )
                continue
            }
            let isNonResource = item.node["resources"] == nil && item.node["nonResourceURLs"] != nil
            if isNonResource {
                // Only ClusterRoles grant non-resource URLs; only verbs apply to them.
                guard field == "verbs", role.isClusterRole else { continue }
                let urls = item.view.nonResourceURLs.joined(separator: ", ")
                report.report(
                    star.range, path: path,
                    message: "\(role.display) grants every verb on the non-resource URLs \(urls): whoever holds it can call every endpoint there, debug and log endpoints included.",
                    severity: .medium
                )
                continue
            }
            let named = !item.view.resourceNames.isEmpty
            let severity: Severity = named ? .low : role.isClusterRole ? cluster : namespaced
            let scope = named ? " (only the objects named in resourceNames)" : " \(role.reach)"
            report.report(
                star.range, path: path,
                message: "\(role.display) grants \(covers)\(scope): whoever holds it gets permissions no one reviewed, including any added to the API later.",
                severity: severity
            )
        }
    }

    static func make(field: String, id: String, title: String, covers: String, cluster: Severity, namespaced: Severity,
                     rationale: String, goodExamples: [String], badExamples: [String]) -> RBACWildcard {
        RBACWildcard(field: field, covers: covers, description: RuleDescription(
            id: id, title: title, severity: cluster, pattern: .lateralMovement,
            controls: [.leastPrivilegeIdentity],
            mitre: ["T1078", "T1098"],
            appliesTo: [.role],
            rationale: rationale,
            remediation: "List the exact \(field) the workload needs instead of `*`.",
            references: [RBACPrimitive.rbacReference, RBACPrimitive.goodPracticesReference],
            goodExamples: goodExamples, badExamples: badExamples
        ), cluster: cluster, namespaced: namespaced)
    }

    public static let verbs = make(
        field: "verbs", id: "k8s-rbac-wildcard-verbs", title: "Role grants every verb (*)",
        covers: "every verb on its resources", cluster: .high, namespaced: .medium,
        rationale: """
            `*` in verbs grants every verb there is and every verb added later: not just read and write \
            but `escalate`, `bind`, `impersonate`, `approve`, `deletecollection` and the create that opens \
            `exec`. A rule item that is `*` in verbs, resources and API groups is cluster-admin in a \
            ClusterRole (critical) and full control of its namespace in a Role (high); it is reported once, \
            here, and the primitive rules do not repeat it. Otherwise `*` verbs is high in a ClusterRole and \
            medium in a Role (the rules for each primitive report what the item actually allows), and low \
            when `resourceNames` limits it to named objects (a controller owning one ConfigMap). `*` on \
            non-resource URLs (`/logs`, `/debug/pprof`) is medium. The API server's own default roles \
            (`kubernetes.io/bootstrapping: rbac-defaults`, cluster-admin among them) are not reported: \
            it recreates them at every start, and a dump of a live cluster would otherwise report them.
            """,
        goodExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: cluster-admin
              labels:
                kubernetes.io/bootstrapping: rbac-defaults
            rules:
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: ["*"]
              - nonResourceURLs: ["*"]
                verbs: ["*"]
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: reader
              namespace: shop
            rules:
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: ["get", "list", "watch"]
              - apiGroups: ["apps"]
                resources: ["deployments"]
                verbs: ["{{ .Values.rbac.verbs }}", "${VERBS}"]
            """,
        ],
        badExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: platform-admin
            rules:
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: [↓"*"]
              - nonResourceURLs: ["*"]
                verbs: [↓"*"]
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: app-operator
              namespace: shop
            rules:
              - apiGroups: ["apps"]
                resources: ["deployments"]
                verbs:
                  - ↓"*"
              - apiGroups: [""]
                resources: ["configmaps"]
                verbs: [↓"*"]
                resourceNames: ["app-state"]
            """,
        ]
    )

    public static let resources = make(
        field: "resources", id: "k8s-rbac-wildcard-resources", title: "Role grants every resource (*)",
        covers: "its verbs on every resource and subresource", cluster: .high, namespaced: .medium,
        rationale: """
            `*` in resources covers every resource and subresource of the listed API groups, secrets, \
            `pods/exec`, `serviceaccounts/token` and `nodes/proxy` among them, and every resource a CRD \
            adds later. Reading `*` in the core group reads every secret; writing it writes roles and \
            webhooks. High in a ClusterRole, medium in a Role, low when `resourceNames` limits it; the \
            primitive rules report what the item actually allows. An item that is `*` everywhere is left \
            to k8s-rbac-wildcard-verbs. `*/status` and `*/scale` name one subresource and are not reported \
            here (Kubernetes has no `pods/*`: such an entry matches nothing).
            """,
        goodExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: scaler
            rules:
              - apiGroups: ["apps"]
                resources: ["*/scale", "deployments"]
                verbs: ["get", "update"]
            """,
        ],
        badExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: backup-reader
            rules:
              - apiGroups: [""]
                resources: [↓"*"]
                verbs: ["get", "list", "watch"]
            """,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: batch-operator
              namespace: data
            rules:
              - apiGroups: ["batch"]
                resources:
                  - ↓'*'
                verbs: ["*"]
            """,
        ]
    )

    public static let apiGroups = make(
        field: "apiGroups", id: "k8s-rbac-wildcard-api-groups", title: "Role grants every API group (*)",
        covers: "its resources in every API group", cluster: .medium, namespaced: .low,
        rationale: """
            `*` in apiGroups grants the listed resources in every API group, including groups that custom \
            resource definitions add later, whose resources may be named like the ones intended \
            (`deployments` in some operator's group). With specific resources and verbs the extra reach is \
            usually small: medium in a ClusterRole, low in a Role. An item with `*` in resources as well is \
            also reported by k8s-rbac-wildcard-resources; one that is `*` everywhere only by \
            k8s-rbac-wildcard-verbs.
            """,
        goodExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: deployment-viewer
            rules:
              - apiGroups: ["apps", "extensions"]
                resources: ["deployments"]
                verbs: ["get", "list"]
            """,
        ],
        badExamples: [
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: ingress-watcher
            rules:
              - apiGroups: [↓"*"]
                resources: ["ingresses", "services"]
                verbs: ["get", "list", "watch"]
              - apiGroups: [↓"*"]
                resources: ["*"]
                verbs: ["get"]
            """,
        ]
    )
}

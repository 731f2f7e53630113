import PalisadeCore

/// An exposed workload carries the token of a service account whose RBAC leads further.
public struct ExposedWorkloadDangerousRBAC: EstateRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-exposed-workload-dangerous-rbac",
        title: "Exposed workload mounts a service account with dangerous permissions",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity, .networkSegmentation],
        mitre: ["T1190", "T1078.004", "T1552.007"],
        rationale: """
            A workload reachable from outside the cluster (LoadBalancer, NodePort, externalIPs or an \
            Ingress) that mounts its service account's token hands that token to whoever exploits it: \
            the token is a file in the container. When the account is bound to permissions that lead \
            further (read Secrets, create pods, exec, bind or escalate roles, impersonate, nodes/proxy, \
            cluster-admin), one bug in an internet-facing process becomes those permissions. Bindings \
            are resolved across files, aggregated ClusterRoles included, and grants scoped by \
            resourceNames (named objects only, and no create at all) are not counted. Workloads \
            that do not mount the token (automountServiceAccountToken: false on the pod or the account) \
            are not reported.
            """,
        remediation: "Give the exposed workload its own service account with only what it needs, or set `automountServiceAccountToken: false` if it does not call the API.",
        references: [
            "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
            "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                metadata:
                  labels: {app: web}
                spec:
                  serviceAccountName: web
                  automountServiceAccountToken: false
                  containers:
                    - name: web
                      image: web:1.0
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              type: LoadBalancer
              selector: {app: web}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: web-secrets
              namespace: shop
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
            subjects:
              - {kind: ServiceAccount, name: web, namespace: shop}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: secret-reader
              namespace: shop
            rules:
              - apiGroups: [""]
                resources: [secrets]
                verbs: [get]
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: api
              namespace: shop
              labels: {app: api}
            spec:
              serviceAccountName: api
              containers:
                - name: api
                  image: api:1.0
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: shop
            spec:
              type: NodePort
              selector: {app: api}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: api-config
              namespace: shop
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
            subjects:
              - {kind: ServiceAccount, name: api}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: config-reader
              namespace: shop
            rules:
              - apiGroups: [""]
                resources: [configmaps, secrets]
                resourceNames: [api-config]
                verbs: [get, watch]
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                metadata:
                  labels: {app: web}
                spec:
                  ↓serviceAccountName: web
                  containers:
                    - name: web
                      image: web:1.0
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              type: LoadBalancer
              selector: {app: web}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: web-reader
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
            subjects:
              - {kind: ServiceAccount, name: web, namespace: shop}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: reader
            aggregationRule:
              clusterRoleSelectors:
                - matchLabels: {shop.example.com/aggregate-to-reader: "true"}
            rules: []
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: reader-secrets
              labels: {shop.example.com/aggregate-to-reader: "true"}
            rules:
              - apiGroups: [""]
                resources: [secrets]
                verbs: [list]
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              ↓name: admin-ui
              namespace: ops
              labels: {app: admin-ui}
            spec:
              containers:
                - name: ui
                  image: ui:1.0
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: admin-ui
              namespace: ops
            spec:
              type: LoadBalancer
              selector: {app: admin-ui}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: default-admin
              namespace: ops
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects:
              - {kind: ServiceAccount, name: default}
            """,
        ]
    )

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        for index in estate.exposedWorkloads {
            let workload = estate.workloads[index]
            let exposures = estate.exposures[index] ?? []
            guard estate.mountsToken(workload) else { continue }
            var grants: [(binding: BindingFact, grants: [PermissionRisk.Grant])] = []
            for binding in estate.bindings(ofServiceAccount: workload.serviceAccount, namespace: workload.namespace) {
                guard let rules = estate.rules(grantedBy: binding) else { continue }
                let found = PermissionRisk.grants(rules)
                if !found.isEmpty { grants.append((binding, found)) }
            }
            guard !grants.isEmpty else { continue }
            let worst = grants.flatMap(\.grants).map(\.severity).max() ?? .high
            let what = Estate.list(grants.map { g in
                "\(g.binding.object.identity.kind)/\(g.binding.name) (\(Estate.list(g.grants.map(\.what))))"
            })
            let exposed = Estate.list(exposures.map(\.description))
            report.report(
                workload.object, workload.serviceAccountEvidence ?? workload.anchor,
                path: "\(workload.podPath).serviceAccountName",
                message: "\(workload.display) is exposed by \(exposed) and mounts the token of service account \(workload.serviceAccount), which \(what) grant: exploiting it gives an attacker those permissions.",
                severity: max(worst, .high)
            )
        }
    }
}

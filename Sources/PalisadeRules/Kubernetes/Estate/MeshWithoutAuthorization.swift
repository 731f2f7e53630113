import PalisadeCore

/// One rule template for meshed workloads that no mesh authorization policy protects: Istio and
/// Linkerd. Both meshes authenticate callers with mTLS, but without an authorization policy any
/// workload in the mesh (or, when permissive, outside it) may call them.
public struct MeshWithoutAuthorization: EstateRule {
    public let mesh: MeshPolicyFact.Mesh
    public let description: RuleDescription

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        for index in Self.judged(mesh, estate) {
            let workload = estate.workloads[index]
            guard !isAuthorized(workload, estate) else { continue }
            let how = mesh == .istio
                ? "is exposed by \(Estate.list((estate.exposures[index] ?? []).map(\.description))) and runs in the Istio mesh, but no AuthorizationPolicy selects it"
                : "is injected into the Linkerd mesh, but no Server with an authorization selects it"
            report.report(
                workload.object, workload.anchor, path: "\(workload.podPath).authorization",
                message: "\(workload.display) \(how): any caller that reaches it is allowed."
            )
        }
    }

    /// The workloads the rule judges: those in the mesh (and, for Istio, exposed), by index.
    static func judged(_ mesh: MeshPolicyFact.Mesh, _ estate: Estate) -> [Int] {
        estate.workloads.indices.filter { index in
            isMeshed(mesh, estate.workloads[index], estate.namespace(named: estate.workloads[index].namespace))
                && (mesh != .istio || estate.exposures[index] != nil)
        }
    }

    static func isMeshed(_ mesh: MeshPolicyFact.Mesh, _ workload: WorkloadFact, _ namespace: NamespaceFact?) -> Bool {
        switch mesh {
        case .istio:
            if let pod = workload.podLabels["sidecar.istio.io/inject"] ?? workload.podAnnotations["sidecar.istio.io/inject"] { return pod == "true" }
            return namespace?.labels["istio-injection"] == "enabled" || namespace?.labels["istio.io/rev"] != nil
        case .linkerd:
            if let pod = workload.podAnnotations["linkerd.io/inject"] { return pod == "enabled" || pod == "ingress" }
            return namespace?.annotations["linkerd.io/inject"] == "enabled"
        }
    }

    func isAuthorized(_ workload: WorkloadFact, _ estate: Estate) -> Bool {
        let policies = estate.meshPolicies.filter { $0.mesh == mesh }
        switch mesh {
        case .istio:
            // A policy without a selector covers its namespace; in the root namespace, the mesh.
            return policies.contains { policy in
                guard policy.namespace == workload.namespace || policy.namespace == "istio-system" else { return false }
                guard let selector = policy.selector else { return true }
                return policy.namespace == workload.namespace && selector.matches(workload.podLabels)
            }
        case .linkerd:
            let servers = policies.filter { $0.kind == "Server" && $0.namespace == workload.namespace && ($0.selector?.matches(workload.podLabels) ?? false) }
            return servers.contains { server in
                policies.contains { $0.kind != "Server" && $0.namespace == server.namespace && ($0.targetServer == nil || $0.targetServer == server.name) }
            }
        }
    }

    public static let istio = MeshWithoutAuthorization(mesh: .istio, description: RuleDescription(
        id: "k8s-istio-exposed-without-authorization-policy",
        title: "Exposed Istio workload has no AuthorizationPolicy",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.workloadIdentityMTLS, .networkSegmentation],
        mitre: ["T1210"],
        scope: .estate { judged(.istio, $0).count },
        rationale: """
            Istio's mTLS proves who is calling; only an AuthorizationPolicy decides who may. A workload \
            reachable from outside the cluster (LoadBalancer, NodePort, Ingress) and injected into the \
            mesh with no policy selecting it accepts every caller: any compromised workload in the mesh \
            can call its internal and admin endpoints. Policies without a selector count for their \
            namespace, and those in the root namespace (istio-system) for the whole mesh. Only exposed \
            workloads are reported, the ones an attacker reaches first.
            """,
        remediation: "Add an AuthorizationPolicy selecting the workload that allows only the principals (service accounts) and paths that should call it, on top of a namespace-wide deny.",
        references: [
            "https://istio.io/latest/docs/concepts/security/#authorization",
            "https://istio.io/latest/docs/reference/config/security/authorization-policy/",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {istio-injection: enabled}
            ---
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
                  containers: [{name: web, image: "web:1.0"}]
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
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: web
              namespace: shop
            spec:
              selector:
                matchLabels: {app: web}
              action: ALLOW
              rules:
                - to: [{operation: {methods: [GET]}}]
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {istio-injection: enabled}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              ↓name: web
              namespace: shop
            spec:
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers: [{name: web, image: "web:1.0"}]
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
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: api-only
              namespace: shop
            spec:
              selector:
                matchLabels: {app: api}
            """,
        ]
    ))

    public static let linkerd = MeshWithoutAuthorization(mesh: .linkerd, description: RuleDescription(
        id: "k8s-linkerd-workload-without-authorization",
        title: "Linkerd-injected workload has no Server with an authorization",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.workloadIdentityMTLS, .networkSegmentation],
        mitre: ["T1210"],
        scope: .estate { judged(.linkerd, $0).count },
        rationale: """
            Linkerd encrypts and authenticates traffic between meshed pods, but its default inbound \
            policy (all-unauthenticated) lets anything connect. Only a Server selecting the pod's ports \
            with an AuthorizationPolicy or ServerAuthorization targeting it restricts callers to named \
            identities. Injected workloads (the `linkerd.io/inject: enabled` annotation on the pod \
            template or the Namespace) with no such pair are reported; a workload that opts out with \
            `linkerd.io/inject: disabled` is not.
            """,
        remediation: "Define a Server for the workload's ports and an AuthorizationPolicy (with MeshTLSAuthentication) that allows only the service accounts that should call it.",
        references: [
            "https://linkerd.io/2/features/server-policy/",
            "https://linkerd.io/2/reference/authorization-policy/",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ledger
              namespace: payments
            spec:
              template:
                metadata:
                  labels: {app: ledger}
                  annotations: {linkerd.io/inject: enabled}
                spec:
                  containers: [{name: ledger, image: "ledger:1.0"}]
            ---
            apiVersion: policy.linkerd.io/v1beta3
            kind: Server
            metadata:
              name: ledger-grpc
              namespace: payments
            spec:
              podSelector:
                matchLabels: {app: ledger}
              port: grpc
            ---
            apiVersion: policy.linkerd.io/v1alpha1
            kind: AuthorizationPolicy
            metadata:
              name: ledger-grpc
              namespace: payments
            spec:
              targetRef: {group: policy.linkerd.io, kind: Server, name: ledger-grpc}
              requiredAuthenticationRefs:
                - {kind: MeshTLSAuthentication, name: api, group: policy.linkerd.io}
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: payments
              annotations: {linkerd.io/inject: enabled}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              ↓name: ledger
              namespace: payments
            spec:
              template:
                metadata:
                  labels: {app: ledger}
                spec:
                  containers: [{name: ledger, image: "ledger:1.0"}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: batch
              namespace: payments
            spec:
              template:
                metadata:
                  labels: {app: batch}
                  annotations: {linkerd.io/inject: disabled}
                spec:
                  containers: [{name: batch, image: "batch:1.0"}]
            ---
            apiVersion: policy.linkerd.io/v1beta3
            kind: Server
            metadata:
              name: ledger-grpc
              namespace: payments
            spec:
              podSelector:
                matchLabels: {app: ledger}
              port: grpc
            """,
        ]
    ))
}

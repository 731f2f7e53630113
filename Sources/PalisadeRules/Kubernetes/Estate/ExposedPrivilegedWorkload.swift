import PalisadeCore

/// A Service or Ingress that puts a workload able to take over its node within reach of the internet.
public struct ExposedPrivilegedWorkload: EstateRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-exposed-privileged-workload",
        title: "Workload that can take over its node is exposed outside the cluster",
        severity: .critical,
        pattern: .exposure,
        controls: [.networkSegmentation, .minimalImmutableWorkloads],
        mitre: ["T1190", "T1611"],
        appliesTo: [.service, .ingress],
        rationale: """
            Each half of this is reported on its own (a privileged or host-namespace pod; a \
            LoadBalancer, NodePort or Ingress), but together they are a complete path: one \
            remote-code-execution bug in the exposed process is root on the node, and from the node the \
            kubelet's credentials and the tokens of every pod scheduled there. The finding sits on the \
            Service type or Ingress backend that exposes the workload and names the workload's escape \
            (privileged, hostPID, hostIPC, hostNetwork, a node-takeover hostPath or a breakout \
            capability) with its file and line. ClusterIP Services are not reported here: reachability \
            from inside the cluster is the attack graph's question, not an exposure.
            """,
        remediation: "Remove the escape from the exposed workload (privileged, host namespaces, hostPath, breakout capabilities), or put it behind an internal Service only.",
        references: [
            "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
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
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: agent
              namespace: shop
            spec:
              template:
                metadata:
                  labels: {app: agent}
                spec:
                  hostPID: true
                  containers:
                    - name: agent
                      image: agent:1.0
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: agent-metrics
              namespace: shop
            spec:
              selector: {app: agent}
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: agent
              namespace: ops
            spec:
              template:
                metadata:
                  labels: {app: agent, tier: node}
                spec:
                  hostPID: true
                  containers:
                    - name: agent
                      image: agent:1.0
                      securityContext:
                        privileged: true
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: agent-ui
              namespace: ops
            spec:
              ↓type: NodePort
              selector: {app: agent}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
              namespace: shop
              labels: {app: debug}
            spec:
              containers:
                - name: shell
                  image: shell:1.0
              volumes:
                - name: root
                  hostPath: {path: /}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: debug
              namespace: shop
            spec:
              selector: {app: debug}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              namespace: shop
            spec:
              rules:
                - host: shop.example.com
                  http:
                    paths:
                      - path: /debug
                        pathType: Prefix
                        backend:
                          service:
                            name: ↓debug
                            port: {number: 80}
            """,
        ]
    )

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        for index in estate.exposedWorkloads {
            let workload = estate.workloads[index]
            guard !workload.escapes.isEmpty else { continue }
            let escapes = Estate.list(workload.escapes.map { $0.described(in: workload) })
            for exposure in estate.exposures[index] ?? [] {
                report.report(
                    exposure.object, exposure.range, path: "\(exposure.path)->\(workload.display)",
                    message: "\(exposure.description) exposes \(workload.display) outside the cluster, and it can take over its node: \(escapes)."
                )
            }
        }
    }
}

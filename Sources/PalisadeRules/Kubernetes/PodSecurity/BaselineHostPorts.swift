import PalisadeCore

extension PodSecurityControl {
    /// Baseline "Host Ports": ports[*].hostPort must be unset or 0.
    public static let baselineHostPorts = make(
        level: .baseline, control: "Host Ports", slug: "host-ports",
        title: "Pod Security Standards baseline: host ports",
        severity: .medium, pattern: .exposure, controls: [.networkSegmentation, .minimalImmutableWorkloads],
        mitre: ["T1190"],
        consequence: "the port is opened on the node's own address, outside Services and most NetworkPolicy setups",
        rationale: """
            A hostPort binds the container's port on the node's interfaces: it is reachable from wherever \
            the node is, pins the pod to nodes where the port is free, and can shadow node services. The \
            baseline profile allows `hostPort` only unset or 0 on every container; the built-in admission \
            has no allow-list of ports. Ports given by a template variable stay silent.
            """,
        remediation: "Remove `hostPort` and expose the container through a Service (NodePort or LoadBalancer where it must be reachable from outside).",
        references: ["https://kubernetes.io/docs/concepts/services-networking/service/"],
        forbidden: [
            Forbidden(scope: .container, path: ["ports"], items: ["hostPort"], anchor: .value,
                      verdict: { node in node.int.flatMap { $0 == 0 ? nil : String($0) } }),
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      ports:
                        - name: http
                          containerPort: 8080
                        - name: metrics
                          containerPort: 9090
                          hostPort: 0
                        - name: templated
                          containerPort: 9443
                          hostPort: "{{ .Values.hostPort }}"
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: ingress
            spec:
              template:
                spec:
                  containers:
                    - name: controller
                      image: ingress-nginx/controller:v1.11.1
                      ports:
                        - name: http
                          containerPort: 80
                          hostPort: ↓80
                        - containerPort: 443
                          hostPort: ↓443
            """,
        ]
    )
}

import PalisadeCore

/// Objects placed in the `default` namespace.
public struct DefaultNamespace: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-default-namespace",
        title: "Object is placed in the default namespace",
        severity: .low,
        pattern: .exposure,
        controls: [.networkSegmentation, .leastPrivilegeIdentity],
        appliesTo: Set(ResourceClass.allCases),
        rationale: """
            The `default` namespace is where everything lands that nobody placed: ad-hoc pods, tutorials, \
            tools installed without thought. Workloads there share its default service account, its \
            RBAC bindings and usually the absence of NetworkPolicy, Pod Security labels, quotas and \
            LimitRanges, so a compromise of anything in it reaches everything in it. Only objects that \
            name `namespace: default` explicitly are reported: a manifest without a namespace is usually \
            placed at apply time (`kubectl -n`, Kustomize's `namespace:`, `helm install -n`), and \
            reporting every such manifest, as checklist scanners such as Checkov do, would bury real findings.
            """,
        remediation: "Put the object in a namespace of its own application (with its own policies, quotas and RBAC) and let the deployment tool set it.",
        references: [
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
            "https://kubernetes.io/docs/concepts/security/multi-tenancy/",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: shop
            spec:
              template:
                spec:
                  containers:
                    - name: api
                      image: api:1.0
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: unplaced
            data:
              mode: fast
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: ↓default
            spec:
              ports:
                - port: 80
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: cleanup, namespace: ↓"default"}
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: cleanup
                          image: cleanup:1.0
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let node = object.root["metadata"]?["namespace"], node.string == "default" else { return }
        report.report(
            node.range, path: "metadata.namespace",
            message: "\(object.kind) '\(object.name ?? "")' is placed in the default namespace, where it shares service account, RBAC and (usually absent) network policy with everything nobody placed."
        )
    }
}

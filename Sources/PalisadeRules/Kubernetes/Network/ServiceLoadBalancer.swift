import PalisadeCore

/// A Service of type LoadBalancer asks the cloud for an address reachable from outside the cluster.
public struct ServiceLoadBalancer: KubernetesRule {
    public init() {}

    /// Annotations (and the values that mean "internal") that make a cloud load balancer private.
    static let internalAnnotations: [(key: String, values: Set<String>)] = [
        ("service.beta.kubernetes.io/aws-load-balancer-internal", ["true", "True", "TRUE", "0.0.0.0/0"]),
        ("service.beta.kubernetes.io/aws-load-balancer-scheme", ["internal"]),
        ("networking.gke.io/load-balancer-type", ["Internal", "internal"]),
        ("cloud.google.com/load-balancer-type", ["Internal", "internal"]),
        ("service.beta.kubernetes.io/azure-load-balancer-internal", ["true", "True", "TRUE"]),
        ("service.beta.kubernetes.io/oci-load-balancer-internal", ["true", "True", "TRUE"]),
        ("service.beta.kubernetes.io/openstack-internal-load-balancer", ["true", "True", "TRUE"]),
        ("service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type", ["private"]),
    ]

    public let description = RuleDescription(
        id: "k8s-service-load-balancer",
        title: "Service is exposed through a cloud load balancer",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1190"],
        appliesTo: [.service],
        rationale: """
            `type: LoadBalancer` makes the cloud provision a load balancer that, by default, has a public \
            address and forwards every port of the Service from the whole internet, bypassing the \
            Ingress controller's TLS, authentication and rate limits; databases and admin ports exposed \
            this way are found by internet scanners within hours. The finding is lowered to low when \
            the load balancer is internal (the AWS, GCP, Azure, Oracle, OpenStack and IBM internal \
            annotations) or when `loadBalancerSourceRanges` (or the source-ranges annotation) admits only \
            private ranges. Source ranges that admit `0.0.0.0/0` or `::/0` do not lower it.
            """,
        remediation: "Expose HTTP through an Ingress or Gateway; otherwise make the load balancer internal or restrict `loadBalancerSourceRanges` to the networks that need it.",
        references: [
            "https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer",
            "https://kubernetes.io/docs/concepts/services-networking/service/#internal-load-balancer",
            "https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              type: ClusterIP
              ports:
                - port: 80
            """,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: templated
            spec:
              type: "{{ .Values.service.type }}"
              ports:
                - port: 80
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: postgres-public
            spec:
              ↓type: LoadBalancer
              ports:
                - port: 5432
            """,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: internal-api
              annotations:
                service.beta.kubernetes.io/aws-load-balancer-scheme: internal
            spec:
              ↓type: LoadBalancer
              ports:
                - port: 443
            """,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: office
            spec:
              ↓type: "LoadBalancer"
              loadBalancerSourceRanges: [10.0.0.0/8, "192.168.10.0/24", "fd00::/8"]
              ports:
                - port: 443
            """,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: open
            spec:
              ↓type: LoadBalancer
              loadBalancerSourceRanges: [10.0.0.0/8, 0.0.0.0/0]
              ports:
                - port: 443
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "Service", let entry = object.root["spec"]?.entry("type"), entry.value.string == "LoadBalancer" else { return }
        let annotations = object.annotations
        let name = object.name ?? ""
        if let internalHint = Self.internalAnnotations.first(where: { hint in annotations[hint.key].map { hint.values.contains($0) } == true }) {
            report.report(
                entry, path: "spec.type",
                message: "Service '\(name)' is exposed through an internal load balancer (\(internalHint.key)): reachable from the private network, outside the cluster's own policies.",
                severity: .low
            )
            return
        }
        var ranges = object.root["spec"]?["loadBalancerSourceRanges"]?.strings ?? []
        if ranges.isEmpty, let annotation = annotations["service.beta.kubernetes.io/load-balancer-source-ranges"] {
            ranges = annotation.split(separator: ",").map { String($0).trimmingEdges() }.filter { !$0.isEmpty }
        }
        let parsed = ranges.compactMap { CIDR($0) }
        if !ranges.isEmpty, parsed.count == ranges.count, parsed.allSatisfy(\.isPrivate) {
            report.report(
                entry, path: "spec.type",
                message: "Service '\(name)' is exposed through a load balancer that admits only private source ranges: reachable from the private network, outside the cluster's own policies.",
                severity: .low
            )
            return
        }
        let everywhere = ranges.isEmpty || parsed.contains(where: \.isEverything)
        report.report(
            entry, path: "spec.type",
            message: everywhere
                ? "Service '\(name)' is exposed through a load balancer open to the whole internet: every port it forwards can be probed and attacked directly."
                : "Service '\(name)' is exposed through a public load balancer restricted to \(ranges.joined(separator: ", ")): those networks can reach every port it forwards."
        )
    }
}

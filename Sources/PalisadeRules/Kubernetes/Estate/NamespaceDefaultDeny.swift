import PalisadeCore

/// One rule template for namespaces whose workloads are not isolated by any NetworkPolicy, for
/// ingress and for egress.
public struct NamespaceDefaultDeny: EstateRule {
    public let egress: Bool
    public let description: RuleDescription

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        let isolating = Dictionary(grouping: estate.networkPolicies.filter { egress ? $0.isolatesEgress : $0.isolatesIngress }) { $0.namespace ?? "" }
        for namespace in estate.workloadNamespaces {
            let policies = isolating[namespace ?? ""] ?? []
            var covered: Set<ObjectIdentifier> = []
            for policy in policies {
                for workload in estate.workloads(matching: policy.podSelector, in: namespace) { covered.insert(ObjectIdentifier(workload.object)) }
            }
            // NetworkPolicy does not apply to pods on the host network.
            let open = estate.workloads(in: namespace).filter { !$0.hostNetwork && !covered.contains(ObjectIdentifier($0.object)) }
            guard let first = open.first else { continue }
            let direction = egress ? "egress" : "ingress"
            let names = Estate.list(open.map(\.display))
            let what = policies.isEmpty
                ? "no NetworkPolicy isolates \(direction) in \(Estate.describe(namespace: namespace))"
                : "the NetworkPolicies of \(Estate.describe(namespace: namespace)) leave \(direction) open for some pods"
            let consequence = egress
                ? "they can reach any address, the cloud metadata service (169.254.169.254) and its credentials included"
                : "any pod in the cluster, or anyone who gets into one, can connect to them"
            let target = estate.namespace(named: namespace)
            report.report(
                target?.object ?? first.object, target?.anchor ?? first.anchor,
                path: "namespace[\(namespace ?? "")].networkPolicy.\(direction)",
                message: "\(what): \(names) \(open.count == 1 ? "is" : "are") not isolated, so \(consequence)."
            )
        }
    }

    static func make(egress: Bool) -> NamespaceDefaultDeny {
        let direction = egress ? "egress" : "ingress"
        let policy = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: default-deny-\(direction)
              namespace: shop
            spec:
              podSelector: {}
              policyTypes: [\(egress ? "Egress" : "Ingress")]
            """
        let other = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web-\(egress ? "ingress" : "egress")
              namespace: shop
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [\(egress ? "Ingress" : "Egress")]
            """
        func workload(_ name: String, marked: Bool = false, namespace: String = "shop", hostNetwork: Bool = false) -> String {
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              \(marked ? "↓" : "")name: \(name)
              namespace: \(namespace)
            spec:
              template:
                metadata:
                  labels: {app: \(name)}
                spec:\(hostNetwork ? "\n      hostNetwork: true" : "")
                  containers:
                    - name: \(name)
                      image: \(name):1.0
            """
        }
        return NamespaceDefaultDeny(egress: egress, description: RuleDescription(
            id: "k8s-namespace-without-default-deny-\(direction)",
            title: "Namespace runs workloads with no \(direction) NetworkPolicy isolating them",
            severity: egress ? .low : .medium,
            pattern: .exposure,
            controls: [.networkSegmentation],
            mitre: egress ? ["T1552.005", "T1048"] : ["T1021", "T1046"],
            appliesTo: [.namespace, .workload],
            rationale: egress
                ? """
                    Without a NetworkPolicy that isolates egress, a compromised pod can open connections \
                    anywhere: to the cloud metadata service at 169.254.169.254 (instance credentials), to \
                    other namespaces' databases and to the internet to exfiltrate data or fetch tooling. A \
                    namespace is reported when some of its workloads are selected by no policy with \
                    `policyTypes: [Egress]`; pods on the host network are left out because NetworkPolicy \
                    does not apply to them. Lower than ingress, since egress filtering is often done at \
                    the node or the cloud network instead.
                    """
                : """
                    Kubernetes lets every pod talk to every other pod unless a NetworkPolicy selects it \
                    for ingress. Without one, one compromised pod anywhere in the cluster can reach this \
                    namespace's services, databases and admin ports directly. A namespace is reported, \
                    once, when some of its workloads are selected by no policy with `policyTypes: \
                    [Ingress]` (a `podSelector: {}` default deny covers them all); the finding names them. \
                    Pods on the host network are left out: NetworkPolicy does not apply to them.
                    """,
            remediation: "Add a default-deny policy to the namespace (`podSelector: {}`, `policyTypes: [\(egress ? "Egress" : "Ingress")]`) and allow only the traffic each workload needs\(egress ? ", DNS included" : "").",
            references: [
                "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies",
            ],
            goodExamples: [
                workload("web") + "\n---\n" + policy,
                workload("agent", namespace: "monitoring", hostNetwork: true) + "\n---\n" + workload("web") + "\n---\n" + policy,
            ],
            badExamples: [
                workload("web", marked: true) + "\n---\n" + workload("api") + "\n---\n" + other,
                """
                apiVersion: v1
                kind: Namespace
                metadata:
                  ↓name: billing
                ---
                """ + "\n" + workload("ledger", namespace: "billing") + "\n---\n" + policy,
            ]
        ))
    }

    public static let ingress = make(egress: false)
    public static let egress = make(egress: true)
}

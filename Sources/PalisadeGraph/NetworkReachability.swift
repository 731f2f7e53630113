import PalisadeCore

/// Whether one workload's pods may open a connection to another's, after the estate's
/// NetworkPolicies, read as the Kubernetes documentation defines them:
///
/// - a pod is isolated for ingress (egress) when some policy in its namespace selects it and lists
///   `Ingress` (`Egress`) in `policyTypes` (a policy without `policyTypes` is an ingress policy, and
///   an egress one too when it has `egress` rules); a pod no policy isolates allows everything;
/// - policies are additive: a connection is allowed when at least one rule of a policy that
///   isolates the pod allows it; nothing can deny what another policy allows;
/// - a connection needs both sides: the source's egress and the destination's ingress;
/// - a rule with no peers allows every peer, one with no ports every port; a peer is a
///   `podSelector` (pods of the policy's namespace), a `namespaceSelector` (every pod of the
///   namespaces it selects), both (those pods of those namespaces), or an `ipBlock`, which
///   addresses traffic from outside the cluster and matches no pod;
/// - a port is a number (with `endPort`, a range) or the name of a container port of the
///   destination, and has a protocol (`TCP` unless given).
///
/// Objects without a namespace are taken as `default`. Namespaces' labels come from the estate's
/// Namespace objects; a namespace that is not declared still has its `kubernetes.io/metadata.name`.
public struct NetworkReachability: Sendable {
    /// Policies by namespace, with whether each isolates ingress and egress.
    private let policies: [String: [NetworkPolicyFact]]
    private let namespaceLabels: [String: Labels]

    public init(_ estate: Estate) {
        var policies: [String: [NetworkPolicyFact]] = [:]
        for policy in estate.networkPolicies { policies[policy.namespace ?? "default", default: []].append(policy) }
        self.policies = policies
        var labels: [String: Labels] = [:]
        for namespace in estate.namespaces {
            var map: [String: String] = [:]
            for (key, value) in namespace.labels { map[key] = value }
            map["kubernetes.io/metadata.name"] = namespace.name
            labels[namespace.name] = Labels(map)
        }
        namespaceLabels = labels
    }

    /// The labels of a namespace: its object's, or only its name when it is not declared.
    func labels(ofNamespace name: String) -> Labels {
        namespaceLabels[name] ?? Labels(["kubernetes.io/metadata.name": name])
    }

    public enum Direction: Sendable { case ingress, egress }

    /// The policies that select `workload` and isolate it in `direction`.
    public func isolating(_ workload: WorkloadFact, _ direction: Direction) -> [NetworkPolicyFact] {
        (policies[workload.namespace ?? "default"] ?? []).filter { policy in
            (direction == .ingress ? policy.isolatesIngress : policy.isolatesEgress) && policy.podSelector.matches(workload.podLabels)
        }
    }

    /// Whether `source` may connect to `destination`: on `port` and `proto`, or on some port when
    /// `port` is nil.
    public func allows(from source: WorkloadFact, to destination: WorkloadFact, port: Int? = nil, proto: String = "TCP") -> Bool {
        let egress = isolating(source, .egress)
        if !egress.isEmpty && !egress.contains(where: { policy in
            policy.egress.contains { allows($0, policy: policy, peer: destination, portsOf: destination, port: port, proto: proto) }
        }) { return false }
        let ingress = isolating(destination, .ingress)
        if !ingress.isEmpty && !ingress.contains(where: { policy in
            policy.ingress.contains { allows($0, policy: policy, peer: source, portsOf: destination, port: port, proto: proto) }
        }) { return false }
        return true
    }

    /// Whether nothing reaches the workload's pods at all: isolated for ingress, and no policy that
    /// isolates them allows any traffic in (default deny).
    public func deniesAllIngress(_ workload: WorkloadFact) -> Bool {
        let ingress = isolating(workload, .ingress)
        return !ingress.isEmpty && ingress.allSatisfy { $0.ingress.isEmpty }
    }

    /// Whether the workload accepts connections from outside the cluster: not isolated for
    /// ingress, or some rule allowing every peer or an `ipBlock`.
    public func acceptsExternalTraffic(_ workload: WorkloadFact) -> Bool {
        let ingress = isolating(workload, .ingress)
        if ingress.isEmpty { return true }
        return ingress.contains { policy in
            policy.ingress.contains { rule in
                rule.peers.isEmpty || rule.peers.contains { if case .ipBlock = $0 { true } else { false } }
            }
        }
    }

    /// Whether `rule` of `policy` allows traffic with `peer` on `port` of `destination`'s ports.
    func allows(_ rule: NetworkPolicyRule, policy: NetworkPolicyFact, peer: WorkloadFact, portsOf destination: WorkloadFact, port: Int?, proto: String) -> Bool {
        let peerMatches = rule.peers.isEmpty || rule.peers.contains { selected in
            switch selected {
            case .ipBlock:
                return false
            case .pods(let pod, let namespace):
                let peerNamespace = peer.namespace ?? "default"
                if let namespace {
                    guard namespace.matches(labels(ofNamespace: peerNamespace)) else { return false }
                } else if peerNamespace != (policy.namespace ?? "default") {
                    return false
                }
                return pod?.matches(peer.podLabels) ?? true
            }
        }
        guard peerMatches else { return false }
        if rule.ports.isEmpty { return true }
        return rule.ports.contains { allowed in
            guard allowed.proto.uppercased() == proto.uppercased() else { return false }
            guard let spec = allowed.port else { return true }
            let numbers: [Int]
            if let number = Int(spec) {
                numbers = [number]
            } else {
                numbers = destination.ports.filter { $0.name == spec && $0.proto.uppercased() == proto.uppercased() }.map(\.number)
            }
            return numbers.contains { number in
                guard let port else { return true }
                if let end = allowed.endPort { return port >= number && port <= end }
                return port == number
            }
        }
    }
}

import PalisadeCore

/// One template for NetworkPolicy rules that admit every peer, for ingress (`from`) and egress (`to`).
public struct NetworkPolicyAllowAll: KubernetesRule {
    /// `ingress` or `egress`.
    public let direction: String
    /// `from` or `to`.
    public let peersField: String
    /// `Ingress` or `Egress`.
    public let policyType: String
    public let description: RuleDescription

    /// A label selector that selects everything: present and with no labels or expressions.
    static func selectsEverything(_ node: Node?) -> Bool {
        guard let node, node.isMapping else { return false }
        return (node["matchLabels"]?.entries ?? []).isEmpty && (node["matchExpressions"]?.items ?? []).isEmpty
    }

    /// Whether a rule restricts its ports (a `ports` list with at least one entry).
    static func restrictsPorts(_ rule: Node) -> Bool { !(rule["ports"]?.items ?? []).isEmpty }

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "NetworkPolicy", object.policyTypes.contains(policyType),
              let rules = object.root["spec"]?[direction]?.items
        else { return }
        let name = object.name ?? ""
        let side = direction == "ingress" ? "from" : "to"
        for (index, rule) in rules.enumerated() where rule.isMapping {
            let path = "spec.\(direction)[\(index)]"
            let ports = Self.restrictsPorts(rule)
            let severity: Severity? = ports ? .low : nil
            let onPorts = ports ? " on its ports" : ""
            let peers = rule[peersField]?.items ?? []
            if peers.isEmpty {
                report.report(
                    rule.range, path: path,
                    message: "NetworkPolicy '\(name)' has a\(direction == "ingress" ? "n" : "") \(direction) rule with no `\(peersField)`: it admits traffic \(side) every address, inside the cluster and out\(onPorts).",
                    severity: severity
                )
                continue
            }
            for (peerIndex, peer) in peers.enumerated() where peer.isMapping {
                let peerPath = "\(path).\(peersField)[\(peerIndex)]"
                if let cidr = peer["ipBlock"]?["cidr"], let text = cidr.string, let block = CIDR(text), block.isEverything {
                    report.report(
                        cidr.range, path: peerPath + ".ipBlock.cidr",
                        message: "NetworkPolicy '\(name)' admits traffic \(side) \(text), every address, inside the cluster and out\(onPorts).",
                        severity: severity
                    )
                } else if let entry = peer.entry("namespaceSelector"), Self.selectsEverything(entry.value),
                          peer["podSelector"] == nil || peer["podSelector"]?.isNull == true || Self.selectsEverything(peer["podSelector"]) {
                    report.report(
                        Node.keyRange(entry), path: peerPath + ".namespaceSelector",
                        message: "NetworkPolicy '\(name)' admits traffic \(side) every pod in every namespace (empty namespaceSelector)\(onPorts).",
                        severity: severity
                    )
                }
            }
        }
    }

    static func make(direction: String, peersField: String, policyType: String, id: String, title: String, rationale: String, mitre: [String]) -> NetworkPolicyAllowAll {
        let other = direction == "ingress" ? "egress" : "ingress"
        return NetworkPolicyAllowAll(direction: direction, peersField: peersField, policyType: policyType, description: RuleDescription(
            id: id, title: title, severity: .medium, pattern: .exposure,
            controls: [.networkSegmentation],
            mitre: mitre,
            appliesTo: [.networkPolicy],
            rationale: rationale + """
                 Reported: a rule with no `\(peersField)` (`- {}`), an `ipBlock` of `0.0.0.0/0` or `::/0`, \
                and a peer whose `namespaceSelector` is empty (with no or an empty `podSelector`), which is \
                every pod of the cluster. A lone empty `podSelector` means the policy's own namespace and \
                is not reported. Rules that restrict their ports are lowered to low. Rules of a direction \
                the policy's `policyTypes` does not enforce have no effect and are ignored.
                """,
            remediation: "Name the peers the pods need (`podSelector` and `namespaceSelector` with labels, or specific `ipBlock` ranges) instead of everything.",
            references: [
                "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
                "https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors",
            ],
            goodExamples: [
                """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: api
                spec:
                  podSelector:
                    matchLabels: {app: api}
                  policyTypes: [Ingress, Egress]
                  \(direction):
                    - \(peersField):
                        - podSelector: {}
                        - namespaceSelector:
                            matchLabels: {kubernetes.io/metadata.name: monitoring}
                          podSelector: {}
                        - ipBlock:
                            cidr: 10.20.0.0/16
                """,
                """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: unenforced
                spec:
                  podSelector: {}
                  policyTypes: [\(other == "ingress" ? "Ingress" : "Egress")]
                  \(direction):
                    - {}
                """,
            ],
            badExamples: [
                """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: wide
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                  \(direction):
                    - ↓{}
                    - ↓ports:
                        - port: 443
                    - \(peersField):
                        - ↓namespaceSelector: {}
                        - ipBlock:
                            cidr: ↓0.0.0.0/0
                        - ipBlock: {cidr: ↓"::/0"}
                        - ↓namespaceSelector: {matchLabels: {}}
                          podSelector: {}
                """,
            ]
        ))
    }

    public static let ingress = make(
        direction: "ingress", peersField: "from", policyType: "Ingress",
        id: "k8s-network-policy-allow-all-ingress", title: "NetworkPolicy admits ingress from everywhere",
        rationale: """
            A NetworkPolicy exists to say who may reach its pods. An ingress rule that admits every \
            source turns it into an allow-all that looks like segmentation in review: any compromised \
            pod in any namespace (and, with `0.0.0.0/0` or no `from`, any address that can route to the \
            pod network) reaches the pods, and the policy hides that the default-deny was undone.
            """,
        mitre: ["T1190"]
    )

    public static let egress = make(
        direction: "egress", peersField: "to", policyType: "Egress",
        id: "k8s-network-policy-allow-all-egress", title: "NetworkPolicy admits egress to everywhere",
        rationale: """
            An egress rule that admits every destination lets a compromised pod reach every other \
            workload, the API server, the node's services and the internet: exfiltration, command and \
            control and lateral movement all pass, and the policy gives a false sense of containment.
            """,
        mitre: ["T1041"]
    )
}

import PalisadeCore

/// Egress that reaches the cloud instance metadata endpoint hands out the node's cloud credentials.
public struct NetworkPolicyMetadataEgress: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-network-policy-metadata-egress",
        title: "NetworkPolicy admits egress to the cloud metadata endpoint",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.networkSegmentation, .leastPrivilegeIdentity],
        mitre: ["T1552.005"],
        appliesTo: [.networkPolicy],
        rationale: """
            The instance metadata service at 169.254.169.254 (and AWS's fd00:ec2::254) answers any \
            process on the node's network with the node's cloud credentials, user data and bootstrap \
            tokens; SSRF against a pod that can reach it is one of the most common ways clusters are \
            breached. An egress rule with no `to`, or an `ipBlock` whose range contains the endpoint \
            without an `except` that covers it, admits that traffic. Ranges are parsed as CIDRs (IPv4 \
            and IPv6), so `169.254.0.0/16` and `0.0.0.0/0` are found and `0.0.0.0/0` with \
            `except: [169.254.169.254/32]` is not; rules whose ports cannot carry HTTP to it (only UDP, \
            only port 53, only named ports, which match pods and never the endpoint) are not reported.
            """,
        remediation: "Add `except: [169.254.169.254/32]` (and `fd00:ec2::254/128`) to wide ipBlocks, or name specific destinations; also block the endpoint at the node (IMDSv2 hop limit 1, GKE metadata concealment).",
        references: [
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html",
        ],
        goodExamples: [
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: egress
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
                - to:
                    - ipBlock:
                        cidr: 0.0.0.0/0
                        except: [169.254.0.0/16, 10.0.0.0/8]
                - ports:
                    - {port: 53, protocol: UDP}
                    - {port: 53, protocol: TCP}
                - to:
                    - ipBlock: {cidr: 10.20.0.0/16}
                - ports:
                    - port: 8000
                      endPort: 8080
            """,
        ],
        badExamples: [
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: open
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
                - ↓{}
                - to:
                    - ipBlock:
                        cidr: ↓169.254.0.0/16
                        except: [169.254.170.0/24]
                    - ipBlock: {cidr: ↓"::/0"}
                  ports:
                    - port: 80
                - ↓ports:
                    - port: 1
                      endPort: 1024
            """,
        ]
    )

    /// Whether the rule's ports can carry HTTP to the endpoint (TCP 80): no ports, or a TCP port
    /// entry with no port, port 80, or a range over 80.
    static func admitsHTTP(_ rule: Node) -> Bool {
        guard let ports = rule["ports"]?.items, !ports.isEmpty else { return true }
        return ports.contains { port in
            guard (port["protocol"]?.string ?? "TCP") == "TCP" else { return false }
            guard let value = port["port"], !value.isNull else { return true }
            guard let number = value.int else { return false }
            let end = port["endPort"]?.int ?? number
            return number <= 80 && 80 <= end
        }
    }

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "NetworkPolicy", object.policyTypes.contains("Egress"),
              let rules = object.root["spec"]?["egress"]?.items
        else { return }
        let name = object.name ?? ""
        for (index, rule) in rules.enumerated() where rule.isMapping && Self.admitsHTTP(rule) {
            let path = "spec.egress[\(index)]"
            let peers = rule["to"]?.items ?? []
            if peers.isEmpty {
                report.report(
                    rule.range, path: path,
                    message: "NetworkPolicy '\(name)' admits egress to every address, including the cloud metadata endpoint 169.254.169.254 and the node's cloud credentials."
                )
                continue
            }
            for (peerIndex, peer) in peers.enumerated() where peer.isMapping {
                guard let block = peer["ipBlock"], let cidrNode = block["cidr"], let text = cidrNode.string, let cidr = CIDR(text) else { continue }
                let excepts = (block["except"]?.strings ?? []).compactMap { CIDR($0) }
                guard let endpoint = CIDR.metadataEndpoints.first(where: { cidr.contains($0) && !excepts.contains(where: $0.isInside) })
                else { continue }
                let address = endpoint.isIPv6 ? "fd00:ec2::254" : "169.254.169.254"
                report.report(
                    cidrNode.range, path: "\(path).to[\(peerIndex)].ipBlock.cidr",
                    message: "NetworkPolicy '\(name)' admits egress to \(text), which contains the cloud metadata endpoint \(address): pods can fetch the node's cloud credentials."
                )
            }
        }
    }
}

extension CIDR {
    /// Whether this address or network lies inside `network`.
    func isInside(_ network: CIDR) -> Bool { network.contains(self) }
}

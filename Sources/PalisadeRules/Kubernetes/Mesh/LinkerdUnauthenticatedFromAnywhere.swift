import PalisadeCore

/// Linkerd policy resources that treat every network address as an authenticated client.
public struct LinkerdUnauthenticatedFromAnywhere: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-linkerd-unauthenticated-from-anywhere",
        title: "Linkerd authorizes unauthenticated clients from every address",
        severity: .medium,
        pattern: .exposure,
        controls: [.workloadIdentityMTLS, .networkSegmentation],
        mitre: ["T1190"],
        appliesTo: [.linkerd],
        scope: .objects { ["NetworkAuthentication", "ServerAuthorization"].contains($0.kind) && $0.identity.apiVersion.hasPrefix("policy.linkerd.io/") },
        rationale: """
            Linkerd's NetworkAuthentication counts a connection as authenticated when it comes from one \
            of its networks, without any mesh identity; a ServerAuthorization with \
            `client.unauthenticated: true` admits clients without identity from its networks. With \
            `0.0.0.0/0` or `::/0` among those networks, every address (other pods, nodes, anything routed \
            through a load balancer) passes the policy that references it, so the Server that was meant \
            to be locked down is open. Networks narrowed by an `except` are still reported, because the \
            rest of the address space remains admitted; bounded ranges such as the cluster's pod network \
            are not reported.
            """,
        remediation: "List only the networks that must reach the server (the ingress controller's or the node subnet), or require mesh identities with MeshTLSAuthentication.",
        references: [
            "https://linkerd.io/2/reference/authorization-policy/#networkauthentication",
            "https://linkerd.io/2/features/server-policy/",
        ],
        goodExamples: [
            """
            apiVersion: policy.linkerd.io/v1alpha1
            kind: NetworkAuthentication
            metadata:
              name: cluster-network
            spec:
              networks:
                - cidr: 10.0.0.0/8
                - cidr: fd00::/8
            """,
            """
            apiVersion: policy.linkerd.io/v1beta1
            kind: ServerAuthorization
            metadata:
              name: web-meshed
            spec:
              server: {name: web}
              client:
                networks:
                  - cidr: 0.0.0.0/0
                meshTLS:
                  serviceAccounts: [{name: ingress}]
            """,
        ],
        badExamples: [
            """
            apiVersion: policy.linkerd.io/v1alpha1
            kind: NetworkAuthentication
            metadata:
              name: everyone
            spec:
              networks:
                - cidr: ↓0.0.0.0/0
                  except: [10.0.0.0/8]
                - cidr: ↓"::/0"
            """,
            """
            apiVersion: policy.linkerd.io/v1beta1
            kind: ServerAuthorization
            metadata:
              name: web-public
            spec:
              server: {name: web}
              client:
                unauthenticated: true
                networks:
                  - {cidr: ↓0.0.0.0/0}
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.identity.apiVersion.hasPrefix("policy.linkerd.io/"), let spec = object.root["spec"] else { return }
        let networks: Node?
        let path: String
        switch object.kind {
        case "NetworkAuthentication":
            networks = spec["networks"]
            path = "spec.networks"
        case "ServerAuthorization":
            guard spec["client"]?["unauthenticated"]?.bool == true else { return }
            networks = spec["client"]?["networks"]
            path = "spec.client.networks"
        default:
            return
        }
        for (index, network) in (networks?.items ?? []).enumerated() {
            guard let cidr = network["cidr"], let text = cidr.string, let block = CIDR(text), block.isEverything else { continue }
            report.report(
                cidr.range, path: "\(path)[\(index)].cidr",
                message: "\(object.kind) '\(object.name ?? "")' treats every address in \(text) as an authorized client without a mesh identity: the servers it covers are open to anyone who can route to them."
            )
        }
    }
}

import PalisadeCore
import PalisadeGraph
import Testing

/// NetworkPolicy semantics as the Kubernetes documentation ("Network Policies") states them: pods
/// are non-isolated until a policy selects them; policies are additive allow lists; a connection
/// needs the source's egress and the destination's ingress; peers, namespaces, ports and protocols.
@Suite struct NetworkReachabilityTests {
    /// Pods `a` and `b` in `shop`, `c` in `tools` (labelled team=ops), `d` in an undeclared
    /// namespace `misc`; plus `policies`.
    static func check(_ policies: String, _ body: (NetworkReachability, [String: WorkloadFact]) -> Void) {
        var yaml = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: tools, labels: {team: ops}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}

            """
        for (name, ns, role) in [("a", "shop", "frontend"), ("b", "shop", "db"), ("c", "tools", "probe"), ("d", "misc", "other")] {
            yaml += """
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: \(name), namespace: \(ns), labels: {app: \(name), role: \(role)}}
                spec:
                  containers:
                  - name: main
                    image: app
                    ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]

                """
        }
        if !policies.isEmpty { yaml += "---\n" + policies }
        let estate = AttackGraphTests.estate(yaml)
        let pods = Dictionary(uniqueKeysWithValues: estate.workloads.map { ($0.name, $0) })
        body(NetworkReachability(estate), pods)
    }

    static func policy(_ name: String, namespace: String = "shop", _ spec: String) -> String {
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: \(name), namespace: \(namespace)}\nspec:\n" + spec.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n---\n"
    }

    @Test func withoutPoliciesEverythingIsReachable() {
        Self.check("") { net, p in
            for from in ["a", "b", "c", "d"] { for to in ["a", "b", "c", "d"] { #expect(net.allows(from: p[from]!, to: p[to]!)) } }
        }
    }

    @Test func defaultDenyIngressIsolatesOnlyItsNamespace() {
        Self.check(Self.policy("deny", "podSelector: {}\npolicyTypes: [Ingress]")) { net, p in
            #expect(!net.allows(from: p["a"]!, to: p["b"]!))
            #expect(!net.allows(from: p["c"]!, to: p["a"]!))
            // Egress from the isolated pods is untouched, and other namespaces stay open.
            #expect(net.allows(from: p["a"]!, to: p["c"]!))
            #expect(net.allows(from: p["d"]!, to: p["c"]!))
            #expect(net.deniesAllIngress(p["b"]!))
            #expect(!net.deniesAllIngress(p["c"]!))
        }
    }

    @Test func aPolicyIsolatesOnlyThePodsItSelects() {
        Self.check(Self.policy("db", "podSelector: {matchLabels: {role: db}}\ningress:\n- from: [{podSelector: {matchLabels: {role: frontend}}}]")) { net, p in
            #expect(net.allows(from: p["a"]!, to: p["b"]!))
            #expect(!net.allows(from: p["c"]!, to: p["b"]!), "a pod selector alone means the policy's own namespace")
            #expect(net.allows(from: p["b"]!, to: p["a"]!), "a is not selected, so not isolated")
        }
    }

    @Test func namespaceSelectorsAndTheirCombinationWithPodSelectors() {
        // One peer with both selectors: those pods in those namespaces (AND).
        Self.check(Self.policy("and", "podSelector: {matchLabels: {app: b}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n    podSelector: {matchLabels: {role: probe}}")) { net, p in
            #expect(net.allows(from: p["c"]!, to: p["b"]!))
            #expect(!net.allows(from: p["a"]!, to: p["b"]!))
        }
        // Two peers: the namespace's pods, or matching pods of the policy's namespace (OR).
        Self.check(Self.policy("or", "podSelector: {matchLabels: {app: b}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: ops}}\n  - podSelector: {matchLabels: {role: frontend}}")) { net, p in
            #expect(net.allows(from: p["c"]!, to: p["b"]!))
            #expect(net.allows(from: p["a"]!, to: p["b"]!))
            #expect(!net.allows(from: p["d"]!, to: p["b"]!))
        }
        // Every namespace has its name as a label, declared or not.
        Self.check(Self.policy("byname", "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: misc}}}]")) { net, p in
            #expect(net.allows(from: p["d"]!, to: p["b"]!))
            #expect(!net.allows(from: p["c"]!, to: p["b"]!))
        }
        // An empty namespace selector is every namespace.
        Self.check(Self.policy("all", "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{namespaceSelector: {}}]")) { net, p in
            #expect(net.allows(from: p["d"]!, to: p["b"]!))
            #expect(net.allows(from: p["c"]!, to: p["b"]!))
        }
    }

    @Test func ipBlocksMatchNoPodButLetOutsideTrafficIn() {
        Self.check(Self.policy("ext", "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{ipBlock: {cidr: 0.0.0.0/0}}]")) { net, p in
            #expect(!net.allows(from: p["a"]!, to: p["b"]!))
            #expect(net.acceptsExternalTraffic(p["b"]!))
        }
        Self.check(Self.policy("int", "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{podSelector: {}}]")) { net, p in
            #expect(!net.acceptsExternalTraffic(p["b"]!))
            #expect(net.acceptsExternalTraffic(p["a"]!))
        }
    }

    @Test func egressNeedsAnAllowToo() {
        Self.check(Self.policy("egress", "podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress:\n- to: [{namespaceSelector: {matchLabels: {team: ops}}}]")) { net, p in
            #expect(net.allows(from: p["a"]!, to: p["c"]!))
            #expect(!net.allows(from: p["a"]!, to: p["b"]!))
            #expect(net.allows(from: p["b"]!, to: p["a"]!), "an Egress policy does not isolate ingress")
        }
        // Both sides must allow: b allows a in, but a may not go out.
        let both = Self.policy("in", "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{podSelector: {matchLabels: {app: a}}}]")
            + Self.policy("out", "podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]")
        Self.check(both) { net, p in #expect(!net.allows(from: p["a"]!, to: p["b"]!)) }
    }

    @Test func portsNumbersNamesRangesAndProtocols() {
        let spec = "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{podSelector: {}}]\n  ports: [{port: 8080}, {port: dns, protocol: UDP}, {port: 9000, endPort: 9100}]"
        Self.check(Self.policy("ports", spec)) { net, p in
            #expect(net.allows(from: p["a"]!, to: p["b"]!, port: 8080))
            #expect(!net.allows(from: p["a"]!, to: p["b"]!, port: 8081))
            #expect(net.allows(from: p["a"]!, to: p["b"]!, port: 53, proto: "UDP"), "named port resolves to the container's dns port")
            #expect(!net.allows(from: p["a"]!, to: p["b"]!, port: 53), "dns is allowed over UDP only")
            #expect(net.allows(from: p["a"]!, to: p["b"]!, port: 9050))
            #expect(!net.allows(from: p["a"]!, to: p["b"]!, port: 9101))
            #expect(net.allows(from: p["a"]!, to: p["b"]!), "some port is open")
        }
        // A named port the destination does not declare opens nothing.
        Self.check(Self.policy("named", "podSelector: {matchLabels: {app: b}}\ningress:\n- ports: [{port: metrics}]")) { net, p in
            #expect(!net.allows(from: p["a"]!, to: p["b"]!))
        }
    }

    @Test func policiesAreAdditive() {
        let policies = Self.policy("deny", "podSelector: {}\npolicyTypes: [Ingress]")
            + Self.policy("frontend", "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{podSelector: {matchLabels: {app: a}}}]")
            + Self.policy("ops", "podSelector: {matchLabels: {app: b}}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: ops}}}]")
        Self.check(policies) { net, p in
            #expect(net.allows(from: p["a"]!, to: p["b"]!))
            #expect(net.allows(from: p["c"]!, to: p["b"]!))
            #expect(!net.allows(from: p["d"]!, to: p["b"]!))
            #expect(!net.allows(from: p["b"]!, to: p["a"]!), "a is still under default deny")
        }
    }

    @Test func anEmptyRuleAllowsEverything() {
        Self.check(Self.policy("deny", "podSelector: {}\npolicyTypes: [Ingress]") + Self.policy("open", "podSelector: {matchLabels: {app: b}}\ningress: [{}]")) { net, p in
            #expect(net.allows(from: p["d"]!, to: p["b"]!))
            #expect(!net.allows(from: p["d"]!, to: p["a"]!))
        }
    }
}

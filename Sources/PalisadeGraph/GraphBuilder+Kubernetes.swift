import PalisadeCore

/// What the user tells the graph about their estate.
public struct GraphOptions: Sendable {
    /// Resources whose compromise matters most, on top of the built-in crown jewels.
    public var crownJewels: [CrownJewel]
    /// Namespaces whose service accounts and Secrets count as cluster-admin level (`kube-system`
    /// always does: its controllers' tokens can do nearly anything).
    public var privilegedNamespaces: Set<String>
    /// Services and Ingresses whose exposure is intended and guarded: not entry points.
    public var trustedEntries: [CrownJewel]

    public init(crownJewels: [CrownJewel] = [], privilegedNamespaces: [String] = [], trustedEntries: [CrownJewel] = []) {
        self.crownJewels = crownJewels
        self.privilegedNamespaces = Set(privilegedNamespaces + ["kube-system"])
        self.trustedEntries = trustedEntries
    }

    public init(_ settings: RuleSettings) {
        self.init(crownJewels: settings.crownJewels, privilegedNamespaces: settings.privilegedNamespaces, trustedEntries: settings.trustedEntries)
    }
}

extension AttackGraph {
    /// Builds the graph of the Kubernetes estate and the cloud model.
    public static func build(estate: Estate, cloud: [CloudModel] = [], options: GraphOptions = GraphOptions()) -> AttackGraph {
        var builder = GraphBuilder(estate: estate, options: options)
        builder.addKubernetes()
        for model in cloud { builder.addCloud(model) }
        builder.linkFederatedIdentities()
        builder.markNamedJewels()
        builder.addNetworkLateralMovement()
        return builder.graph
    }
}

/// Builds an `AttackGraph`: one pass over the estate's facts, then the cloud model.
struct GraphBuilder {
    let estate: Estate
    let options: GraphOptions
    let network: NetworkReachability
    var graph = AttackGraph()
    /// Service-account vertices by `namespace\0name`, and the namespaces that hold any.
    var accounts: [String: Int] = [:]
    /// Scope vertices created by RBAC grants, filled with their members at the end.
    var scopes: [ScopeKey: Int] = [:]
    /// Cloud identities by name, for workload identity (IRSA, GKE).
    var cloudIdentities: [String: Int] = [:]
    var cloudTrust: [Int: PolicyDocument] = [:]
    /// The vertex of each of the estate's workloads, in order, and the ones the internet reaches.
    var workloadVertices: [Int] = []
    var exposed: [Int] = []
    /// Declared Secrets by `namespace\0name`.
    let secretObjects: [String: ObjectRef]

    struct ScopeKey: Hashable {
        enum What: String { case pods, accounts = "service accounts", secrets = "Secrets" }
        let what: What
        /// nil: every namespace.
        let namespace: String?
    }

    init(estate: Estate, options: GraphOptions) {
        self.estate = estate
        self.options = options
        network = NetworkReachability(estate)
        secretObjects = Dictionary(estate.secrets.map { (Self.namespace($0.namespace) + "\u{0}" + $0.name, $0.object) }, uniquingKeysWith: { a, _ in a })
    }

    static func namespace(_ name: String?) -> String { name ?? "default" }

    func evidence(_ object: ObjectRef, _ range: SourceRange, _ summary: String) -> AttackGraph.Evidence {
        AttackGraph.Evidence(file: object.file, range: range, summary: summary)
    }

    // MARK: Vertices

    mutating func workloadVertex(_ w: WorkloadFact) -> Int {
        let ns = Self.namespace(w.namespace)
        return graph.vertex("workload:\(w.object.identity.kind)/\(ns)/\(w.name)", .workload, "\(w.display) (\(ns))", object: w.object)
    }

    mutating func accountVertex(_ name: String, _ namespace: String?) -> Int {
        let ns = Self.namespace(namespace)
        let key = ns + "\u{0}" + name
        if let existing = accounts[key] { return existing }
        let declared = estate.serviceAccount(name, namespace: namespace) ?? (namespace == nil ? nil : estate.serviceAccount(name, namespace: nil))
        let v = graph.vertex("serviceaccount:\(ns)/\(name)", .serviceAccount, "ServiceAccount/\(name) (\(ns))", object: declared?.object)
        accounts[key] = v
        return v
    }

    mutating func secretVertex(_ name: String, _ namespace: String?) -> Int {
        let ns = Self.namespace(namespace)
        let declared = secretObjects[ns + "\u{0}" + name]
        let v = graph.vertex("secret:\(ns)/\(name)", .secret, "Secret/\(name) (\(ns))", object: declared)
        if options.privilegedNamespaces.contains(ns) { graph.markJewel(v, .secrets) }
        return v
    }

    mutating func scopeVertex(_ what: ScopeKey.What, _ namespace: String?) -> Int {
        let key = ScopeKey(what: what, namespace: namespace)
        if let existing = scopes[key] { return existing }
        let label = namespace.map { "every \(what.rawValue == "pods" ? "pod" : what.rawValue) in namespace \($0)" } ?? "every \(what.rawValue == "pods" ? "pod" : what.rawValue) in the cluster"
        let v = graph.vertex("scope:\(what.rawValue):\(namespace ?? "*")", .scope, label)
        scopes[key] = v
        if what == .secrets && (namespace == nil || options.privilegedNamespaces.contains(namespace!)) { graph.markJewel(v, .secrets) }
        if what == .accounts && (namespace == nil || options.privilegedNamespaces.contains(namespace!)) { graph.markJewel(v, .clusterAdmin) }
        return v
    }

    var nodeRoot: Int { mutating get { graph.vertex(AttackGraph.Keys.nodeRoot, .node, "root on a node", jewel: .nodeRoot) } }
    var clusterAdmin: Int { mutating get { graph.vertex(AttackGraph.Keys.clusterAdmin, .clusterAdmin, "cluster-admin", jewel: .clusterAdmin) } }
    var internet: Int { mutating get { graph.vertex(AttackGraph.Keys.internet, .entry, "the internet") } }
    var leaked: Int { mutating get { graph.vertex(AttackGraph.Keys.leakedCredential, .entry, "a leaked credential") } }
    var assumeBreach: Int { mutating get { graph.vertex(AttackGraph.Keys.assumeBreach, .entry, "any compromised pod (assume breach)") } }

    // MARK: Kubernetes

    mutating func addKubernetes() {
        let workloads = estate.workloads
        guard !workloads.isEmpty || !estate.bindings.isEmpty || !estate.secrets.isEmpty else { return }
        let breach = assumeBreach
        for (i, w) in workloads.enumerated() {
            let v = workloadVertex(w)
            workloadVertices.append(v)
            graph.edge(breach, v, .compromisedPod, [evidence(w.object, w.anchor, w.display)], fix: nil)
            addExposure(i, w, v)
            addWorkloadEdges(w, v)
        }
        for secret in estate.secrets where secret.hasData {
            let v = secretVertex(secret.name, secret.namespace)
            graph.edge(leaked, v, .committedSecret, [evidence(secret.object, secret.anchor, "Secret/\(secret.name) with data in the manifest")],
                       fix: "Keep Secret/\(secret.name)'s values out of the repository: an external secrets operator, sealed or SOPS-encrypted secrets.")
        }
        addBindings()
        fillScopes()
    }

    /// internet -> Service/Ingress -> workload, unless a default-deny ingress policy isolates the
    /// workload's pods from everything.
    mutating func addExposure(_ index: Int, _ w: WorkloadFact, _ v: Int) {
        guard let exposures = estate.exposures[index], network.acceptsExternalTraffic(w) else { return }
        for exposure in exposures where !options.trustedEntries.contains(where: { $0.matches(exposure.object.identity) }) {
            let identity = exposure.object.identity
            let ns = Self.namespace(identity.namespace)
            let kind: AttackGraph.Kind = identity.kind == "Ingress" ? .ingress : .service
            let front = graph.vertex("\(kind.rawValue):\(ns)/\(identity.name ?? "")", kind, "\(identity.kind)/\(identity.name ?? "") (\(ns))", object: exposure.object)
            let shown = evidence(exposure.object, exposure.range, exposure.description)
            graph.edge(internet, front, .exposed, [shown], fix: "Expose \(identity.kind)/\(identity.name ?? "") only inside the cluster (ClusterIP), or behind authentication, if it need not face the internet.")
            graph.edge(front, v, .routes, [shown], fix: nil)
        }
        exposed.append(index)
    }

    mutating func addWorkloadEdges(_ w: WorkloadFact, _ v: Int) {
        let daemon = w.object.identity.kind == "DaemonSet"
        if estate.mountsToken(w) {
            let account = accountVertex(w.serviceAccount, w.namespace)
            let range = w.serviceAccountEvidence ?? w.automountEvidence ?? w.anchor
            graph.edge(v, account, .runsAs, [evidence(w.object, range, "serviceAccountName: \(w.serviceAccount)")],
                       fix: "Set automountServiceAccountToken: false on \(w.display) unless it calls the Kubernetes API.")
            graph.edge(nodeRoot, account, .nodeTokens, [evidence(w.object, range, "\(w.display) runs as \(w.serviceAccount)\(daemon ? " on every node" : "")")],
                       fix: "Set automountServiceAccountToken: false on \(w.display), or keep it on nodes of its own (taints, nodeSelector).",
                       likelihood: daemon ? 0.9 : 0.5)
        }
        for use in w.secrets {
            let secret = secretVertex(use.name, w.namespace)
            graph.edge(v, secret, .mountsSecret, [evidence(w.object, use.evidence.range, use.evidence.summary)],
                       fix: "Mount Secret/\(use.name) only where it is needed, or fetch it at run time from a secrets manager with a narrow identity.")
            graph.edge(nodeRoot, secret, .nodeSecrets, [evidence(w.object, use.evidence.range, "\(w.display) mounts \(use.name)\(daemon ? " on every node" : "")")],
                       fix: nil, likelihood: daemon ? 0.9 : 0.5)
        }
        addEscapes(w, v)
    }

    /// The node access each escape gives, and no more: privileged, a node-takeover hostPath, the
    /// runtime socket, SYS_ADMIN/SYS_MODULE-class capabilities, SYS_PTRACE with hostPID, and
    /// /var/log as root give root on the node; hostPID, hostNetwork and hostIPC alone give the
    /// node's processes, network or shared memory.
    mutating func addEscapes(_ w: WorkloadFact, _ v: Int) {
        var root: [(Escape, Double)] = []
        let hostPID = w.escapes.first { $0.kind == .hostPID }
        for escape in w.escapes {
            switch escape.kind {
            case .privileged: root.append((escape, 0.95))
            case .sensitiveHostPath: root.append((escape, 0.9))
            case .varLogAsRoot: root.append((escape, 0.6))
            case .capability(let name):
                switch name {
                case "ALL", "SYS_ADMIN", "SYS_MODULE": root.append((escape, 0.8))
                case "SYS_RAWIO", "BPF", "DAC_READ_SEARCH": root.append((escape, 0.6))
                case "SYS_PTRACE" where hostPID != nil: root.append((escape, 0.75))
                default: break
                }
            case .hostPID, .hostIPC, .hostNetwork: break
            }
        }
        if !root.isEmpty {
            var shown = root.map { $0.0 }
            // hostPID makes a privileged or ptrace escape a one-liner (nsenter into PID 1): it is evidence too.
            if let hostPID, root.contains(where: { if case .capability = $0.0.kind { true } else { $0.0.kind == .privileged } }) { shown.append(hostPID) }
            let summary = Estate.list(shown.map(\.evidence.summary), limit: 8)
            graph.edge(v, nodeRoot, .escape, shown.map { evidence(w.object, $0.evidence.range, $0.evidence.summary) },
                       fix: "Remove \(summary) from \(w.display) (the Pod Security Standard baseline forbids it).",
                       likelihood: root.map(\.1).max())
        }
        for escape in w.escapes {
            let target: (String, String, Technique)
            switch escape.kind {
            case .hostPID: target = ("node:processes", "the node's processes", .hostProcesses)
            case .hostNetwork: target = ("node:network", "the node's network", .hostNetwork)
            case .hostIPC: target = ("node:ipc", "the node's shared memory", .hostIPC)
            default: continue
            }
            let node = graph.vertex(target.0, .node, target.1)
            graph.edge(v, node, target.2, [evidence(w.object, escape.evidence.range, escape.evidence.summary)],
                       fix: "Remove \(escape.evidence.summary) from \(w.display).")
        }
    }

    // MARK: RBAC

    /// Each binding becomes a permission-set vertex: its subjects lead to it, it leads to what its
    /// rules give.
    mutating func addBindings() {
        var groups: [String: Int] = [:]
        for binding in estate.bindings {
            guard let rules = estate.rules(grantedBy: binding) else { continue }
            let scope: String? = binding.isCluster ? nil : Self.namespace(binding.namespace)
            let role = estate.role(of: binding)
            let targets = Self.targets(of: rules, scope: scope, namespaces: estate, privileged: options.privilegedNamespaces)
            guard !targets.isEmpty else { continue }
            let ns = Self.namespace(binding.namespace)
            let label = "\(binding.object.identity.kind)/\(binding.name)\(binding.isCluster ? "" : " (\(ns))") -> \(binding.roleKind)/\(binding.roleName)"
            let set = graph.vertex("permissions:\(binding.object.identity.kind)/\(binding.isCluster ? "" : ns + "/")\(binding.name)", .permissions, label, object: binding.object)
            var subjects = 0
            for subject in binding.subjects {
                let subjectEvidence = evidence(binding.object, subject.range, "subject \(subject.kind) \(subject.name)")
                let fix = "Remove \(subject.kind) \(subject.name) from \(binding.object.identity.kind)/\(binding.name), or bind a narrower role."
                switch subject.kind {
                case "ServiceAccount":
                    graph.edge(accountVertex(subject.name, subject.namespace), set, .boundTo, [subjectEvidence], fix: fix)
                    subjects += 1
                case "Group" where subject.name == "system:serviceaccounts" || subject.name == "system:authenticated" || subject.name.hasPrefix("system:serviceaccounts:"):
                    let group = groups[subject.name] ?? graph.vertex("group:\(subject.name)", .group, "Group \(subject.name)")
                    groups[subject.name] = group
                    graph.edge(group, set, .boundTo, [subjectEvidence], fix: fix)
                    subjects += 1
                default:
                    continue
                }
            }
            guard subjects > 0 else { continue }
            let roleFile = role?.object ?? binding.object
            for target in targets {
                let vertex: Int
                switch target.to {
                case .clusterAdmin: vertex = clusterAdmin
                case .nodeRoot: vertex = nodeRoot
                case .scope(let what, let namespace): vertex = scopeVertex(what, namespace)
                }
                let range = role == nil ? binding.roleNameRange : target.rule.range
                let summary = role == nil ? "roleRef \(binding.roleKind)/\(binding.roleName) (built in)" : target.summary
                graph.edge(set, vertex, target.technique, [evidence(roleFile, range, summary)],
                           fix: "Take \(target.what) out of \(binding.roleKind)/\(binding.roleName)\(role == nil ? " (bind a narrower role instead)" : ""), or scope it with resourceNames.")
            }
        }
        // Every service account is in the groups that name it.
        for (name, group) in groups.sorted(by: { $0.value < $1.value }) {
            for (key, account) in accounts.sorted(by: { $0.value < $1.value }) {
                let ns = String(key.prefix { $0 != "\u{0}" })
                if name == "system:serviceaccounts" || name == "system:authenticated" || name == "system:serviceaccounts:\(ns)" {
                    graph.edge(account, group, .memberOf, [], fix: nil)
                }
            }
        }
    }

    struct Target {
        enum To: Hashable {
            case clusterAdmin, nodeRoot
            case scope(ScopeKey.What, String?)
        }
        let to: To
        let technique: Technique
        let rule: PermissionRule
        /// `read Secrets`: what the fix takes away.
        let what: String
        var summary: String { "\(rule.verbs.joined(separator: ",")) on \(rule.resources.joined(separator: ","))" }
    }

    /// What RBAC rules give, bound in `scope` (a namespace, or nil for the whole cluster). Rules
    /// limited by `resourceNames` are left out, as `PermissionRisk` does. A Role never grants
    /// cluster-scoped resources (impersonation of users, nodes/proxy, CSR approval, webhooks).
    static func targets(of rules: [PermissionRule], scope: String?, namespaces: Estate, privileged: Set<String>) -> [Target] {
        var found: [Target] = []
        var seen = Set<Target.To>()
        func add(_ to: Target.To, _ technique: Technique, _ rule: PermissionRule, _ what: String) {
            if seen.insert(to).inserted { found.append(Target(to: to, technique: technique, rule: rule, what: what)) }
        }
        func grant(_ verbs: [String], _ resources: [String], _ groups: [String] = [""]) -> PermissionRule? {
            rules.first { rule in
                rule.resourceNames.isEmpty && verbs.contains { verb in resources.contains { resource in groups.contains { rule.grants(verb, resource, group: $0) } } }
            }
        }
        let rbac = ["rbac.authorization.k8s.io"]
        // Pod creation in a namespace that enforces the baseline or restricted Pod Security
        // Standard cannot make a privileged pod.
        var podsMayBePrivileged: Bool {
            guard let scope else { return true }
            let level = namespaces.namespace(named: scope)?.labels["pod-security.kubernetes.io/enforce"]
            return level != "baseline" && level != "restricted"
        }
        if let all = rules.first(where: { $0.verbs.contains("*") && $0.resources.contains("*") && $0.apiGroups.contains("*") && $0.resourceNames.isEmpty }) {
            if scope == nil {
                add(.clusterAdmin, .clusterAdminGrant, all, "the wildcard rule")
                return found
            }
        }
        if let rule = grant(["escalate", "bind"], ["roles", "clusterroles"], rbac) {
            if scope == nil { add(.clusterAdmin, .bindEscalate, rule, "escalate/bind") } else {
                add(.scope(.accounts, scope), .bindEscalate, rule, "escalate/bind")
                add(.scope(.secrets, scope), .bindEscalate, rule, "escalate/bind")
            }
        }
        if scope == nil {
            if let rule = grant(["impersonate"], ["users", "groups"], ["", "authentication.k8s.io"]) { add(.clusterAdmin, .impersonate, rule, "impersonate") }
            if let rule = grant(["update", "patch"], ["certificatesigningrequests/approval"], ["certificates.k8s.io"]) { add(.clusterAdmin, .approveCSR, rule, "CSR approval") }
            if let rule = grant(["create", "update", "patch"], ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], ["admissionregistration.k8s.io"]) {
                add(.clusterAdmin, .webhooks, rule, "webhook configuration")
            }
            if let rule = grant(["get", "create"], ["nodes/proxy"]) { add(.nodeRoot, .nodesProxy, rule, "nodes/proxy") }
        }
        if let rule = grant(["impersonate"], ["serviceaccounts"]) { add(.scope(.accounts, scope), .impersonateAccounts, rule, "impersonate serviceaccounts") }
        if let rule = grant(["create"], ["serviceaccounts/token"]) { add(.scope(.accounts, scope), .tokenRequest, rule, "create serviceaccounts/token") }
        if let rule = grant(["get", "list", "watch"], ["secrets"]) { add(.scope(.secrets, scope), .readSecrets, rule, "read access to secrets") }
        let workloads = ["pods", "deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "cronjobs", "replicationcontrollers"]
        if let rule = grant(["create"], workloads, ["", "apps", "batch"]) ?? grant(["update", "patch"], Array(workloads.dropFirst()), ["", "apps", "batch"]) {
            add(.scope(.accounts, scope), .createPods, rule, "create/update of pods and workloads")
            add(.scope(.secrets, scope), .mountSecretsInPod, rule, "create/update of pods and workloads")
            if podsMayBePrivileged { add(.nodeRoot, .createPrivilegedPod, rule, "create/update of pods and workloads") }
        }
        if let rule = grant(["create", "get"], ["pods/exec", "pods/attach"]) { add(.scope(.pods, scope), .execPods, rule, "pods/exec and pods/attach") }
        if let rule = grant(["update", "patch"], ["pods"]) { add(.scope(.pods, scope), .patchPods, rule, "update/patch of pods") }
        return found
    }

    /// Scopes lead to their members: pods of the namespace, its service accounts (the declared and
    /// used ones, and `default`), its Secrets.
    mutating func fillScopes() {
        var namespaces = Set(estate.workloads.map { Self.namespace($0.namespace) })
        namespaces.formUnion(estate.serviceAccounts.map { Self.namespace($0.namespace) })
        namespaces.formUnion(estate.secrets.map { Self.namespace($0.namespace) })
        // Cluster-wide scopes hold the namespaces' scopes, which are then filled like the others.
        for (key, scope) in scopes.sorted(by: { $0.value < $1.value }) where key.namespace == nil {
            for member in namespaces.sorted() { graph.edge(scope, scopeVertex(key.what, member), .contains, [], fix: nil) }
        }
        for (key, scope) in scopes.sorted(by: { $0.value < $1.value }) {
            guard let ns = key.namespace else { continue }
            switch key.what {
            case .pods:
                // Objects without a namespace are taken as `default`.
                for w in (ns == "default" ? estate.workloads(in: nil) : []) + estate.workloads(in: ns) {
                    graph.edge(scope, workloadVertex(w), .contains, [], fix: nil)
                }
            case .accounts:
                _ = accountVertex("default", ns)
                for account in estate.serviceAccounts where Self.namespace(account.namespace) == ns { _ = accountVertex(account.name, account.namespace) }
                for (k, account) in accounts.sorted(by: { $0.value < $1.value }) where k.hasPrefix(ns + "\u{0}") { graph.edge(scope, account, .contains, [], fix: nil) }
                if options.privilegedNamespaces.contains(ns) {
                    graph.edge(scope, clusterAdmin, .privilegedNamespace, [], fix: nil)
                }
            case .secrets:
                for secret in estate.secrets where Self.namespace(secret.namespace) == ns { graph.edge(scope, secretVertex(secret.name, secret.namespace), .contains, [], fix: nil) }
            }
        }
    }

    /// From each workload the internet reaches, the pod network leads to every other workload the
    /// NetworkPolicies let it connect to, when that workload leads on to a crown jewel (an edge to
    /// a workload that leads nowhere would only add noise). The attacker still needs a way into
    /// the next workload, so these edges are unlikely ones.
    mutating func addNetworkLateralMovement() {
        guard !exposed.isEmpty else { return }
        let valuable = graph.reachingJewels()
        let workloads = estate.workloads
        let targets = workloads.indices.filter { valuable[workloadVertices[$0]] }
        for source in exposed {
            for target in targets where target != source && network.allows(from: workloads[source], to: workloads[target]) {
                let w = workloads[target]
                let ns = Self.namespace(w.namespace)
                graph.edge(workloadVertices[source], workloadVertices[target], .network,
                           [evidence(w.object, w.anchor, "no NetworkPolicy keeps \(workloads[source].display) from \(w.display)")],
                           fix: "Isolate \(w.display): a default-deny ingress NetworkPolicy in namespace \(ns), and allow only the callers it needs.")
            }
        }
    }

    mutating func markNamedJewels() {
        guard !options.crownJewels.isEmpty else { return }
        for v in graph.vertices.indices {
            guard let object = graph.vertices[v].object else { continue }
            if options.crownJewels.contains(where: { $0.matches(object.identity) }) { graph.markJewel(v, .named) }
        }
    }
}

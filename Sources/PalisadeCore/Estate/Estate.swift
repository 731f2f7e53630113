/// The whole declared estate, joined: every object's facts with the indexes estate rules and the
/// attack graph query (roles by name with aggregation resolved, workloads by namespace, label and
/// service account, what exposes a workload). Built once when the walk ends.
public struct Estate: Sendable {
    public let facts: EstateFacts
    private let roleIndex: [String: Int]
    private let workloadsByNamespace: [String: [Int]]
    private let workloadsByAccount: [String: [Int]]
    private let servicesByName: [String: Int]
    /// Workloads by namespace and one pod label (`ns\0key\0value`), so selectors need not scan a namespace.
    private let workloadsByLabel: [LabelKey: [Int]]
    private let accountsByName: [String: Int]
    private let bindingsByAccount: [String: [Int]]
    private let bindingsByNamespace: [String: [Int]]
    /// A ClusterRole's effective rules, for ClusterRoles that aggregate others.
    private let aggregated: [Int: [PermissionRule]]
    private let namespacesByName: [String: Int]
    /// How each workload is reachable from outside the cluster, keyed by its index in `workloads`.
    public private(set) var exposures: [Int: [Exposure]] = [:]
    /// The indices of the workloads in `exposures`, in order.
    public private(set) var exposedWorkloads: [Int] = []

    public var workloads: [WorkloadFact] { facts.workloads }
    public var services: [ServiceFact] { facts.services }
    public var ingresses: [IngressFact] { facts.ingresses }
    public var roles: [RoleFact] { facts.roles }
    public var bindings: [BindingFact] { facts.bindings }
    public var serviceAccounts: [ServiceAccountFact] { facts.serviceAccounts }
    public var networkPolicies: [NetworkPolicyFact] { facts.networkPolicies }
    public var secrets: [SecretFact] { facts.secrets }
    public var namespaces: [NamespaceFact] { facts.namespaces }
    public var meshPolicies: [MeshPolicyFact] { facts.meshPolicies }

    /// Takes the facts over (`consuming`: sorting them does not copy every list).
    public init(_ facts: consuming EstateFacts) {
        facts.sort()
        self.facts = facts
        var roleIndex: [String: Int] = [:]
        for (i, role) in facts.roles.enumerated() {
            let key = Self.roleKey(role.isCluster ? "ClusterRole" : "Role", role.name, role.namespace)
            if roleIndex[key] == nil { roleIndex[key] = i }
        }
        self.roleIndex = roleIndex
        var byNamespace: [String: [Int]] = [:]
        var byAccount: [String: [Int]] = [:]
        var byLabel: [LabelKey: [Int]] = [:]
        for (i, workload) in facts.workloads.enumerated() {
            byNamespace[workload.namespace ?? "", default: []].append(i)
            byAccount[Self.key(workload.namespace, workload.serviceAccount), default: []].append(i)
            for (key, value) in workload.podLabels { byLabel[LabelKey(namespace: workload.namespace, key: key, value: value), default: []].append(i) }
        }
        workloadsByLabel = byLabel
        workloadsByNamespace = byNamespace
        workloadsByAccount = byAccount
        servicesByName = Dictionary(facts.services.enumerated().map { (Self.key($1.namespace, $1.name), $0) }, uniquingKeysWith: { a, _ in a })
        accountsByName = Dictionary(facts.serviceAccounts.enumerated().map { (Self.key($1.namespace, $1.name), $0) }, uniquingKeysWith: { a, _ in a })
        var bindingsByAccount: [String: [Int]] = [:]
        var bindingsByNamespace: [String: [Int]] = [:]
        for (i, binding) in facts.bindings.enumerated() {
            for subject in binding.subjects {
                switch subject.kind {
                case "ServiceAccount":
                    bindingsByAccount[Self.key(subject.namespace, subject.name), default: []].append(i)
                case "Group" where subject.name == "system:serviceaccounts":
                    bindingsByNamespace["*", default: []].append(i)
                case "Group" where subject.name.hasPrefix("system:serviceaccounts:"):
                    bindingsByNamespace[String(subject.name.dropFirst("system:serviceaccounts:".count)), default: []].append(i)
                default: break
                }
            }
        }
        self.bindingsByAccount = bindingsByAccount
        self.bindingsByNamespace = bindingsByNamespace
        // Aggregation: a ClusterRole with clusterRoleSelectors gets the rules of every ClusterRole
        // whose labels match, transitively (aggregated roles may themselves aggregate).
        var aggregated: [Int: [PermissionRule]] = [:]
        for (i, role) in facts.roles.enumerated() where role.aggregation != nil {
            var seen: Set<Int> = [i]
            var pending = [i]
            var rules = role.rules
            while let current = pending.popLast() {
                for selector in facts.roles[current].aggregation ?? [] {
                    for (j, other) in facts.roles.enumerated() where other.isCluster && !seen.contains(j) && selector.matches(other.labels) {
                        seen.insert(j)
                        rules += other.rules
                        pending.append(j)
                    }
                }
            }
            aggregated[i] = rules
        }
        self.aggregated = aggregated
        namespacesByName = Dictionary(facts.namespaces.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        exposures = computeExposures()
        exposedWorkloads = exposures.keys.sorted()
    }

    /// The Namespace object of that name, if the estate defines it.
    public func namespace(named name: String?) -> NamespaceFact? {
        name.flatMap { namespacesByName[$0] }.map { facts.namespaces[$0] }
    }

    static func key(_ namespace: String?, _ name: String) -> String { (namespace ?? "") + "\u{0}" + name }

    /// A namespace's label pair. Its strings are the facts' own (interned), so a key costs no
    /// allocation, unlike a concatenated string.
    struct LabelKey: Hashable {
        let namespace: String?
        let key: String
        let value: String
    }

    static func roleKey(_ kind: String, _ name: String, _ namespace: String?) -> String {
        kind == "ClusterRole" ? "C\u{0}" + name : "R\u{0}" + key(namespace, name)
    }

    // MARK: RBAC

    /// ClusterRoles every cluster has. Their rules, where we model them, are in `builtinRules`.
    public static func isBuiltinClusterRole(_ name: String) -> Bool {
        ["cluster-admin", "admin", "edit", "view"].contains(name) || name.hasPrefix("system:")
    }

    /// The parts of the built-in user-facing ClusterRoles that matter to an attacker.
    static let builtinRules: [String: [PermissionRule]] = {
        let none = SourceRange(line: 1, column: 1)
        let all = PermissionRule(verbs: ["*"], resources: ["*"], apiGroups: ["*"], range: none)
        let edit = [
            PermissionRule(verbs: ["get", "list", "watch", "create", "update", "patch", "delete"], resources: ["secrets", "pods", "pods/exec", "pods/attach", "deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "cronjobs", "serviceaccounts/token"], apiGroups: ["", "apps", "batch"], range: none),
            PermissionRule(verbs: ["impersonate"], resources: ["serviceaccounts"], apiGroups: [""], range: none),
        ]
        return [
            "cluster-admin": [all],
            "edit": edit,
            "admin": edit + [PermissionRule(verbs: ["create", "update", "patch", "delete"], resources: ["roles", "rolebindings"], apiGroups: ["rbac.authorization.k8s.io"], range: none)],
            "view": [PermissionRule(verbs: ["get", "list", "watch"], resources: ["pods", "services", "configmaps"], apiGroups: [""], range: none)],
        ]
    }()

    /// The role a binding refers to, if the estate defines it.
    public func role(of binding: BindingFact) -> RoleFact? {
        let key = Self.roleKey(binding.roleKind, binding.roleName, binding.roleKind == "ClusterRole" ? nil : binding.namespace)
        return roleIndex[key].map { facts.roles[$0] }
    }

    /// The rules a role grants, with aggregation resolved.
    public func effectiveRules(of role: RoleFact) -> [PermissionRule] {
        guard role.aggregation != nil, let i = roleIndex[Self.roleKey(role.isCluster ? "ClusterRole" : "Role", role.name, role.namespace)] else { return role.rules }
        return aggregated[i] ?? role.rules
    }

    /// The rules a binding grants: its role's (aggregation resolved), or a built-in ClusterRole's;
    /// nil when the role is neither defined in the estate nor built in.
    public func rules(grantedBy binding: BindingFact) -> [PermissionRule]? {
        if let role = role(of: binding) { return effectiveRules(of: role) }
        if binding.roleKind == "ClusterRole", let builtin = Self.builtinRules[binding.roleName] { return builtin }
        if binding.roleKind == "ClusterRole", Self.isBuiltinClusterRole(binding.roleName) { return [] }
        return nil
    }

    /// The bindings that grant something to a service account: those naming it, and those naming
    /// the groups of all service accounts (cluster-wide or in its namespace).
    public func bindings(ofServiceAccount name: String, namespace: String?) -> [BindingFact] {
        var indices = bindingsByAccount[Self.key(namespace, name)] ?? []
        indices += bindingsByNamespace["*"] ?? []
        indices += bindingsByNamespace[namespace ?? ""] ?? []
        return Set(indices).sorted().map { facts.bindings[$0] }
    }

    public func serviceAccount(_ name: String, namespace: String?) -> ServiceAccountFact? {
        accountsByName[Self.key(namespace, name)].map { facts.serviceAccounts[$0] }
    }

    /// The workloads that run as a binding subject (a service account, or every service account of
    /// a namespace or of the cluster).
    public func workloads(runningAs subject: BindingFact.Subject) -> [WorkloadFact] {
        switch subject.kind {
        case "ServiceAccount":
            return (workloadsByAccount[Self.key(subject.namespace, subject.name)] ?? []).map { facts.workloads[$0] }
        case "Group" where subject.name == "system:serviceaccounts":
            return facts.workloads
        case "Group" where subject.name.hasPrefix("system:serviceaccounts:"):
            return workloads(in: String(subject.name.dropFirst("system:serviceaccounts:".count)))
        default:
            return []
        }
    }

    // MARK: Workloads and exposure

    public func workloads(in namespace: String?) -> [WorkloadFact] {
        (workloadsByNamespace[namespace ?? ""] ?? []).map { facts.workloads[$0] }
    }

    /// The namespaces that hold workloads, in order (nil: workloads without a namespace).
    public var workloadNamespaces: [String?] {
        var seen: Set<String> = []
        return facts.workloads.compactMap { seen.insert($0.namespace ?? "").inserted ? .some($0.namespace) : nil }
    }

    /// The workloads of a namespace whose pod labels a selector matches (an empty selector selects
    /// them all).
    public func workloads(matching selector: LabelSelector, in namespace: String?) -> [WorkloadFact] {
        workloadIndices(matching: selector, in: namespace).map { facts.workloads[$0] }
    }

    /// `workloads(matching:in:)` as indices into `workloads`.
    func workloadIndices(matching selector: LabelSelector, in namespace: String?) -> [Int] {
        if selector.selectsEverything { return workloadsByNamespace[namespace ?? ""] ?? [] }
        // Narrow by the rarest matchLabels pair through the label index, then check the whole selector.
        let candidates: [Int]
        if !selector.matchLabels.isEmpty {
            candidates = selector.matchLabels.map { workloadsByLabel[LabelKey(namespace: namespace, key: $0.key, value: $0.value)] ?? [] }.min { $0.count < $1.count } ?? []
        } else {
            candidates = workloadsByNamespace[namespace ?? ""] ?? []
        }
        return candidates.filter { selector.matches(facts.workloads[$0].podLabels) }
    }

    /// One way a workload is reachable from outside the cluster.
    public struct Exposure: Sendable {
        /// The Service or Ingress that exposes it.
        public let object: ObjectRef
        /// Where: the Service's type (or its selector) or the Ingress backend naming the Service.
        public let range: SourceRange
        public let path: String
        /// `Service/web (LoadBalancer)`, `Ingress/shop -> Service/web`.
        public let description: String
    }

    /// Computes `exposures` once, when the estate is built: Services of type LoadBalancer or
    /// NodePort or with externalIPs that select a workload, and Ingress backends naming a Service
    /// that does.
    private func computeExposures() -> [Int: [Exposure]] {
        var result: [Int: [Exposure]] = [:]
        func add(_ service: ServiceFact, _ exposure: Exposure) {
            guard !service.selector.isEmpty else { return }
            for i in workloadIndices(matching: LabelSelector(matchLabels: service.selector), in: service.namespace) {
                result[i, default: []].append(exposure)
            }
        }
        for service in facts.services where service.isExternal {
            let how = service.hasExternalIPs && !["LoadBalancer", "NodePort"].contains(service.type) ? "externalIPs" : service.type
            add(service, Exposure(object: service.object, range: service.typeRange, path: "spec.type",
                                  description: "Service/\(service.name) (\(how))"))
        }
        for ingress in facts.ingresses {
            for backend in ingress.backends {
                guard let s = servicesByName[Self.key(ingress.namespace, backend.service)] else { continue }
                add(facts.services[s], Exposure(object: ingress.object, range: backend.range, path: "spec.backend[\(backend.service)]",
                                                description: "Ingress/\(ingress.object.identity.name ?? "") -> Service/\(backend.service)"))
            }
        }
        return result
    }
}

/// What an attacker gets from RBAC rules, worst first: the permissions that lead to other
/// identities, to secrets or to the node.
public enum PermissionRisk {
    public struct Grant: Sendable, Hashable {
        /// `read Secrets`, `create pods`...
        public let what: String
        public let severity: Severity
    }

    /// The dangerous grants in `rules`. A rule scoped by `resourceNames` is not counted: it limits
    /// reads and updates to named objects, and grants no `create` at all (a new object has no name
    /// when the request is authorised); the per-role rules weigh named grants themselves.
    public static func grants(_ rules: [PermissionRule]) -> [Grant] {
        var found: [Grant] = []
        func check(_ what: String, _ severity: Severity, _ verbs: [String], _ resources: [String], _ groups: [String] = [""]) {
            for rule in rules {
                for verb in verbs {
                    for resource in resources {
                        for group in groups where rule.resourceNames.isEmpty && rule.grants(verb, resource, group: group) {
                            found.append(Grant(what: what, severity: severity))
                            return
                        }
                    }
                }
            }
        }
        if rules.contains(where: { $0.verbs.contains("*") && $0.resources.contains("*") && $0.apiGroups.contains("*") && $0.resourceNames.isEmpty }) {
            return [Grant(what: "every verb on every resource (cluster-admin)", severity: .critical)]
        }
        let rbac = ["rbac.authorization.k8s.io"]
        check("escalate or bind roles", .critical, ["escalate", "bind"], ["roles", "clusterroles"], rbac)
        check("impersonate users, groups or service accounts", .critical, ["impersonate"], ["users", "groups", "serviceaccounts"], ["", "authentication.k8s.io"])
        check("proxy to the kubelet (nodes/proxy)", .critical, ["get", "create"], ["nodes/proxy"])
        check("approve certificate signing requests", .critical, ["update", "patch"], ["certificatesigningrequests/approval"], ["certificates.k8s.io"])
        check("change admission webhooks", .critical, ["create", "update", "patch"], ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], ["admissionregistration.k8s.io"])
        check("create role bindings", .high, ["create", "update", "patch"], ["rolebindings", "clusterrolebindings"], rbac)
        check("read Secrets", .high, ["get", "list", "watch"], ["secrets"])
        check("create pods or workloads", .high, ["create"], ["pods", "deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "cronjobs", "replicationcontrollers"], ["", "apps", "batch"])
        check("exec or attach into pods", .high, ["create", "get"], ["pods/exec", "pods/attach"])
        check("mint service account tokens", .high, ["create"], ["serviceaccounts/token"])
        return found
    }
}

extension Estate {
    /// Whether a workload's pods get its service account's token: the pod's
    /// `automountServiceAccountToken` wins, then the ServiceAccount's, and the default is yes.
    public func mountsToken(_ workload: WorkloadFact) -> Bool {
        if let own = workload.automountToken { return own }
        return serviceAccount(workload.serviceAccount, namespace: workload.namespace)?.automountToken ?? true
    }

    /// `a, b, c and 4 more`, for messages that name many objects.
    public static func list(_ names: [String], limit: Int = 4) -> String {
        if names.count <= 1 { return names.first ?? "" }
        if names.count <= limit { return names.dropLast().joined(separator: ", ") + " and " + names.last! }
        return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
    }

    /// `namespace shop`, or `the namespace they are applied to` for objects that set none.
    public static func describe(namespace: String?) -> String {
        namespace.map { "namespace \($0)" } ?? "the namespace they are applied to"
    }
}

extension Escape {
    /// `privileged: true (k8s/agent.yaml:12)`.
    public func described(in workload: WorkloadFact) -> String {
        "\(evidence.summary) (\(workload.object.file):\(evidence.range.start.line))"
    }
}

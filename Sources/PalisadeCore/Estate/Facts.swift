/// Compact, typed facts an object yields for the estate phase: what estate rules and the attack graph
/// need to join objects across files, each with the source range of its evidence, never the document.
/// Facts are extracted while files stream through the workers; when the walk ends they are merged
/// into an `Estate`.

/// A place in an object that a fact rests on.
public struct Evidence: Sendable {
    public let range: SourceRange
    /// The place inside the resource, by names (`spec.template.spec.containers[web].securityContext.privileged`).
    public let path: String
    /// What it says, for people: `privileged: true`.
    public let summary: String

    public init(range: SourceRange, path: String, summary: String) {
        self.range = range
        self.path = path
        self.summary = summary
    }
}

/// A way out of a container onto its node.
public struct Escape: Sendable {
    public enum Kind: Sendable, Hashable {
        case privileged
        case hostPID
        case hostIPC
        case hostNetwork
        /// A hostPath volume of a path that hands over the node.
        case sensitiveHostPath(String)
        /// A capability that breaks out of the container (SYS_ADMIN, SYS_MODULE...).
        case capability(String)
        /// A writable hostPath of the node's `/var/log` in a pod whose containers may run as root:
        /// a symlink planted there makes the kubelet serve any node file through its logs API.
        case varLogAsRoot
    }

    public let kind: Kind
    public let evidence: Evidence
}

/// A workload: any object that runs pods.
public struct WorkloadFact: Sendable {
    public let object: ObjectRef
    /// Where findings about the workload as a whole point: its `metadata.name`.
    public let anchor: SourceRange
    public let podPath: String
    /// The labels its pods carry (a Pod's own, a template's for controllers).
    public let podLabels: Labels
    /// The mesh annotations its pods carry (`linkerd.io/`, `config.linkerd.io/`, `sidecar.istio.io/`),
    /// the template's over the object's own. Other annotations are not kept (some, such as kubectl's
    /// last-applied-configuration, hold a copy of the whole object).
    public let podAnnotations: [String: String]
    public let serviceAccount: String
    /// The `serviceAccountName` entry, nil when the default is used.
    public let serviceAccountEvidence: SourceRange?
    /// The pod's `automountServiceAccountToken`, nil when unset.
    public let automountToken: Bool?
    /// The pod's `automountServiceAccountToken` entry, when set.
    public let automountEvidence: SourceRange?
    public let escapes: [Escape]
    /// The Secrets its pods read: volumes (also projected), `env` `secretKeyRef`s and `envFrom`.
    public let secrets: [SecretUse]
    /// The ports its containers declare, for NetworkPolicy rules that name a port.
    public let ports: [ContainerPort]
    public var namespace: String? { object.identity.namespace }
    public var name: String { object.identity.name ?? "" }
    public var hostNetwork: Bool { escapes.contains { $0.kind == .hostNetwork } }
    /// `Kind/name`.
    public var display: String { "\(object.identity.kind)/\(name)" }
}

/// A Secret a workload's pods read, and where.
public struct SecretUse: Sendable {
    public let name: String
    public let evidence: Evidence
}

/// A port a container declares.
public struct ContainerPort: Sendable, Hashable {
    public let name: String?
    public let number: Int
    /// `TCP` (the default), `UDP` or `SCTP`.
    public let proto: String
}

/// A Secret object.
public struct SecretFact: Sendable {
    public let object: ObjectRef
    public let anchor: SourceRange
    public let type: String
    /// Whether it holds values in the manifest (`data` or `stringData`), that is, in the repository.
    public let hasData: Bool
    public var namespace: String? { object.identity.namespace }
    public var name: String { object.identity.name ?? "" }
}

/// A Service.
public struct ServiceFact: Sendable {
    public let object: ObjectRef
    public let anchor: SourceRange
    public let type: String
    /// The `type` entry, or the anchor when unset.
    public let typeRange: SourceRange
    /// Equality selector; empty means the Service selects no pods (endpoints managed by hand).
    public let selector: [String: String]
    public let selectorRange: SourceRange?
    public let hasExternalIPs: Bool
    public var namespace: String? { object.identity.namespace }
    public var name: String { object.identity.name ?? "" }
    /// Reachable from outside the cluster by itself: LoadBalancer, NodePort or externalIPs.
    public var isExternal: Bool { type == "LoadBalancer" || type == "NodePort" || hasExternalIPs }
}

/// An Ingress (or any of its backends).
public struct IngressFact: Sendable {
    public struct Backend: Sendable {
        public let service: String
        public let range: SourceRange
    }

    public let object: ObjectRef
    public let anchor: SourceRange
    public let backends: [Backend]
    public var namespace: String? { object.identity.namespace }
}

/// One rule of a Role or ClusterRole, as plain values.
public struct PermissionRule: Sendable {
    public let verbs: [String]
    public let resources: [String]
    public let apiGroups: [String]
    public let resourceNames: [String]
    public let nonResourceURLs: [String]
    public let range: SourceRange

    public init(verbs: [String], resources: [String], apiGroups: [String], resourceNames: [String] = [],
                nonResourceURLs: [String] = [], range: SourceRange) {
        self.verbs = verbs
        self.resources = resources
        self.apiGroups = apiGroups
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
        self.range = range
    }

    /// Whether the rule grants `verb` on `resource` (`pods`, `pods/exec`) in `group` ("" is core),
    /// as the RBAC authorizer matches: `*` matches every verb, group, and resource with its
    /// subresources; `*/exec` one subresource of every resource; `pods/*` is no wildcard. Scoping by
    /// `resourceNames` is not considered here; see `resourceNames`.
    public func grants(_ verb: String, _ resource: String, group: String = "") -> Bool {
        guard verbs.contains(where: { $0 == "*" || $0 == verb }) else { return false }
        guard apiGroups.contains(where: { $0 == "*" || $0 == group }) else { return false }
        return resources.contains { granted in
            if granted == "*" || granted == resource { return true }
            if granted.hasPrefix("*/"), let slash = resource.firstIndex(of: "/") {
                return granted.dropFirst(2) == resource[resource.index(after: slash)...]
            }
            return false
        }
    }
}

/// A Role or ClusterRole.
public struct RoleFact: Sendable {
    public let object: ObjectRef
    public let anchor: SourceRange
    public let isCluster: Bool
    /// A ClusterRole's labels, which aggregation selects on (a Role's are not kept).
    public let labels: Labels
    public let rules: [PermissionRule]
    /// A ClusterRole's `aggregationRule.clusterRoleSelectors`; nil when it does not aggregate.
    public let aggregation: [LabelSelector]?
    public var namespace: String? { object.identity.namespace }
    public var name: String { object.identity.name ?? "" }
}

/// A RoleBinding or ClusterRoleBinding.
public struct BindingFact: Sendable {
    public struct Subject: Sendable {
        public let kind: String
        public let name: String
        /// For service accounts: the namespace given, or the binding's own for a RoleBinding.
        public let namespace: String?
        public let range: SourceRange
    }

    public let object: ObjectRef
    public let anchor: SourceRange
    public let isCluster: Bool
    public let roleKind: String
    public let roleName: String
    /// The `roleRef.name` entry, key to value.
    public let roleRefRange: SourceRange
    /// The `roleRef.name` value alone.
    public let roleNameRange: SourceRange
    public let subjects: [Subject]
    /// Part of the API server's own default policy (`kubernetes.io/bootstrapping: rbac-defaults`).
    public let isBootstrapPolicy: Bool
    public var namespace: String? { object.identity.namespace }
    public var name: String { object.identity.name ?? "" }
}

/// A ServiceAccount.
public struct ServiceAccountFact: Sendable {
    /// A cloud identity a service account is federated with, from its annotations.
    public struct CloudRole: Sendable {
        public enum Provider: String, Sendable { case aws, gcp, azure }
        public let provider: Provider
        /// An IAM role ARN (IRSA), a Google service account e-mail, an Azure client id.
        public let value: String
        public let range: SourceRange
    }

    public let object: ObjectRef
    public let anchor: SourceRange
    public let automountToken: Bool?
    /// `eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`, `azure.workload.identity/client-id`.
    public let cloudRole: CloudRole?
    public var namespace: String? { object.identity.namespace }
    public var name: String { object.identity.name ?? "" }
}

/// A NetworkPolicy.
public struct NetworkPolicyFact: Sendable {
    public let object: ObjectRef
    public let anchor: SourceRange
    public let podSelector: LabelSelector
    public let podSelectorRange: SourceRange
    public let isolatesIngress: Bool
    public let isolatesEgress: Bool
    /// The rules that allow traffic (none with isolation is default deny).
    public let ingress: [NetworkPolicyRule]
    public let egress: [NetworkPolicyRule]
    public var ingressRuleCount: Int { ingress.count }
    public var egressRuleCount: Int { egress.count }
    public var namespace: String? { object.identity.namespace }
    public var name: String { object.identity.name ?? "" }
}

/// One ingress or egress rule of a NetworkPolicy: traffic from (or to) any of `peers` on any of
/// `ports`. An empty list means every peer (or every port), as the API defines.
public struct NetworkPolicyRule: Sendable {
    public enum Peer: Sendable {
        /// `podSelector` and/or `namespaceSelector`: nil parts are absent (a pod selector alone means
        /// the policy's own namespace; a namespace selector alone means every pod there).
        case pods(pod: LabelSelector?, namespace: LabelSelector?)
        /// `ipBlock`: addresses outside the cluster (pod IPs are not stable, so no workload matches).
        case ipBlock(cidr: String, except: [String])
    }

    public struct Port: Sendable {
        /// `TCP` unless given.
        public let proto: String
        /// A number or a named container port; nil is every port of the protocol.
        public let port: String?
        public let endPort: Int?
    }

    public let peers: [Peer]
    public let ports: [Port]
    public let range: SourceRange
}

/// A Namespace object.
public struct NamespaceFact: Sendable {
    public let object: ObjectRef
    public let anchor: SourceRange
    public let labels: Labels
    public let annotations: [String: String]
    public var name: String { object.identity.name ?? "" }
}

/// A service-mesh policy that decides who may call a workload: Istio's AuthorizationPolicy,
/// Linkerd's Server, AuthorizationPolicy and ServerAuthorization.
public struct MeshPolicyFact: Sendable {
    public enum Mesh: Sendable { case istio, linkerd }

    public let object: ObjectRef
    public let mesh: Mesh
    /// The workloads it applies to; nil when it applies to the whole namespace (or, for Linkerd
    /// authorization policies, to the Server or route it targets).
    public let selector: LabelSelector?
    /// A Linkerd authorization's target: the Server's name, or nil for a whole namespace or a route.
    public let targetServer: String?
    public var namespace: String? { object.identity.namespace }
    public var kind: String { object.identity.kind }
    public var name: String { object.identity.name ?? "" }
}

/// Everything one worker extracted; merged into an `Estate` when the walk ends.
public struct EstateFacts: Sendable {
    public var workloads: [WorkloadFact] = []
    public var services: [ServiceFact] = []
    public var ingresses: [IngressFact] = []
    public var roles: [RoleFact] = []
    public var bindings: [BindingFact] = []
    public var serviceAccounts: [ServiceAccountFact] = []
    public var secrets: [SecretFact] = []
    public var networkPolicies: [NetworkPolicyFact] = []
    public var namespaces: [NamespaceFact] = []
    public var meshPolicies: [MeshPolicyFact] = []
    /// Shares the strings the facts hold (see `Interner`); not merged by `add`.
    private var intern = Interner()

    public init() {}

    public mutating func add(_ other: EstateFacts) {
        workloads += other.workloads
        services += other.services
        ingresses += other.ingresses
        roles += other.roles
        bindings += other.bindings
        serviceAccounts += other.serviceAccounts
        secrets += other.secrets
        networkPolicies += other.networkPolicies
        namespaces += other.namespaces
        meshPolicies += other.meshPolicies
    }

    /// Sorts every list by file and position, so the estate never depends on which worker read what.
    public mutating func sort() {
        func order(_ a: ObjectRef, _ ra: SourceRange, _ b: ObjectRef, _ rb: SourceRange) -> Bool {
            a.file != b.file ? a.file < b.file : ra.start < rb.start
        }
        workloads.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        services.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        ingresses.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        roles.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        bindings.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        serviceAccounts.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        secrets.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        networkPolicies.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        namespaces.sort { order($0.object, $0.anchor, $1.object, $1.anchor) }
        meshPolicies.sort { $0.object.file != $1.object.file ? $0.object.file < $1.object.file : ($0.object.identity.name ?? "") < ($1.object.identity.name ?? "") }
    }

    /// Extracts the facts of one object, if it is of a kind the estate phase joins.
    public mutating func extract(_ object: KubernetesObject) {
        if let pod = object.podSpec {
            workloads.append(Self.workload(object, pod, &intern))
            return
        }
        let root = object.root
        let anchor = object.anchor
        switch object.kind {
        case "Service":
            let spec = root["spec"]
            let typeEntry = spec?.entry("type")
            services.append(ServiceFact(
                object: object.ref, anchor: anchor, type: object.serviceType ?? "ClusterIP",
                typeRange: typeEntry.map(Self.span) ?? anchor, selector: intern(object.selector),
                selectorRange: spec?.entry("selector").map(Self.span),
                hasExternalIPs: !(spec?["externalIPs"]?.items ?? []).isEmpty
            ))
        case "Ingress":
            var backends: [IngressFact.Backend] = []
            func backend(_ node: Node?) {
                // networking.k8s.io/v1 `service.name`, and v1beta1's `serviceName`.
                if let entry = node?["service"]?.entry("name") ?? node?.entry("serviceName"), let name = entry.value.string {
                    backends.append(.init(service: intern(name), range: entry.value.range))
                }
            }
            let spec = root["spec"]
            backend(spec?["defaultBackend"] ?? spec?["backend"])
            for rule in spec?["rules"]?.items ?? [] {
                for path in rule["http"]?["paths"]?.items ?? [] { backend(path["backend"]) }
            }
            ingresses.append(IngressFact(object: object.ref, anchor: anchor, backends: backends))
        case "Role", "ClusterRole":
            let rules = object.policyRules.map { rule in
                PermissionRule(verbs: intern(rule.verbs), resources: intern(rule.resources), apiGroups: intern(rule.apiGroups),
                               resourceNames: intern(rule.resourceNames), nonResourceURLs: intern(rule.nonResourceURLs), range: rule.node.range)
            }
            let aggregation = root["aggregationRule"]?["clusterRoleSelectors"]?.items.map { $0.map { intern(LabelSelector($0)) } }
            roles.append(RoleFact(object: object.ref, anchor: anchor, isCluster: object.kind == "ClusterRole",
                                  labels: object.kind == "ClusterRole" ? intern.labels(object.labels) : Labels(), rules: rules, aggregation: object.kind == "ClusterRole" ? aggregation : nil))
        case "RoleBinding", "ClusterRoleBinding":
            guard let ref = object.roleRef else { return }
            let isCluster = object.kind == "ClusterRoleBinding"
            let subjects = object.subjects.map { s in
                BindingFact.Subject(kind: intern(s.kind), name: intern(s.name),
                                    namespace: intern(s.namespace ?? (s.kind == "ServiceAccount" && !isCluster ? object.namespace : nil)),
                                    range: s.node.range)
            }
            let nameEntry = root["roleRef"]?.entry("name")
            bindings.append(BindingFact(object: object.ref, anchor: anchor, isCluster: isCluster, roleKind: intern(ref.kind),
                                        roleName: intern(ref.name), roleRefRange: nameEntry.map(Self.span) ?? anchor,
                                        roleNameRange: nameEntry?.value.range ?? anchor, subjects: subjects,
                                        isBootstrapPolicy: object.isBootstrapRBACPolicy))
        case "ServiceAccount":
            var cloudRole: ServiceAccountFact.CloudRole?
            for (key, provider) in Self.cloudRoleAnnotations {
                guard let entry = root["metadata"]?["annotations"]?.entry(key), let value = entry.value.string, !value.isEmpty else { continue }
                cloudRole = .init(provider: provider, value: intern(value), range: Self.span(entry))
                break
            }
            serviceAccounts.append(ServiceAccountFact(object: object.ref, anchor: anchor, automountToken: object.automountServiceAccountToken, cloudRole: cloudRole))
        case "Secret":
            secrets.append(SecretFact(object: object.ref, anchor: anchor, type: intern(object.secretType ?? "Opaque"),
                                      hasData: !(root["data"]?.entries ?? []).isEmpty || !(root["stringData"]?.entries ?? []).isEmpty))
        case "NetworkPolicy":
            guard let spec = root["spec"] else { return }
            let types = object.policyTypes
            let selectorEntry = spec.entry("podSelector")
            networkPolicies.append(NetworkPolicyFact(
                object: object.ref, anchor: anchor,
                podSelector: selectorEntry.map { intern(LabelSelector($0.value)) } ?? LabelSelector(),
                podSelectorRange: selectorEntry.map(Self.span) ?? anchor,
                isolatesIngress: types.contains("Ingress"), isolatesEgress: types.contains("Egress"),
                ingress: Self.policyRules(spec["ingress"], peers: "from", &intern),
                egress: Self.policyRules(spec["egress"], peers: "to", &intern)
            ))
        case "Namespace":
            namespaces.append(NamespaceFact(object: object.ref, anchor: anchor, labels: intern.labels(object.labels), annotations: intern(object.annotations)))
        case "AuthorizationPolicy", "Server", "ServerAuthorization":
            let api = object.identity.apiVersion
            if api.hasPrefix("security.istio.io/") && object.kind == "AuthorizationPolicy" {
                meshPolicies.append(MeshPolicyFact(object: object.ref, mesh: .istio, selector: root["spec"]?["selector"].map { intern(LabelSelector($0)) }, targetServer: nil))
            } else if api.hasPrefix("policy.linkerd.io/") {
                // A Server selects pods; authorizations target a Server (AuthorizationPolicy's
                // targetRef, ServerAuthorization's server.name).
                let spec = root["spec"]
                let selector = object.kind == "Server" ? spec?["podSelector"].map { intern(LabelSelector($0)) } : nil
                let target = spec?["targetRef"].flatMap { $0["kind"]?.string == "Server" ? $0["name"]?.string : nil }
                    ?? spec?["server"]?["name"]?.string
                meshPolicies.append(MeshPolicyFact(object: object.ref, mesh: .linkerd, selector: selector, targetServer: intern(target)))
            }
        default:
            return
        }
    }

    static let cloudRoleAnnotations: [(String, ServiceAccountFact.CloudRole.Provider)] = [
        ("eks.amazonaws.com/role-arn", .aws), ("iam.gke.io/gcp-service-account", .gcp), ("azure.workload.identity/client-id", .azure),
    ]

    static func policyRules(_ node: Node?, peers field: String, _ intern: inout Interner) -> [NetworkPolicyRule] {
        (node?.items ?? []).map { rule in
            let peers: [NetworkPolicyRule.Peer] = (rule[field]?.items ?? []).compactMap { peer in
                if let block = peer["ipBlock"] {
                    return .ipBlock(cidr: block["cidr"]?.string ?? "", except: block["except"]?.strings ?? [])
                }
                let pod = peer["podSelector"].map { intern(LabelSelector($0)) }
                let namespace = peer["namespaceSelector"].map { intern(LabelSelector($0)) }
                // A peer with neither selects nothing the API accepts; keep it from matching anything.
                guard pod != nil || namespace != nil else { return nil }
                return .pods(pod: pod, namespace: namespace)
            }
            let ports = (rule["ports"]?.items ?? []).map { port in
                NetworkPolicyRule.Port(proto: port["protocol"]?.string ?? "TCP", port: port["port"]?.string, endPort: port["endPort"]?.int)
            }
            return NetworkPolicyRule(peers: peers, ports: ports, range: rule.range)
        }
    }

    static let meshAnnotationPrefixes = ["linkerd.io/", "config.linkerd.io/", "sidecar.istio.io/", "proxy.istio.io/"]

    /// Capabilities that break out of a container by themselves (as names without `CAP_`).
    public static let escapeCapabilities: Set<String> = ["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF"]

    static func span(_ entry: Node.Entry) -> SourceRange {
        SourceRange(start: entry.key.range.start, end: entry.value.range.end)
    }

    static func workload(_ object: KubernetesObject, _ pod: PodSpecView, _ intern: inout Interner) -> WorkloadFact {
        var escapes: [Escape] = []
        func flag(_ node: Node?, _ field: String, _ kind: Escape.Kind, _ path: String) {
            guard let entry = node?.entry(field), entry.value.bool == true else { return }
            escapes.append(Escape(kind: kind, evidence: Evidence(range: span(entry), path: "\(path).\(field)", summary: "\(field): true")))
        }
        flag(pod.node, "hostPID", .hostPID, pod.path)
        flag(pod.node, "hostIPC", .hostIPC, pod.path)
        flag(pod.node, "hostNetwork", .hostNetwork, pod.path)
        for container in pod.containers {
            let context = container.securityContext
            flag(context, "privileged", .privileged, container.path + ".securityContext")
            for item in context?["capabilities"]?["add"]?.items ?? [] {
                guard let raw = item.string else { continue }
                var name = raw.uppercased()
                if name.hasPrefix("CAP_") { name.removeFirst(4) }
                guard escapeCapabilities.contains(name) else { continue }
                escapes.append(Escape(kind: .capability(name), evidence: Evidence(
                    range: item.range, path: "\(container.path).securityContext.capabilities.add[\(raw)]", summary: "capability \(name)")))
            }
        }
        for volume in pod.volumes {
            guard let entry = volume.node.entry("hostPath"), let path = entry.value["path"]?.string, HostPaths.isNodeTakeover(path) else { continue }
            escapes.append(Escape(kind: .sensitiveHostPath(path), evidence: Evidence(
                range: span(entry), path: volume.path + ".hostPath", summary: "hostPath \(path)")))
        }
        var secrets: [SecretUse] = []
        var ports: [ContainerPort] = []
        func secret(_ entry: Node.Entry?, _ path: String, _ how: String) {
            guard let entry, let name = entry.value.string, !name.isEmpty else { return }
            secrets.append(SecretUse(name: intern(name), evidence: Evidence(range: span(entry), path: path, summary: "\(how) \(name)")))
        }
        for volume in pod.volumes {
            secret(volume.node["secret"]?.entry("secretName"), volume.path + ".secret.secretName", "volume of Secret")
            for (i, source) in (volume.node["projected"]?["sources"]?.items ?? []).enumerated() {
                secret(source["secret"]?.entry("name"), "\(volume.path).projected.sources[\(i)].secret.name", "projected volume of Secret")
            }
        }
        for container in pod.containers {
            for variable in container.node["env"]?.items ?? [] {
                let name = variable["name"]?.string ?? ""
                secret(variable["valueFrom"]?["secretKeyRef"]?.entry("name"), "\(container.path).env[\(name)].valueFrom.secretKeyRef.name", "env \(name) from Secret")
            }
            for (i, source) in (container.node["envFrom"]?.items ?? []).enumerated() {
                secret(source["secretRef"]?.entry("name"), "\(container.path).envFrom[\(i)].secretRef.name", "envFrom Secret")
            }
            for port in container.node["ports"]?.items ?? [] {
                guard let number = port["containerPort"]?.int else { continue }
                ports.append(ContainerPort(name: intern(port["name"]?.string), number: number, proto: intern(port["protocol"]?.string ?? "TCP")))
            }
        }
        // A writable /var/log where a container may run as root (no runAsNonRoot, no non-zero runAsUser).
        for volume in pod.volumes {
            guard let entry = volume.node.entry("hostPath"), let path = entry.value["path"]?.string,
                  HostPaths.normalized(path) == "/var/log", let volumeName = volume.node["name"]?.string else { continue }
            let writersAsRoot = pod.containers.contains { container in
                let mounted = (container.node["volumeMounts"]?.items ?? []).contains { $0["name"]?.string == volumeName && $0["readOnly"]?.bool != true }
                let nonRoot = pod.setting("runAsNonRoot", for: container)?.value.bool == true
                let user = pod.setting("runAsUser", for: container)?.value.int
                return mounted && !nonRoot && (user == nil || user == 0)
            }
            if writersAsRoot {
                escapes.append(Escape(kind: .varLogAsRoot, evidence: Evidence(range: span(entry), path: volume.path + ".hostPath", summary: "hostPath /var/log (writable, as root)")))
            }
        }
        let template = object.kind == "Pod" ? object.root["metadata"] : object.root[Array(pod.path.split(separator: ".").dropLast().map(String.init)) + ["metadata"]]
        var annotations: [String: String] = [:]
        for node in [object.root["metadata"]?["annotations"], template?["annotations"]] {
            for entry in node?.entries ?? [] {
                guard let key = entry.key.string, Self.meshAnnotationPrefixes.contains(where: key.hasPrefix), let value = entry.value.string else { continue }
                annotations[intern(key)] = intern(value)
            }
        }
        let saEntry = pod.node.entry("serviceAccountName") ?? pod.node.entry("serviceAccount")
        return WorkloadFact(
            object: object.ref, anchor: object.anchor, podPath: intern(pod.path),
            podLabels: intern.labels(template?["labels"]?.stringMap ?? [:]), podAnnotations: annotations,
            serviceAccount: intern(object.serviceAccountName ?? "default"), serviceAccountEvidence: saEntry.map(span),
            automountToken: pod.node["automountServiceAccountToken"]?.bool,
            automountEvidence: pod.node.entry("automountServiceAccountToken").map(span), escapes: escapes,
            secrets: secrets, ports: ports
        )
    }
}

extension KubernetesObject {
    /// Where findings about the object as a whole point: its `metadata.name` entry, else its `kind`.
    public var anchor: SourceRange {
        if let entry = root["metadata"]?.entry("name") ?? root.entry("kind") {
            return SourceRange(start: entry.key.range.start, end: entry.value.range.end)
        }
        return root.range
    }
}

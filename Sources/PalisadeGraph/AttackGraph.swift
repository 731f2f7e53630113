import PalisadeCore

/// The declared estate as an attacker sees it: vertices for entry points, workloads, identities,
/// permission scopes, secrets, the node, cloud principals and data stores; edges for the moves an
/// attacker makes between them, each with the technique it stands for, the manifest lines that
/// create it, and the change that removes it. Built in memory from the estate phase's facts and the
/// cloud model (`AttackGraph.build`), never from a second parse.
public struct AttackGraph: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case entry
        case ingress
        case service
        case workload
        case serviceAccount = "service-account"
        /// A Kubernetes group a service account belongs to (`system:serviceaccounts`), when a
        /// binding names it.
        case group
        /// What one RoleBinding or ClusterRoleBinding grants its subjects.
        case permissions
        /// Every pod, service account or Secret of a namespace (or of the cluster): what an RBAC
        /// grant reaches, one vertex instead of an edge per object.
        case scope
        case secret
        /// The node a pod runs on, at some level of access (root, its processes, its network).
        case node
        case clusterAdmin = "cluster-admin"
        case cloudPrincipal = "cloud-principal"
        case cloudAdmin = "cloud-admin"
        case dataStore = "data-store"
    }

    /// What reaching a vertex means to the defender: the reason it is a target.
    public enum Jewel: String, Sendable {
        case clusterAdmin = "cluster-admin"
        case nodeRoot = "node root"
        case secrets
        case cloudAdmin = "cloud admin"
        case dataStore = "data store"
        /// Named by the user (`--crown-jewel`, `crown-jewels:` in `.palisade.yaml`).
        case named

        /// How much an attacker gains, for ranking: the whole cluster or account first.
        public var weight: Double {
            switch self {
            case .clusterAdmin, .cloudAdmin: 1.0
            case .nodeRoot: 0.9
            case .named: 0.85
            case .dataStore: 0.8
            case .secrets: 0.7
            }
        }
    }

    public struct Vertex: Sendable {
        public let kind: Kind
        /// Stable identifier: `workload:Deployment/shop/web`, `cloud:aws_iam_role.app`, `internet`.
        public let key: String
        /// For people: `Deployment/web (shop)`, `the internet`, `IAM role app`.
        public let label: String
        /// The object it stands for, when there is one.
        public let object: ObjectRef?
        public var jewel: Jewel?
    }

    /// A place in the estate that creates an edge.
    public struct Evidence: Sendable, Hashable {
        public let file: String
        public let range: SourceRange
        /// `privileged: true`, `Service/web (LoadBalancer)`.
        public let summary: String

        public init(file: String, range: SourceRange, summary: String) {
            self.file = file
            self.range = range
            self.summary = summary
        }

        /// `privileged: true (k8s/agent.yaml:12)`.
        public var described: String { "\(summary) (\(file):\(range.start.line))" }
    }

    public struct Edge: Sendable {
        public let from: Int
        public let to: Int
        public let technique: Technique
        public let evidence: [Evidence]
        /// The change that removes this edge; nil for edges that are facts of the platform
        /// (a scope holding its members), which no manifest change removes.
        public let fix: String?
        /// How likely an attacker at `from` makes this move (0...1): a privileged pod escapes for
        /// sure, a pod that may or may not share a node gives its token only sometimes.
        public let likelihood: Double
    }

    public private(set) var vertices: [Vertex] = []
    public private(set) var edges: [Edge] = []
    /// Outgoing edge indices per vertex.
    public private(set) var outgoing: [[Int]] = []
    private var index: [String: Int] = [:]

    public init() {}

    /// The vertex with this key, if any.
    public func vertex(_ key: String) -> Int? { index[key] }

    /// The vertex with `key`, added with `kind` and `label` when new.
    @discardableResult
    mutating func vertex(_ key: String, _ kind: Kind, _ label: String, object: ObjectRef? = nil, jewel: Jewel? = nil) -> Int {
        if let existing = index[key] {
            if let jewel, vertices[existing].jewel == nil { vertices[existing].jewel = jewel }
            return existing
        }
        index[key] = vertices.count
        vertices.append(Vertex(kind: kind, key: key, label: label, object: object, jewel: jewel))
        outgoing.append([])
        return vertices.count - 1
    }

    mutating func edge(_ from: Int, _ to: Int, _ technique: Technique, _ evidence: [Evidence], fix: String?, likelihood: Double? = nil) {
        guard from != to else { return }
        outgoing[from].append(edges.count)
        edges.append(Edge(from: from, to: to, technique: technique, evidence: evidence, fix: fix, likelihood: likelihood ?? technique.likelihood))
    }

    mutating func markJewel(_ vertex: Int, _ jewel: Jewel) {
        if vertices[vertex].jewel == nil || vertices[vertex].jewel!.weight < jewel.weight { vertices[vertex].jewel = jewel }
    }

    /// The well-known vertices.
    public enum Keys {
        public static let internet = "internet"
        public static let leakedCredential = "leaked-credential"
        public static let assumeBreach = "assume-breach"
        public static let nodeRoot = "node:root"
        public static let clusterAdmin = "cluster-admin"
        public static let cloudAdmin = "cloud-admin"
    }
}

/// A move an attacker makes along an edge.
public struct Technique: Sendable, Hashable {
    /// Kebab-case: `escape-to-node`, `read-secrets`.
    public let id: String
    /// `escapes to the node (privileged)`: how a step reads.
    public let title: String
    /// MITRE ATT&CK technique, where one fits.
    public let attack: String?
    public let likelihood: Double

    public init(_ id: String, _ title: String, attack: String?, likelihood: Double) {
        self.id = id
        self.title = title
        self.attack = attack
        self.likelihood = likelihood
    }

    // Entry and exposure.
    static let exposed = Technique("exposed", "is reachable from the internet through", attack: "T1190", likelihood: 0.9)
    static let routes = Technique("routes-to", "routes to", attack: nil, likelihood: 1.0)
    static let publicData = Technique("public-data", "reads the public data store", attack: "T1530", likelihood: 0.95)
    static let publicDatabase = Technique("public-database", "connects to the publicly reachable database", attack: "T1190", likelihood: 0.6)
    static let publicFunction = Technique("public-function", "invokes the function URL without authentication", attack: "T1190", likelihood: 0.8)
    static let leakedKey = Technique("leaked-key", "uses a long-lived access key of", attack: "T1078.004", likelihood: 0.5)
    static let committedSecret = Technique("committed-secret", "reads the Secret's values committed to the repository", attack: "T1552.001", likelihood: 0.9)
    static let compromisedPod = Technique("assume-breach", "runs code in the pod (assume breach)", attack: "T1609", likelihood: 1.0)
    // Workloads.
    static let runsAs = Technique("runs-as", "uses the mounted token of service account", attack: "T1528", likelihood: 0.9)
    static let mountsSecret = Technique("mounts-secret", "reads the Secret it mounts", attack: "T1552.007", likelihood: 0.9)
    static let escape = Technique("escape-to-node", "escapes to the node", attack: "T1611", likelihood: 0.9)
    static let hostProcesses = Technique("host-pid", "sees and signals every process on the node (hostPID)", attack: "T1057", likelihood: 0.8)
    static let hostNetwork = Technique("host-network", "shares the node's network (hostNetwork): sniffs it and reaches node-local services", attack: "T1040", likelihood: 0.8)
    static let hostIPC = Technique("host-ipc", "shares the node's IPC namespace (hostIPC): reads shared memory of node processes", attack: "T1559", likelihood: 0.6)
    static let nodeTokens = Technique("node-holds-tokens", "takes the service account token of a pod on the node", attack: "T1528", likelihood: 0.9)
    static let nodeSecrets = Technique("node-holds-secrets", "reads a Secret mounted by a pod on the node", attack: "T1552.007", likelihood: 0.9)
    static let network = Technique("network", "reaches over the pod network (no NetworkPolicy stops it)", attack: "T1021", likelihood: 0.4)
    // RBAC.
    static let clusterAdminGrant = Technique("rbac-cluster-admin", "holds every verb on every resource", attack: "T1078.001", likelihood: 1.0)
    static let readSecrets = Technique("rbac-read-secrets", "reads Secrets through the API", attack: "T1552.007", likelihood: 0.95)
    static let createPods = Technique("rbac-create-pods", "creates a pod that runs as another service account", attack: "T1610", likelihood: 0.85)
    static let createPrivilegedPod = Technique("rbac-create-privileged-pod", "creates a privileged pod on a node", attack: "T1610", likelihood: 0.85)
    static let mountSecretsInPod = Technique("rbac-create-pods-secrets", "creates a pod that mounts any Secret", attack: "T1610", likelihood: 0.85)
    static let execPods = Technique("rbac-exec", "execs into pods", attack: "T1609", likelihood: 0.9)
    static let patchPods = Technique("rbac-patch-pods", "changes running pods' images", attack: "T1525", likelihood: 0.8)
    static let tokenRequest = Technique("rbac-token-request", "mints tokens for service accounts", attack: "T1528", likelihood: 0.95)
    static let impersonate = Technique("rbac-impersonate", "impersonates users and groups (system:masters)", attack: "T1078", likelihood: 0.9)
    static let impersonateAccounts = Technique("rbac-impersonate-service-accounts", "impersonates service accounts", attack: "T1078", likelihood: 0.9)
    static let bindEscalate = Technique("rbac-bind-escalate", "grants itself any role (bind or escalate)", attack: "T1098", likelihood: 0.9)
    static let approveCSR = Technique("rbac-approve-csr", "approves a certificate for system:masters", attack: "T1649", likelihood: 0.7)
    static let nodesProxy = Technique("rbac-nodes-proxy", "runs commands in any pod through the kubelet (nodes/proxy)", attack: "T1609", likelihood: 0.85)
    static let webhooks = Technique("rbac-webhooks", "rewrites every admitted object with its own admission webhook", attack: "T1098", likelihood: 0.6)
    static let contains = Technique("contains", "holds", attack: nil, likelihood: 1.0)
    static let boundTo = Technique("bound-by", "is a subject of the binding", attack: nil, likelihood: 1.0)
    static let memberOf = Technique("member-of", "belongs to", attack: nil, likelihood: 1.0)
    static let privilegedNamespace = Technique("privileged-namespace", "includes controllers' service accounts with cluster-wide rights", attack: "T1078.001", likelihood: 0.8)
    // Cloud.
    static let federated = Technique("workload-identity", "assumes the cloud identity federated with the service account", attack: "T1550.001", likelihood: 0.95)
    static let functionRole = Technique("function-role", "runs with the role", attack: "T1078.004", likelihood: 0.9)
    static let cloudAdminGrant = Technique("iam-admin", "holds every action on every resource", attack: "T1078.004", likelihood: 1.0)
    static let iamEscalation = Technique("iam-privilege-escalation", "grants itself more permissions", attack: "T1098.003", likelihood: 0.85)
    static let passRole = Technique("iam-pass-role", "passes the role to compute it creates", attack: "T1098.003", likelihood: 0.8)
    static let assumeRole = Technique("iam-assume-role", "assumes the role", attack: "T1078.004", likelihood: 0.9)
    static let createKey = Technique("iam-create-access-key", "creates an access key for", attack: "T1098.001", likelihood: 0.9)
    static let loginProfile = Technique("iam-login-profile", "sets a console password for", attack: "T1098", likelihood: 0.8)
    static let dataAccess = Technique("iam-data-access", "reads the data store", attack: "T1530", likelihood: 0.95)
}

/// What a Role or ClusterRole grants, read the way Kubernetes' RBAC authorizer reads it
/// (`plugin/pkg/auth/authorizer/rbac` and `pkg/apis/rbac/v1/evaluation_helpers.go` upstream):
///
/// - verbs: `*` or the exact verb (verbs are case-sensitive);
/// - apiGroups: `*` or the exact group, `""` being the core group; an empty list matches nothing;
/// - resources: `*` matches every resource and every subresource; `pods/exec` names one subresource;
///   `*/status` matches that subresource of every resource. Kubernetes has no `pods/*`: such an
///   entry only matches a subresource literally named `*`, so it grants nothing real;
/// - resourceNames: a non-empty list limits the rule to requests for those names. A `create` of a
///   top-level object and a `deletecollection` carry no name when they are authorized, so a rule
///   with resourceNames never grants them; `list` and `watch` are limited to those names (the client
///   must select `metadata.name`); subresource requests (`pods/exec`, `serviceaccounts/token`) carry
///   the parent object's name and are limited too;
/// - nonResourceURLs: `*`, an exact path, or a prefix ending in `*`. Only ClusterRoles grant them;
/// - a Role applies to requests inside its namespace only, so it never grants cluster-scoped
///   resources (nodes, persistent volumes, webhook configurations...). Two exceptions: the
///   namespace object itself (a request for namespace `shop` carries namespace `shop`, so a Role in
///   `shop` that grants `patch namespaces` may patch `shop`, and only it), and `bind` on
///   clusterroles, which is checked in the namespace of the RoleBinding being written;
/// - a ClusterRole with an `aggregationRule` gets its rules from the aggregation controller, which
///   overwrites whatever `rules` the manifest holds: it grants nothing a manifest can show.

/// One permission: any of `verbs` on `resource` (optionally `resource/subresource`) in API group `group`.
public struct RBACPermission: Sendable, Hashable {
    public var verbs: [String]
    /// The API group, `""` for the core group.
    public var group: String
    /// `pods`, or with a subresource `pods/exec`.
    public var resource: String

    public init(_ verbs: [String], _ resource: String, group: String = "") {
        self.verbs = verbs
        self.group = group
        self.resource = resource
    }

    /// The resource without its subresource (`pods` for `pods/exec`).
    public var baseResource: Substring {
        resource.firstIndex(of: "/").map { resource[..<$0] } ?? Substring(resource)
    }

    /// The subresource (`exec` for `pods/exec`), or nil.
    public var subresource: Substring? {
        resource.firstIndex(of: "/").map { resource[resource.index(after: $0)...] }
    }

    /// Whether the objects live outside namespaces, so that no Role can grant them.
    public var isClusterScoped: Bool { RBACPermission.clusterScoped.contains("\(group)/\(baseResource)") }

    /// Built-in cluster-scoped resources, as `group/resource`. Namespaces are cluster-scoped, but a
    /// Role reaches its own namespace object, so they are not listed (see `RBACRole`).
    public static let clusterScoped: Set<String> = [
        "/nodes", "/persistentvolumes", "/componentstatuses", "/users", "/groups",
        "authentication.k8s.io/uids", "authentication.k8s.io/userextras",
        "authentication.k8s.io/tokenreviews", "authorization.k8s.io/subjectaccessreviews",
        "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews",
        "certificates.k8s.io/certificatesigningrequests", "certificates.k8s.io/signers",
        "certificates.k8s.io/clustertrustbundles",
        "rbac.authorization.k8s.io/clusterroles", "rbac.authorization.k8s.io/clusterrolebindings",
        "admissionregistration.k8s.io/mutatingwebhookconfigurations",
        "admissionregistration.k8s.io/validatingwebhookconfigurations",
        "admissionregistration.k8s.io/validatingadmissionpolicies",
        "admissionregistration.k8s.io/validatingadmissionpolicybindings",
        "admissionregistration.k8s.io/mutatingadmissionpolicies",
        "admissionregistration.k8s.io/mutatingadmissionpolicybindings",
        "apiextensions.k8s.io/customresourcedefinitions", "apiregistration.k8s.io/apiservices",
        "storage.k8s.io/storageclasses", "storage.k8s.io/csidrivers", "storage.k8s.io/csinodes",
        "storage.k8s.io/volumeattachments", "scheduling.k8s.io/priorityclasses",
        "node.k8s.io/runtimeclasses", "networking.k8s.io/ingressclasses",
        "flowcontrol.apiserver.k8s.io/flowschemas", "flowcontrol.apiserver.k8s.io/prioritylevelconfigurations",
    ]
}

/// The objects a grant reaches by name.
public enum RBACNameScope: Sendable, Hashable {
    /// Every object of the resource.
    case any
    /// Only the objects `resourceNames` lists.
    case named([String])

    public var names: [String]? {
        if case .named(let names) = self { return names }
        return nil
    }

    /// True when the grant reaches `name` (always, when it is not limited by name).
    public func reaches(_ name: String) -> Bool { names?.contains(name) ?? true }
}

/// One rule item of a Role or ClusterRole, with its position. Its lists are read once, so a role is
/// matched against many permissions without re-reading its nodes.
public struct RBACRuleItem: Sendable {
    public typealias Scalars = [(text: String, node: Node)]

    public let view: PolicyRuleView
    /// Its index in `rules`.
    public let index: Int
    public let verbs: Scalars
    public let apiGroups: Scalars
    public let resources: Scalars
    public let nonResourceURLs: Scalars
    /// The names the rule is limited to.
    public let nameScope: RBACNameScope

    public init(view: PolicyRuleView, index: Int) {
        self.view = view
        self.index = index
        // One pass over the item's keys; a repeated key's last value wins, as in Kubernetes' decoder.
        var verbs: Scalars = [], apiGroups: Scalars = [], resources: Scalars = [], urls: Scalars = []
        var names: [String] = []
        for entry in view.node.entries ?? [] {
            guard let key = entry.key.scalar?.text else { continue }
            var scalars: Scalars = []
            for item in entry.value.items ?? [] {
                if let text = item.string { scalars.append((text, item)) }
            }
            switch key {
            case "verbs": verbs = scalars
            case "apiGroups": apiGroups = scalars
            case "resources": resources = scalars
            case "nonResourceURLs": urls = scalars
            case "resourceNames": names = scalars.map(\.text)
            default: break
            }
        }
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.nonResourceURLs = urls
        nameScope = names.isEmpty ? .any : .named(names)
    }

    public var node: Node { view.node }
    /// Its path inside the role, `rules[2]`.
    public var path: String { "rules[\(index)]" }

    /// The scalars of one list field: `verbs`, `apiGroups`, `resources` or `nonResourceURLs`.
    public func scalars(_ field: String) -> Scalars {
        switch field {
        case "verbs": verbs
        case "apiGroups": apiGroups
        case "resources": resources
        case "nonResourceURLs": nonResourceURLs
        default: (node[field]?.items ?? []).compactMap { item in item.string.map { ($0, item) } }
        }
    }

    /// The `*` scalar of a list field, if the field holds one.
    public func wildcard(_ field: String) -> Node? { scalars(field).first { $0.text == "*" }?.node }

    /// `*` in verbs, resources and apiGroups: every permission there is (cluster-admin's first rule).
    public var isFullWildcard: Bool {
        wildcard("verbs") != nil && wildcard("resources") != nil && wildcard("apiGroups") != nil
    }

    /// The verb scalar granting `verb` (`*` or the verb itself).
    public func verbNode(_ verb: String) -> Node? { verbs.first { $0.text == "*" || $0.text == verb }?.node }

    /// The apiGroups scalar matching `group` (`*` or the group itself; `""` is the core group).
    public func groupNode(_ group: String) -> Node? { apiGroups.first { $0.text == "*" || $0.text == group }?.node }

    /// The resources scalar matching `resource` (`pods` or `pods/exec`), as the authorizer matches it.
    public func resourceNode(_ resource: String) -> Node? {
        let slash = resource.firstIndex(of: "/")
        let subresource = slash.map { resource[resource.index(after: $0)...] }
        return resources.first { entry in
            if entry.text == "*" || entry.text == resource { return true }
            guard let subresource, entry.text.hasPrefix("*/") else { return false }
            return entry.text.dropFirst(2) == subresource
        }?.node
    }

    /// Whether this rule item grants any of `permission`'s verbs, and the evidence if it does.
    public func grant(_ permission: RBACPermission) -> RBACGrant? {
        guard let resourceNode = resourceNode(permission.resource), let groupNode = groupNode(permission.group) else {
            return nil
        }
        let scope = nameScope
        var verbs: [String] = []
        var verbNodes: [Node] = []
        for verb in permission.verbs {
            guard let node = verbNode(verb) else { continue }
            // Requests that carry no object name are never granted by a rule limited by name.
            if scope != .any && (verb == "deletecollection" || (verb == "create" && permission.subresource == nil)) {
                continue
            }
            verbs.append(verb)
            verbNodes.append(node)
        }
        guard !verbs.isEmpty else { return nil }
        return RBACGrant(
            item: self, permission: permission, verbs: verbs, verbNodes: verbNodes,
            resourceNode: resourceNode, groupNode: groupNode, names: scope
        )
    }

    /// The nonResourceURLs scalar granting `verb` on `url` (`*`, the path, or a prefix ending in `*`).
    public func nonResourceURLNode(_ url: String, verb: String) -> Node? {
        guard verbNode(verb) != nil else { return nil }
        return nonResourceURLs.first { entry in
            entry.text == "*" || entry.text == url
                || (entry.text.hasSuffix("*") && url.hasPrefix(entry.text.dropLast()))
        }?.node
    }
}

/// One rule item's grant of a permission: which verbs, the scalars that grant them, the name scope.
public struct RBACGrant: Sendable {
    public let item: RBACRuleItem
    public let permission: RBACPermission
    /// The requested verbs the item grants.
    public let verbs: [String]
    /// For each of `verbs`, the verb scalar (`*` or the verb) that grants it.
    public let verbNodes: [Node]
    /// The resources scalar that matches (`secrets`, `*/status` or `*`): where findings point.
    public let resourceNode: Node
    public let groupNode: Node
    public let names: RBACNameScope

    /// Where a finding about this grant points: the matching resource scalar.
    public var evidence: Node { resourceNode }

    /// The path of the evidence inside the role, `rules[2].resources[secrets]`.
    public var path: String { "\(item.path).resources[\(resourceNode.string ?? "")]" }
}

/// A Role or ClusterRole as the authorizer applies it.
public struct RBACRole: Sendable {
    public let object: KubernetesObject
    public let isClusterRole: Bool
    /// The rule items that take effect: none for an aggregated ClusterRole.
    public let items: [RBACRuleItem]

    /// The role an object is, or nil when it is no Role or ClusterRole.
    public init?(_ object: KubernetesObject) {
        guard object.isRole else { return nil }
        self.object = object
        isClusterRole = object.kind == "ClusterRole"
        if isClusterRole && object.root["aggregationRule"]?.isMapping == true {
            items = []
        } else {
            items = (object.root["rules"]?.items ?? []).enumerated().compactMap { index, node in
                node.isMapping ? RBACRuleItem(view: PolicyRuleView(node: node), index: index) : nil
            }
        }
    }

    /// `ClusterRole 'name'` or `Role 'name' in namespace 'ns'`, for messages.
    public var display: String {
        let name = "'\(object.name ?? "")'"
        if isClusterRole { return "ClusterRole \(name)" }
        return object.namespace.map { "Role \(name) in namespace '\($0)'" } ?? "Role \(name)"
    }

    /// Where the role's grants apply, for messages: `cluster-wide (when bound by a ClusterRoleBinding)` or `in its own namespace`.
    public var reach: String {
        isClusterRole ? "cluster-wide (when bound by a ClusterRoleBinding)" : "in its own namespace"
    }

    /// Whether `item` grants `permission` in this role. A Role never grants cluster-scoped resources.
    public func grant(_ permission: RBACPermission, in item: RBACRuleItem) -> RBACGrant? {
        var permission = permission
        if !isClusterRole && permission.isClusterScoped {
            // The one cluster-scoped check made inside a namespace: a RoleBinding that refers to a
            // ClusterRole is authorized as `bind` on that ClusterRole in the binding's namespace.
            guard permission.group == "rbac.authorization.k8s.io" && permission.resource == "clusterroles" else { return nil }
            permission.verbs = permission.verbs.filter { $0 == "bind" }
            if permission.verbs.isEmpty { return nil }
        }
        return item.grant(permission)
    }

    /// Every rule item granting `permission`, in order: the evidence for each.
    public func grants(_ permission: RBACPermission) -> [RBACGrant] {
        items.compactMap { grant(permission, in: $0) }
    }

    /// The first grant, in rule order, of any of `permissions`: the evidence a finding points at.
    public func grant(anyOf permissions: [RBACPermission]) -> RBACGrant? {
        for item in items {
            for permission in permissions {
                if let grant = grant(permission, in: item) { return grant }
            }
        }
        return nil
    }

    /// Whether any rule item grants any of `permissions`.
    public func grantsAny(_ permissions: [RBACPermission]) -> Bool { grant(anyOf: permissions) != nil }

    /// The scalar granting `verb` on a non-resource URL such as `/metrics`; Roles never do.
    public func nonResourceURLGrant(_ url: String, verb: String) -> (item: RBACRuleItem, node: Node)? {
        guard isClusterRole else { return nil }
        for item in items {
            if let node = item.nonResourceURLNode(url, verb: verb) { return (item, node) }
        }
        return nil
    }
}

extension KubernetesObject {
    /// Objects of the API server's own default policy (`kubernetes.io/bootstrapping: rbac-defaults`,
    /// as `kubectl get clusterroles -o yaml` shows them). The API server reconciles them at every
    /// start, so they are not the manifest author's choice.
    public var isBootstrapRBACPolicy: Bool { labels["kubernetes.io/bootstrapping"] == "rbac-defaults" }
}

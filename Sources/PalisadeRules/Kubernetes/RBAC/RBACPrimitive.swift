import PalisadeCore

/// One rule template for the escalation primitives a Role or ClusterRole can grant: each instance
/// (`RBACPrimitive.readSecrets`, `.createWorkloads`...) names the permissions that give the
/// primitive and judges each rule item that grants them. One finding per rule item, at the resource
/// scalar that grants it. A rule item that is `*` in verbs, resources and API groups is left to
/// `k8s-rbac-wildcard-verbs`, which reports it once as cluster-admin equivalent, instead of twenty
/// primitives repeating it. The API server's own default roles (`kubernetes.io/bootstrapping:
/// rbac-defaults`) are not reported: it recreates them at every start.
public struct RBACPrimitive: KubernetesRule {
    public let description: RuleDescription
    /// Any of these gives the primitive.
    public let permissions: [RBACPermission]
    /// Judges one rule item's grants: severity and message, or nil when they do not amount to the primitive.
    let assess: @Sendable (RBACPrimitiveEvidence) -> RBACPrimitiveVerdict?

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let role = RBACRole(object), !object.isBootstrapRBACPolicy else { return }
        for item in role.items where !item.isFullWildcard {
            let grants = permissions.compactMap { role.grant($0, in: item) }
            guard let first = grants.first,
                  let verdict = assess(RBACPrimitiveEvidence(role: role, item: item, grants: grants))
            else { continue }
            report.report(first.evidence.range, path: first.path, message: verdict.message, severity: verdict.severity)
        }
    }
}

/// What one rule item grants of a primitive, handed to the instance's judgement.
public struct RBACPrimitiveEvidence: Sendable {
    public let role: RBACRole
    public let item: RBACRuleItem
    /// One grant per permission of the primitive the item grants, in the primitive's order.
    public let grants: [RBACGrant]

    /// The granted verbs, each once, in order.
    public var verbs: [String] {
        var seen = Set<String>()
        return grants.flatMap(\.verbs).filter { seen.insert($0).inserted }
    }

    /// The granted resources (`pods/exec`), each once, in order.
    public var resources: [String] {
        var seen = Set<String>()
        return grants.map(\.permission.resource).filter { seen.insert($0).inserted }
    }

    /// The names the item is limited to, or nil.
    public var names: [String]? { item.nameScope.names }

    public var isClusterRole: Bool { role.isClusterRole }

    /// `ClusterRole 'x' grants get/list on secrets cluster-wide (when bound by a ClusterRoleBinding)`.
    public var grantPhrase: String {
        var phrase = "\(role.display) grants \(verbs.joined(separator: "/")) on \(resources.joined(separator: ", "))"
        if let names { phrase += " (only \(names.map { "'\($0)'" }.joined(separator: ", ")))" }
        return phrase + " " + role.reach
    }

    /// A verdict with the standard message: the grant, then what its holder can do.
    public func verdict(_ severity: Severity, _ consequence: String) -> RBACPrimitiveVerdict {
        RBACPrimitiveVerdict(severity: severity, message: "\(grantPhrase): whoever holds it \(consequence).")
    }

    /// The usual judgement: one severity for a ClusterRole, one for a Role, one (when given) for a
    /// grant limited by resourceNames.
    public func tiered(cluster: Severity, namespaced: Severity, named: Severity? = nil, _ consequence: String) -> RBACPrimitiveVerdict {
        var severity = isClusterRole ? cluster : namespaced
        if let named, names != nil { severity = named }
        return verdict(severity, consequence)
    }
}

public struct RBACPrimitiveVerdict: Sendable {
    public let severity: Severity
    public let message: String
}

extension RBACPrimitive {
    static let rbacReference = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
    static let goodPracticesReference = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
}

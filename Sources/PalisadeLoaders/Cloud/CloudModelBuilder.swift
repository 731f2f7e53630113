import PalisadeCore

/// Reads the declared resources of every input form into one provider-neutral cloud model: each
/// format's adapter declares the entities its resources are (`declareTerraform`,
/// `declareCloudFormation`), then joins the resources that configure another one (a bucket's
/// separate policy, a security group rule, a policy attachment), then `finish` applies what needs
/// every entity read (customer-managed policies attached by reference, group policies to members).
public enum CloudAdapter {
    /// One model per deployment unit (`CloudResource.scope`), in the order units first appear.
    /// Units are independent: they are read on up to `workers` threads.
    public static func models(_ resources: [CloudResource], sources: CloudSources, workers: Int = 1) -> [CloudModel] {
        var order: [String] = []
        var units: [String: [CloudResource]] = [:]
        for resource in resources {
            if units[resource.scope] == nil { order.append(resource.scope) }
            units[resource.scope, default: []].append(resource)
        }
        return DedicatedThread.map(order.map { units[$0]! }, workers: workers) { model($0, sources: sources) }
    }

    /// The model of one deployment unit's resources.
    public static func model(_ resources: [CloudResource], sources: CloudSources) -> CloudModel {
        var builder = CloudModelBuilder(model: CloudModel(sources: sources))
        builder.model.resources = resources
        for resource in resources {
            if resource.format == .cloudFormation { builder.declareCloudFormation(resource) } else { builder.declareTerraform(resource) }
        }
        for resource in resources {
            if resource.format == .cloudFormation { builder.joinCloudFormation(resource) } else { builder.joinTerraform(resource) }
        }
        builder.finish()
        return builder.model
    }
}

/// The model being built, with the indexes joins look entities up in (by address and, when
/// statically known, by name), and the helpers every adapter reads values with.
struct CloudModelBuilder {
    var model: CloudModel
    var bucketIndex: [String: Int] = [:]
    var identityIndex: [String: Int] = [:]
    var policyIndex: [String: [Int]] = [:]
    var functionIndex: [String: Int] = [:]
    var messagingIndex: [String: Int] = [:]
    var keyIndex: [String: Int] = [:]
    /// Customer-managed policies attached by reference, applied once every policy is read.
    var attachments: [(identity: Int, policy: String, evidence: CloudEvidence<String>)] = []

    func evidence<T>(_ value: T, _ resource: CloudResource, _ site: CloudSite) -> CloudEvidence<T> {
        CloudEvidence(value, resource: resource, site: site)
    }

    func bool(_ resource: CloudResource, _ value: CloudValue?) -> CloudEvidence<Bool>? {
        guard let value, let flag = value.bool else { return nil }
        return evidence(flag, resource, value.site)
    }

    func string(_ resource: CloudResource, _ value: CloudValue?) -> CloudEvidence<String>? {
        guard let value, value.isKnown, !value.isNull, let text = value.string else { return nil }
        return evidence(text, resource, value.site)
    }

    func int(_ resource: CloudResource, _ value: CloudValue?) -> CloudEvidence<Int>? {
        guard let value, let number = value.int else { return nil }
        return evidence(number, resource, value.site)
    }

    /// The keys a reference to a resource can be matched on: its address and, when known, name.
    static func keys(of value: CloudValue?) -> [String] {
        guard let value else { return [] }
        switch value.kind {
        case .reference(let address, _): return [address]
        default: return value.string.map { [$0] } ?? []
        }
    }

    static func index(_ table: inout [String: Int], _ resource: CloudResource, name: String?, at position: Int) {
        table[resource.address] = position
        if let name { table[resource.type + ":" + name] = position }
    }

    func lookup(_ table: [String: Int], _ value: CloudValue?, type: String) -> Int? {
        for key in Self.keys(of: value) {
            if let found = table[key] ?? table[type + ":" + key] { return found }
            // An ARN of a named resource: arn:aws:iam::123:role/NAME.
            if let last = key.split(separator: "/").last, let found = table[type + ":" + last] { return found }
        }
        return nil
    }

    mutating func attach(_ identity: Int, _ arn: CloudValue, _ r: CloudResource) {
        if let text = string(r, arn) {
            model.identities[identity].managedPolicies.append(text)
        } else if case .reference(let address, _) = arn.kind {
            attachments.append((identity, address, evidence(address, r, arn.site)))
        }
    }

    mutating func finish() {
        for (identity, policy, _) in attachments {
            for p in policyIndex[policy] ?? [] { model.identities[identity].policies.append(model.policies[p]) }
        }
        // Group policies apply to their members.
        let groups = model.identities.enumerated().filter { $0.element.kind == .group }
        for i in model.identities.indices where !model.identities[i].groups.isEmpty {
            for key in model.identities[i].groups {
                for (_, group) in groups where group.resource.address == key || group.name == key {
                    model.identities[i].policies += group.policies
                    model.identities[i].managedPolicies += group.managedPolicies
                }
            }
        }
    }

    static func protocolName(_ text: String?) -> String? {
        guard let text = text?.lowercased() else { return nil }
        switch text {
        case "-1", "all", "*": return "all"
        case "6": return "tcp"
        case "17": return "udp"
        default: return text
        }
    }

    static func ports(_ from: Int?, _ to: Int?) -> ClosedRange<Int>? {
        guard let from, let to else { return nil }
        if from == -1 || to == -1 { return 0...65535 }
        guard from <= to else { return nil }
        return max(from, 0)...min(to, 65535)
    }

    /// `22`, `1000-2000`, `*`.
    static func portRange(_ text: String) -> ClosedRange<Int>? {
        if text == "*" { return 0...65535 }
        let parts = text.split(separator: "-")
        if parts.count == 1, let port = Int(parts[0]) { return port...port }
        if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a <= b { return a...b }
        return nil
    }

    // MARK: Policies

    /// Reads a policy: a `jsonencode`d value, a JSON string (heredoc or quoted), or a computed
    /// `aws_iam_policy_document`. Unknown policies give nil.
    func policyDocument(_ value: CloudValue, role: PolicyDocument.Role, resource: CloudResource) -> PolicyDocument? {
        var document = value.document
        if case .string(let text) = document.kind {
            guard let parsed = CloudJSON.parse(text, site: value.site) else { return nil }
            document = parsed
        }
        guard document.members != nil else { return nil }
        var statements: [PolicyStatement] = []
        let listed = document["Statement"]
        for entry in listed?.elements ?? [] {
            guard entry.members != nil else { continue }
            var statement = PolicyStatement(site: entry.site)
            statement.effect = entry["Effect"]?.string
            if entry["Effect"].map({ !$0.isKnown }) ?? false { statement.hasUnknowns = true }
            func strings(_ key: String) -> [CloudEvidence<String>] {
                guard let field = entry[key] else { return [] }
                guard let items = field.elements else { statement.hasUnknowns = true; return [] }
                return items.compactMap { item in
                    guard let text = string(resource, item) else { statement.hasUnknowns = true; return nil }
                    return text
                }
            }
            statement.actions = strings("Action")
            statement.notActions = strings("NotAction")
            statement.resources = strings("Resource")
            statement.resourceReferences = (entry["Resource"]?.elements ?? []).compactMap { item in
                if case .reference(let address, _) = item.kind { return address }
                return nil
            }
            statement.notResources = strings("NotResource")
            if let principal = entry["Principal"] {
                if let star = string(resource, principal), star.value == "*" {
                    statement.principals = [star]
                } else if let members = principal.members {
                    for member in members {
                        guard let items = member.value.elements else { statement.hasUnknowns = true; continue }
                        for item in items {
                            if let text = string(resource, item) { statement.principals.append(evidence(member.key + ":" + text.value, resource, text.site)) }
                            else { statement.hasUnknowns = true }
                        }
                    }
                } else {
                    statement.hasUnknowns = true
                }
            }
            if let condition = entry["Condition"] {
                if let operators = condition.members {
                    for op in operators { for key in op.value.members ?? [] { statement.conditions.append(op.key + ":" + key.key) } }
                } else {
                    statement.hasUnknowns = true
                    statement.conditions.append("unknown")
                }
            }
            statements.append(statement)
        }
        return PolicyDocument(role: role, resource: resource, site: value.site, statements: statements)
    }
}

import PalisadeCore

/// The cloud side of the graph: principals (users, roles, service accounts), what their effective
/// policies let them become (administrator, another role, another user) and read (buckets,
/// databases, keys), public data stores and function URLs, and long-lived keys as leaked
/// credentials. IAM is read as AWS evaluates it: an explicit, unconditional Deny wins over any
/// Allow; `NotAction` allows everything it does not name; a statement reaches a data store when a
/// `Resource` pattern matches its ARN (or names it by reference) and no `NotResource` excludes it.
extension GraphBuilder {
    mutating func addCloud(_ model: CloudModel) {
        let sources = model.sources
        func shown(_ resource: CloudResource, _ site: CloudSite, _ summary: String) -> AttackGraph.Evidence {
            let file = site.file >= 0 && Int(site.file) < sources.files.count ? sources.files[Int(site.file)].display : resource.ref.file
            return AttackGraph.Evidence(file: file, range: site.range, summary: summary)
        }
        // Vertices are keyed by deployment unit and address (`cloud:services/api/aws_iam_role.app`;
        // the unit is left out for a root module in the current folder): two roots'
        // `aws_iam_role.app` are two roles.
        func vertexKey(_ resource: CloudResource) -> String {
            resource.scope == "." ? "cloud:\(resource.address)" : "cloud:\(resource.scope)/\(resource.address)"
        }
        // Principals, by address or name in this unit (names also across units, for federation).
        var principals: [(identity: CloudIdentity, vertex: Int)] = []
        var identities: [String: Int] = [:]
        for identity in model.identities where identity.kind != .group {
            let name = identity.name ?? identity.resource.address
            let label = "\(identity.resource.provider == .aws ? "IAM " : "")\(identity.kind.rawValue) \(name)"
            let v = graph.vertex(vertexKey(identity.resource), .cloudPrincipal, label, object: identity.resource.ref)
            principals.append((identity, v))
            cloudIdentities[name] = v
            identities[name] = v
            identities[identity.resource.address] = v
            if let trust = identity.trust { cloudTrust[v] = trust }
        }
        let groups = Dictionary(model.identities.filter { $0.kind == .group }.flatMap { g in [(g.resource.address, g), (g.name ?? g.resource.address, g)] }, uniquingKeysWith: { a, _ in a })
        // Data stores.
        var stores: [(vertex: Int, arn: String?, address: String, actions: [String], policy: ResourcePolicy)] = []
        for bucket in model.buckets {
            let name = bucket.name ?? bucket.resource.address
            let v = graph.vertex(vertexKey(bucket.resource), .dataStore, "bucket \(name)", object: bucket.resource.ref, jewel: .dataStore)
            let arn = bucket.name.map { bucket.resource.provider == .aws ? "arn:aws:s3:::\($0)" : $0 }
            stores.append((v, arn?.lowercased(), bucket.resource.address, ["s3:getobject"], ResourcePolicy(bucket.policies)))
            addPublicBucket(bucket, v, model, shown)
        }
        for database in model.databases {
            let v = graph.vertex(vertexKey(database.resource), .dataStore, "database \(database.resource.address)", object: database.resource.ref, jewel: .dataStore)
            stores.append((v, nil, database.resource.address, ["rds-db:connect", "rds:downloaddblogfileportion", "rds:createdbsnapshot"], ResourcePolicy([])))
            if let open = database.publiclyAccessible, open.value {
                graph.edge(internet, v, .publicDatabase, [shown(open.resource, open.site, "publicly accessible")],
                           fix: "Turn off public access to \(database.resource.address) and reach it from inside the network.")
            }
        }
        for key in model.keys {
            let v = graph.vertex(vertexKey(key.resource), .dataStore, "key \(key.resource.address)", object: key.resource.ref, jewel: .dataStore)
            stores.append((v, nil, key.resource.address, ["kms:decrypt"], ResourcePolicy(key.policy.map { [$0] } ?? [])))
        }
        let cloudAdmin = graph.vertex(AttackGraph.Keys.cloudAdmin, .cloudAdmin, "cloud account administrator", jewel: .cloudAdmin)
        // Roles and users as the policies name them (lower-cased, as the policies are matched).
        let roles = principals.filter { $0.identity.kind == .role || $0.identity.kind == .serviceAccount }
            .map { (identity: $0.identity, vertex: $0.vertex, arn: $0.identity.name.map { "arn:aws:iam::*:role/\($0)".lowercased() }) }
        let users = principals.filter { $0.identity.kind == .user }
            .map { (identity: $0.identity, vertex: $0.vertex, arn: $0.identity.name.map { "arn:aws:iam::*:user/\($0)".lowercased() }) }
        // Which stores each action reaches, and which stores' resource policies name whom: a principal
        // is asked only about the stores its own policy may read or whose policy names it.
        var storesByAction: [String: [Int]] = [:]
        var storesNaming: [String: [Int]] = [:]
        for (i, store) in stores.enumerated() {
            for action in store.actions { storesByAction[action, default: []].append(i) }
            for key in store.policy.namedKeys { storesNaming[key, default: []].append(i) }
        }
        for (identity, v) in principals {
            var documents = identity.policies
            for group in identity.groups { documents += groups[group]?.policies ?? [] }
            let policy = IAMPolicy(documents)
            // Administrator: a managed admin policy, or every action on every resource.
            let managed = identity.managedPolicies + identity.groups.flatMap { groups[$0]?.managedPolicies ?? [] }
            // An administrator reaches everything: no other edge says more.
            if let admin = managed.first(where: { IAMPolicy.adminManagedPolicies.contains($0.value) }) {
                graph.edge(v, cloudAdmin, .cloudAdminGrant, [shown(admin.resource, admin.site, admin.value)],
                           fix: "Replace \(admin.value) on \(identity.resource.address) with a policy of the actions it needs.")
                continue
            } else if let grant = policy.administrator() {
                graph.edge(v, cloudAdmin, .cloudAdminGrant, [shown(grant.resource, grant.site, "Action * on Resource *")],
                           fix: "Replace the * action in \(grant.resource.address)'s policy with the actions \(identity.resource.address) needs.")
                continue
            } else if let (action, statement) = IAMPolicy.escalations.lazy.compactMap({ a in policy.allows(a, on: nil, address: nil).map { (a, $0) } }).first {
                graph.edge(v, cloudAdmin, .iamEscalation, [shown(statement.resource, statement.site, "\(action) on *")],
                           fix: "Take \(action) out of \(identity.resource.address)'s policy, or scope it to resources it must manage.")
            }
            // Other principals it can become.
            let mayAssume = policy.mayAllow("sts:assumerole"), mayPass = policy.mayAllow("iam:passrole")
            let compute = mayPass ? IAMPolicy.passRoleCompute.first { policy.allows($0, on: nil, address: nil) != nil } : nil
            for (target, targetVertex, arn) in roles where targetVertex != v && (mayAssume || compute != nil) {
                if mayAssume, let grant = policy.allows("sts:assumerole", on: arn, address: target.resource.address), trusts(targetVertex, identity) {
                    graph.edge(v, targetVertex, .assumeRole, [shown(grant.resource, grant.site, "sts:AssumeRole")],
                               fix: "Scope sts:AssumeRole of \(identity.resource.address) to the roles it must assume, or narrow \(target.resource.address)'s trust policy.")
                }
                if let compute, let pass = policy.allows("iam:passrole", on: arn, address: target.resource.address) {
                    graph.edge(v, targetVertex, .passRole, [shown(pass.resource, pass.site, "iam:PassRole with \(compute)")],
                               fix: "Scope iam:PassRole of \(identity.resource.address) to the roles its compute needs (and iam:PassedToService).")
                }
            }
            let userActions = ["iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile"].filter(policy.mayAllow)
            for (target, targetVertex, arn) in users where targetVertex != v && !userActions.isEmpty {
                if let grant = policy.allows("iam:createaccesskey", on: arn, address: target.resource.address) {
                    graph.edge(v, targetVertex, .createKey, [shown(grant.resource, grant.site, "iam:CreateAccessKey")],
                               fix: "Scope iam:CreateAccessKey of \(identity.resource.address) to its own user (${aws:username}).")
                } else if let grant = policy.allows("iam:createloginprofile", on: arn, address: target.resource.address) ?? policy.allows("iam:updateloginprofile", on: arn, address: target.resource.address) {
                    graph.edge(v, targetVertex, .loginProfile, [shown(grant.resource, grant.site, "iam:CreateLoginProfile")],
                               fix: "Scope login-profile actions of \(identity.resource.address) to its own user.")
                }
            }
            // Data it reads: through its own policies or the store's resource policy naming it, unless
            // the resource policy denies it.
            let readable = Set(storesByAction.keys.filter(policy.mayAllow))
            let named = ResourcePolicy.keys(identity)
            var candidates = readable.flatMap { storesByAction[$0] ?? [] } + named.flatMap { storesNaming[$0] ?? [] }
            candidates.sort()
            var previous = -1
            for index in candidates where index != previous {
                previous = index
                let store = stores[index]
                let resource = store.policy.naming(named)
                for action in store.actions where !resource.isEmpty || readable.contains(action) {
                    let arn = store.arn.map { action.hasPrefix("s3:get") ? $0 + "/*" : $0 }
                    if resource.denies(action, on: arn, address: store.address) { break }
                    guard let grant = policy.allows(action, on: arn, address: store.address) ?? resource.allows(action, on: arn, address: nil) ?? resource.allows(action, on: nil, address: nil) else { continue }
                    graph.edge(v, store.vertex, .dataAccess, [shown(grant.resource, grant.site, action)],
                               fix: "Scope \(action) of \(identity.resource.address) to the data it needs.")
                    break
                }
            }
        }
        // Long-lived keys may leak; a function URL without auth is public.
        for key in model.accessKeys {
            guard let owner = key.owner, let user = identities[owner] else { continue }
            graph.edge(leaked, user, .leakedKey, [shown(key.resource, key.resource.site, key.resource.address)],
                       fix: "Replace \(key.resource.address) with a role assumed through federation (OIDC, SSO).")
        }
        for function in model.functions {
            let v = graph.vertex(vertexKey(function.resource), .workload, "function \(function.resource.address)", object: function.resource.ref)
            if let open = function.urls.first(where: { $0.value.uppercased() == "NONE" }) {
                graph.edge(internet, v, .publicFunction, [shown(open.resource, open.site, "authorization_type NONE")],
                           fix: "Require AWS_IAM on \(function.resource.address)'s function URL, or put it behind an authorising API.")
            }
            if let role = function.role, let roleVertex = identities[role] {
                graph.edge(v, roleVertex, .functionRole, [shown(function.resource, function.resource.site, "role \(role)")],
                           fix: "Give \(function.resource.address) a role of its own with only the actions it needs.")
            }
        }
    }

    /// internet -> bucket, when a public ACL or a policy for everyone stands (not neutralised by
    /// the bucket's or the account's public-access block).
    mutating func addPublicBucket(_ bucket: CloudBucket, _ v: Int, _ model: CloudModel, _ shown: (CloudResource, CloudSite, String) -> AttackGraph.Evidence) {
        let blocks = [bucket.publicAccessBlock].compactMap { $0 } + model.accountPublicAccessBlocks
        if let grant = bucket.publicGrants.first, !blocks.contains(where: \.neutralisesACLs) {
            graph.edge(internet, v, .publicData, [shown(grant.resource, grant.site, "public ACL \(grant.value)")],
                       fix: "Make \(bucket.resource.address) private (no public ACL) and block public access.")
            return
        }
        guard !blocks.contains(where: \.neutralisesPolicies) else { return }
        for document in bucket.policies {
            for statement in document.statements where statement.allows && statement.conditions.isEmpty && statement.principals.contains(where: { $0.value == "*" || $0.value == "AWS:*" }) {
                guard statement.actions.contains(where: { IAMPattern($0.value).matches(lowercased: "s3:getobject") }) else { continue }
                graph.edge(internet, v, .publicData, [shown(document.resource, statement.site, "Principal * may s3:GetObject")],
                           fix: "Remove the statement for Principal * from \(document.resource.address), and block public access.")
                return
            }
        }
    }

    /// Whether a role's trust policy lets `principal` assume it: a statement that allows anyone,
    /// the principal by name, or its account root. An unknown trust policy does not.
    func trusts(_ role: Int, _ principal: CloudIdentity) -> Bool {
        guard let trust = cloudTrust[role] else { return false }
        let name = principal.name ?? principal.resource.address
        return trust.statements.contains { statement in
            statement.allows && statement.principals.contains { p in
                let value = p.value
                return value == "*" || value == "AWS:*" || value.hasSuffix(":root")
                    || value.hasSuffix(":role/\(name)") || value.hasSuffix(":user/\(name)") || value == "AWS:\(name)"
            }
        }
    }

    /// Service accounts federated with a cloud identity (IRSA, GKE workload identity, Azure
    /// workload identity) lead to it; an identity not in the scan still appears, as a principal
    /// whose permissions are unknown.
    mutating func linkFederatedIdentities() {
        for account in estate.serviceAccounts {
            guard let role = account.cloudRole else { continue }
            let name: String
            switch role.provider {
            case .aws: name = String(role.value.split(separator: "/").last ?? Substring(role.value))
            case .gcp: name = String(role.value.split(separator: "@").first ?? Substring(role.value))
            case .azure: name = role.value
            }
            let target: Int
            if let known = cloudIdentities[name] {
                // A known trust policy must allow web-identity federation.
                if let trust = cloudTrust[known], role.provider == .aws,
                   !trust.statements.contains(where: { s in s.allows && s.actions.contains { IAMPattern($0.value).matches(lowercased: "sts:assumerolewithwebidentity") } }) { continue }
                target = known
            } else {
                target = graph.vertex("cloud-identity:\(role.value)", .cloudPrincipal, "\(role.provider.rawValue) identity \(role.value) (not in the scan)")
            }
            let v = accountVertex(account.name, account.namespace)
            graph.edge(v, target, .federated, [evidence(account.object, role.range, role.value)],
                       fix: "Federate ServiceAccount/\(account.name) with a cloud identity of only the permissions its pods need.")
        }
    }
}

/// A principal's effective IAM policy, for the questions the graph asks: may it do `action` on
/// the resource with `arn` (nil: on every resource), named by reference as `address`? Each
/// statement's patterns are compiled once (`IAMPatterns`); the graph asks a principal about every
/// role, user and data store, so a question costs look-ups, not parsing.
struct IAMPolicy {
    /// A class: the questions pass statements around by the thousand, and a reference is one
    /// retain where this many fields would be seven.
    final class Statement {
        let statement: PolicyStatement
        let document: PolicyDocument
        let actions: IAMActions
        let resources: IAMPatterns
        /// The resources with their account field made `*`, for ARNs whose account the scan does not
        /// know (`arn:aws:iam::*:role/admin`).
        let accountlessResources: IAMPatterns
        let notResources: IAMPatterns

        init(_ statement: PolicyStatement, _ document: PolicyDocument) {
            self.statement = statement
            self.document = document
            actions = IAMActions(statement)
            resources = IAMPatterns(statement.resources)
            accountlessResources = IAMPatterns(statement.resources.lazy.map { IAMPolicy.accountless($0.value) })
            notResources = IAMPatterns(statement.notResources)
        }

        /// The statement's actions cover `action` (lower-cased), through `Action` or `NotAction`.
        func covers(_ action: String) -> Bool { actions.covers(action) }

        /// Whether the statement's resources include `arn` (lower-cased; nil: every resource, so
        /// only `*` does). A Deny only counts when it surely covers the resource.
        func reaches(_ arn: String?, _ address: String?, forDeny: Bool) -> Bool {
            if !notResources.isEmpty {
                guard let arn else { return !forDeny }
                return !notResources.matches(lowercased: arn)
            }
            if resources.any { return true }
            if let address, statement.resourceReferences.contains(address) { return true }
            guard let arn else { return false }
            return IAMPolicy.accountUnknown(arn) ? accountlessResources.matches(lowercased: arn) : resources.matches(lowercased: arn)
        }
    }

    var allowing: [Statement] = []
    var denying: [Statement] = []

    init(_ documents: [PolicyDocument]) {
        for document in documents {
            for statement in document.statements {
                if statement.denies && statement.conditions.isEmpty { denying.append(Statement(statement, document)) }
                // A conditioned Allow still grants under its condition: an attacker may meet it.
                if statement.allows { allowing.append(Statement(statement, document)) }
            }
        }
    }

    var isEmpty: Bool { allowing.isEmpty && denying.isEmpty }

    /// The allowing statement's evidence, or nil when nothing allows it or a Deny overrides it.
    /// `action` and `arn` are lower-case.
    func allows(_ action: String, on arn: String?, address: String?) -> (resource: CloudResource, site: CloudSite)? {
        guard let grant = allowing.first(where: { $0.covers(action) && $0.reaches(arn, address, forDeny: false) }) else { return nil }
        if denies(action, on: arn, address: address) { return nil }
        return (grant.document.resource, grant.statement.site)
    }

    /// An unconditional Deny surely covers `action` on the resource.
    func denies(_ action: String, on arn: String?, address: String?) -> Bool {
        denying.contains { $0.covers(action) && $0.reaches(arn, address, forDeny: true) }
    }

    /// Whether anything in the policy may allow `action` on some resource: a principal none of whose
    /// statements does is not asked about each resource.
    func mayAllow(_ action: String) -> Bool { allowing.contains { $0.covers(action) } }

    /// A statement that allows `Action: *` on `Resource: *`, when no Deny takes anything back.
    func administrator() -> (resource: CloudResource, site: CloudSite)? {
        guard denying.isEmpty else { return nil }
        return allowing.first { $0.actions.actions.any && $0.resources.any }.map { ($0.document.resource, $0.statement.site) }
    }

    /// An ARN whose account field (the fifth) is `*`: the graph's names for roles and users it
    /// knows only by name. Read in place: it is asked for every principal and resource.
    static func accountUnknown(_ arn: String) -> Bool {
        var colons = 0
        var utf8 = arn.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: ":") else { continue }
            colons += 1
            if colons == 4 { return utf8.next() == UInt8(ascii: "*") && utf8.next() == UInt8(ascii: ":") }
        }
        return false
    }

    /// A pattern with its account field made `*` (`arn:aws:iam::123456789012:role/admin` becomes
    /// `arn:aws:iam::*:role/admin`): matched with an ARN whose account the scan does not know.
    static func accountless(_ pattern: String) -> String {
        var parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return pattern }
        parts[4] = "*"
        return parts.joined(separator: ":")
    }

    static let adminManagedPolicies: Set<String> = [
        "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess", "AdministratorAccess",
    ]

    /// Actions that let a principal grant itself anything (Rhino Security Labs' list).
    static let escalations = [
        "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:attachuserpolicy", "iam:attachrolepolicy",
        "iam:attachgrouppolicy", "iam:putuserpolicy", "iam:putrolepolicy", "iam:putgrouppolicy",
        "iam:updateassumerolepolicy", "iam:addusertogroup",
    ]

    /// Actions that start compute which runs as a passed role.
    static let passRoleCompute = [
        "ec2:runinstances", "lambda:createfunction", "cloudformation:createstack", "glue:createdevendpoint",
        "ecs:runtask", "ecs:registertaskdefinition", "sagemaker:createnotebookinstance", "codebuild:createproject",
        "datapipeline:createpipeline",
    ]
}

/// A data store's resource policy (bucket policy, key policy), split once by whom each statement
/// names, so that asking for the statements that concern one principal allocates nothing for the
/// many principals it does not name. A Deny for everyone concerns every principal; an Allow for
/// everyone is the public edge from the internet, not one per principal.
struct ResourcePolicy {
    /// The Deny statements for everyone (`*`, `AWS:*`).
    private var everyone = IAMPolicy([])
    /// The statements naming a principal, by `ResourcePolicy.keys`.
    private var named: [String: IAMPolicy] = [:]

    init(_ documents: [PolicyDocument]) {
        let all = IAMPolicy(documents)
        for (statement, denies) in all.allowing.map({ ($0, false) }) + all.denying.map({ ($0, true) }) {
            var keys: Set<String> = []
            for principal in statement.statement.principals.lazy.map(\.value) {
                if principal == "*" || principal == "AWS:*" {
                    if denies { everyone.denying.append(statement) }
                } else if let key = Self.key(principal) {
                    keys.insert(key)
                }
            }
            for key in keys {
                if denies { named[key, default: IAMPolicy([])].denying.append(statement) } else { named[key, default: IAMPolicy([])].allowing.append(statement) }
            }
        }
    }

    /// How a policy names a principal: `role/NAME` or `user/NAME` for an ARN, `aws/NAME` for `AWS:NAME`.
    static func key(_ principal: String) -> String? {
        for kind in ["role", "user"] {
            if let range = principal.firstRange(of: ":\(kind)/") { return kind + "/" + principal[range.upperBound...] }
        }
        return principal.hasPrefix("AWS:") ? "aws/" + principal.dropFirst(4) : nil
    }

    /// The principals some statement names (`key`).
    var namedKeys: Dictionary<String, IAMPolicy>.Keys { named.keys }

    /// The keys a policy may name `identity` by.
    static func keys(_ identity: CloudIdentity) -> [String] {
        let name = identity.name ?? identity.resource.address
        return [(identity.kind == .user ? "user/" : "role/") + name, "aws/" + name]
    }

    /// The statements that concern the principal named by `keys`.
    func naming(_ keys: [String]) -> IAMPolicy {
        var policy = everyone
        for key in keys {
            guard let statements = named[key] else { continue }
            policy.allowing += statements.allowing
            policy.denying += statements.denying
        }
        return policy
    }
}

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
        // Principals.
        var principals: [(identity: CloudIdentity, vertex: Int)] = []
        for identity in model.identities where identity.kind != .group {
            let name = identity.name ?? identity.resource.address
            let label = "\(identity.resource.provider == .aws ? "IAM " : "")\(identity.kind.rawValue) \(name)"
            let v = graph.vertex("cloud:\(identity.resource.address)", .cloudPrincipal, label, object: identity.resource.ref)
            principals.append((identity, v))
            cloudIdentities[name] = v
            cloudIdentities[identity.resource.address] = v
            if let trust = identity.trust { cloudTrust[v] = trust }
        }
        let groups = Dictionary(model.identities.filter { $0.kind == .group }.flatMap { g in [(g.resource.address, g), (g.name ?? g.resource.address, g)] }, uniquingKeysWith: { a, _ in a })
        // Data stores.
        var stores: [(vertex: Int, arn: String?, address: String, actions: [String])] = []
        for bucket in model.buckets {
            let name = bucket.name ?? bucket.resource.address
            let v = graph.vertex("cloud:\(bucket.resource.address)", .dataStore, "bucket \(name)", object: bucket.resource.ref, jewel: .dataStore)
            let arn = bucket.name.map { bucket.resource.provider == .aws ? "arn:aws:s3:::\($0)" : $0 }
            stores.append((v, arn, bucket.resource.address, ["s3:getobject"]))
            addPublicBucket(bucket, v, model, shown)
        }
        for database in model.databases {
            let v = graph.vertex("cloud:\(database.resource.address)", .dataStore, "database \(database.resource.address)", object: database.resource.ref, jewel: .dataStore)
            stores.append((v, nil, database.resource.address, ["rds-db:connect", "rds:downloaddblogfileportion", "rds:createdbsnapshot"]))
            if let open = database.publiclyAccessible, open.value {
                graph.edge(internet, v, .publicDatabase, [shown(open.resource, open.site, "publicly accessible")],
                           fix: "Turn off public access to \(database.resource.address) and reach it from inside the network.")
            }
        }
        for key in model.keys {
            let v = graph.vertex("cloud:\(key.resource.address)", .dataStore, "key \(key.resource.address)", object: key.resource.ref, jewel: .dataStore)
            stores.append((v, nil, key.resource.address, ["kms:decrypt"]))
        }
        let cloudAdmin = graph.vertex(AttackGraph.Keys.cloudAdmin, .cloudAdmin, "cloud account administrator", jewel: .cloudAdmin)
        let roles = principals.filter { $0.identity.kind == .role || $0.identity.kind == .serviceAccount }
        let users = principals.filter { $0.identity.kind == .user }
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
            for (target, targetVertex) in roles where targetVertex != v {
                let arn = target.name.map { "arn:aws:iam::*:role/\($0)" }
                if let grant = policy.allows("sts:assumerole", on: arn, address: target.resource.address), trusts(targetVertex, identity) {
                    graph.edge(v, targetVertex, .assumeRole, [shown(grant.resource, grant.site, "sts:AssumeRole")],
                               fix: "Scope sts:AssumeRole of \(identity.resource.address) to the roles it must assume, or narrow \(target.resource.address)'s trust policy.")
                }
                if let pass = policy.allows("iam:passrole", on: arn, address: target.resource.address),
                   let compute = IAMPolicy.passRoleCompute.lazy.compactMap({ a in policy.allows(a, on: nil, address: nil).map { _ in a } }).first {
                    graph.edge(v, targetVertex, .passRole, [shown(pass.resource, pass.site, "iam:PassRole with \(compute)")],
                               fix: "Scope iam:PassRole of \(identity.resource.address) to the roles its compute needs (and iam:PassedToService).")
                }
            }
            for (target, targetVertex) in users where targetVertex != v {
                let arn = target.name.map { "arn:aws:iam::*:user/\($0)" }
                if let grant = policy.allows("iam:createaccesskey", on: arn, address: target.resource.address) {
                    graph.edge(v, targetVertex, .createKey, [shown(grant.resource, grant.site, "iam:CreateAccessKey")],
                               fix: "Scope iam:CreateAccessKey of \(identity.resource.address) to its own user (${aws:username}).")
                } else if let grant = policy.allows("iam:createloginprofile", on: arn, address: target.resource.address) ?? policy.allows("iam:updateloginprofile", on: arn, address: target.resource.address) {
                    graph.edge(v, targetVertex, .loginProfile, [shown(grant.resource, grant.site, "iam:CreateLoginProfile")],
                               fix: "Scope login-profile actions of \(identity.resource.address) to its own user.")
                }
            }
            // Data it reads.
            for store in stores {
                for action in store.actions {
                    guard let grant = policy.allows(action, on: store.arn.map { action.hasPrefix("s3:get") ? $0 + "/*" : $0 }, address: store.address) else { continue }
                    graph.edge(v, store.vertex, .dataAccess, [shown(grant.resource, grant.site, action)],
                               fix: "Scope \(action) of \(identity.resource.address) to the data it needs.")
                    break
                }
            }
        }
        // Long-lived keys may leak; a function URL without auth is public.
        for key in model.accessKeys {
            guard let owner = key.owner, let user = cloudIdentities[owner] else { continue }
            graph.edge(leaked, user, .leakedKey, [shown(key.resource, key.resource.site, key.resource.address)],
                       fix: "Replace \(key.resource.address) with a role assumed through federation (OIDC, SSO).")
        }
        for function in model.functions {
            let v = graph.vertex("cloud:\(function.resource.address)", .workload, "function \(function.resource.address)", object: function.resource.ref)
            if let open = function.urls.first(where: { $0.value.uppercased() == "NONE" }) {
                graph.edge(internet, v, .publicFunction, [shown(open.resource, open.site, "authorization_type NONE")],
                           fix: "Require AWS_IAM on \(function.resource.address)'s function URL, or put it behind an authorising API.")
            }
            if let role = function.role, let roleVertex = cloudIdentities[role] {
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
                guard statement.actions.contains(where: { IAMPolicy.matches($0.value, "s3:getobject") }) else { continue }
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
    mutating func linkFederatedIdentities(_ model: CloudModel?) {
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
                   !trust.statements.contains(where: { s in s.allows && s.actions.contains { IAMPolicy.matches($0.value, "sts:assumerolewithwebidentity") } }) { continue }
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
/// the resource with `arn` (nil: on every resource), named by reference as `address`?
struct IAMPolicy {
    struct Statement {
        let statement: PolicyStatement
        let document: PolicyDocument
    }

    var allowing: [Statement] = []
    var denying: [Statement] = []

    init(_ documents: [PolicyDocument]) {
        for document in documents {
            for statement in document.statements {
                if statement.denies && statement.conditions.isEmpty { denying.append(Statement(statement: statement, document: document)) }
                // A conditioned Allow still grants under its condition: an attacker may meet it.
                if statement.allows { allowing.append(Statement(statement: statement, document: document)) }
            }
        }
    }

    /// The allowing statement's evidence, or nil when nothing allows it or a Deny overrides it.
    func allows(_ action: String, on arn: String?, address: String?) -> (resource: CloudResource, site: CloudSite)? {
        if denying.contains(where: { Self.covers($0.statement, action) && Self.reaches($0.statement, arn, address, forDeny: true) }) { return nil }
        guard let grant = allowing.first(where: { Self.covers($0.statement, action) && Self.reaches($0.statement, arn, address, forDeny: false) }) else { return nil }
        return (grant.document.resource, grant.statement.site)
    }

    /// A statement that allows `Action: *` on `Resource: *`, when no Deny takes anything back.
    func administrator() -> (resource: CloudResource, site: CloudSite)? {
        guard denying.isEmpty else { return nil }
        return allowing.first { s in s.statement.actions.contains { $0.value == "*" } && s.statement.resources.contains { $0.value == "*" } }
            .map { ($0.document.resource, $0.statement.site) }
    }

    static func covers(_ statement: PolicyStatement, _ action: String) -> Bool {
        if !statement.actions.isEmpty { return statement.actions.contains { matches($0.value, action) } }
        if !statement.notActions.isEmpty { return !statement.notActions.contains { matches($0.value, action) } }
        return false
    }

    /// Whether the statement's resources include `arn` (nil: every resource, so only `*` does).
    /// A Deny only counts when it surely covers the resource.
    static func reaches(_ statement: PolicyStatement, _ arn: String?, _ address: String?, forDeny: Bool) -> Bool {
        if !statement.notResources.isEmpty {
            guard let arn else { return !forDeny }
            return !statement.notResources.contains { matches($0.value, arn) }
        }
        if statement.resources.contains(where: { $0.value == "*" }) { return true }
        if let address, statement.resourceReferences.contains(address) { return true }
        guard let arn else { return false }
        return statement.resources.contains { matches(accountless(arn, $0.value), arn) }
    }

    /// A pattern with its account field made `*` when the ARN it is matched with does not know its
    /// account (`arn:aws:iam::*:role/admin`: the scan rarely knows account ids).
    static func accountless(_ arn: String, _ pattern: String) -> String {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[4] == "*" else { return pattern }
        var parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return pattern }
        parts[4] = "*"
        return parts.joined(separator: ":")
    }

    /// `s3:Get*` matches `s3:GetObject`, case-insensitively.
    static func matches(_ pattern: String, _ value: String) -> Bool {
        Glob(pattern.lowercased()).matches(value.lowercased())
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

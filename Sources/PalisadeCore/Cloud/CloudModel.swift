// The provider-neutral cloud model: what the rules see. Adapters (Terraform, plan JSON,
// CloudFormation) read declared resources into these entities, joining what a provider splits
// across resources (an S3 bucket's versioning, encryption, ACL, policy and public-access block;
// security group rules outside their group; policy attachments), so a rule is written once and
// never mistakes a setting declared elsewhere for a missing one.
//
// Every fact is `CloudEvidence`: the value and the resource and place it was declared at, so a finding
// points at the line the user edits, even when that is in another resource or file.

/// A fact and where it was declared.
public struct CloudEvidence<Value: Sendable>: Sendable {
    public var value: Value
    /// The resource that declares it (the bucket, or its separate versioning resource).
    public var resource: CloudResource
    public var site: CloudSite

    public init(_ value: Value, resource: CloudResource, site: CloudSite) {
        self.value = value
        self.resource = resource
        self.site = site
    }
}

/// An object store: an S3 bucket, a Cloud Storage bucket, an Azure storage container.
public struct CloudBucket: Sendable {
    public var resource: CloudResource
    /// The bucket's name when statically known.
    public var name: String?
    /// A canned ACL or grant that opens the bucket to everyone (or every authenticated user).
    public var publicGrants: [CloudEvidence<String>] = []
    /// Resource policies on the bucket.
    public var policies: [PolicyDocument] = []
    /// The bucket's public-access block, joined from wherever it is declared.
    public var publicAccessBlock: PublicAccessBlock?
    public var versioning: CloudEvidence<Bool>?
    /// Versioning is configured with a status known only at deployment: no verdict.
    public var versioningUnknown = false
    /// The default encryption's algorithm (`AES256`, `aws:kms`...), when configured.
    public var encryption: CloudEvidence<String>?
    public var encryptionKey: CloudEvidence<String>?
    public var logging: CloudEvidence<Bool>?
    /// Where the provider encrypts every object by default (S3 since January 2023, Cloud Storage,
    /// Azure): a missing configuration is then not unencrypted data.
    public var encryptedByDefault: Bool

    public init(resource: CloudResource, name: String?, encryptedByDefault: Bool) {
        self.resource = resource
        self.name = name
        self.encryptedByDefault = encryptedByDefault
    }
}

/// The four switches of an S3 public-access block; nil where not set (which means off).
public struct PublicAccessBlock: Sendable {
    public var resource: CloudResource
    public var blockPublicACLs: CloudEvidence<Bool>?
    public var ignorePublicACLs: CloudEvidence<Bool>?
    public var blockPublicPolicy: CloudEvidence<Bool>?
    public var restrictPublicBuckets: CloudEvidence<Bool>?

    public init(resource: CloudResource) { self.resource = resource }

    /// Public ACLs are neither accepted nor honoured.
    public var neutralisesACLs: Bool { ignorePublicACLs?.value == true }
    /// Public policies are not honoured (`restrict_public_buckets`) or cannot be set.
    public var neutralisesPolicies: Bool { restrictPublicBuckets?.value == true || blockPublicPolicy?.value == true }
}

/// An IAM-style policy document, as any resource declares it (identity, trust or resource policy).
public struct PolicyDocument: Sendable {
    public enum Role: String, Sendable {
        /// Attached to a user, group or role: what the principal may do.
        case identity
        /// A role's assume-role (trust) policy: who may become the role.
        case trust
        /// Attached to a resource (bucket, key, queue...): who may use it.
        case resource
    }

    public var role: Role
    /// The resource that declares the document.
    public var resource: CloudResource
    public var site: CloudSite
    public var statements: [PolicyStatement]

    public init(role: Role, resource: CloudResource, site: CloudSite, statements: [PolicyStatement]) {
        self.role = role
        self.resource = resource
        self.site = site
        self.statements = statements
    }
}

public struct PolicyStatement: Sendable {
    public var site: CloudSite
    /// `Allow` or `Deny`; nil when not statically known.
    public var effect: String?
    public var actions: [CloudEvidence<String>] = []
    public var notActions: [CloudEvidence<String>] = []
    public var resources: [CloudEvidence<String>] = []
    public var notResources: [CloudEvidence<String>] = []
    /// `Resource` entries that refer to another declared resource (`aws_s3_bucket.data.arn`), by
    /// address: not known as text before deployment, but known to be that resource.
    public var resourceReferences: [String] = []
    /// Principals as `TYPE:value` (`AWS:*`, `Service:ec2.amazonaws.com`, `*` for the bare star).
    public var principals: [CloudEvidence<String>] = []
    /// The condition operators and keys (`StringEquals:aws:SourceAccount`).
    public var conditions: [String] = []
    /// Some part could not be evaluated: the statement may grant more or less than it shows.
    public var hasUnknowns = false

    public init(site: CloudSite) { self.site = site }

    public var allows: Bool { effect == "Allow" }
    public var denies: Bool { effect == "Deny" }
}

/// A user, group or role and the policies that apply to it.
public struct CloudIdentity: Sendable {
    public enum Kind: String, Sendable { case user, group, role, serviceAccount = "service-account" }

    public var kind: Kind
    public var resource: CloudResource
    public var name: String?
    /// Inline policies and the customer-managed policies attached to it.
    public var policies: [PolicyDocument] = []
    /// Provider-managed policies attached by ARN or name (`arn:aws:iam::aws:policy/AdministratorAccess`).
    public var managedPolicies: [CloudEvidence<String>] = []
    /// A role's trust policy.
    public var trust: PolicyDocument?
    /// Groups the user belongs to (names or addresses), so group policies apply to it.
    public var groups: [String] = []

    public init(kind: Kind, resource: CloudResource, name: String?) {
        self.kind = kind
        self.resource = resource
        self.name = name
    }
}

/// A network rule: a security group rule, a VPC firewall rule, a network security group rule.
public struct FirewallRule: Sendable {
    public enum Direction: String, Sendable { case ingress, egress }

    public var resource: CloudResource
    public var site: CloudSite
    public var direction: Direction
    /// Allow (the default everywhere but Azure's deny rules and GCP's deny firewalls).
    public var allows: Bool
    /// `tcp`, `udp`, `icmp`, or `all`; nil when unknown.
    public var proto: String?
    /// The port range; nil bounds when unknown. All ports is 0...65535.
    public var ports: ClosedRange<Int>?
    /// Source (ingress) or destination (egress) address ranges as written.
    public var peers: [CloudEvidence<String>]
    /// A description of where the rule belongs (`aws_security_group.web`), for messages.
    public var group: String?

    public init(resource: CloudResource, site: CloudSite, direction: Direction, allows: Bool, proto: String?,
                ports: ClosedRange<Int>?, peers: [CloudEvidence<String>], group: String?) {
        self.resource = resource
        self.site = site
        self.direction = direction
        self.allows = allows
        self.proto = proto
        self.ports = ports
        self.peers = peers
        self.group = group
    }

    /// The peers that mean anyone on the internet.
    public var internetPeers: [CloudEvidence<String>] {
        peers.filter { CloudNetwork.isInternet($0.value) }
    }
}

public enum CloudNetwork {
    /// `0.0.0.0/0`, `::/0`, and the wildcards providers use for the same (`*`, `Internet`, `Any`).
    public static func isInternet(_ peer: String) -> Bool {
        switch peer.lowercased() {
        case "0.0.0.0/0", "::/0", "0::/0", "*", "internet", "any", "0.0.0.0": true
        default: false
        }
    }
}

/// Everything the adapters read, joined. Entities keep source order (file, then position), so
/// findings come out in a stable order.
public struct CloudModel: Sendable {
    public var sources: CloudSources
    public var resources: [CloudResource] = [] {
        didSet { typeIndex = Dictionary(grouping: resources.indices, by: { resources[$0].type }) }
    }
    /// Where each resource type's resources are in `resources`: a rule about three types reads
    /// those, not every resource of the unit.
    private var typeIndex: [String: [Int]] = [:]
    public var buckets: [CloudBucket] = []
    /// Account-wide public-access blocks (they apply to every bucket of the account).
    public var accountPublicAccessBlocks: [PublicAccessBlock] = []
    /// Every bucket-level public-access block declared, joined to a bucket or not (a separate
    /// `aws_s3_bucket_public_access_block`, or a CloudFormation bucket's own configuration).
    public var publicAccessBlocks: [PublicAccessBlock] = []
    /// The account encrypts every new EBS volume (`aws_ebs_encryption_by_default`), where declared.
    public var volumesEncryptedByDefault: CloudEvidence<Bool>?
    public var identities: [CloudIdentity] = []
    /// Every policy document, wherever it is attached (or not attached at all).
    public var policies: [PolicyDocument] = []
    public var firewallRules: [FirewallRule] = []
    public var databases: [CloudDatabase] = []
    public var instances: [CloudInstance] = []
    public var volumes: [CloudVolume] = []
    public var keys: [CloudKey] = []
    public var clusters: [CloudCluster] = []
    public var functions: [CloudFunction] = []
    public var trails: [CloudTrail] = []
    public var messaging: [CloudMessaging] = []
    public var accessKeys: [CloudAccessKey] = []
    public var credentials: [CloudCredential] = []
    public var logGroups: [CloudLogGroup] = []
    /// Function URLs, joined to their function or not.
    public var functionURLs: [CloudFunctionURL] = []

    public init(sources: CloudSources) { self.sources = sources }

    /// The resources of one type, in source order.
    public func resources(_ type: String) -> [CloudResource] { typeIndex[type]?.map { resources[$0] } ?? [] }

    /// The resources of any of `types`, in source order.
    public func resources(ofTypes types: some Sequence<String>) -> [CloudResource] {
        var positions: [Int] = []
        for type in types { positions += typeIndex[type] ?? [] }
        return positions.sorted().map { resources[$0] }
    }

    /// How many resources of `type` the unit declares.
    public func count(ofType type: String) -> Int { typeIndex[type]?.count ?? 0 }

    /// How many resources of any of `types` the unit declares.
    public func count(ofTypes types: String...) -> Int { types.reduce(0) { $0 + count(ofType: $1) } }
}

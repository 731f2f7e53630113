// The neutral model's services beyond storage, identity and network: each is what the rules need
// to know, in words that hold across providers and input forms.

/// A managed database (RDS instance or cluster, Cloud SQL, Azure SQL...).
public struct CloudDatabase: Sendable {
    public var resource: CloudResource
    public var publiclyAccessible: CloudEvidence<Bool>?
    /// Encryption at rest; nil when not set (which for RDS means unencrypted).
    public var storageEncrypted: CloudEvidence<Bool>?
    public var backupRetentionDays: CloudEvidence<Int>?
    public var deletionProtection: CloudEvidence<Bool>?
    /// Whether the engine encrypts at rest whatever the configuration (Aurora Serverless v1, Cloud SQL).
    public var encryptedByDefault = false
    /// Encryption at rest is not known from this resource: set to a value known only at deployment,
    /// or inherited (an Aurora instance's cluster, a replica's source, a restored snapshot). No verdict.
    public var storageEncryptionUnknown = false

    public init(resource: CloudResource) { self.resource = resource }
}

/// A virtual machine or a template for them.
public struct CloudInstance: Sendable {
    public var resource: CloudResource
    /// IMDSv2 tokens: `required` blocks credential theft through SSRF; nil when not configured (IMDSv1 allowed).
    public var metadataTokens: CloudEvidence<String>?
    /// The metadata endpoint is switched off altogether.
    public var metadataDisabled = false
    /// The metadata options are set to values known only at deployment: no verdict.
    public var metadataUnknown = false
    /// Block devices declared inline and whether each is encrypted (nil: not set).
    public var volumes: [(site: CloudSite, encrypted: CloudEvidence<Bool>?)] = []
    public var publicIP: CloudEvidence<Bool>?

    public init(resource: CloudResource) { self.resource = resource }
}

/// A block storage volume.
public struct CloudVolume: Sendable {
    public var resource: CloudResource
    public var encrypted: CloudEvidence<Bool>?

    public init(resource: CloudResource) { self.resource = resource }
}

/// An encryption key.
public struct CloudKey: Sendable {
    public var resource: CloudResource
    public var rotation: CloudEvidence<Bool>?
    /// Rotation is set, to a value not known before deployment: no verdict.
    public var rotationUnknown = false
    /// Asymmetric and HMAC keys cannot rotate automatically.
    public var symmetric = true
    public var policy: PolicyDocument?

    public init(resource: CloudResource) { self.resource = resource }
}

/// A managed Kubernetes control plane.
public struct CloudCluster: Sendable {
    public var resource: CloudResource
    /// Whether the API endpoint is reachable from the internet, and where that was said (nil: the
    /// provider's default, which for EKS is public).
    public var publicEndpoint: CloudEvidence<Bool>?
    public var publicEndpointDefault: Bool
    /// The address ranges allowed to reach a public endpoint (empty: the provider's default, everyone).
    public var publicCIDRs: [CloudEvidence<String>] = []
    public var secretsEncryption: CloudEvidence<Bool>?
    /// Where the endpoint's network configuration is declared (`vpc_config`, `ResourcesVpcConfig`).
    public var networkSite: CloudSite?

    public init(resource: CloudResource, publicEndpointDefault: Bool) {
        self.resource = resource
        self.publicEndpointDefault = publicEndpointDefault
    }
}

/// A serverless function.
public struct CloudFunction: Sendable {
    public var resource: CloudResource
    /// Environment variables as written: name and value.
    public var environment: [(name: String, value: CloudValue)] = []
    /// The role it runs as (address or name), when known.
    public var role: String?
    public var timeout: CloudEvidence<Int>?
    public var reservedConcurrency: CloudEvidence<Int>?
    /// Public URLs and their authorisation (`NONE` or `AWS_IAM`).
    public var urls: [CloudEvidence<String>] = []

    public init(resource: CloudResource) { self.resource = resource }
}

/// A function's public URL (`aws_lambda_function_url`, `AWS::Lambda::Url`, SAM's `FunctionUrlConfig`).
public struct CloudFunctionURL: Sendable {
    public var resource: CloudResource
    /// The authorisation it requires (`NONE` or `AWS_IAM`), when known.
    public var authorization: CloudEvidence<String>?

    public init(resource: CloudResource) { self.resource = resource }
}

/// An audit log trail.
public struct CloudTrail: Sendable {
    public var resource: CloudResource
    public var multiRegion: CloudEvidence<Bool>?
    public var logValidation: CloudEvidence<Bool>?
    public var kmsKey: CloudEvidence<String>?

    public init(resource: CloudResource) { self.resource = resource }
}

/// A message queue or topic.
public struct CloudMessaging: Sendable {
    public enum Kind: String, Sendable { case queue, topic }
    public var kind: Kind
    public var resource: CloudResource
    public var kmsKey: CloudEvidence<String>?
    /// Provider-managed encryption switched on or off explicitly (SQS `sqs_managed_sse_enabled`).
    public var managedEncryption: CloudEvidence<Bool>?
    public var policies: [PolicyDocument] = []

    public init(kind: Kind, resource: CloudResource) {
        self.kind = kind
        self.resource = resource
    }
}

/// A long-lived credential declared as a resource (an IAM access key, a service account key).
public struct CloudAccessKey: Sendable {
    public var resource: CloudResource
    /// The user or service account it belongs to, when known.
    public var owner: String?

    public init(resource: CloudResource) { self.resource = resource }
}

/// A literal credential written into configuration (a provider block, a parameter).
public struct CloudCredential: Sendable {
    public var resource: CloudResource
    /// The attribute it is written in (`secret_key`, `password`).
    public var attribute: String
    public var value: CloudEvidence<String>

    public init(resource: CloudResource, attribute: String, value: CloudEvidence<String>) {
        self.resource = resource
        self.attribute = attribute
        self.value = value
    }
}

/// Log groups and their retention.
public struct CloudLogGroup: Sendable {
    public var resource: CloudResource
    /// Days; nil is never expire.
    public var retentionDays: CloudEvidence<Int>?

    public init(resource: CloudResource) { self.resource = resource }
}

extension CloudModel {
    /// Masks a secret for messages: at most the first two and last two characters.
    public static func mask(_ secret: String) -> String {
        let characters = Array(secret)
        guard characters.count > 8 else { return String(repeating: "*", count: max(characters.count, 4)) }
        return String(characters.prefix(2)) + "…" + String(characters.suffix(2))
    }
}

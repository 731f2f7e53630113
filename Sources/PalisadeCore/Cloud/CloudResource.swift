/// Which language a cloud resource was declared in.
public enum CloudFormat: String, Sendable {
    case terraform
    case terraformPlan = "terraform-plan"
    case cloudFormation = "cloudformation"
}

public enum CloudProvider: String, Sendable, Comparable {
    case aws, google, azure, other

    public init(resourceType type: String) {
        if type.hasPrefix("aws_") || type.hasPrefix("AWS::") { self = .aws }
        else if type.hasPrefix("google_") { self = .google }
        else if type.hasPrefix("azurerm_") || type.hasPrefix("azuread_") { self = .azure }
        else { self = .other }
    }

    public static func < (a: CloudProvider, b: CloudProvider) -> Bool { a.rawValue < b.rawValue }
}

/// One declared cloud resource instance, as its source spells it: the type (`aws_s3_bucket`,
/// `AWS::S3::Bucket`), its address (`module.logs.aws_s3_bucket.this[0]`, or a CloudFormation
/// logical id) and its evaluated attributes. Adapters read these into the provider-neutral model.
public final class CloudResource: Sendable {
    public let type: String
    public let address: String
    public let format: CloudFormat
    public let provider: CloudProvider
    /// Where a finding about something missing points: the resource's name (label or logical id).
    public let site: CloudSite
    /// Attributes in the source's own spelling; nested blocks are lists of objects under their type.
    public let attributes: CloudValue
    /// The object reports name: its file, the type as kind and the address as name.
    public let ref: ObjectRef
    /// The unit it is deployed with, inside which addresses are unique and references resolve: the
    /// root module's folder (Terraform), the template or the plan file. Two roots may each hold an
    /// `aws_iam_role.app`; they are two roles, and no join crosses from one to the other.
    public let scope: String

    public init(type: String, address: String, format: CloudFormat, site: CloudSite, attributes: CloudValue,
                lines: ClosedRange<Int>?, sources: CloudSources, scope: String? = nil) {
        self.type = type
        self.address = address
        self.format = format
        self.provider = CloudProvider(resourceType: type)
        self.site = site
        self.attributes = attributes
        let file = sources.file(site.file)
        self.scope = scope ?? file.projectPath
        self.ref = ObjectRef(file: file.display, projectPath: file.projectPath,
                             identity: ResourceIdentity(apiVersion: format.rawValue, kind: type, name: address), lines: lines)
    }

    /// A setting's name as this resource's language spells it, for messages
    /// (`storage_encrypted` in Terraform, `StorageEncrypted` in CloudFormation).
    public func named(_ terraform: String, _ cloudFormation: String) -> String {
        format == .cloudFormation ? cloudFormation : terraform
    }

    /// The attribute, if set (a null attribute is as good as absent in Terraform).
    public subscript(key: String) -> CloudValue? {
        guard let value = attributes[key], !value.isNull else { return nil }
        return value
    }
}

extension CloudSources {
    public func file(_ index: Int32) -> File {
        index >= 0 && Int(index) < files.count ? files[Int(index)] : File(display: "<unknown>", projectPath: "<unknown>")
    }
}

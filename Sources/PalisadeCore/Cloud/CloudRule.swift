/// A rule over the joined cloud model. Like an estate rule it sees every resource at once, since
/// what a resource means often depends on others (a bucket and its public-access block).
public protocol CloudRule: Sendable {
    var description: RuleDescription { get }
    func check(_ model: CloudModel, _ report: inout CloudReporter)
}

/// What a cloud rule uses to report: ordinary `Finding`s on the resource (kind the resource type,
/// name its address), at the site of the evidence, which may lie in another file than the
/// resource's block (a local in `locals.tf`): the finding then names that file.
public struct CloudReporter {
    public let rule: RuleDescription
    public let settings: RuleSettings
    public let sources: CloudSources
    public private(set) var findings: [Finding] = []
    /// Repeated paths numbered per resource (`#2`, `#3`), as the other families' reporters do.
    private var paths: [String: UniquePaths] = [:]
    /// Objects for evidence outside the resource's own file, one per (resource, file).
    private var elsewhere: [String: ObjectRef] = [:]

    public init(rule: RuleDescription, settings: RuleSettings = RuleSettings(), sources: CloudSources) {
        self.rule = rule
        self.settings = settings
        self.sources = sources
    }

    /// Reports on `resource` at `site`. `path` names the place inside the resource by content
    /// (`ingress[22]`, `policy.Statement[0].Action`), never by line, for stable fingerprints.
    public mutating func report(_ resource: CloudResource, at site: CloudSite, path: String, message: String, severity: Severity? = nil) {
        let unique = paths[resource.address, default: UniquePaths()].unique(path)
        var object = resource.ref
        var range = site.range
        if site.file < 0 {
            range = resource.site.range
        } else if site.file != resource.site.file {
            let file = sources.file(site.file)
            let key = resource.address + "\u{0}" + file.projectPath
            if let known = elsewhere[key] { object = known } else {
                object = ObjectRef(file: file.display, projectPath: file.projectPath, identity: resource.ref.identity)
                elsewhere[key] = object
            }
        }
        findings.append(Finding(rule: rule, severity: severity, message: message, object: object, range: range, path: unique))
    }

    /// Reports evidence on the resource that declares it.
    public mutating func report<T>(_ evidence: CloudEvidence<T>, path: String, message: String, severity: Severity? = nil) {
        report(evidence.resource, at: evidence.site, path: path, message: message, severity: severity)
    }

    /// Reports something missing from `resource`: at its name.
    public mutating func reportMissing(_ resource: CloudResource, path: String, message: String, severity: Severity? = nil) {
        report(resource, at: resource.site, path: path, message: message, severity: severity)
    }
}

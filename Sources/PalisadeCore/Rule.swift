import Synchronization

/// Everything a user, a report or a test needs to know about a rule. Kept next to the rule's logic.
/// A class, so that handing it to every finding reporter costs one reference, not a copy.
public final class RuleDescription: Sendable {
    /// The character that marks, in a bad example, the exact key or value a finding must point at.
    public static let marker: Character = "↓"

    public let id: String
    public let title: String
    public let severity: Severity
    public let pattern: ThreatPattern
    public let controls: [Control]
    /// MITRE ATT&CK technique ids, such as `T1611`.
    public let mitre: [String]
    /// The classes of resources the rule examines. A rule that found nothing is evidence only when
    /// the scan held one of them; the compliance check reads this (which compliance controls a
    /// rule evidences is kept in the framework catalogues, `PalisadeCompliance`, not here).
    public let appliesTo: Set<ResourceClass>
    /// Settings without which the rule stays silent (it never guesses): a run without them did not
    /// really check what the rule checks.
    public let requiredSettings: [RuleSettings.Key]
    /// Set when the rule judges only some objects of its classes (ingress-nginx Ingresses, meshed
    /// workloads): the scan then counts those, so a rule that had none to judge is not evidence.
    public let scope: RuleScope?
    public let rationale: String
    public let remediation: String
    public let references: [String]
    /// Inputs the rule must stay silent on.
    public var goodExamples: [String] { examples.value.good }
    /// Inputs the rule must report, with a marker before each place a finding points at.
    public var badExamples: [String] { examples.value.bad }
    private let examples: Examples
    /// What the rule reads, which decides how its examples are parsed and shown.
    public let input: RuleInput

    public convenience init(
        id: String, title: String, severity: Severity, pattern: ThreatPattern, controls: [Control],
        mitre: [String] = [], appliesTo: Set<ResourceClass> = [.workload], requiredSettings: [RuleSettings.Key] = [],
        scope: RuleScope? = nil, rationale: String, remediation: String, references: [String] = [], goodExamples: [String], badExamples: [String],
        input: RuleInput = .kubernetes
    ) {
        self.init(id: id, title: title, severity: severity, pattern: pattern, controls: controls, mitre: mitre, appliesTo: appliesTo,
                  requiredSettings: requiredSettings, scope: scope, rationale: rationale, remediation: remediation, references: references,
                  input: input, examples: Examples(good: goodExamples, bad: badExamples))
    }

    /// A rule whose examples are generated (the secret detectors'): made on first use, since only
    /// `palisade rules`, the docs and the tests read them and a scan should not pay for them.
    public convenience init(
        id: String, title: String, severity: Severity, pattern: ThreatPattern, controls: [Control],
        mitre: [String] = [], appliesTo: Set<ResourceClass>, rationale: String, remediation: String, references: [String] = [],
        input: RuleInput, examples: @escaping @Sendable () -> (good: [String], bad: [String])
    ) {
        self.init(id: id, title: title, severity: severity, pattern: pattern, controls: controls, mitre: mitre, appliesTo: appliesTo,
                  requiredSettings: [], scope: nil, rationale: rationale, remediation: remediation, references: references,
                  input: input, examples: Examples(examples))
    }

    private init(
        id: String, title: String, severity: Severity, pattern: ThreatPattern, controls: [Control], mitre: [String],
        appliesTo: Set<ResourceClass>, requiredSettings: [RuleSettings.Key], scope: RuleScope?, rationale: String,
        remediation: String, references: [String], input: RuleInput, examples: Examples
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.pattern = pattern
        self.controls = controls
        self.mitre = mitre
        self.appliesTo = appliesTo
        self.requiredSettings = requiredSettings
        self.scope = scope
        self.rationale = rationale
        self.remediation = remediation
        self.references = references
        self.input = input
        self.examples = examples
    }

    /// A rule's examples, given or made once on first use.
    private final class Examples: Sendable {
        private let make: (@Sendable () -> (good: [String], bad: [String]))?
        private let made: Mutex<(good: [String], bad: [String])?>

        init(good: [String], bad: [String]) {
            make = nil
            made = Mutex((good, bad))
        }

        init(_ make: @escaping @Sendable () -> (good: [String], bad: [String])) {
            self.make = make
            made = Mutex(nil)
        }

        var value: (good: [String], bad: [String]) {
            made.withLock { made in
                if let made { return made }
                let value = make!()
                made = value
                return value
            }
        }
    }

    /// The same rule at another default severity: what a severity override in the configuration
    /// makes of it, so every report describes the rule as it was run.
    public func with(severity: Severity) -> RuleDescription {
        with(severity: severity, scope: scope)
    }

    /// The same rule judging only what `scope` counts (for rule templates, whose instances know
    /// their scope only once configured).
    public func with(scope: RuleScope) -> RuleDescription {
        with(severity: severity, scope: scope)
    }

    private func with(severity: Severity, scope: RuleScope?) -> RuleDescription {
        RuleDescription(id: id, title: title, severity: severity, pattern: pattern, controls: controls, mitre: mitre, appliesTo: appliesTo,
                        requiredSettings: requiredSettings, scope: scope, rationale: rationale, remediation: remediation,
                        references: references, input: input, examples: examples)
    }
}

/// Which objects a rule really judges, for the few rules that judge fewer than their resource
/// classes hold. The scanner counts them (`ScanResult.judged`); other rules are counted by class.
public enum RuleScope: Sendable {
    /// The objects this is true of. Tested once per object, for these rules only.
    case objects(@Sendable (KubernetesObject) -> Bool)
    /// How many objects of the joined estate the (estate) rule judges.
    case estate(@Sendable (Estate) -> Int)
    /// How many resources of the cloud model the (cloud) rule judges: a password-policy rule has
    /// nothing to judge in a scan without a password policy, whatever else the scan held.
    case cloud(@Sendable (CloudModel) -> Int)
}

/// The input family a rule reads.
public enum RuleInput: String, Sendable {
    /// Kubernetes objects (object and estate rules); examples are YAML.
    case kubernetes
    /// Dockerfiles; examples are Dockerfiles.
    case dockerfile
    /// The bytes of any text file (secret detection); examples are plain text.
    case text
    /// The cloud model; examples are Terraform modules (one file), or CloudFormation templates
    /// when they start like one (`AWSTemplateFormatVersion`, `Resources:`).
    case cloud
    /// GitHub Actions workflows; examples are workflow YAML.
    case workflow
    /// GitLab CI configurations; examples are `.gitlab-ci.yml` files.
    case gitlabCI

    /// The Markdown code-fence language of the rule's examples (for cloud rules, HCL's).
    public var fence: String {
        switch self {
        case .kubernetes, .workflow, .gitlabCI: "yaml"
        case .dockerfile: "dockerfile"
        case .text: "text"
        case .cloud: "hcl"
        }
    }

    /// The code-fence language of one example: a cloud rule's CloudFormation examples are YAML
    /// (or JSON), its Terraform ones HCL.
    public func fence(for example: String) -> String {
        guard self == .cloud, Self.isCloudFormationExample(example) else { return fence }
        return example.hasPrefix("{") ? "json" : "yaml"
    }

    /// A cloud example that is a CloudFormation template: it starts like one
    /// (`AWSTemplateFormatVersion`, `Resources:`, SAM's `Transform:`, or `{` for JSON, which HCL never starts with).
    public static func isCloudFormationExample(_ text: String) -> Bool {
        text.hasPrefix("AWSTemplateFormatVersion") || text.hasPrefix("Resources:") || text.hasPrefix("Transform:") || text.hasPrefix("{")
    }
}

/// A rule over one Kubernetes object. Rules are values without state, safe to run concurrently.
public protocol KubernetesRule: Sendable {
    var description: RuleDescription { get }
    func check(_ object: KubernetesObject, _ report: inout FindingReporter)
}

/// What a rule uses to report: it fills in the rule's metadata, the file and the resource.
public struct FindingReporter {
    public let rule: RuleDescription
    public let object: KubernetesObject
    public let settings: RuleSettings
    public private(set) var findings: [Finding] = []

    /// `findings` are the ones found so far: new ones are appended to them, so a scanner can pass
    /// one array through every rule (hand it over and take it back with `takeFindings`) instead of
    /// copying each rule's findings.
    public init(rule: RuleDescription, object: KubernetesObject, settings: RuleSettings = RuleSettings(), findings: [Finding] = []) {
        self.rule = rule
        self.object = object
        self.settings = settings
        self.findings = findings
    }

    /// The findings, leaving the reporter empty.
    public mutating func takeFindings() -> [Finding] {
        let taken = findings
        findings = []
        return taken
    }

    /// Reports a finding spanning `range`, at `path` inside the resource.
    public mutating func report(
        _ range: SourceRange, path: String, message: String, severity: Severity? = nil
    ) {
        findings.append(Finding(rule: rule, severity: severity, message: message, object: object.ref, range: range, path: path))
    }

    /// Reports a mapping entry: the span runs from its key to the end of its value.
    public mutating func report(
        _ entry: Node.Entry, path: String, message: String, severity: Severity? = nil
    ) {
        report(SourceRange(start: entry.key.range.start, end: entry.value.range.end),
               path: path, message: message, severity: severity)
    }
}

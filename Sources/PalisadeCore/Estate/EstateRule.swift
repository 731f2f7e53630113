/// A rule over the whole estate: it runs once, when the walk ends, over the joined facts of every
/// object, and sees across objects and files (a Service exposing a privileged pod, a binding to a
/// role that does not exist). Written like an object rule: one file, a description, and good and
/// bad examples whose documents together form the estate.
public protocol EstateRule: Sendable {
    var description: RuleDescription { get }
    func check(_ estate: Estate, _ report: inout EstateReporter)
}

/// What an estate rule uses to report: it names the object a finding is about.
public struct EstateReporter {
    public let rule: RuleDescription
    public let settings: RuleSettings
    public private(set) var findings: [Finding] = []

    public init(rule: RuleDescription, settings: RuleSettings = RuleSettings()) {
        self.rule = rule
        self.settings = settings
    }

    /// Reports a finding on `object` spanning `range`, at `path` inside it.
    public mutating func report(
        _ object: ObjectRef, _ range: SourceRange, path: String, message: String, severity: Severity? = nil
    ) {
        findings.append(Finding(rule: rule, severity: severity, message: message, object: object, range: range, path: path))
    }
}

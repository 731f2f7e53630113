/// The version every output reports.
public enum PalisadeVersion {
    public static let current = "0.1.0"
}

/// How much a scan read.
public struct ScanStatistics: Sendable, Hashable {
    public var filesScanned = 0
    /// Files looked at and left alone because Palisade reads no such format.
    public var filesSkipped = 0
    public var documents = 0
    public var objects = 0
    /// YAML documents that are not Kubernetes objects (CI files, values, compose files...).
    public var otherDocuments = 0

    public init() {}

    public mutating func add(_ other: ScanStatistics) {
        filesScanned += other.filesScanned
        filesSkipped += other.filesSkipped
        documents += other.documents
        objects += other.objects
        otherDocuments += other.otherDocuments
    }
}

/// Everything one scan found, in the deterministic order every report uses.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var diagnostics: [Diagnostic]
    /// The rules that ran.
    public var rules: [RuleDescription]
    public var statistics: ScanStatistics
    public var timings = PhaseTimings()

    public init(findings: [Finding] = [], diagnostics: [Diagnostic] = [], rules: [RuleDescription] = [], statistics: ScanStatistics = ScanStatistics()) {
        self.findings = findings
        self.diagnostics = diagnostics
        self.rules = rules
        self.statistics = statistics
    }

    public var inputErrors: [Diagnostic] { diagnostics.filter { $0.level == .error } }

    /// Findings at or above `threshold` and not suppressed: the ones that fail a CI run.
    public func failing(at threshold: Severity) -> [Finding] {
        findings.filter { $0.severity >= threshold && $0.suppression == nil }
    }

    /// Findings accepted by a suppression (reported, never failing).
    public var suppressedCount: Int { findings.reduce(0) { $0 + ($1.suppression != nil ? 1 : 0) } }

    /// Unsuppressed findings of `severity`.
    public func count(_ severity: Severity) -> Int {
        findings.reduce(0) { $0 + ($1.severity == severity && $1.suppression == nil ? 1 : 0) }
    }

    /// The rule that produced `finding`.
    public func rule(for finding: Finding) -> RuleDescription? {
        rules.first { $0.id == finding.ruleId }
    }
}

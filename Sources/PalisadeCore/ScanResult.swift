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
    /// Objects per `ResourceClass`, indexed by its raw value: what a compliance check needs to know
    /// whether a rule had anything to examine. Kept as a fixed array, so counting an object is an
    /// increment, never an allocation.
    public private(set) var objectsByClass = [Int](repeating: 0, count: ResourceClass.allCases.count)

    public init() {}

    /// Counts one object of `identity`'s class (the `objects` total is the caller's).
    public mutating func count(_ identity: ResourceIdentity) {
        objectsByClass[ResourceClass(identity).rawValue] += 1
    }

    /// The objects of `resourceClass` the scan read.
    public func objects(of resourceClass: ResourceClass) -> Int { objectsByClass[resourceClass.rawValue] }

    public mutating func add(_ other: ScanStatistics) {
        filesScanned += other.filesScanned
        filesSkipped += other.filesSkipped
        documents += other.documents
        objects += other.objects
        otherDocuments += other.otherDocuments
        for i in objectsByClass.indices { objectsByClass[i] += other.objectsByClass[i] }
    }
}

/// Everything one scan found, in the deterministic order every report uses.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var diagnostics: [Diagnostic]
    /// The rules that ran.
    public var rules: [RuleDescription]
    public var statistics: ScanStatistics
    /// For each rule with a `scope`, how many objects it judged (rules without one judge every
    /// object of their classes, counted in `statistics`).
    public var judged: [String: Int] = [:]
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

    /// Whether any unsuppressed finding is at or above `threshold` (no array is built).
    public func hasFailing(at threshold: Severity) -> Bool {
        findings.contains { $0.severity >= threshold && $0.suppression == nil }
    }

    /// Findings accepted by a suppression (reported, never failing).
    public var suppressedCount: Int { findings.reduce(0) { $0 + ($1.suppression != nil ? 1 : 0) } }

    /// Unsuppressed findings of `severity`.
    public func count(_ severity: Severity) -> Int {
        findings.reduce(0) { $0 + ($1.severity == severity && $1.suppression == nil ? 1 : 0) }
    }

    /// Findings per severity and per attack pattern, counted in one pass. Reports take this once
    /// instead of calling `count(_:)` or `failing(at:)` per number they print; the numbers are
    /// theirs (severities and failing count unsuppressed findings, patterns and the total all).
    public func counts() -> FindingCounts {
        var c = FindingCounts()
        for f in findings {
            if f.suppression == nil {
                c.bySeverity[f.severity.rawValue] += 1
                c.byPattern[FindingCounts.index(of: f.pattern)] += 1
            } else {
                c.suppressed += 1
            }
        }
        c.total = findings.count
        return c
    }

    /// Every rule by id (the first when two share one, as `rule(for:)` finds).
    public func rulesById() -> [String: RuleDescription] {
        Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// How many findings a result has per severity and per attack pattern.
public struct FindingCounts: Sendable, Hashable {
    /// Unsuppressed findings, indexed by `Severity.rawValue` (as `ScanResult.count(_:)`).
    public var bySeverity = [Int](repeating: 0, count: Severity.allCases.count)
    /// Unsuppressed findings, indexed as `ThreatPattern.allCases`.
    public var byPattern = [Int](repeating: 0, count: ThreatPattern.allCases.count)
    /// All findings, suppressed ones included.
    public var total = 0
    /// Findings accepted by a suppression.
    public var suppressed = 0

    public init() {}

    /// Unsuppressed findings of `severity`.
    public func count(_ severity: Severity) -> Int { bySeverity[severity.rawValue] }

    public func count(_ pattern: ThreatPattern) -> Int { byPattern[Self.index(of: pattern)] }

    /// Unsuppressed findings at or above `threshold` (as `ScanResult.failing(at:).count`).
    public func failing(at threshold: Severity) -> Int {
        bySeverity[threshold.rawValue...].reduce(0, +)
    }

    /// The position of `pattern` in `ThreatPattern.allCases`.
    public static func index(of pattern: ThreatPattern) -> Int {
        switch pattern {
        case .credentialCompromise: 0
        case .exposure: 1
        case .supplyChain: 2
        case .lateralMovement: 3
        case .availability: 4
        }
    }
}

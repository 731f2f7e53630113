/// The version every output reports.
public enum PalisadeVersion {
    public static let current = "0.1.0"
}

/// Where the project lives on the web: the one place reports take links from (SARIF's `helpUri`
/// and `informationUri`, the Markdown summary's rule links). The rule pages are the generated
/// `docs/rules/<id>.md` of the repository, so a rule's link always shows the page this build's
/// `palisade rules --write-docs` wrote; a fork publishing its own docs changes these two lines.
public enum PalisadeLinks {
    /// The project's home page.
    public static let repository = "https://github.com/palisade-dev/palisade"
    /// The published rule documentation, `docs/rules/` of the main branch.
    public static let rulesBase = repository + "/blob/main/docs/rules/"

    /// The page that explains one rule.
    public static func rule(_ id: String) -> String { rulesBase + id + ".md" }
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

    /// Counts `n` objects of a class known without looking (every cloud resource is `.cloud`).
    public mutating func count(_ resourceClass: ResourceClass, _ n: Int) {
        objectsByClass[resourceClass.rawValue] += n
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
    /// The canonical project root that findings' project paths are relative to.
    public var root: String?
    /// The joined estate and the cloud models (one per deployment unit), when the scan was asked to
    /// keep them (the attack graph is built from them).
    public var estate: Estate?
    public var cloud: [CloudModel] = []
    /// The attack paths the scan's estate holds and the few fixes that break the most of them
    /// ("fix these first"), when findings were ranked by risk.
    public var attackPaths: AttackPathSummary?

    public init(findings: [Finding] = [], diagnostics: [Diagnostic] = [], rules: [RuleDescription] = [], statistics: ScanStatistics = ScanStatistics()) {
        self.findings = findings
        self.diagnostics = diagnostics
        self.rules = rules
        self.statistics = statistics
    }

    public var inputErrors: [Diagnostic] { diagnostics.filter { $0.level == .error } }

    /// Whether the scan found nothing to check: no Kubernetes object in any file (none given, none
    /// of a format Palisade reads, or every file failed to parse). Reports must not call that passing.
    public var readNothing: Bool { statistics.objects == 0 && statistics.objects(of: .file) == 0 }

    /// Keeps only the findings of `severities` (a report-only filter: the rules still ran).
    public mutating func keepOnly(_ severities: Set<Severity>) {
        findings.removeAll { !severities.contains($0.severity) }
    }

    /// Findings at or above `threshold`, neither suppressed nor in the baseline: the ones that fail a CI run.
    public func failing(at threshold: Severity) -> [Finding] {
        findings.filter { $0.severity >= threshold && !$0.isAccepted }
    }

    /// Whether any finding that is not accepted is at or above `threshold` (no array is built).
    public func hasFailing(at threshold: Severity) -> Bool {
        findings.contains { $0.severity >= threshold && !$0.isAccepted }
    }

    /// Findings accepted by a suppression (reported, never failing).
    public var suppressedCount: Int { findings.reduce(0) { $0 + ($1.suppression != nil ? 1 : 0) } }

    /// Findings of `severity`, neither suppressed nor in the baseline.
    public func count(_ severity: Severity) -> Int {
        findings.reduce(0) { $0 + ($1.severity == severity && !$1.isAccepted ? 1 : 0) }
    }

    /// Findings per severity and per attack pattern, counted in one pass. Reports take this once
    /// instead of calling `count(_:)` or `failing(at:)` per number they print; the numbers are
    /// theirs (severities, patterns and failing count the findings that are not accepted, the total all).
    public func counts() -> FindingCounts {
        var c = FindingCounts()
        for f in findings {
            if f.suppression != nil {
                c.suppressed += 1
            } else if f.baseline == .unchanged {
                c.inBaseline += 1
            } else {
                c.bySeverity[f.severity.rawValue] += 1
                c.byPattern[FindingCounts.index(of: f.pattern)] += 1
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
    /// Findings neither suppressed nor in the baseline, indexed by `Severity.rawValue` (as `ScanResult.count(_:)`).
    public var bySeverity = [Int](repeating: 0, count: Severity.allCases.count)
    /// Findings neither suppressed nor in the baseline, indexed as `ThreatPattern.allCases`.
    public var byPattern = [Int](repeating: 0, count: ThreatPattern.allCases.count)
    /// All findings, suppressed ones and those in the baseline included.
    public var total = 0
    /// Findings accepted by a suppression.
    public var suppressed = 0
    /// Unsuppressed findings already in the baseline (`--baseline`).
    public var inBaseline = 0

    public init() {}

    /// Findings of `severity`, neither suppressed nor in the baseline.
    public func count(_ severity: Severity) -> Int { bySeverity[severity.rawValue] }

    public func count(_ pattern: ThreatPattern) -> Int { byPattern[Self.index(of: pattern)] }

    /// Findings at or above `threshold` that are not accepted (as `ScanResult.failing(at:).count`).
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

/// What text and Markdown reports open with: how many attack paths the estate holds, and the
/// changes that break the most of them.
public struct AttackPathSummary: Sendable {
    public struct Fix: Sendable {
        public let text: String
        /// How many of the paths it breaks.
        public let paths: Int

        public init(text: String, paths: Int) {
            self.text = text
            self.paths = paths
        }
    }

    /// One attack path, as reports draw it.
    public struct Path: Sendable {
        public struct Step: Sendable {
            /// The vertex the step reaches.
            public let to: String
            /// `escapes to the node`, and its ATT&CK id.
            public let technique: String
            public let attack: String?
            /// `privileged: true at k8s/agent.yaml:12`, the first piece of evidence.
            public let evidence: String?

            public init(to: String, technique: String, attack: String?, evidence: String?) {
                self.to = to
                self.technique = technique
                self.attack = attack
                self.evidence = evidence
            }
        }

        public let entry: String
        public let target: String
        /// `cluster-admin`, `node root`...
        public let jewel: String
        /// Percent.
        public let likelihood: Int
        public let steps: [Step]
        public let fix: String?

        public init(entry: String, target: String, jewel: String, likelihood: Int, steps: [Step], fix: String?) {
            self.entry = entry
            self.target = target
            self.jewel = jewel
            self.likelihood = likelihood
            self.steps = steps
            self.fix = fix
        }

        /// `the internet -> cluster-admin (6 steps)`.
        public var line: String { "\(entry) -> \(target) (\(steps.count) step\(steps.count == 1 ? "" : "s"))" }
    }

    public let paths: Int
    /// One line per path, best first: `the internet -> cluster-admin (6 steps)`.
    public var top: [String] { details.prefix(3).map(\.line) }
    /// The paths, best first.
    public let details: [Path]
    public let fixes: [Fix]

    /// `3 attack paths reach crown jewels (palisade paths shows them): the internet -> cluster-admin (6 steps), ...`
    public static func headline(_ summary: AttackPathSummary) -> String {
        "\(summary.paths) attack path\(summary.paths == 1 ? "" : "s") reach crown jewels (`palisade paths` shows each step): "
            + summary.top.joined(separator: "; ") + (summary.paths > summary.top.count ? "; and \(summary.paths - summary.top.count) more" : "") + "."
    }

    public init(paths: [Path], fixes: [Fix]) {
        self.paths = paths.count
        self.details = paths
        self.fixes = fixes
    }
}

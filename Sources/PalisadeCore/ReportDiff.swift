/// One finding as a JSON report carries it: what `palisade diff` compares and shows.
public struct ReportedFinding: Sendable, Equatable {
    /// 32 lower-case hex digits.
    public var fingerprint: String
    public var ruleId: String
    public var severity: Severity
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    /// `Kind/namespace/name`.
    public var resource: String
    public var suppressed: Bool

    public init(fingerprint: String, ruleId: String, severity: Severity, message: String, file: String,
                line: Int, column: Int, resource: String, suppressed: Bool = false) {
        self.fingerprint = fingerprint
        self.ruleId = ruleId
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.resource = resource
        self.suppressed = suppressed
    }
}

/// What changed between two JSON reports, by fingerprint (`palisade diff OLD NEW`): fingerprints
/// hold no line numbers, so a finding on a moved resource is unchanged, not fixed and new again.
public struct ReportDiff: Sendable {
    /// Findings of the new report whose fingerprint the old one does not have, in the new report's order.
    public var new: [ReportedFinding]
    /// Findings of the old report whose fingerprint the new one does not have, in the old report's order.
    public var fixed: [ReportedFinding]
    /// Findings of the new report whose fingerprint the old one has.
    public var unchanged: Int

    public init(old: [ReportedFinding], new: [ReportedFinding]) {
        let before = Set(old.map(\.fingerprint))
        let after = Set(new.map(\.fingerprint))
        self.new = new.filter { !before.contains($0.fingerprint) }
        self.fixed = old.filter { !after.contains($0.fingerprint) }
        self.unchanged = new.count - self.new.count
    }

    /// New findings at or above `threshold` that are not suppressed: the ones that fail `diff`.
    public func failing(at threshold: Severity) -> [ReportedFinding] {
        new.filter { $0.severity >= threshold && !$0.suppressed }
    }
}

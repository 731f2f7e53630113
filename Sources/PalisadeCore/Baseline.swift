/// Whether a finding was already known when the baseline was made (`palisade scan --baseline`).
public enum BaselineState: UInt8, Sendable {
    /// Not in the baseline: introduced since, reported and failing as usual.
    case new
    /// In the baseline: carried in JSON and SARIF, counted apart in the other reports, never failing.
    case unchanged

    /// The name JSON and SARIF (`baselineState`) use.
    public var name: String { self == .new ? "new" : "unchanged" }
}

/// The findings a team has accepted as they stand, by fingerprint, so a scan can report only what
/// is new (`palisade baseline create`, `.palisade-baseline.json`, schema `docs/baseline-schema.json`).
/// Fingerprints never include line numbers, so moving or re-indenting a resource keeps its entries;
/// rule, file, resource and message are there for the people who review the file.
public struct Baseline: Sendable, Equatable {
    /// The format's version; a reader accepts any minor version of its major one.
    public static let version = "1.0"
    /// Where `baseline create` writes by default, at the project root.
    public static let defaultFileName = ".palisade-baseline.json"

    public struct Entry: Sendable, Equatable {
        public var fingerprint: Digest128
        public var ruleId: String
        /// The project path (relative to the project root), as the fingerprint hashes it.
        public var file: String
        /// `Kind/namespace/name`.
        public var resource: String
        public var message: String

        public init(fingerprint: Digest128, ruleId: String, file: String, resource: String, message: String) {
            self.fingerprint = fingerprint
            self.ruleId = ruleId
            self.file = file
            self.resource = resource
            self.message = message
        }
    }

    /// One entry per fingerprint, sorted by file, resource, rule and fingerprint: a deterministic
    /// order that does not move when resources move inside a file.
    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The result's unsuppressed findings (suppressed ones are accepted already, with their reason).
    public init(_ result: ScanResult) {
        var entries = result.findings.lazy.filter { $0.suppression == nil }.map {
            Entry(fingerprint: $0.digest, ruleId: $0.ruleId, file: $0.object.projectPath,
                  resource: $0.resource.display, message: $0.message)
        }.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.resource != b.resource { return a.resource < b.resource }
            if a.ruleId != b.ruleId { return a.ruleId < b.ruleId }
            if a.fingerprint != b.fingerprint { return a.fingerprint < b.fingerprint }
            return a.message < b.message
        }
        var seen = Set<Digest128>()
        entries.removeAll { !seen.insert($0.fingerprint).inserted }
        self.entries = entries
    }

    public var fingerprints: Set<Digest128> { Set(entries.map(\.fingerprint)) }
}

extension ScanResult {
    /// Marks every finding `new` or `unchanged` against `baseline` (suppressed ones too, so SARIF
    /// can say which were known; a suppression still wins in every report).
    public mutating func apply(_ baseline: Baseline) {
        let known = baseline.fingerprints
        for i in findings.indices {
            findings[i].baseline = known.contains(findings[i].digest) ? .unchanged : .new
        }
    }
}

/// Which object a finding is about.
public struct ResourceIdentity: Hashable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var namespace: String?
    public var name: String?

    public init(apiVersion: String = "", kind: String, namespace: String? = nil, name: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind/namespace/name`, with the parts that are missing left out.
    public var display: String {
        [kind, namespace, name].compactMap { $0 }.joined(separator: "/")
    }
}

/// The object a finding is about and the file it sits in: made once per object and shared by
/// every finding on it, so a finding holds one reference instead of copies of five strings.
public final class ObjectRef: Sendable {
    public let file: String
    /// The file's path relative to the project root: what fingerprints and SARIF use, so they do not
    /// depend on how the scan named the file (see `ScanFile.projectPath`).
    public let projectPath: String
    public let identity: ResourceIdentity
    /// The template the object was rendered from (`helm template`'s `# Source:`), if known.
    public let renderedFrom: String?
    /// The lines the object's document spans in its file (its root node, first to last line), so
    /// `--changed-since` can tell whether a changed hunk touches it; nil when unknown.
    public let lines: ClosedRange<Int>?

    public init(file: String, projectPath: String? = nil, identity: ResourceIdentity, renderedFrom: String? = nil,
                lines: ClosedRange<Int>? = nil) {
        self.file = file
        self.projectPath = projectPath ?? file
        self.identity = identity
        self.renderedFrom = renderedFrom
        self.lines = lines
    }
}

/// Why a finding is accepted, and where that was said. A class: findings hold it by reference, so
/// the many unsuppressed ones stay small to move and sort.
public final class Suppression: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A `palisade.dev/ignore` annotation on the object.
        case annotation
        /// A `# palisade:ignore` comment in the file, on the finding's line or above its block.
        case comment
        /// An entry of the ignore file (`.palisadeignore.yaml`), outside the scanned files.
        case ignoreFile = "ignore-file"

        /// Written next to what it accepts (SARIF's `inSource`), rather than apart (`external`).
        public var isInSource: Bool { self != .ignoreFile }
    }

    public let kind: Kind
    public let reason: String
    /// Where the suppression is written.
    public let location: SourceLocation
    /// The last day (UTC) it accepts findings, when it has one.
    public let expires: CalendarDay?

    public init(kind: Kind, reason: String, location: SourceLocation, expires: CalendarDay? = nil) {
        self.kind = kind
        self.reason = reason
        self.location = location
        self.expires = expires
    }
}

/// One thing an attacker could use, at one place. Compact: rule metadata and the object are shared
/// references, the fingerprint is 16 bytes; only the message and the path are the finding's own.
public struct Finding: Sendable {
    public let rule: RuleDescription
    public var severity: Severity
    /// Set by `--baseline`: whether the finding was known when the baseline was made. Declared
    /// next to `severity` so it takes the padding after it and the finding does not grow.
    public var baseline: BaselineState?
    /// Real risk, 0 to 100, from severity, exposure to the internet and what the attack graph says
    /// the finding leads to (`palisade scan` ranks by it); 0 when not scored. Next to `severity`
    /// too, in the same padding.
    public var risk: UInt8 = 0
    public var message: String
    public let object: ObjectRef
    public var range: SourceRange
    /// Where inside the resource, by names rather than positions: `spec.containers[web].securityContext.privileged`.
    /// Fixed at creation, as the fingerprint is computed from it.
    public let path: String
    /// Stable across edits elsewhere in the file and across checkouts: rule, project path, resource
    /// identity and path inside it, never a line number.
    public let digest: Digest128
    /// Set when the finding is accepted; suppressed findings are reported as such, never dropped,
    /// and never fail a run.
    public var suppression: Suppression?

    public init(rule: RuleDescription, severity: Severity? = nil, message: String, object: ObjectRef, range: SourceRange, path: String) {
        self.rule = rule
        self.severity = severity ?? rule.severity
        self.message = message
        self.object = object
        self.range = range
        self.path = path
        let id = object.identity
        self.digest = Fingerprint.digest([rule.id, object.projectPath, id.kind, id.namespace ?? "", id.name ?? "", path])
    }

    public var ruleId: String { rule.id }
    public var pattern: ThreatPattern { rule.pattern }
    /// One line: what to change.
    public var remediation: String { rule.remediation }
    public var location: SourceLocation { SourceLocation(file: object.file, range: range) }
    public var resource: ResourceIdentity { object.identity }
    public var renderedFrom: String? { object.renderedFrom }
    /// The fingerprint as 32 hex digits.
    public var fingerprint: String { digest.hex }
    public var isSuppressed: Bool { suppression != nil }
    /// Suppressed, or already in the baseline: reported apart, never failing, and left out of the
    /// counts by severity and attack pattern.
    public var isAccepted: Bool { suppression != nil || baseline == .unchanged }

    /// The order every report uses: file, position, rule, path (then anything left, so the order is
    /// total and never depends on which worker found what).
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.object !== b.object {
            if a.object.file != b.object.file { return a.object.file < b.object.file }
        }
        if a.range.start != b.range.start { return a.range.start < b.range.start }
        if a.rule !== b.rule && a.rule.id != b.rule.id { return a.rule.id < b.rule.id }
        if a.path != b.path { return a.path < b.path }
        if a.digest != b.digest { return a.digest < b.digest }
        return a.message < b.message
    }
}

/// A 128-bit digest.
public struct Digest128: Hashable, Comparable, Sendable {
    public var hi: UInt64
    public var lo: UInt64

    public init(hi: UInt64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }

    public static func < (a: Digest128, b: Digest128) -> Bool { a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo }

    /// 32 lower-case hex digits, high half first.
    public var hex: String {
        var bytes = [UInt8](repeating: 0, count: 32)
        let digits = Array("0123456789abcdef".utf8)
        for i in 0..<16 {
            bytes[15 - i] = digits[Int((hi >> (UInt64(i) * 4)) & 0xF)]
            bytes[31 - i] = digits[Int((lo >> (UInt64(i) * 4)) & 0xF)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses 32 hex digits (either case), as `hex` writes them; nil for anything else.
    public init?(hex: some StringProtocol) {
        let digits = Array(hex.utf8)
        guard digits.count == 32 else { return nil }
        var halves: [UInt64] = [0, 0]
        for (i, d) in digits.enumerated() {
            let value: UInt8
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = d - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = d - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = d - UInt8(ascii: "A") + 10
            default: return nil
            }
            halves[i / 16] = halves[i / 16] << 4 | UInt64(value)
        }
        self.init(hi: halves[0], lo: halves[1])
    }
}

/// A 128-bit FNV-1a digest, written as 32 hex digits. Not cryptographic: it only has to be stable
/// across runs, platforms and versions, which Swift's `Hasher` is not.
public enum Fingerprint {
    public static func of(_ parts: [String]) -> String { digest(parts).hex }

    public static func digest(_ parts: [String]) -> Digest128 {
        var lo: UInt64 = 0xcbf2_9ce4_8422_2325
        var hi: UInt64 = 0x6c62_272e_07bb_0142
        for (i, part) in parts.enumerated() {
            if i > 0 { mix(0x1f, &lo, &hi) }  // unit separator, so ["ab","c"] != ["a","bc"]
            for byte in part.utf8 { mix(byte, &lo, &hi) }
        }
        return Digest128(hi: hi, lo: lo)
    }

    private static func mix(_ byte: UInt8, _ lo: inout UInt64, _ hi: inout UInt64) {
        lo = (lo ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        hi = (hi ^ UInt64(byte) ^ (lo >> 29)) &* 0x0000_0100_0000_01b3
    }
}

/// Something about the input rather than about the estate: a file that could not be read or parsed
/// (an error), or a file that was recognised but deliberately not scanned as it is (a note).
public struct Diagnostic: Sendable, Hashable {
    public enum Level: String, Sendable, Comparable {
        case note, warning, error

        private var order: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Level, b: Level) -> Bool { a.order < b.order }
    }

    /// A stable kebab-case identifier of what happened, such as `yaml-syntax` or `helm-chart`.
    public var code: String
    public var level: Level
    public var file: String
    public var position: SourcePosition?
    public var message: String

    public init(code: String, level: Level, file: String, position: SourcePosition? = nil, message: String) {
        self.code = code
        self.level = level
        self.file = file
        self.position = position
        self.message = message
    }

    public static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        let pa = a.position ?? SourcePosition(line: 0, column: 0)
        let pb = b.position ?? SourcePosition(line: 0, column: 0)
        if pa != pb { return pa < pb }
        if a.code != b.code { return a.code < b.code }
        return a.message < b.message
    }
}

extension Array where Element == Finding {
    /// Sorts into `Finding.reportOrder`. Most comparisons are settled by file, line and column, so
    /// those are packed into one integer per finding first and the findings are moved once, at the
    /// end; only ties fall back to the full comparison.
    public mutating func sortForReport() {
        guard count > 1 else { return }
        let files = Set(lazy.map(\.object.file)).sorted()
        guard files.count < 1 << 20 else { return sort(by: Finding.reportOrder) }
        let rank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, UInt64($0)) })
        var keys: [(key: UInt64, index: Int)] = []
        keys.reserveCapacity(count)
        var lastObject: ObjectRef?
        var lastRank: UInt64 = 0
        for (i, f) in enumerated() {
            let start = f.range.start
            guard start.line >= 0, start.line < 1 << 28, start.column >= 0, start.column < 1 << 16 else {
                return sort(by: Finding.reportOrder)
            }
            if f.object !== lastObject {
                lastObject = f.object
                lastRank = rank[f.object.file]!
            }
            keys.append((lastRank << 44 | UInt64(start.line) << 16 | UInt64(start.column), i))
        }
        keys.sort { a, b in
            a.key != b.key ? a.key < b.key : Finding.reportOrder(self[a.index], self[b.index])
        }
        self = keys.map { self[$0.index] }
    }
}

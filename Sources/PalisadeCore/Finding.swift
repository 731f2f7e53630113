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

/// One thing an attacker could use, at one place.
public struct Finding: Sendable {
    public var ruleId: String
    public var severity: Severity
    public var pattern: ThreatPattern
    public var message: String
    /// One line: what to change.
    public var remediation: String
    public var location: SourceLocation
    public var resource: ResourceIdentity
    /// Where inside the resource, by names rather than positions: `spec.containers[web].securityContext.privileged`.
    public var path: String
    /// Stable across edits elsewhere in the file: rule, file, resource identity and path, never a line number.
    public var fingerprint: String
    /// The template the resource was rendered from (`helm template`'s `# Source:`), if known.
    public var renderedFrom: String?

    public init(
        ruleId: String, severity: Severity, pattern: ThreatPattern, message: String, remediation: String,
        location: SourceLocation, resource: ResourceIdentity, path: String
    ) {
        self.ruleId = ruleId
        self.severity = severity
        self.pattern = pattern
        self.message = message
        self.remediation = remediation
        self.location = location
        self.resource = resource
        self.path = path
        self.fingerprint = Fingerprint.of([
            ruleId, location.file, resource.kind, resource.namespace ?? "", resource.name ?? "", path,
        ])
    }

    /// The order every report uses: file, position, rule, path (then anything left, so the order is
    /// total and never depends on which worker found what).
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        if a.location.range.start != b.location.range.start { return a.location.range.start < b.location.range.start }
        if a.ruleId != b.ruleId { return a.ruleId < b.ruleId }
        if a.path != b.path { return a.path < b.path }
        if a.fingerprint != b.fingerprint { return a.fingerprint < b.fingerprint }
        return a.message < b.message
    }
}

/// A 128-bit FNV-1a digest, written as 32 hex digits. Not cryptographic: it only has to be stable
/// across runs, platforms and versions, which Swift's `Hasher` is not.
public enum Fingerprint {
    public static func of(_ parts: [String]) -> String {
        var lo: UInt64 = 0xcbf2_9ce4_8422_2325
        var hi: UInt64 = 0x6c62_272e_07bb_0142
        for (i, part) in parts.enumerated() {
            if i > 0 { mix(0x1f, &lo, &hi) }  // unit separator, so ["ab","c"] != ["a","bc"]
            for byte in part.utf8 { mix(byte, &lo, &hi) }
        }
        return hex(hi) + hex(lo)
    }

    private static func mix(_ byte: UInt8, _ lo: inout UInt64, _ hi: inout UInt64) {
        lo = (lo ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        hi = (hi ^ UInt64(byte) ^ (lo >> 29)) &* 0x0000_0100_0000_01b3
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
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

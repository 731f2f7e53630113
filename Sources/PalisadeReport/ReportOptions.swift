import PalisadeCore

/// What every formatter needs beyond the result.
public struct ReportOptions: Sendable {
    /// Findings at or above this severity fail the run.
    public var failOn: Severity
    /// ANSI colours in text output.
    public var colour: Bool
    /// Text and Markdown list suppressed findings (reason, where the suppression is written) only
    /// when asked; otherwise one line counts them. JSON, SARIF and JUnit always include them.
    public var showSuppressed: Bool

    public init(failOn: Severity = .high, colour: Bool = false, showSuppressed: Bool = false) {
        self.failOn = failOn
        self.colour = colour
        self.showSuppressed = showSuppressed
    }
}

/// The output formats, each a pure function of the result.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, markdown

    /// The whole report in memory (tests, small results). Same bytes as `write(_:options:to:)`.
    public func render(_ result: ScanResult, options: ReportOptions) -> String {
        var out = ReportWriter()
        write(result, options: options, into: &out)
        return out.string
    }

    /// Streams the report to a file descriptor (left open), finding by finding, in chunks of
    /// about 256 KiB; throws `ReportWriteError` when a write fails.
    public func write(_ result: ScanResult, options: ReportOptions, to fd: Int32) throws {
        var out = ReportWriter(fd: fd)
        write(result, options: options, into: &out)
        try out.finish()
    }

    /// Appends the report to `out`.
    public func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        switch self {
        case .text: TextReport(result: result, options: options).write(into: &out)
        case .json: JSONReport.write(result, options: options, into: &out)
        case .sarif: SARIFReport.write(result, options: options, into: &out)
        case .junit: JUnitReport.write(result, options: options, into: &out)
        case .markdown: MarkdownReport.write(result, options: options, into: &out)
        }
    }
}

extension FindingCounts {
    /// "3 findings (1 critical, 2 high), 1 suppressed": suppressed findings are counted apart.
    func summary() -> String {
        let parts = Severity.allCases.reversed().compactMap { s -> String? in
            let n = count(s)
            return n > 0 ? "\(n) \(s.name)" : nil
        }
        let active = total - suppressed
        let head = "\(active) finding\(active == 1 ? "" : "s")"
        let text = parts.isEmpty ? head : "\(head) (\(parts.joined(separator: ", ")))"
        return suppressed > 0 ? "\(text), \(suppressed) suppressed" : text
    }
}

extension ScanResult {
    /// Indices of the findings grouped by attack pattern in the threat model's order, most severe
    /// first in each and report order within a severity: one pass, a bucket per pattern and severity.
    func findingsByPattern() -> [(ThreatPattern, [Int])] {
        let severities = Severity.allCases.count
        var buckets = [[Int]](repeating: [], count: ThreatPattern.allCases.count * severities)
        for (i, f) in findings.enumerated() where f.suppression == nil {
            buckets[FindingCounts.index(of: f.pattern) * severities + f.severity.rawValue].append(i)
        }
        return ThreatPattern.allCases.enumerated().compactMap { p, pattern in
            var group: [Int] = []
            for s in (0..<severities).reversed() { group += buckets[p * severities + s] }
            return group.isEmpty ? nil : (pattern, group)
        }
    }
}

extension ScanResult {
    /// Indices of the suppressed findings, in report order.
    func suppressedFindings() -> [Int] {
        findings.indices.filter { findings[$0].suppression != nil }
    }
}

extension Suppression {
    /// How text and Markdown say where it is written: "comment at k8s/a.yaml:12:5, expires 2027-03-01".
    var whereDisplay: String {
        var s = "\(kind.rawValue) at \(location.display)"
        if let expires { s += ", expires \(expires)" }
        return s
    }

    /// "3 findings suppressed (--show-suppressed lists them)": what text and Markdown print without the flag.
    static func countLine(_ n: Int, flag: String = "--show-suppressed") -> String {
        n == 1 ? "1 finding suppressed (\(flag) lists it)" : "\(n) findings suppressed (\(flag) lists them)"
    }
}

extension ReportWriter {
    /// `file:line:column`.
    mutating func location(_ l: SourceLocation) {
        text(l.file)
        byte(UInt8(ascii: ":"))
        int(l.range.start.line)
        byte(UInt8(ascii: ":"))
        int(l.range.start.column)
    }

    /// `Finding.whereDisplay`: `file:line:column`, then ` (from template)` when known.
    mutating func whereDisplay(_ f: Finding) {
        location(f.location)
        if let template = f.renderedFrom {
            write(" (from ")
            text(template)
            byte(UInt8(ascii: ")"))
        }
    }

    /// `ResourceIdentity.display`: `Kind/namespace/name` without the missing parts.
    mutating func resource(_ r: ResourceIdentity) {
        text(r.kind)
        if let namespace = r.namespace { byte(UInt8(ascii: "/")); text(namespace) }
        if let name = r.name { byte(UInt8(ascii: "/")); text(name) }
    }
}

extension SourceLocation {
    /// `file:line:column`.
    var display: String { "\(file):\(range.start.line):\(range.start.column)" }
}

extension Finding {
    /// `file:line:column`, followed by the template it was rendered from when known.
    var whereDisplay: String {
        renderedFrom.map { "\(location.display) (from \($0))" } ?? location.display
    }
}

extension Diagnostic {
    var locationDisplay: String {
        guard let position else { return file }
        return "\(file):\(position.line):\(position.column)"
    }
}

import PalisadeCore

/// What every formatter needs beyond the result.
public struct ReportOptions: Sendable {
    /// Findings at or above this severity fail the run.
    public var failOn: Severity
    /// ANSI colours in text output.
    public var colour: Bool
    /// List the findings already in the baseline in text and Markdown, instead of only counting them.
    public var showBaseline: Bool
    /// Text output with one line per finding: no fix lines (`--compact`).
    public var compact: Bool
    /// Whether the run as a whole succeeded, as the CLI decided before writing the reports: false
    /// when it exits 3 (`--strict` with input errors, or the scan could not run). SARIF reports it
    /// as `invocations[].executionSuccessful`.
    public var executionSuccessful = true
    /// SARIF `automationDetails.id`: GitHub code scanning tells runs (and their alerts) apart by it.
    public var sarifCategory: String?
    /// Where `helm template`'s `# Source:` paths start, relative to the project root (the folder
    /// that holds the chart); SARIF locations of rendered findings point at `templateBase/Source`.
    public var templateBase: String?
    /// Where the full report is published (a CI artefact, a job log): the Markdown summary links it.
    public var markdownLink: String?
    /// The most characters a Markdown report may have before it is summarised; GitHub refuses
    /// comments over 65,536 characters, and the budget leaves room for text around the report.
    /// nil: never summarised (the report is streamed whole).
    public var markdownBudget: Int? = MarkdownReport.defaultBudget

    /// Text and Markdown list suppressed findings (reason, where the suppression is written) only
    /// when asked; otherwise one line counts them. JSON, SARIF and JUnit always include them.
    public var showSuppressed: Bool

    public init(failOn: Severity = .high, colour: Bool = false, showSuppressed: Bool = false, showBaseline: Bool = false, compact: Bool = false) {
        self.failOn = failOn
        self.colour = colour
        self.showSuppressed = showSuppressed
        self.showBaseline = showBaseline
        self.compact = compact
    }
}

/// The output formats, each a pure function of the result.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, markdown, html

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
        case .html: HTMLReport.write(result, options: options, into: &out)
        }
    }
}

extension FindingCounts {
    /// "N findings in the baseline" with what that means, for the reports that do not list them.
    var baselineLine: String {
        "\(inBaseline) finding\(inBaseline == 1 ? "" : "s") in the baseline, not shown and not failing (--show-baseline lists them)"
    }

    /// "3 findings (1 critical, 2 high), 1 suppressed": suppressed findings (and those in the
    /// baseline, which have a line of their own) are counted apart.
    func summary() -> String {
        let parts = Severity.allCases.reversed().compactMap { s -> String? in
            let n = count(s)
            return n > 0 ? "\(n) \(s.name)" : nil
        }
        let active = total - suppressed - inBaseline
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
        for (i, f) in findings.enumerated() where !f.isAccepted {
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
    /// Why nothing was scanned, for the reports and the terminal, or nil when something was: a
    /// scan that checked nothing must never read as passing.
    public var nothingScannedReason: String? {
        guard readNothing else { return nil }
        let s = statistics
        let errors = inputErrors.count
        let files = "\(s.filesScanned) file\(s.filesScanned == 1 ? "" : "s")"
        let what = s.filesScanned == 0
            ? "no Kubernetes manifest, Terraform, CloudFormation template, Dockerfile or CI workflow was found" + (s.filesSkipped > 0 ? " (\(s.filesSkipped) other file\(s.filesSkipped == 1 ? "" : "s") skipped)" : "")
            : errors >= s.filesScanned ? "every file failed to read or parse (\(files))"
            : "no Kubernetes object, cloud resource, Dockerfile or CI workflow was found in \(files)" + (errors > 0 ? " (\(errors) could not be read or parsed)" : "")
        return "Nothing scanned: \(what), so nothing was checked. Check the paths and excludes."
    }

    /// `3 findings (1 critical, 2 high) in 12 objects from 5 files; 1 input error`: the text
    /// report's summary, and the line the terminal gets when every report goes to a file.
    public func summaryLine() -> String {
        let s = statistics
        var line = "\(counts().summary()) in \(s.objects) object\(s.objects == 1 ? "" : "s") from \(s.filesScanned) file\(s.filesScanned == 1 ? "" : "s")"
        let errors = inputErrors.count
        if errors > 0 { line += "; \(errors) input error\(errors == 1 ? "" : "s")" }
        return line
    }

    /// `Failing: 2 findings at or above high.`, `Passing: ...` or `Nothing scanned: ...`.
    public func verdict(failOn: Severity) -> String {
        if let nothing = nothingScannedReason { return nothing }
        let failing = counts().failing(at: failOn)
        return failing > 0
            ? "Failing: \(failing) finding\(failing == 1 ? "" : "s") at or above \(failOn.name)."
            : "Passing: nothing at or above \(failOn.name)."
    }
}

extension ScanResult {
    /// Indices of the suppressed findings, in report order.
    func suppressedFindings() -> [Int] {
        findings.indices.filter { findings[$0].suppression != nil }
    }

    /// Indices of the unsuppressed findings already in the baseline, in report order.
    func baselineFindings() -> [Int] {
        findings.indices.filter { findings[$0].suppression == nil && findings[$0].baseline == .unchanged }
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

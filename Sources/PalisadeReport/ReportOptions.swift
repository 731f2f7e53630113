import PalisadeCore

/// What every formatter needs beyond the result.
public struct ReportOptions: Sendable {
    /// Findings at or above this severity fail the run.
    public var failOn: Severity
    /// ANSI colours in text output.
    public var colour: Bool

    public init(failOn: Severity = .high, colour: Bool = false) {
        self.failOn = failOn
        self.colour = colour
    }
}

/// The output formats, each a pure function of the result.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, markdown

    public func render(_ result: ScanResult, options: ReportOptions) -> String {
        switch self {
        case .text: TextReport(result: result, options: options).render()
        case .json: JSONReport.render(result, options: options)
        case .sarif: SARIFReport.render(result, options: options)
        case .junit: JUnitReport.render(result, options: options)
        case .markdown: MarkdownReport.render(result, options: options)
        }
    }
}

extension ScanResult {
    /// "3 findings (1 critical, 2 high)".
    func findingSummary() -> String {
        let parts = Severity.allCases.reversed().compactMap { s -> String? in
            let n = count(s)
            return n > 0 ? "\(n) \(s.name)" : nil
        }
        let head = "\(findings.count) finding\(findings.count == 1 ? "" : "s")"
        return parts.isEmpty ? head : "\(head) (\(parts.joined(separator: ", ")))"
    }

    /// Findings grouped by attack pattern in the threat model's order, most severe first in each.
    func findingsByPattern() -> [(ThreatPattern, [Finding])] {
        ThreatPattern.allCases.compactMap { pattern in
            let group = findings.filter { $0.pattern == pattern }
            guard !group.isEmpty else { return nil }
            // A stable sort on severity keeps the report order inside each severity.
            let ordered = group.enumerated().sorted {
                $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset
            }.map(\.element)
            return (pattern, ordered)
        }
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

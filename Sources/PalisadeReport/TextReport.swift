import PalisadeCore

/// The report for people at a terminal: findings grouped by attack pattern, a one-line fix each,
/// input problems, and a summary with the verdict.
public struct TextReport {
    let result: ScanResult
    let options: ReportOptions

    public init(result: ScanResult, options: ReportOptions) {
        self.result = result
        self.options = options
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", yellow = "33", blue = "34", magenta = "35", cyan = "36", green = "32"
    }

    func paint(_ s: String, _ styles: Style...) -> String {
        guard options.colour else { return s }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + s + "\u{1B}[0m"
    }

    func label(_ severity: Severity) -> String {
        let text = severity.name.uppercased().padding(8)
        switch severity {
        case .critical: return paint(text, .bold, .magenta)
        case .high: return paint(text, .bold, .red)
        case .medium: return paint(text, .yellow)
        case .low: return paint(text, .blue)
        case .info: return paint(text, .dim)
        }
    }

    public func render() -> String {
        var out = ReportWriter()
        write(into: &out)
        return out.string
    }

    /// The escape sequence that starts `styles`, when colour is on.
    func start(_ styles: Style..., into out: inout ReportWriter) {
        guard options.colour else { return }
        out.write("\u{1B}[")
        for (i, style) in styles.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ";")) }
            out.text(style.rawValue)
        }
        out.byte(UInt8(ascii: "m"))
    }

    /// The reset after `start`, when colour is on.
    func reset(into out: inout ReportWriter) {
        if options.colour { out.write("\u{1B}[0m") }
    }

    /// A finding's first line (severity, location, rule) and the start of its second (`resource: `),
    /// which every section shares; the caller writes what follows.
    /// A finding's first line: severity, where, rule; then (or, compact, on the same line) the resource.
    /// Suppressed and baseline findings leave out the risk: it does not rank what is accepted.
    func head(_ f: Finding, labels: [String], compact: Bool = false, risk: Bool = true, into out: inout ReportWriter) {
        out.write("  ")
        out.text(labels[f.severity.rawValue])
        out.byte(UInt8(ascii: " "))
        start(.cyan, into: &out)
        out.whereDisplay(f)
        reset(into: &out)
        out.write("  ")
        out.text(f.ruleId)
        if risk && f.risk > 0 {
            out.write("  risk ")
            out.int(Int(f.risk))
        }
        out.write(compact ? "  " : "\n           ")
        out.resource(f.resource)
        out.write(": ")
    }

    public func write(into out: inout ReportWriter) {
        // The five labels, painted once.
        let labels = Severity.allCases.map(label)
        if let paths = result.attackPaths, paths.paths > 0 {
            out.text(paint("Fix these first", .bold))
            out.write("  ")
            out.text(paint(AttackPathSummary.headline(paths), .dim))
            out.byte(UInt8(ascii: "\n"))
            for (i, fix) in paths.fixes.enumerated() {
                out.write("  ")
                out.int(i + 1)
                out.write(". ")
                out.text(fix.text)
                out.write(" ")
                out.text(paint("Breaks \(fix.paths) of \(paths.paths).", .dim))
                out.byte(UInt8(ascii: "\n"))
            }
            out.byte(UInt8(ascii: "\n"))
        }
        for (pattern, group) in result.findingsByPattern() {
            out.text(paint("\(pattern.title) (\(group.count))", .bold))
            out.write("  ")
            out.text(paint(pattern.question, .dim))
            out.byte(UInt8(ascii: "\n"))
            for i in group {
                let f = result.findings[i]
                head(f, labels: labels, compact: options.compact, into: &out)
                out.text(f.message)
                if options.compact {
                    out.byte(UInt8(ascii: "\n"))
                    out.flushIfNeeded()
                    continue
                }
                out.write("\n           ")
                start(.green, into: &out)
                out.write("fix: ")
                out.text(f.remediation)
                reset(into: &out)
                out.byte(UInt8(ascii: "\n"))
                out.flushIfNeeded()
            }
            out.byte(UInt8(ascii: "\n"))
        }
        let suppressed = result.suppressedFindings()
        if !suppressed.isEmpty && !options.showSuppressed {
            out.text(paint(Suppression.countLine(suppressed.count), .dim))
            out.write("\n\n")
        } else if !suppressed.isEmpty {
            out.text(paint("Suppressed (\(suppressed.count))", .bold))
            out.write("  ")
            out.text(paint("accepted with a reason; they do not fail the run", .dim))
            out.byte(UInt8(ascii: "\n"))
            for i in suppressed {
                let f = result.findings[i]
                head(f, labels: labels, risk: false, into: &out)
                out.text(f.suppression!.reason)
                out.write(" (")
                out.text(f.suppression!.whereDisplay)
                out.write(")\n")
                out.flushIfNeeded()
            }
            out.byte(UInt8(ascii: "\n"))
        }
        let counts = result.counts()
        if counts.inBaseline > 0 {
            if options.showBaseline {
                out.text(paint("In the baseline (\(counts.inBaseline))", .bold))
                out.write("  ")
                out.text(paint("known when the baseline was made; they do not fail the run", .dim))
                out.byte(UInt8(ascii: "\n"))
                for i in result.baselineFindings() {
                    let f = result.findings[i]
                    head(f, labels: labels, risk: false, into: &out)
                    out.text(f.message)
                    out.byte(UInt8(ascii: "\n"))
                    out.flushIfNeeded()
                }
            } else {
                out.text(paint(counts.baselineLine + ".", .dim))
                out.byte(UInt8(ascii: "\n"))
            }
            out.byte(UInt8(ascii: "\n"))
        }
        let inputs = result.diagnostics
        if !inputs.isEmpty {
            out.text(paint("Input (\(inputs.count))", .bold))
            out.byte(UInt8(ascii: "\n"))
            for d in inputs {
                let level = d.level == .error ? paint("error  ", .red) : d.level == .warning ? paint("warning", .yellow) : paint("note   ", .dim)
                out.write("  ")
                out.text(level)
                out.byte(UInt8(ascii: " "))
                out.text(paint(d.locationDisplay, .cyan))
                out.write("  ")
                out.text(d.code)
                out.write(": ")
                out.text(d.message)
                out.byte(UInt8(ascii: "\n"))
                out.flushIfNeeded()
            }
            out.byte(UInt8(ascii: "\n"))
        }
        out.text(result.summaryLine())
        out.write(".\n")
        let verdict = result.verdict(failOn: options.failOn)
        if result.readNothing {
            out.text(paint(verdict, .bold, .yellow))
        } else if result.hasFailing(at: options.failOn) {
            out.text(paint(verdict, .bold, .red))
        } else {
            out.text(paint(verdict, .green))
        }
        out.byte(UInt8(ascii: "\n"))
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

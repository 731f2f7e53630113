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
        var out = ""
        for (pattern, findings) in result.findingsByPattern() {
            out += paint("\(pattern.title) (\(findings.count))", .bold) + "  " + paint(pattern.question, .dim) + "\n"
            for f in findings {
                out += "  \(label(f.severity)) \(paint(f.whereDisplay, .cyan))  \(f.ruleId)\n"
                out += "           \(f.resource.display): \(f.message)\n"
                out += "           " + paint("fix: \(f.remediation)", .green) + "\n"
            }
            out += "\n"
        }
        let inputs = result.diagnostics
        if !inputs.isEmpty {
            out += paint("Input (\(inputs.count))", .bold) + "\n"
            for d in inputs {
                let level = d.level == .error ? paint("error  ", .red) : d.level == .warning ? paint("warning", .yellow) : paint("note   ", .dim)
                out += "  \(level) \(paint(d.locationDisplay, .cyan))  \(d.code): \(d.message)\n"
            }
            out += "\n"
        }
        let s = result.statistics
        var summary = "\(result.findingSummary()) in \(s.objects) object\(s.objects == 1 ? "" : "s") from \(s.filesScanned) file\(s.filesScanned == 1 ? "" : "s")"
        let errors = result.inputErrors.count
        if errors > 0 { summary += "; \(errors) input error\(errors == 1 ? "" : "s")" }
        out += summary + ".\n"
        let failing = result.failing(at: options.failOn).count
        out += failing > 0
            ? paint("Failing: \(failing) finding\(failing == 1 ? "" : "s") at or above \(options.failOn.name).", .bold, .red) + "\n"
            : paint("Passing: nothing at or above \(options.failOn.name).", .green) + "\n"
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

import PalisadeCore

/// A pull-request comment: verdict first, then findings by attack pattern, then how to fix.
public enum MarkdownReport {
    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        var out = "## Palisade: \(result.findingSummary())\n\n"
        let failing = result.failing(at: options.failOn).count
        if failing > 0 {
            out += "**Failing:** \(failing) finding\(failing == 1 ? "" : "s") at or above **\(options.failOn.name)**.\n\n"
        } else {
            out += "**Passing:** nothing at or above **\(options.failOn.name)**.\n\n"
        }
        let s = result.statistics
        out += "Scanned \(s.objects) Kubernetes objects in \(s.filesScanned) files.\n"
        for (pattern, findings) in result.findingsByPattern() {
            out += "\n### \(pattern.title) (\(findings.count))\n\n_\(pattern.question)_\n\n"
            out += "| Severity | Rule | Resource | Location | Finding |\n|---|---|---|---|---|\n"
            for f in findings {
                out += "| \(f.severity.name) | `\(f.ruleId)` | \(cell(f.resource.display)) | `\(cell(f.whereDisplay))` | \(cell(f.message)) |\n"
            }
        }
        let used = result.rules.filter { rule in result.findings.contains { $0.ruleId == rule.id } }
        if !used.isEmpty {
            out += "\n<details><summary>How to fix</summary>\n\n"
            for rule in used {
                out += "- **`\(rule.id)`** (\(rule.title)): \(cell(rule.remediation))\n"
            }
            out += "\n</details>\n"
        }
        let inputs = result.diagnostics.filter { $0.level != .note }
        if !inputs.isEmpty {
            out += "\n### Input problems (\(inputs.count))\n\n"
            for d in inputs {
                out += "- \(d.level.rawValue) `\(cell(d.locationDisplay))` \(d.code): \(cell(d.message))\n"
            }
        }
        return out
    }

    /// Text safe inside a table cell: pipes escaped, newlines and HTML brackets neutralised.
    static func cell(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }
}

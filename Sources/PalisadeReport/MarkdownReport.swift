import PalisadeCore

/// A pull-request comment: verdict first, then findings by attack pattern, then how to fix.
public enum MarkdownReport {
    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        ReportFormat.markdown.render(result, options: options)
    }

    public static func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        let counts = result.counts()
        out.write("## Palisade: ")
        out.text(counts.summary())
        out.write("\n\n")
        let failing = counts.failing(at: options.failOn)
        if failing > 0 {
            out.write("**Failing:** ")
            out.int(failing)
            out.write(failing == 1 ? " finding" : " findings")
            out.write(" at or above **")
            out.text(options.failOn.name)
            out.write("**.\n\n")
        } else {
            out.write("**Passing:** nothing at or above **")
            out.text(options.failOn.name)
            out.write("**.\n\n")
        }
        let s = result.statistics
        out.write("Scanned ")
        out.int(s.objects)
        out.write(" Kubernetes objects in ")
        out.int(s.filesScanned)
        out.write(" files.\n")
        for (pattern, group) in result.findingsByPattern() {
            out.write("\n### ")
            out.text(pattern.title)
            out.write(" (")
            out.int(group.count)
            out.write(")\n\n_")
            out.text(pattern.question)
            out.write("_\n\n| Severity | Rule | Resource | Location | Finding |\n|---|---|---|---|---|\n")
            for i in group {
                let f = result.findings[i]
                out.write("| ")
                out.text(f.severity.name)
                out.write(" | `")
                out.text(f.ruleId)
                out.write("` | ")
                if needsCell(f.resource.kind) || needsCell(f.resource.namespace) || needsCell(f.resource.name) {
                    out.text(cell(f.resource.display))
                } else {
                    out.resource(f.resource)
                }
                out.write(" | `")
                if needsCell(f.location.file) || needsCell(f.renderedFrom) {
                    out.text(cell(f.whereDisplay))
                } else {
                    out.whereDisplay(f)
                }
                out.write("` | ")
                cell(f.message, into: &out)
                out.write(" |\n")
                out.flushIfNeeded()
            }
        }
        let suppressed = result.suppressedFindings()
        if !suppressed.isEmpty && !options.showSuppressed {
            out.write("\n")
            out.text(Suppression.countLine(suppressed.count, flag: "`--show-suppressed`"))
            out.write("\n")
        } else if !suppressed.isEmpty {
            out.write("\n<details><summary>Suppressed (")
            out.int(suppressed.count)
            out.write("): accepted with a reason, not failing</summary>\n\n| Severity | Rule | Resource | Location | Reason | Suppressed by |\n|---|---|---|---|---|---|\n")
            for i in suppressed {
                let f = result.findings[i]
                out.write("| ")
                out.text(f.severity.name)
                out.write(" | `")
                out.text(f.ruleId)
                out.write("` | ")
                out.text(cell(f.resource.display))
                out.write(" | `")
                out.text(cell(f.whereDisplay))
                out.write("` | ")
                cell(f.suppression!.reason, into: &out)
                out.write(" | ")
                cell(f.suppression!.whereDisplay, into: &out)
                out.write(" |\n")
                out.flushIfNeeded()
            }
            out.write("\n</details>\n")
        }
        var usedIds = Set<String>()
        for f in result.findings where f.suppression == nil { usedIds.insert(f.ruleId) }
        let used = result.rules.filter { usedIds.contains($0.id) }
        if !used.isEmpty {
            out.write("\n<details><summary>How to fix</summary>\n\n")
            for rule in used {
                out.write("- **`")
                out.text(rule.id)
                out.write("`** (")
                out.text(rule.title)
                out.write("): ")
                cell(rule.remediation, into: &out)
                out.byte(UInt8(ascii: "\n"))
            }
            out.write("\n</details>\n")
        }
        let inputs = result.diagnostics.filter { $0.level != .note }
        if !inputs.isEmpty {
            out.write("\n### Input problems (")
            out.int(inputs.count)
            out.write(")\n\n")
            for d in inputs {
                out.write("- ")
                out.text(d.level.rawValue)
                out.write(" `")
                cell(d.locationDisplay, into: &out)
                out.write("` ")
                out.text(d.code)
                out.write(": ")
                cell(d.message, into: &out)
                out.byte(UInt8(ascii: "\n"))
                out.flushIfNeeded()
            }
        }
    }

    /// Whether `cell` would change anything in `s`: only if it holds a pipe, a line break or an
    /// HTML bracket (bytes that never occur inside other characters' UTF-8).
    static func needsCell(_ s: String?) -> Bool {
        guard let s else { return false }
        return s.utf8.contains { b in
            b == UInt8(ascii: "|") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
                || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
        }
    }

    /// `cell(s)` into the writer, without building a String when nothing needs escaping.
    static func cell(_ s: String, into out: inout ReportWriter) {
        if needsCell(s) { out.text(cell(s)) } else { out.text(s) }
    }

    /// Text safe inside a table cell: pipes escaped, newlines and HTML brackets neutralised.
    /// By characters (a line break or bracket with a combining mark is left alone, as it always was).
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

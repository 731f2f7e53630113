import PalisadeCore

/// The baseline file `palisade baseline create` writes (schema `docs/baseline-schema.json`): one
/// entry per fingerprint, in the baseline's sorted order, laid out like the JSON report, so the
/// same findings always give the same bytes and a refreshed baseline diffs cleanly in review.
public enum BaselineReport {
    public static func render(_ baseline: Baseline) -> String {
        var out = ReportWriter()
        write(baseline, into: &out)
        return out.string
    }

    public static func write(_ baseline: Baseline, into out: inout ReportWriter) {
        out.beginObject()
        out.member("baselineVersion", Baseline.version)
        out.toolMember()
        out.key("findings")
        out.beginArray()
        for entry in baseline.entries {
            out.element()
            out.beginObject()
            out.member("fingerprint", entry.fingerprint.hex)
            out.member("ruleId", entry.ruleId)
            out.member("file", entry.file)
            out.member("resource", entry.resource)
            out.member("message", entry.message)
            out.endObject()
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
        out.byte(UInt8(ascii: "\n"))
    }
}

/// What `palisade diff` writes: the new findings, the fixed ones, and how many are unchanged.
public enum DiffReport {
    public enum Format: String, CaseIterable, Sendable {
        case text, json, markdown
    }

    /// The version of the JSON form (schema `docs/diff-schema.json`).
    public static let version = "1.0"

    public static func render(_ diff: ReportDiff, format: Format, failOn: Severity) -> String {
        var out = ReportWriter()
        write(diff, format: format, failOn: failOn, into: &out)
        return out.string
    }

    public static func write(_ diff: ReportDiff, format: Format, failOn: Severity, into out: inout ReportWriter) {
        switch format {
        case .text: text(diff, failOn: failOn, into: &out)
        case .json: json(diff, failOn: failOn, into: &out)
        case .markdown: markdown(diff, failOn: failOn, into: &out)
        }
    }

    /// "1 new (1 critical), 2 fixed, 14 unchanged".
    static func summary(_ diff: ReportDiff) -> String {
        var bySeverity = [Int](repeating: 0, count: Severity.allCases.count)
        for f in diff.new where !f.suppressed { bySeverity[f.severity.rawValue] += 1 }
        let parts = Severity.allCases.reversed().compactMap { s in bySeverity[s.rawValue] > 0 ? "\(bySeverity[s.rawValue]) \(s.name)" : nil }
        let suppressed = diff.new.count - bySeverity.reduce(0, +)
        let detail = parts + (suppressed > 0 ? ["\(suppressed) suppressed"] : [])
        return "\(diff.new.count) new\(detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))"), \(diff.fixed.count) fixed, \(diff.unchanged) unchanged"
    }

    /// The verdict, as a label and what it means: only new findings fail `diff`.
    static func verdict(_ diff: ReportDiff, failOn: Severity) -> (label: String, detail: String) {
        let failing = diff.failing(at: failOn).count
        if failing > 0 {
            return ("Failing", "\(failing) new finding\(failing == 1 ? "" : "s") at or above \(failOn.name)")
        }
        return ("Passing", "nothing new at or above \(failOn.name)")
    }

    static func text(_ diff: ReportDiff, failOn: Severity, into out: inout ReportWriter) {
        for (title, findings) in [("New", diff.new), ("Fixed", diff.fixed)] where !findings.isEmpty {
            out.text("\(title) (\(findings.count))\n")
            for f in findings {
                out.write("  ")
                out.text(f.severity.name.uppercased().padding(8))
                out.byte(UInt8(ascii: " "))
                out.text("\(f.file):\(f.line):\(f.column)  \(f.ruleId)\(f.suppressed ? " (suppressed)" : "")\n           ")
                out.text("\(f.resource): \(f.message)\n")
                out.flushIfNeeded()
            }
            out.byte(UInt8(ascii: "\n"))
        }
        let verdict = verdict(diff, failOn: failOn)
        out.text("\(summary(diff)).\n\(verdict.label): \(verdict.detail).\n")
    }

    static func markdown(_ diff: ReportDiff, failOn: Severity, into out: inout ReportWriter) {
        out.text("## Palisade diff: \(summary(diff))\n\n")
        let verdict = verdict(diff, failOn: failOn)
        out.text("**\(verdict.label):** \(verdict.detail).\n")
        for (title, findings) in [("New", diff.new), ("Fixed", diff.fixed)] where !findings.isEmpty {
            out.text("\n### \(title) (\(findings.count))\n\n| Severity | Rule | Resource | Location | Finding |\n|---|---|---|---|---|\n")
            for f in findings {
                out.text("| \(f.severity.name)\(f.suppressed ? " (suppressed)" : "") | `\(f.ruleId)` | \(MarkdownReport.cell(f.resource)) | ")
                out.text("`\(MarkdownReport.cell("\(f.file):\(f.line):\(f.column)"))` | \(MarkdownReport.cell(f.message)) |\n")
                out.flushIfNeeded()
            }
        }
    }

    static func json(_ diff: ReportDiff, failOn: Severity, into out: inout ReportWriter) {
        out.beginObject()
        out.member("diffVersion", version)
        out.toolMember()
        out.key("summary")
        out.beginObject()
        out.member("new", diff.new.count)
        out.member("fixed", diff.fixed.count)
        out.member("unchanged", diff.unchanged)
        out.member("failOn", failOn.name)
        out.member("failingNew", diff.failing(at: failOn).count)
        out.endObject()
        for (key, findings) in [("new", diff.new), ("fixed", diff.fixed)] {
            out.key(escaping: key)
            out.beginArray()
            for f in findings {
                out.element()
                out.beginObject()
                out.member("fingerprint", f.fingerprint)
                out.member("ruleId", f.ruleId)
                out.member("severity", f.severity.name)
                out.member("message", f.message)
                out.member("file", f.file)
                out.member("line", f.line)
                out.member("column", f.column)
                out.member("resource", f.resource)
                out.key("suppressed")
                out.bool(f.suppressed)
                out.endObject()
                out.flushIfNeeded()
            }
            out.endArray()
        }
        out.endObject()
        out.byte(UInt8(ascii: "\n"))
    }
}

import PalisadeCore

/// The JSON report, schema `docs/json-schema.json`. Bump `schemaVersion` on any incompatible change.
/// Streamed into a `ReportWriter` finding by finding; the bytes are those `JSONValue.rendered()`
/// gives for the same document (two-space indentation, keys in this order).
public enum JSONReport {
    public static let schemaVersion = "1.4"

    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        ReportFormat.json.render(result, options: options)
    }

    public static func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        let stats = result.statistics
        let counts = result.counts()
        out.beginObject()
        out.member("schemaVersion", schemaVersion)
        out.toolMember()

        out.key("summary")
        out.beginObject()
        out.member("filesScanned", stats.filesScanned)
        out.member("filesSkipped", stats.filesSkipped)
        out.member("documents", stats.documents)
        out.member("objects", stats.objects)
        out.member("otherDocuments", stats.otherDocuments)
        out.member("findings", result.findings.count)
        out.member("suppressed", counts.suppressed)
        out.member("inBaseline", counts.inBaseline)
        out.key("bySeverity")
        out.beginObject()
        for severity in Severity.allCases.reversed() {
            out.key(escaping: severity.name)
            out.int(counts.count(severity))
        }
        out.endObject()
        out.key("byPattern")
        out.beginObject()
        for pattern in ThreatPattern.allCases {
            out.key(escaping: pattern.rawValue)
            out.int(counts.count(pattern))
        }
        out.endObject()
        out.member("inputErrors", result.diagnostics.reduce(0) { $0 + ($1.level == .error ? 1 : 0) })
        out.member("failOn", options.failOn.name)
        out.member("failingFindings", counts.failing(at: options.failOn))
        out.endObject()

        let rules = result.rulesById()
        out.key("findings")
        out.beginArray()
        for f in result.findings {
            out.element()
            finding(f, rule: rules[f.ruleId], into: &out)
            out.flushIfNeeded()
        }
        out.endArray()

        out.key("attackPaths")
        if let paths = result.attackPaths {
            out.beginObject()
            out.member("paths", paths.paths)
            out.member("top", strings: paths.top.lazy)
            out.key("fixFirst")
            out.beginArray()
            for fix in paths.fixes {
                out.element()
                out.beginObject()
                out.member("fix", fix.text)
                out.member("paths", fix.paths)
                out.endObject()
            }
            out.endArray()
            out.endObject()
        } else {
            out.write("null")
        }

        out.key("diagnostics")
        out.beginArray()
        for d in result.diagnostics {
            out.element()
            diagnostic(d, into: &out)
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
        out.byte(UInt8(ascii: "\n"))
    }

    static func finding(_ f: Finding, rule: RuleDescription?, into out: inout ReportWriter) {
        let r = f.location.range
        out.beginObject()
        out.member("ruleId", f.ruleId)
        out.member("title", rule?.title ?? f.ruleId)
        out.member("severity", f.severity.name)
        out.key("risk")
        if f.risk > 0 { out.int(Int(f.risk)) } else { out.write("null") }
        out.member("pattern", f.pattern.rawValue)
        out.member("controls", strings: (rule?.controls ?? []).lazy.map(\.rawValue))
        out.member("message", f.message)
        out.member("remediation", f.remediation)
        out.key("location")
        out.beginObject()
        out.member("file", f.location.file)
        out.member("line", r.start.line)
        out.member("column", r.start.column)
        out.member("endLine", r.end.line)
        out.member("endColumn", r.end.column)
        out.endObject()
        out.key("resource")
        out.beginObject()
        out.member("apiVersion", f.resource.apiVersion)
        out.member("kind", f.resource.kind)
        out.member("namespace", f.resource.namespace)
        out.member("name", f.resource.name)
        out.endObject()
        out.member("path", f.path)
        out.member("renderedFrom", f.renderedFrom)
        out.member("fingerprint", f.fingerprint)
        out.member("baselineState", f.baseline?.name)
        out.key("suppression")
        if let s = f.suppression {
            out.beginObject()
            out.member("kind", s.kind.rawValue)
            out.member("reason", s.reason)
            out.member("file", s.location.file)
            out.member("line", s.location.range.start.line)
            out.member("column", s.location.range.start.column)
            out.member("expires", s.expires?.description)
            out.endObject()
        } else {
            out.null()
        }
        out.endObject()
    }

    static func diagnostic(_ d: Diagnostic, into out: inout ReportWriter) {
        out.beginObject()
        out.member("code", d.code)
        out.member("level", d.level.rawValue)
        out.member("file", d.file)
        out.key("line")
        if let p = d.position { out.int(p.line) } else { out.null() }
        out.key("column")
        if let p = d.position { out.int(p.column) } else { out.null() }
        out.member("message", d.message)
        out.endObject()
    }
}

extension ReportWriter {
    /// `"tool": {"name": "palisade", "version": ...}`, which every JSON file Palisade writes carries
    /// (reports, baselines, diffs).
    mutating func toolMember() {
        key("tool")
        beginObject()
        member("name", literal: "palisade")
        member("version", PalisadeVersion.current)
        endObject()
    }
}

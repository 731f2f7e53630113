import PalisadeCompliance
import PalisadeCore

/// The formats of `palisade comply`, each a pure function of a `ComplianceResult`, streamed into a
/// `ReportWriter` like the scan reports. JSON follows `docs/comply-schema.json`.
public enum ComplianceFormat: String, CaseIterable, Sendable {
    case text, json, markdown, html

    /// The whole report in memory (tests). Same bytes as `write(_:colour:to:)`.
    public func render(_ result: ComplianceResult, colour: Bool = false) -> String {
        var out = ReportWriter()
        write(result, colour: colour, into: &out)
        return out.string
    }

    /// Streams the report to a file descriptor (left open); throws `ReportWriteError`.
    public func write(_ result: ComplianceResult, colour: Bool = false, to fd: Int32) throws {
        var out = ReportWriter(fd: fd)
        write(result, colour: colour, into: &out)
        try out.finish()
    }

    /// `cis-kubernetes: coverage 30 of 35 controls (85.7%); pass rate 12 of 25 judged (48.0%); 10 failing`:
    /// what the terminal shows when the report goes to a file.
    public static func summaryLine(_ f: FrameworkCoverage) -> String {
        "\(f.framework.rawValue): \(ComplianceWording.coverage(f)); \(ComplianceWording.passRate(f)); \(f.count(.failing)) failing"
    }

    public func write(_ result: ComplianceResult, colour: Bool = false, into out: inout ReportWriter) {
        switch self {
        case .text: ComplianceText(result: result, colour: colour).write(into: &out)
        case .json: ComplianceJSON.write(result, into: &out)
        case .markdown: ComplianceMarkdown.write(result, into: &out)
        case .html: ComplianceHTML.write(result, into: &out)
        }
    }
}

/// Sentences every format shares, so they say the same thing in the same words.
enum ComplianceWording {
    /// Findings listed per control in text and Markdown; JSON and HTML list them all.
    static let findingsShown = 10

    /// `coverage 30 of 35 controls (85.7%)`.
    static func coverage(_ f: FrameworkCoverage) -> String {
        "coverage \(f.coverage.part) of \(f.coverage.whole) controls (\(f.coverage.percent ?? "0.0")%)"
    }

    /// `pass rate 12 of 25 judged (48.0%)`, or why there is none.
    static func passRate(_ f: FrameworkCoverage) -> String {
        guard let percent = f.passRate.percent else { return "pass rate: no control was judged on a resource" }
        return "pass rate \(f.passRate.part) of \(f.passRate.whole) judged (\(percent)%)"
    }

    /// `CIS Kubernetes Benchmark v1.8.0`.
    static func name(_ f: FrameworkCoverage) -> String { "\(f.framework.title) \(f.catalogue.version)" }

    /// `31/35 (88.6%)`, for tables.
    static func shortCoverage(_ f: FrameworkCoverage) -> String {
        "\(f.coverage.part)/\(f.coverage.whole) (\(f.coverage.percent ?? "0.0")%)"
    }

    /// `17/31 (54.8%)`, or `none judged`, for tables.
    static func shortPassRate(_ f: FrameworkCoverage) -> String {
        f.passRate.percent.map { "\(f.passRate.part)/\(f.passRate.whole) (\($0)%)" } ?? "none judged"
    }

    /// `10 failing, 14 passing, 5 not covered`: the non-zero counts, in status order.
    static func statusCounts(_ f: FrameworkCoverage) -> String {
        ControlStatus.allCases.compactMap { s in f.count(s) > 0 ? "\(f.count(s)) \(s.label)" : nil }.joined(separator: ", ")
    }

    /// Why the control has its status, in one line (failing controls list their findings instead).
    static func evidence(_ c: ControlResult, _ scan: ScanResult) -> String {
        let ran = c.rules.filter { $0.state == .ran }
        let classes = c.appliesTo.map(\.name).joined(separator: ", ")
        let either = c.appliesTo.count > 1
            ? c.appliesTo.dropLast().map(\.name).joined(separator: ", ") + " or " + c.appliesTo.last!.name
            : classes
        switch c.status {
        case .failing:
            let open = c.findings.count - suppressed(c, scan)
            return "\(open) finding\(open == 1 ? "" : "s")" + (open < c.findings.count ? ", \(c.findings.count - open) accepted" : "")
        case .passingWithExceptions:
            return "\(c.findings.count) accepted exception\(c.findings.count == 1 ? "" : "s"), no other finding"
        case .passing:
            let n = c.examined
            return "\(ran.count) rule\(ran.count == 1 ? "" : "s") found nothing on \(n) object\(n == 1 ? "" : "s") (\(classes))" + notRun(c)
        case .notApplicable:
            let present = c.appliesTo.reduce(0) { $0 + scan.statistics.objects(of: $1) }
            return (present == 0 ? "no \(either) in the scan" : "nothing in its rules' scope among the scan's \(present) \(either)") + notRun(c)
        case .notEvaluated:
            return "none of its rules ran: " + c.rules.map { "\($0.ruleId) (\(reason($0)))" }.joined(separator: ", ")
        case .notCovered:
            return "no rule evidences it"
        }
    }

    /// `; not run: k8s-x (not in this profile)`, or nothing.
    static func notRun(_ c: ControlResult) -> String {
        let idle = c.rules.filter { $0.state != .ran }
        return idle.isEmpty ? "" : "; not run: " + idle.map { "\($0.ruleId) (\(reason($0)))" }.joined(separator: ", ")
    }

    static func reason(_ e: RuleEvidence) -> String {
        switch e.state {
        case .ran: "ran"
        case .notRun: "not in this profile"
        case .missingSetting(let key): "needs \(key.flag)"
        }
    }

    static func suppressed(_ c: ControlResult, _ scan: ScanResult) -> Int {
        c.findings.reduce(0) { $0 + (scan.findings[$1].isSuppressed ? 1 : 0) }
    }

    /// The frameworks' ids, for the heading of the reverse list.
    static func frameworkIds(_ result: ComplianceResult) -> String {
        result.frameworks.map(\.framework.rawValue).joined(separator: ", ")
    }

    /// The unmapped findings grouped by rule, in order of first appearance: (rule id, indices).
    static func unmappedByRule(_ result: ComplianceResult) -> [(String, [Int])] {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for i in result.unmapped {
            let id = result.scan.findings[i].ruleId
            if groups[id] == nil { order.append(id) }
            groups[id, default: []].append(i)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// What the scan could read, and a warning when it read nothing or failed on some input.
    static func scanLine(_ scan: ScanResult) -> String {
        let s = scan.statistics
        var line = "\(s.objects) object\(s.objects == 1 ? "" : "s") in \(s.filesScanned) file\(s.filesScanned == 1 ? "" : "s"), \(scan.rules.count) rules run"
        if s.objects == 0 { line += ". No Kubernetes object was read, so no control could be judged" }
        let errors = scan.inputErrors.count
        if errors > 0 { line += ". \(errors) input error\(errors == 1 ? "" : "s"): some files could not be read, so controls may lack evidence" }
        return line
    }
}

/// For people at a terminal: per framework a summary, then one line per control, findings under
/// failing ones, and the findings no chosen control asks for.
struct ComplianceText {
    let result: ComplianceResult
    let colour: Bool

    func paint(_ s: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    func label(_ status: ControlStatus) -> String {
        switch status {
        case .failing: paint("FAILING  ", "1;31")
        case .passingWithExceptions: paint("ACCEPTED ", "33")
        case .passing: paint("passing  ", "32")
        case .notApplicable: paint("n/a      ", "2")
        case .notEvaluated: paint("not run  ", "2")
        case .notCovered: paint("uncovered", "2")
        }
    }

    func write(into out: inout ReportWriter) {
        let scan = result.scan
        out.text("Compliance coverage: " + ComplianceWording.scanLine(scan) + ".\n")
        for framework in result.frameworks {
            out.text("\n" + paint("\(ComplianceWording.name(framework)) (\(framework.framework.rawValue))", "1") + "\n")
            out.text("  " + ComplianceWording.coverage(framework) + "; " + ComplianceWording.passRate(framework) + "\n")
            out.text("  " + ComplianceWording.statusCounts(framework) + "\n\n")
            let idWidth = framework.controls.map(\.control.id.count).max() ?? 0
            for c in framework.controls {
                out.text("  " + label(c.status) + " " + c.control.id.padding(idWidth) + "  " + c.control.title + "\n")
                out.text("            " + String(repeating: " ", count: idWidth) + paint(ComplianceWording.evidence(c, scan), "2") + "\n")
                if c.status == .failing || c.status == .passingWithExceptions { findings(c.findings, indent: 12 + idWidth, into: &out) }
                out.flushIfNeeded()
            }
        }
        out.text("\nFindings no control of " + ComplianceWording.frameworkIds(result) + " asks for (\(result.unmapped.count))\n")
        if result.unmapped.isEmpty { out.write("  none: every finding evidences one of these frameworks' controls\n") }
        for (rule, indices) in ComplianceWording.unmappedByRule(result) {
            let f = scan.findings[indices[0]]
            out.text("  \(rule) (\(f.rule.pattern.rawValue)): \(indices.count) finding\(indices.count == 1 ? "" : "s")\n")
            findings(indices, indent: 4, into: &out)
        }
    }

    /// Up to `findingsShown` findings, one line each, then how many more.
    func findings(_ indices: [Int], indent: Int, into out: inout ReportWriter) {
        for i in indices.prefix(ComplianceWording.findingsShown) {
            let f = result.scan.findings[i]
            out.spaces(indent)
            out.text(f.isSuppressed ? "accepted " : f.severity.name.padding(9))
            out.text(f.ruleId)
            out.write("  ")
            out.whereDisplay(f)
            out.write("  ")
            out.resource(f.resource)
            out.write(": ")
            out.text(f.suppression.map { "accepted: \($0.reason)" } ?? f.message)
            out.byte(UInt8(ascii: "\n"))
        }
        if indices.count > ComplianceWording.findingsShown {
            out.spaces(indent)
            out.text("... and \(indices.count - ComplianceWording.findingsShown) more (the JSON and HTML reports list them all)\n")
        }
    }
}

/// `docs/comply-schema.json`. Findings appear once, at the end, exactly as in the scan's JSON
/// report; controls and the reverse list refer to them by index, so a finding that evidences many
/// controls is not repeated.
public enum ComplianceJSON {
    public static let schemaVersion = "1.0"

    static func write(_ result: ComplianceResult, into out: inout ReportWriter) {
        let scan = result.scan
        let counts = scan.counts()
        out.beginObject()
        out.member("schemaVersion", schemaVersion)
        out.key("tool")
        out.beginObject()
        out.member("name", literal: "palisade")
        out.member("version", PalisadeVersion.current)
        out.endObject()
        out.key("scan")
        out.beginObject()
        out.member("filesScanned", scan.statistics.filesScanned)
        out.member("objects", scan.statistics.objects)
        out.key("objectsByClass")
        out.beginObject()
        for c in ResourceClass.allCases { out.key(escaping: c.id); out.int(scan.statistics.objects(of: c)) }
        out.endObject()
        out.member("rulesRun", scan.rules.count)
        out.member("findings", scan.findings.count)
        out.member("suppressed", counts.suppressed)
        out.member("inputErrors", scan.inputErrors.count)
        out.endObject()

        out.key("frameworks")
        out.beginArray()
        for f in result.frameworks {
            out.element()
            framework(f, scan, into: &out)
        }
        out.endArray()
        out.key("unmapped")
        indices(result.unmapped, into: &out)
        let rules = scan.rulesById()
        out.key("findings")
        out.beginArray()
        for f in scan.findings {
            out.element()
            JSONReport.finding(f, rule: rules[f.ruleId], into: &out)
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
        out.byte(UInt8(ascii: "\n"))
    }

    static func framework(_ f: FrameworkCoverage, _ scan: ScanResult, into out: inout ReportWriter) {
        out.beginObject()
        out.member("id", f.framework.rawValue)
        out.member("title", f.framework.title)
        out.member("version", f.catalogue.version)
        out.member("scope", f.catalogue.scope)
        out.key("summary")
        out.beginObject()
        out.member("controls", f.controls.count)
        out.member("covered", f.coverage.part)
        out.key("coveragePercent")
        percent(f.coverage, into: &out)
        out.member("judged", f.passRate.whole)
        out.member("passed", f.passRate.part)
        out.key("passRatePercent")
        percent(f.passRate, into: &out)
        out.key("byStatus")
        out.beginObject()
        for s in ControlStatus.allCases { out.key(escaping: s.rawValue); out.int(f.count(s)) }
        out.endObject()
        out.endObject()
        out.key("controls")
        out.beginArray()
        for c in f.controls {
            out.element()
            out.beginObject()
            out.member("id", c.control.id)
            out.member("title", c.control.title)
            out.member("summary", c.control.summary)
            out.member("status", c.status.rawValue)
            out.member("appliesTo", strings: c.appliesTo.map(\.id))
            out.member("examined", c.examined)
            out.key("rules")
            out.beginArray()
            for e in c.rules {
                out.element()
                out.beginObject()
                out.member("id", e.ruleId)
                switch e.state {
                case .ran: out.member("state", literal: "ran"); out.key("missingSetting"); out.null()
                case .notRun: out.member("state", literal: "not-run"); out.key("missingSetting"); out.null()
                case .missingSetting(let key): out.member("state", literal: "missing-setting"); out.member("missingSetting", key.rawValue)
                }
                out.member("examined", e.examined)
                out.member("findings", e.findings)
                out.member("suppressed", e.suppressed)
                out.endObject()
            }
            out.endArray()
            out.key("findings")
            indices(c.findings, into: &out)
            out.endObject()
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
    }

    /// A percentage as a JSON number with one decimal, or null.
    static func percent(_ r: Ratio, into out: inout ReportWriter) {
        if let p = r.percent { out.text(p) } else { out.null() }
    }

    static func indices(_ list: [Int], into out: inout ReportWriter) {
        out.beginArray()
        for i in list { out.element(); out.int(i) }
        out.endArray()
    }
}

/// For a pull request or a wiki page: a summary table per framework, the controls, the findings of
/// failing controls, and the findings no chosen control asks for.
enum ComplianceMarkdown {
    static func write(_ result: ComplianceResult, into out: inout ReportWriter) {
        let scan = result.scan
        out.write("## Palisade compliance coverage\n\n")
        out.text(ComplianceWording.scanLine(scan) + ".\n\n")
        out.write("| Framework | Coverage | Pass rate | Failing | Passing | Not applicable | Not evaluated | Not covered |\n|---|---|---|---|---|---|---|---|\n")
        for f in result.frameworks {
            out.text("| \(ComplianceWording.name(f)) | \(ComplianceWording.shortCoverage(f)) | \(ComplianceWording.shortPassRate(f))")
            out.text(" | \(f.count(.failing)) | \(f.count(.passing) + f.count(.passingWithExceptions)) | \(f.count(.notApplicable)) | \(f.count(.notEvaluated)) | \(f.count(.notCovered)) |\n")
        }
        for f in result.frameworks {
            out.text("\n### \(ComplianceWording.name(f))\n\n_")
            MarkdownReport.cell(f.catalogue.scope, into: &out)
            out.write("_\n\n| Status | Control | Title | Evidence |\n|---|---|---|---|\n")
            for c in f.controls {
                out.text("| \(c.status == .failing ? "**failing**" : c.status.label) | `\(c.control.id)` | ")
                MarkdownReport.cell(c.control.title, into: &out)
                out.write(" | ")
                MarkdownReport.cell(ComplianceWording.evidence(c, scan), into: &out)
                out.write(" |\n")
            }
            for c in f.controls where c.status == .failing || c.status == .passingWithExceptions {
                out.text("\n<details><summary>\(c.control.id) \(c.status.label): \(c.findings.count) finding\(c.findings.count == 1 ? "" : "s")</summary>\n\n")
                findings(c.findings, scan, into: &out)
                out.write("\n</details>\n")
                out.flushIfNeeded()
            }
        }
        out.text("\n### Findings no control of \(ComplianceWording.frameworkIds(result)) asks for (\(result.unmapped.count))\n\n")
        if result.unmapped.isEmpty {
            out.write("None: every finding evidences one of these frameworks' controls.\n")
        } else {
            out.write("What the threat model reports beyond these frameworks.\n\n")
            findings(result.unmapped, scan, into: &out)
        }
    }

    static func findings(_ indices: [Int], _ scan: ScanResult, into out: inout ReportWriter) {
        out.write("| Severity | Rule | Resource | Location | Finding |\n|---|---|---|---|---|\n")
        for i in indices.prefix(ComplianceWording.findingsShown) {
            let f = scan.findings[i]
            out.text("| \(f.isSuppressed ? "accepted" : f.severity.name) | `\(f.ruleId)` | ")
            MarkdownReport.cell(f.resource.display, into: &out)
            out.write(" | `")
            MarkdownReport.cell(f.whereDisplay, into: &out)
            out.write("` | ")
            MarkdownReport.cell(f.suppression.map { "accepted: \($0.reason)" } ?? f.message, into: &out)
            out.write(" |\n")
        }
        if indices.count > ComplianceWording.findingsShown {
            out.text("\n... and \(indices.count - ComplianceWording.findingsShown) more (the JSON and HTML reports list them all).\n")
        }
    }
}

/// One self-contained page: CSS inline, no script, no external resource, so it opens offline and
/// can be attached to an audit as it is. Findings of a control fold away in `<details>`.
enum ComplianceHTML {
    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1b1f24}
        h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
        table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:#f6f8fa}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}.scope{color:#57606a}
        .s{font-weight:600;white-space:nowrap}.failing{color:#cf222e}.passing-with-exceptions{color:#9a6700}.passing{color:#1a7f37}
        .not-applicable,.not-evaluated,.not-covered{color:#57606a}details{margin:.2em 0}summary{cursor:pointer}
        """

    static func write(_ result: ComplianceResult, into out: inout ReportWriter) {
        let scan = result.scan
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Palisade compliance coverage</title>\n<style>\n")
        out.text(style)
        out.write("\n</style>\n</head>\n<body>\n<h1>Palisade compliance coverage</h1>\n<p>")
        out.xml(ComplianceWording.scanLine(scan) + ".")
        out.write(" Palisade ")
        out.xml(PalisadeVersion.current)
        out.write(".</p>\n<table>\n<tr><th>Framework</th><th>Coverage</th><th>Pass rate</th><th>Controls by status</th></tr>\n")
        for f in result.frameworks {
            out.write("<tr><td><a href=\"#")
            out.xml(f.framework.rawValue)
            out.write("\">")
            out.xml(ComplianceWording.name(f))
            out.write("</a></td><td>")
            out.xml(ComplianceWording.shortCoverage(f))
            out.write("</td><td>")
            out.xml(ComplianceWording.shortPassRate(f))
            out.write("</td><td>")
            out.xml(ComplianceWording.statusCounts(f))
            out.write("</td></tr>\n")
        }
        out.write("</table>\n")
        for f in result.frameworks {
            out.write("<h2 id=\"")
            out.xml(f.framework.rawValue)
            out.write("\">")
            out.xml(ComplianceWording.name(f))
            out.write("</h2>\n<p class=\"scope\">")
            out.xml(f.catalogue.scope)
            out.write("</p>\n<table>\n<tr><th>Status</th><th>Control</th><th>Title and evidence</th></tr>\n")
            for c in f.controls {
                out.write("<tr><td class=\"s ")
                out.text(c.status.rawValue)
                out.write("\">")
                out.xml(c.status.label)
                out.write("</td><td><code>")
                out.xml(c.control.id)
                out.write("</code></td><td>")
                out.xml(c.control.title)
                out.write("<br><small>")
                out.xml(c.control.summary + " Evidence: " + ComplianceWording.evidence(c, scan) + ".")
                out.write("</small>")
                if !c.findings.isEmpty {
                    out.write("\n<details><summary>")
                    out.int(c.findings.count)
                    out.write(c.findings.count == 1 ? " finding" : " findings")
                    out.write("</summary>\n")
                    findings(c.findings, scan, into: &out)
                    out.write("</details>")
                }
                out.write("</td></tr>\n")
                out.flushIfNeeded()
            }
            out.write("</table>\n")
        }
        out.write("<h2 id=\"unmapped\">Findings no control of ")
        out.xml(ComplianceWording.frameworkIds(result))
        out.write(" asks for (")
        out.int(result.unmapped.count)
        out.write(")</h2>\n")
        if result.unmapped.isEmpty {
            out.write("<p>None: every finding evidences one of these frameworks' controls.</p>\n")
        } else {
            out.write("<p>What the threat model reports beyond these frameworks.</p>\n")
            findings(result.unmapped, scan, into: &out)
        }
        out.write("</body>\n</html>\n")
    }

    static func findings(_ indices: [Int], _ scan: ScanResult, into out: inout ReportWriter) {
        out.write("<table>\n<tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Location</th><th>Finding</th></tr>\n")
        for i in indices {
            let f = scan.findings[i]
            out.write("<tr><td>")
            out.xml(f.isSuppressed ? "accepted" : f.severity.name)
            out.write("</td><td><code>")
            out.xml(f.ruleId)
            out.write("</code></td><td>")
            out.xml(f.resource.display)
            out.write("</td><td><code>")
            out.xml(f.whereDisplay)
            out.write("</code></td><td>")
            out.xml(f.suppression.map { "accepted: \($0.reason)" } ?? f.message)
            out.write("</td></tr>\n")
            out.flushIfNeeded()
        }
        out.write("</table>\n")
    }
}

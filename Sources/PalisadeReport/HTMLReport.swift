import PalisadeCore

/// A self-contained page (no script, no external resource, so it opens offline): the fixes that
/// break the most attack paths, each path drawn as an SVG chain of its steps with their evidence,
/// and the findings ranked by risk. `palisade scan --format html` and `palisade paths --format html`.
public enum HTMLReport {
    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1b1f24}
        h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
        table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:#f6f8fa}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}.dim{color:#57606a}
        .critical{color:#8250df;font-weight:600}.high{color:#cf222e;font-weight:600}.medium{color:#9a6700}.low{color:#0969da}.info{color:#57606a}
        svg text{font:12px system-ui,sans-serif}svg .v{fill:#f6f8fa;stroke:#57606a}svg .entry{fill:#ddf4ff;stroke:#0969da}svg .jewel{fill:#ffebe9;stroke:#cf222e;stroke-width:2}
        svg .a{stroke:#57606a;stroke-width:1.5}svg .t{fill:#57606a}
        """

    /// The scan's report: its attack paths (when ranked) and every finding, riskiest first.
    public static func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        let summary = result.attackPaths ?? AttackPathSummary(paths: [], fixes: [])
        write(summary, findings: result.findings, title: "Palisade: " + result.counts().summary(), into: &out)
    }

    public static func render(_ summary: AttackPathSummary, findings: [Finding], title: String) -> String {
        var out = ReportWriter()
        write(summary, findings: findings, title: title, into: &out)
        return out.string
    }

    static func write(_ summary: AttackPathSummary, findings: [Finding], title: String, into out: inout ReportWriter) {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        out.xml(title)
        out.write("</title>\n<style>\n")
        out.text(style)
        out.write("\n</style>\n</head>\n<body>\n<h1>")
        out.xml(title)
        out.write("</h1>\n<p>")
        if summary.details.isEmpty {
            out.write("No attack path: no entry point reaches a crown jewel.")
        } else {
            out.int(summary.details.count)
            out.write(summary.details.count == 1 ? " attack path" : " attack paths")
            out.write(" from entry points to crown jewels, most likely first.")
        }
        out.write("</p>\n")
        if !summary.fixes.isEmpty {
            out.write("<h2>Fix these first</h2>\n<ol>\n")
            for fix in summary.fixes {
                out.write("<li>")
                out.xml(fix.text)
                out.write(" <span class=\"dim\">Breaks ")
                out.int(fix.paths)
                out.write(" of ")
                out.int(summary.paths)
                out.write(".</span></li>\n")
            }
            out.write("</ol>\n")
        }
        for (i, path) in summary.details.enumerated() {
            out.write("<h2 id=\"path-")
            out.int(i + 1)
            out.write("\">")
            out.int(i + 1)
            out.write(". ")
            out.xml("\(path.entry) to \(path.target)")
            out.write("</h2>\n<p class=\"dim\">")
            out.xml("\(path.jewel), \(path.steps.count) step\(path.steps.count == 1 ? "" : "s"), likelihood \(path.likelihood)%")
            out.write("</p>\n")
            svg(path, into: &out)
            if let fix = path.fix {
                out.write("<p><strong>Fix:</strong> ")
                out.xml(fix)
                out.write("</p>\n")
            }
        }
        let ranked = findings.filter { !$0.isAccepted }
        if !ranked.isEmpty {
            out.write("<h2>Findings by risk</h2>\n<table>\n<tr><th>Risk</th><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th><th>Fix</th></tr>\n")
            for f in ranked.sorted(by: { $0.risk > $1.risk }) {
                out.write("<tr><td>")
                if f.risk > 0 { out.int(Int(f.risk)) }
                out.write("</td><td class=\"")
                out.text(f.severity.name)
                out.write("\">")
                out.text(f.severity.name)
                out.write("</td><td><code>")
                out.xml(f.ruleId)
                out.write("</code></td><td><code>")
                out.xml("\(f.object.file):\(f.range.start.line):\(f.range.start.column)")
                out.write("</code></td><td>")
                out.xml(f.message)
                out.write("</td><td>")
                out.xml(f.remediation)
                out.write("</td></tr>\n")
                out.flushIfNeeded()
            }
            out.write("</table>\n")
        }
        out.write("</body>\n</html>\n")
    }

    /// A path top to bottom: one box per vertex, an arrow per step labelled with its technique and
    /// first piece of evidence.
    static func svg(_ path: AttackPathSummary.Path, into out: inout ReportWriter) {
        let boxHeight = 34, gap = 46, boxWidth = 300
        let labels = [path.entry] + path.steps.map(\.to)
        let height = labels.count * boxHeight + (labels.count - 1) * gap + 4
        out.text("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"\(height)\" role=\"img\">\n")
        for (i, label) in labels.enumerated() {
            let y = 2 + i * (boxHeight + gap)
            let kind = i == 0 ? "entry" : i == labels.count - 1 ? "jewel" : "v"
            out.text("<rect class=\"\(kind)\" x=\"2\" y=\"\(y)\" rx=\"6\" width=\"\(boxWidth)\" height=\"\(boxHeight)\"/><text x=\"12\" y=\"\(y + 21)\">")
            out.xml(truncated(label, 44))
            out.write("</text>\n")
            guard i < path.steps.count else { continue }
            let step = path.steps[i]
            let top = y + boxHeight, bottom = y + boxHeight + gap
            // The arrow: a line and its head, drawn (no marker ids to clash between paths).
            out.text("<line class=\"a\" x1=\"40\" y1=\"\(top)\" x2=\"40\" y2=\"\(bottom - 2)\"/><path d=\"M35,\(bottom - 9)L40,\(bottom - 1)L45,\(bottom - 9)z\" fill=\"#57606a\"/><text x=\"52\" y=\"\(top + 19)\">")
            out.xml(truncated(step.technique + (step.attack.map { " (\($0))" } ?? ""), 100))
            out.write("</text>")
            if let evidence = step.evidence {
                out.text("<text class=\"t\" x=\"52\" y=\"\(top + 35)\">")
                out.xml(truncated(evidence, 110))
                out.write("</text>")
            }
            out.write("\n")
        }
        out.write("</svg>\n")
    }

    static func truncated(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }
}

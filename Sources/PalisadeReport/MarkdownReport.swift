import PalisadeCore

/// A pull-request comment: verdict first, then findings by attack pattern, then how to fix, then
/// notes and input problems. GitHub refuses comments over 65,536 characters, so a report that would
/// pass `ReportOptions.markdownBudget` is summarised instead: counts by severity and by rule, the
/// most severe findings in full as far as the budget goes, what was left out and where to find it.
public enum MarkdownReport {
    /// The default budget: GitHub's 65,536-character limit less room for text around the report.
    public static let defaultBudget = 60_000
    /// The shortest a findings table row can be; a report with more rows than the budget holds
    /// such rows is summarised without being rendered in full first.
    static let shortestRow = 24

    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        ReportFormat.markdown.render(result, options: options)
    }

    public static func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        let counts = result.counts()
        guard let budget = options.markdownBudget else {
            return writeFull(result, counts: counts, options: options, into: &out)
        }
        // Bytes are counted, never fewer than characters, so the budget is kept either way.
        if counts.total <= budget / shortestRow {
            var full = ReportWriter()
            writeFull(result, counts: counts, options: options, into: &full)
            if full.byteCount <= budget {
                out.append(full)
                return
            }
        }
        writeSummary(result, counts: counts, budget: budget, options: options, into: &out)
    }

    /// The verdict, and how much was scanned.
    static func writeHead(_ result: ScanResult, counts: FindingCounts, options: ReportOptions, into out: inout ReportWriter) {
        out.write("## Palisade: ")
        out.text(result.readNothing ? "nothing scanned" : counts.summary())
        out.write("\n\n")
        let failing = counts.failing(at: options.failOn)
        if let nothing = result.nothingScannedReason {
            out.write("**Nothing scanned:** ")
            out.text(String(nothing.dropFirst("Nothing scanned: ".count)))
            out.write("\n\n")
        } else if failing > 0 {
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
        out.write(" objects in ")
        out.int(s.filesScanned)
        out.write(" files.\n")
        if counts.inBaseline > 0 && !options.showBaseline {
            out.write("\n")
            out.text(counts.baselineLine)
            out.write(".\n")
        }
        if let paths = result.attackPaths, paths.paths > 0 {
            out.write("\n### Fix these first\n\n")
            out.text(AttackPathSummary.headline(paths))
            out.write("\n\n")
            for (i, fix) in paths.fixes.enumerated() {
                out.int(i + 1)
                out.write(". ")
                cell(fix.text, into: &out)
                out.write(" _Breaks ")
                out.int(fix.paths)
                out.write(" of ")
                out.int(paths.paths)
                out.write("._\n")
            }
        }
    }

    static func writeFull(_ result: ScanResult, counts: FindingCounts, options: ReportOptions, into out: inout ReportWriter) {
        writeHead(result, counts: counts, options: options, into: &out)
        for (pattern, group) in result.findingsByPattern() {
            out.write("\n### ")
            out.text(pattern.title)
            out.write(" (")
            out.int(group.count)
            out.write(")\n\n_")
            out.text(pattern.question)
            out.write("_\n\n")
            out.write(tableHead)
            for i in group {
                row(result.findings[i], into: &out)
                out.flushIfNeeded()
            }
        }
        let suppressed = result.suppressedFindings()
        if !suppressed.isEmpty && !options.showSuppressed {
            out.write("\n")
            out.text(Suppression.countLine(suppressed.count, flag: "`--show-suppressed`"))
            out.write("\n")
        } else if !suppressed.isEmpty {
            details("Suppressed (\(suppressed.count)): accepted with a reason, not failing", last: ["Reason", "Suppressed by"],
                    suppressed, of: result, into: &out) { [$0.suppression!.reason, $0.suppression!.whereDisplay] }
        }
        if counts.inBaseline > 0 && options.showBaseline {
            details("In the baseline (\(counts.inBaseline)): known when the baseline was made, not failing", last: ["Finding"],
                    result.baselineFindings(), of: result, into: &out) { [$0.message] }
        }
        var usedIds = Set<String>()
        for f in result.findings where !f.isAccepted { usedIds.insert(f.ruleId) }
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
        writeDiagnostics(result, budget: Int.max, into: &out)
    }

    static let tableHead: StaticString = "| Severity | Rule | Resource | Location | Finding |\n|---|---|---|---|---|\n"

    /// One finding as a row of the findings table.
    static func row(_ f: Finding, into out: inout ReportWriter) {
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
    }

    /// Input problems (errors and warnings), then notes (charts and kustomizations not scanned as
    /// they are), each a list; past `budget` bytes the rest is counted, not listed.
    static func writeDiagnostics(_ result: ScanResult, budget: Int, into out: inout ReportWriter) {
        let start = out.byteCount
        var left = 0
        for (title, notes) in [("Input problems", false), ("Notes", true)] {
            let group = result.diagnostics.filter { ($0.level == .note) == notes }
            guard !group.isEmpty else { continue }
            out.write("\n### ")
            out.text(title)
            out.write(" (")
            out.int(group.count)
            out.write(")\n\n")
            for (n, d) in group.enumerated() {
                var line = ReportWriter(capacity: 256)
                line.write("- ")
                if !notes {
                    line.text(d.level.rawValue)
                    line.byte(UInt8(ascii: " "))
                }
                line.byte(UInt8(ascii: "`"))
                cell(d.locationDisplay, into: &line)
                line.write("` ")
                line.text(d.code)
                line.write(": ")
                cell(d.message, into: &line)
                line.byte(UInt8(ascii: "\n"))
                if out.byteCount - start + line.byteCount > budget {
                    left += group.count - n
                    break
                }
                out.append(line)
                out.flushIfNeeded()
            }
        }
        if left > 0 {
            out.write("\n_")
            out.int(left)
            out.write(left == 1 ? " more note or input problem is" : " more notes and input problems are")
            out.write(" in the full report._\n")
        }
    }

    /// The report when the full one is over budget. Fixed parts first (verdict, counts by
    /// severity and by rule, notes and problems, each bounded), then as many of the most severe
    /// findings as the rest of the budget holds.
    static func writeSummary(_ result: ScanResult, counts: FindingCounts, budget: Int, options: ReportOptions, into out: inout ReportWriter) {
        var head = ReportWriter()
        writeHead(result, counts: counts, options: options, into: &head)

        var severities = ReportWriter()
        severities.write("\n### Findings by severity\n\n| Severity | Findings |\n|---|---|\n")
        for s in Severity.allCases.reversed() where counts.count(s) > 0 {
            severities.write("| ")
            severities.text(s.name)
            severities.write(" | ")
            severities.int(counts.count(s))
            severities.write(" |\n")
        }
        if counts.suppressed > 0 {
            severities.write("| suppressed | ")
            severities.int(counts.suppressed)
            severities.write(" |\n")
        }

        // Per rule: unsuppressed findings and the most severe of them; most severe rules first.
        var perRule: [String: (rule: RuleDescription, count: Int, worst: Severity)] = [:]
        for f in result.findings where !f.isAccepted {
            let entry = perRule[f.ruleId] ?? (f.rule, 0, f.severity)
            perRule[f.ruleId] = (entry.rule, entry.count + 1, max(entry.worst, f.severity))
        }
        let ranked = perRule.values.sorted {
            $0.worst != $1.worst ? $0.worst > $1.worst : $0.count != $1.count ? $0.count > $1.count : $0.rule.id < $1.rule.id
        }
        var rules = ReportWriter()
        if !ranked.isEmpty {
            rules.write("\n### Findings by rule\n\n| Rule | Most severe | Findings | Title |\n|---|---|---|---|\n")
            for (n, entry) in ranked.enumerated() {
                var line = ReportWriter(capacity: 256)
                line.write("| [`")
                line.text(entry.rule.id)
                line.write("`](")
                line.text(PalisadeLinks.rule(entry.rule.id))
                line.write(") | ")
                line.text(entry.worst.name)
                line.write(" | ")
                line.int(entry.count)
                line.write(" | ")
                cell(entry.rule.title, into: &line)
                line.write(" |\n")
                if rules.byteCount + line.byteCount > budget / 4 {
                    rules.write("\n_")
                    rules.int(ranked.count - n)
                    rules.write(" more rules with findings are in the full report._\n")
                    break
                }
                rules.append(line)
            }
        }

        var diagnostics = ReportWriter()
        writeDiagnostics(result, budget: budget / 4, into: &diagnostics)

        // The most severe unsuppressed findings, in report order within a severity.
        var bySeverity = [[Int]](repeating: [], count: Severity.allCases.count)
        for (i, f) in result.findings.enumerated() where !f.isAccepted { bySeverity[f.severity.rawValue].append(i) }
        let active = counts.total - counts.suppressed
        let noteRoom = 700 + (options.markdownLink?.utf8.count ?? 0) * 2
        var room = budget - head.byteCount - severities.byteCount - rules.byteCount - diagnostics.byteCount - noteRoom
        var top = ReportWriter()
        var shown = 0
        fill: for s in Severity.allCases.reversed() {
            for i in bySeverity[s.rawValue] {
                var line = ReportWriter(capacity: 256)
                row(result.findings[i], into: &line)
                if line.byteCount > room { break fill }
                room -= line.byteCount
                top.append(line)
                shown += 1
            }
        }

        out.append(head)
        out.write("\n> **Summarised:** the full report is longer than a GitHub comment may be (65,536 characters). ")
        out.write("Below are the counts by severity and by rule and the ")
        out.int(shown)
        out.write(" most severe of ")
        out.int(active)
        out.write(active == 1 ? " finding" : " findings")
        out.write(" in full; ")
        out.int(active - shown)
        out.write(active - shown == 1 ? " finding" : " findings")
        if counts.suppressed > 0 {
            out.write(" and the list of ")
            out.int(counts.suppressed)
            out.write(" suppressed")
        }
        out.write(" are left out. ")
        if let link = options.markdownLink {
            out.write("The full report: [")
            cell(link, into: &out)
            out.write("](")
            out.text(cell(link).replacingSpaces())
            out.write("). ")
        }
        out.write("Every finding is in `palisade scan --format sarif` (code scanning), `--format json` and `--format text`.\n")
        out.append(severities)
        out.append(rules)
        if shown > 0 {
            out.write("\n### Most severe findings (")
            out.int(shown)
            out.write(" of ")
            out.int(active)
            out.write(")\n\n")
            out.write(tableHead)
            out.append(top)
        }
        out.append(diagnostics)
    }

    /// A collapsed table of findings listed apart (suppressed, in the baseline), `lastCell(f)` in
    /// its last column.
    static func details(_ summary: String, last: [String], _ indices: [Int], of result: ScanResult,
                        into out: inout ReportWriter, _ lastCells: (Finding) -> [String]) {
        out.write("\n<details><summary>")
        out.text(summary)
        out.write("</summary>\n\n| Severity | Rule | Resource | Location | ")
        out.text(last.joined(separator: " | "))
        out.write(" |\n|---|---|---|---|")
        for _ in last { out.write("---|") }
        out.write("\n")
        for i in indices {
            let f = result.findings[i]
            out.write("| ")
            out.text(f.severity.name)
            out.write(" | `")
            out.text(f.ruleId)
            out.write("` | ")
            out.text(cell(f.resource.display))
            out.write(" | `")
            out.text(cell(f.whereDisplay))
            for (n, text) in lastCells(f).enumerated() {
                out.write(n == 0 ? "` | " : " | ")
                cell(text, into: &out)
            }
            out.write(" |\n")
            out.flushIfNeeded()
        }
        out.write("\n</details>\n")
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

extension String {
    /// Spaces percent-encoded, so a link's target stays one token in Markdown.
    func replacingSpaces() -> String {
        var out = ""
        for c in self { if c == " " { out += "%20" } else { out.append(c) } }
        return out
    }
}

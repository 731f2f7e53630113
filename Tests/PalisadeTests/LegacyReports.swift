// The formatters as they were before reports were streamed (JSONValue trees and Strings), kept
// verbatim apart from names so that tests can prove the streamed output byte-identical.
import PalisadeCore
import PalisadeReport

enum LegacyReports {
    static func render(_ format: ReportFormat, _ result: ScanResult, options: ReportOptions) -> String {
        switch format {
        case .text: LegacyTextReport(result: result, options: options).render()
        case .json: LegacyJSONReport.render(result, options: options)
        case .sarif: LegacySARIFReport.render(result, options: options)
        case .junit: LegacyJUnitReport.render(result, options: options)
        case .markdown: LegacyMarkdownReport.render(result, options: options)
        }
    }
}

extension ResourceIdentity {
    var legacyDisplay: String {
        [kind, namespace, name].compactMap { $0 }.joined(separator: "/")
    }
}


/// The JSON report, schema `docs/json-schema.json`. Bump `schemaVersion` on any incompatible change.
enum LegacyJSONReport {
    static let schemaVersion = "1.0"

    static func render(_ result: ScanResult, options: ReportOptions) -> String {
        let stats = result.statistics
        let failing = result.failing(at: options.failOn).count
        let summary: JSONValue = .object([
            ("filesScanned", .int(stats.filesScanned)),
            ("filesSkipped", .int(stats.filesSkipped)),
            ("documents", .int(stats.documents)),
            ("objects", .int(stats.objects)),
            ("otherDocuments", .int(stats.otherDocuments)),
            ("findings", .int(result.findings.count)),
            ("bySeverity", .object(Severity.allCases.reversed().map { ($0.name, .int(result.count($0))) })),
            ("byPattern", .object(ThreatPattern.allCases.map { p in
                (p.rawValue, .int(result.findings.reduce(0) { $0 + ($1.pattern == p ? 1 : 0) }))
            })),
            ("inputErrors", .int(result.inputErrors.count)),
            ("failOn", .string(options.failOn.name)),
            ("failingFindings", .int(failing)),
        ])
        let document: JSONValue = .object([
            ("schemaVersion", .string(schemaVersion)),
            ("tool", .object([("name", "palisade"), ("version", .string(PalisadeVersion.current))])),
            ("summary", summary),
            ("findings", .array(result.findings.map { finding(for: $0, rule: result.rule(for: $0)) })),
            ("diagnostics", .array(result.diagnostics.map(diagnostic))),
        ])
        return document.rendered()
    }

    static func finding(for f: Finding, rule: RuleDescription?) -> JSONValue {
        let r = f.location.range
        return .object([
            ("ruleId", .string(f.ruleId)),
            ("title", .string(rule?.title ?? f.ruleId)),
            ("severity", .string(f.severity.name)),
            ("pattern", .string(f.pattern.rawValue)),
            ("controls", .array((rule?.controls ?? []).map { .string($0.rawValue) })),
            ("message", .string(f.message)),
            ("remediation", .string(f.remediation)),
            ("location", .object([
                ("file", .string(f.location.file)),
                ("line", .int(r.start.line)), ("column", .int(r.start.column)),
                ("endLine", .int(r.end.line)), ("endColumn", .int(r.end.column)),
            ])),
            ("resource", .object([
                ("apiVersion", .string(f.resource.apiVersion)),
                ("kind", .string(f.resource.kind)),
                ("namespace", .optional(f.resource.namespace)),
                ("name", .optional(f.resource.name)),
            ])),
            ("path", .string(f.path)),
            ("renderedFrom", .optional(f.renderedFrom)),
            ("fingerprint", .string(f.fingerprint)),
        ])
    }

    static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object([
            ("code", .string(d.code)),
            ("level", .string(d.level.rawValue)),
            ("file", .string(d.file)),
            ("line", d.position.map { .int($0.line) } ?? .null),
            ("column", d.position.map { .int($0.column) } ?? .null),
            ("message", .string(d.message)),
        ])
    }
}


/// SARIF 2.1.0, as GitHub code scanning and most review tools read it.
enum LegacySARIFReport {
    static func render(_ result: ScanResult, options: ReportOptions) -> String {
        let ruleIndex = Dictionary(result.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object([
                ("name", "Palisade"),
                ("version", .string(PalisadeVersion.current)),
                ("semanticVersion", .string(PalisadeVersion.current)),
                ("rules", .array(result.rules.map(rule))),
            ]))])),
            ("invocations", [.object([
                ("executionSuccessful", true),
                ("toolExecutionNotifications", .array(result.diagnostics.map(notification))),
            ])]),
            ("columnKind", "unicodeCodePoints"),
            ("results", .array(result.findings.map { finding in
                self.result(finding, ruleIndex: ruleIndex[finding.ruleId])
            })),
        ])
        return JSONValue.object([
            ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", [run]),
        ]).rendered()
    }

    /// SARIF levels: critical and high are errors, medium warnings, the rest notes.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    static func rule(_ r: RuleDescription) -> JSONValue {
        var tags: [JSONValue] = ["security", .string(r.pattern.rawValue)]
        tags += r.controls.map { .string($0.rawValue) }
        tags += r.mitre.map { .string("mitre-attack/\($0)") }
        let help = "\(r.remediation)\n\n\(r.rationale)"
        var members: [(String, JSONValue)] = [
            ("id", .string(r.id)),
            ("name", .string(r.id)),
            ("shortDescription", .object([("text", .string(r.title))])),
            ("fullDescription", .object([("text", .string(r.rationale))])),
            ("help", .object([("text", .string(help)), ("markdown", .string("**Fix:** \(r.remediation)\n\n\(r.rationale)"))])),
        ]
        if let reference = r.references.first { members.append(("helpUri", .string(reference))) }
        members += [
            ("defaultConfiguration", .object([("level", .string(level(r.severity)))])),
            ("properties", .object([
                ("tags", .array(tags)),
                ("security-severity", .string(r.severity.securityScore)),
                ("precision", "high"),
                ("problem.severity", .string(level(r.severity) == "note" ? "recommendation" : level(r.severity))),
            ])),
        ]
        return .object(members)
    }

    static func result(_ f: Finding, ruleIndex: Int?) -> JSONValue {
        let r = f.location.range
        var members: [(String, JSONValue)] = [("ruleId", .string(f.ruleId))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        members += [
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string("\(f.message) Fix: \(f.remediation)"))])),
            ("locations", [.object([
                ("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(uri(f.location.file)))])),
                    ("region", .object([
                        ("startLine", .int(r.start.line)), ("startColumn", .int(r.start.column)),
                        ("endLine", .int(r.end.line)), ("endColumn", .int(r.end.column)),
                    ])),
                ])),
                ("logicalLocations", [.object([
                    ("fullyQualifiedName", .string("\(f.resource.legacyDisplay)/\(f.path)")),
                    ("kind", "object"),
                ])]),
            ])]),
            ("partialFingerprints", .object([("palisade/v1", .string(f.fingerprint))])),
        ]
        if let template = f.renderedFrom {
            members.append(("relatedLocations", [.object([
                ("id", 1),
                ("physicalLocation", .object([("artifactLocation", .object([("uri", .string(uri(template)))]))])),
                ("message", .object([("text", "the template this resource was rendered from")])),
            ])]))
        }
        var properties: [(String, JSONValue)] = [
            ("security-severity", .string(f.severity.securityScore)),
            ("severity", .string(f.severity.name)),
            ("pattern", .string(f.pattern.rawValue)),
            ("resource", .string(f.resource.legacyDisplay)),
        ]
        if let template = f.renderedFrom { properties.append(("renderedFrom", .string(template))) }
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    static func notification(_ d: Diagnostic) -> JSONValue {
        var location: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uri(d.file)))]))]
        if let p = d.position {
            location.append(("region", .object([("startLine", .int(p.line)), ("startColumn", .int(p.column))])))
        }
        return .object([
            ("descriptor", .object([("id", .string(d.code))])),
            ("level", .string(d.level.rawValue)),
            ("message", .object([("text", .string(d.message))])),
            ("locations", [.object([("physicalLocation", .object(location))])]),
        ])
    }

    /// A relative URI reference for a path: `./` dropped, characters outside RFC 3986's unreserved
    /// set and `/` percent-encoded; absolute paths become `file://` URIs; standard input is `stdin`.
    static func uri(_ path: String) -> String {
        if path == "<stdin>" { return "stdin" }
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        var out = p.hasPrefix("/") ? "file://" : ""
        for byte in p.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}


/// JUnit XML, which every CI system shows as test results: one suite per rule with a test case per
/// finding (a failure at or above `--fail-on`, skipped below it, one passing case when the rule
/// found nothing), and a suite of input errors.
enum LegacyJUnitReport {
    static func render(_ result: ScanResult, options: ReportOptions) -> String {
        var suites: [String] = []
        var totalTests = 0, totalFailures = 0, totalErrors = 0, totalSkipped = 0
        for rule in result.rules {
            let findings = result.findings.filter { $0.ruleId == rule.id }
            var cases: [String] = []
            var failures = 0, skipped = 0
            for f in findings {
                let name = xml("\(f.resource.legacyDisplay) \(f.path)")
                var body = "\(f.legacyWhereDisplay): \(f.message)\nFix: \(f.remediation)"
                body = xml(body)
                let attributes = "name=\"\(name)\" classname=\"\(xml(rule.id))\" file=\"\(xml(f.location.file))\" line=\"\(f.location.range.start.line)\""
                if f.severity >= options.failOn {
                    failures += 1
                    cases.append("    <testcase \(attributes)>\n      <failure message=\"\(xml(f.message))\" type=\"\(f.severity.name)\">\(body)</failure>\n    </testcase>")
                } else {
                    skipped += 1
                    cases.append("    <testcase \(attributes)>\n      <skipped message=\"\(f.severity.name) finding, below --fail-on \(options.failOn.name): \(xml(f.message))\"/>\n    </testcase>")
                }
            }
            if findings.isEmpty {
                cases.append("    <testcase name=\"no findings\" classname=\"\(xml(rule.id))\"/>")
            }
            totalTests += cases.count
            totalFailures += failures
            totalSkipped += skipped
            suites.append("  <testsuite name=\"\(xml(rule.id))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
                + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        let errors = result.inputErrors
        if !errors.isEmpty {
            let cases = errors.map { d in
                "    <testcase name=\"\(xml(d.legacyLocationDisplay))\" classname=\"input\">\n      <error message=\"\(xml(d.message))\" type=\"\(xml(d.code))\"/>\n    </testcase>"
            }
            totalTests += cases.count
            totalErrors += cases.count
            suites.append("  <testsuite name=\"input-errors\" tests=\"\(cases.count)\" failures=\"0\" errors=\"\(cases.count)\" skipped=\"0\">\n"
                + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"palisade\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(totalErrors)\" skipped=\"\(totalSkipped)\">\n"
            + suites.joined(separator: "\n") + (suites.isEmpty ? "" : "\n") + "</testsuites>\n"
    }

    /// Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}


/// A pull-request comment: verdict first, then findings by attack pattern, then how to fix.
enum LegacyMarkdownReport {
    static func render(_ result: ScanResult, options: ReportOptions) -> String {
        var out = "## Palisade: \(result.legacyFindingSummary())\n\n"
        let failing = result.failing(at: options.failOn).count
        if failing > 0 {
            out += "**Failing:** \(failing) finding\(failing == 1 ? "" : "s") at or above **\(options.failOn.name)**.\n\n"
        } else {
            out += "**Passing:** nothing at or above **\(options.failOn.name)**.\n\n"
        }
        let s = result.statistics
        out += "Scanned \(s.objects) Kubernetes objects in \(s.filesScanned) files.\n"
        for (pattern, findings) in result.legacyFindingsByPattern() {
            out += "\n### \(pattern.title) (\(findings.count))\n\n_\(pattern.question)_\n\n"
            out += "| Severity | Rule | Resource | Location | Finding |\n|---|---|---|---|---|\n"
            for f in findings {
                out += "| \(f.severity.name) | `\(f.ruleId)` | \(cell(f.resource.legacyDisplay)) | `\(cell(f.legacyWhereDisplay))` | \(cell(f.message)) |\n"
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
                out += "- \(d.level.rawValue) `\(cell(d.legacyLocationDisplay))` \(d.code): \(cell(d.message))\n"
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


/// The report for people at a terminal: findings grouped by attack pattern, a one-line fix each,
/// input problems, and a summary with the verdict.
struct LegacyTextReport {
    let result: ScanResult
    let options: ReportOptions

    init(result: ScanResult, options: ReportOptions) {
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
        let text = severity.name.uppercased().legacyPadding(8)
        switch severity {
        case .critical: return paint(text, .bold, .magenta)
        case .high: return paint(text, .bold, .red)
        case .medium: return paint(text, .yellow)
        case .low: return paint(text, .blue)
        case .info: return paint(text, .dim)
        }
    }

    func render() -> String {
        var out = ""
        for (pattern, findings) in result.legacyFindingsByPattern() {
            out += paint("\(pattern.title) (\(findings.count))", .bold) + "  " + paint(pattern.question, .dim) + "\n"
            for f in findings {
                out += "  \(label(f.severity)) \(paint(f.legacyWhereDisplay, .cyan))  \(f.ruleId)\n"
                out += "           \(f.resource.legacyDisplay): \(f.message)\n"
                out += "           " + paint("fix: \(f.remediation)", .green) + "\n"
            }
            out += "\n"
        }
        let inputs = result.diagnostics
        if !inputs.isEmpty {
            out += paint("Input (\(inputs.count))", .bold) + "\n"
            for d in inputs {
                let level = d.level == .error ? paint("error  ", .red) : d.level == .warning ? paint("warning", .yellow) : paint("note   ", .dim)
                out += "  \(level) \(paint(d.legacyLocationDisplay, .cyan))  \(d.code): \(d.message)\n"
            }
            out += "\n"
        }
        let s = result.statistics
        var summary = "\(result.legacyFindingSummary()) in \(s.objects) object\(s.objects == 1 ? "" : "s") from \(s.filesScanned) file\(s.filesScanned == 1 ? "" : "s")"
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
    func legacyPadding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}


extension ScanResult {
    /// "3 findings (1 critical, 2 high)".
    func legacyFindingSummary() -> String {
        let parts = Severity.allCases.reversed().compactMap { s -> String? in
            let n = count(s)
            return n > 0 ? "\(n) \(s.name)" : nil
        }
        let head = "\(findings.count) finding\(findings.count == 1 ? "" : "s")"
        return parts.isEmpty ? head : "\(head) (\(parts.joined(separator: ", ")))"
    }

    /// Findings grouped by attack pattern in the threat model's order, most severe first in each.
    func legacyFindingsByPattern() -> [(ThreatPattern, [Finding])] {
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
    var legacyDisplay: String { "\(file):\(range.start.line):\(range.start.column)" }
}

extension Finding {
    /// `file:line:column`, followed by the template it was rendered from when known.
    var legacyWhereDisplay: String {
        renderedFrom.map { "\(location.legacyDisplay) (from \($0))" } ?? location.legacyDisplay
    }
}

extension Diagnostic {
    var legacyLocationDisplay: String {
        guard let position else { return file }
        return "\(file):\(position.line):\(position.column)"
    }
}

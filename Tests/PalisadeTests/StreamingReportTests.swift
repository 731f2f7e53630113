import Foundation
import PalisadeCore
import PalisadeReport
import PalisadeRules
import Testing

/// The streamed formatters on results made to hit every escaping rule: strings survive exactly,
/// file descriptors get the bytes memory gets, suppressed findings are shown apart. (When the
/// formatters were first streamed, a copy of the JSONValue/String ones proved them byte-identical;
/// the copy went when suppressions changed the output.)
@Suite("Streaming reports")
struct StreamingReportTests {
    /// Every character class the escapers treat specially, and the near misses around them.
    static let nasty = "q\"b\\s/n\nr\rt\tcrlf\r\nnul\u{0}us\u{1F}del\u{7F}ls\u{2028}ps\u{2029}near\u{2027}\u{202A}\u{2000}"
        + " pipe| lt< gt> amp& apos' combining|\u{301} <\u{301} \r\n\u{301} fffe\u{FFFE}ffff\u{FFFF}fffd\u{FFFD}\u{FFBE}"
        + " é ü 😀 \u{E2}"

    /// A rule with `pattern`, its texts full of `nasty`.
    static func rule(_ id: String, _ pattern: ThreatPattern, _ severity: Severity = .high) -> RuleDescription {
        RuleDescription(
            id: id, title: "Title \(nasty)", severity: severity, pattern: pattern, controls: [.encryption, .resilience],
            mitre: ["T1611"], rationale: "Why \(nasty)", remediation: "Fix it: \(nasty)",
            references: ["https://example.com/\(id)"], goodExamples: [], badExamples: [])
    }

    static let declared = [
        rule("r-lateral", .lateralMovement, .critical), rule("r-exposure", .exposure, .low),
        rule("r-credentials", .credentialCompromise, .info), rule("r-availability", .availability, .medium),
    ]
    static let undeclared = rule("undeclared-rule", .supplyChain, .medium)

    static func finding(_ rule: RuleDescription, _ severity: Severity, file: String, line: Int,
                        namespace: String?, name: String?, message: String = "a message", path: String = "spec.x",
                        from: String? = nil, suppressed: Bool = false) -> Finding {
        let object = ObjectRef(
            file: file, identity: ResourceIdentity(apiVersion: "v1\(nasty)", kind: "Pod", namespace: namespace, name: name),
            renderedFrom: from)
        var f = Finding(
            rule: rule, severity: severity, message: message, object: object,
            range: SourceRange(start: SourcePosition(line: line, column: 3), end: SourcePosition(line: line + 1, column: 12)),
            path: path)
        if suppressed {
            f.suppression = Suppression(kind: .annotation, reason: "accepted",
                                        location: SourceLocation(file: file, range: SourceRange(line: 1, column: 1)))
        }
        return f
    }

    /// A result with declared rules of every pattern, a rule nobody declared, every severity,
    /// suppressed findings, missing namespaces and names, templates, odd paths and every
    /// diagnostic shape.
    static let hostile: ScanResult = {
        let (lateral, exposure, credentials, availability) = (declared[0], declared[1], declared[2], declared[3])
        let findings = [
            finding(lateral, .critical, file: "./a b/%x.yaml", line: 1, namespace: "ns", name: "n\(nasty)", message: nasty),
            finding(lateral, .high, file: "./a b/%x.yaml", line: 9, namespace: nil, name: nil, path: "p|<>\(nasty)", from: "chart/templates/\(nasty).yaml"),
            finding(undeclared, .medium, file: "/abs/ü.yaml", line: 2, namespace: "n|s", name: nil, from: "t|<x>.yaml"),
            finding(exposure, .low, file: "<stdin>", line: 3, namespace: nil, name: "only-name"),
            finding(credentials, .info, file: "c\r\n|.json", line: 4, namespace: "", name: "", message: ""),
            finding(availability, .medium, file: "z.yaml", line: 1_000_000, namespace: "x", name: "y"),
            finding(exposure, .critical, file: "z.yaml", line: 5, namespace: "x", name: "y", suppressed: true),
            finding(lateral, .high, file: "z.yaml", line: 6, namespace: "x", name: "y", suppressed: true),
        ]
        var s = ScanStatistics()
        s.filesScanned = 7; s.filesSkipped = 1; s.documents = 12; s.objects = 1; s.otherDocuments = 3
        let diagnostics = [
            Diagnostic(code: "yaml-syntax", level: .error, file: "bad\(nasty).yaml", position: SourcePosition(line: 3, column: 4), message: nasty),
            Diagnostic(code: "helm-chart", level: .note, file: "chart", message: "a <note> | here"),
            Diagnostic(code: "odd&code", level: .warning, file: "w.yaml", position: nil, message: "warn"),
            Diagnostic(code: "too-large", level: .error, file: "/abs/big.yaml", message: "too large"),
        ]
        return ScanResult(findings: findings, diagnostics: diagnostics, rules: declared + ReportTests.result.rules, statistics: s)
    }()

    static let optionSets = [
        ReportOptions(), ReportOptions(failOn: .medium), ReportOptions(failOn: .critical),
        ReportOptions(failOn: .low, colour: true), ReportOptions(failOn: .high, colour: true),
    ]

    @Test("JSON and SARIF carry every string exactly, escapes and suppressions included, under every option set")
    func roundTrip() throws {
        for options in Self.optionSets {
            let json = try #require(JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(Self.hostile, options: options).utf8)) as? [String: Any])
            let findings = try #require(json["findings"] as? [[String: Any]])
            #expect(findings.count == Self.hostile.findings.count)
            for (f, j) in zip(Self.hostile.findings, findings) {
                #expect(j["message"] as? String == f.message)
                #expect(j["path"] as? String == f.path)
                #expect((j["location"] as? [String: Any])?["file"] as? String == f.location.file)
                #expect((j["resource"] as? [String: Any])?["apiVersion"] as? String == f.resource.apiVersion)
                #expect(j["renderedFrom"] as? String == f.renderedFrom)
                #expect(((j["suppression"] as? [String: Any])?["reason"] as? String) == f.suppression?.reason)
            }
            let summary = try #require(json["summary"] as? [String: Any])
            #expect(summary["suppressed"] as? Int == 2)
            #expect(summary["failingFindings"] as? Int == Self.hostile.failing(at: options.failOn).count)
            let sarif = try #require(JSONSerialization.jsonObject(with: Data(ReportFormat.sarif.render(Self.hostile, options: options).utf8)) as? [String: Any])
            let results = try #require(((sarif["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
            #expect(results.count == Self.hostile.findings.count)
            for (f, r) in zip(Self.hostile.findings, results) {
                #expect((r["message"] as? [String: Any])?["text"] as? String == "\(f.message) Fix: \(f.remediation)")
                let justification = ((r["suppressions"] as? [[String: Any]])?.first)?["justification"] as? String
                #expect(justification == f.suppression?.reason)
            }
        }
    }

    @Test("Suppressed findings are listed apart with their reason and never counted as failing, in every format")
    func suppressedEverywhere() {
        let options = ReportOptions(failOn: .low, showSuppressed: true)
        let text = ReportFormat.text.render(Self.hostile, options: options)
        #expect(text.contains("Suppressed (2)"))
        #expect(text.contains("6 findings (1 critical, 1 high, 2 medium, 1 low, 1 info), 2 suppressed"))
        #expect(text.contains("Failing: 5 findings at or above low."))
        let markdown = ReportFormat.markdown.render(Self.hostile, options: options)
        #expect(markdown.contains("<details><summary>Suppressed (2)"))
        #expect(markdown.contains("| accepted |"))
        let junit = ReportFormat.junit.render(Self.hostile, options: options)
        #expect(junit.components(separatedBy: "<skipped message=\"suppressed: accepted").count == 3)
        // JUnit has a suite per declared rule (the estate scan's rules, Dockerfile, cloud, workflow and secret rules included): the undeclared rule's finding has none.
        #expect(junit.contains("<testsuites name=\"palisade\" tests=\"\(267 + BuiltinRules.secrets.count)\" failures=\"4\""))
    }

    @Test("Writing to a file descriptor gives the bytes render gives, across many flushes",
          arguments: ReportFormat.allCases)
    func descriptorMatchesMemory(format: ReportFormat) throws {
        // About 3,000 findings: several 256 KiB flushes in every format.
        let base = Self.hostile.findings
        var findings: [Finding] = []
        for i in 0..<430 {
            for f in base {
                var copy = Finding(rule: f.rule, severity: f.severity, message: f.message, object: f.object, range: f.range, path: f.path + "[\(i)]")
                copy.suppression = f.suppression
                findings.append(copy)
            }
        }
        let result = ScanResult(findings: findings, diagnostics: Self.hostile.diagnostics, rules: Self.hostile.rules,
                                statistics: Self.hostile.statistics)
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        // Markdown is summarised past its budget (a pull-request comment); lifted here to stream it whole.
        var options = ReportOptions(failOn: .medium)
        options.markdownBudget = nil
        try format.write(result, options: options, to: fd)
        close(fd)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        let expected = format.render(result, options: options)
        #expect(written.count > ReportWriter.flushThreshold)
        #expect(written == Data(expected.utf8))
    }

    @Test("A failed write is reported, not ignored")
    func writeFailure() {
        // A read-only descriptor: every write(2) fails with EBADF.
        let fd = open("/dev/null", O_RDONLY)
        defer { close(fd) }
        #expect(throws: ReportWriteError.self) {
            try ReportFormat.json.write(Self.hostile, options: ReportOptions(), to: fd)
        }
    }

    @Test("Integers and JSON strings are written as String(i) and JSONValue write them")
    func primitives() {
        for i in [0, 1, 9, 10, 99, 100, 12345, -1, -10, Int.max, Int.min] {
            var out = ReportWriter()
            out.int(i)
            #expect(out.string == String(i))
        }
        var scalars = ""
        for v in 0..<0x3000 { if let u = Unicode.Scalar(v) { scalars.unicodeScalars.append(u) } }
        for s in [Self.nasty, scalars, "", "plain", "\u{E2}\u{80}", "end\u{E2}"] {
            var out = ReportWriter()
            out.jsonString(s)
            out.byte(UInt8(ascii: "\n"))
            #expect(out.string == JSONValue.string(s).rendered())
        }
    }
}

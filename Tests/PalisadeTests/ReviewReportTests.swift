import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PalisadeCore
import PalisadeReport
import Testing

/// JUnit and Markdown as CI systems and pull-request comments take them: JUnit case names unique
/// (GitLab drops duplicates), Markdown under GitHub's comment limit with notes included.
@Suite("JUnit and Markdown for review systems")
struct ReviewReportTests {
    /// `count` findings over three rules, every severity, one file per 100 findings.
    static func many(_ count: Int, suppressed: Int = 0) -> ScanResult {
        let rules = [
            StreamingReportTests.rule("r-escape", .lateralMovement, .critical),
            StreamingReportTests.rule("r-images", .supplyChain, .low),
            StreamingReportTests.rule("r-network", .exposure, .medium),
        ]
        let severities: [Severity] = [.critical, .high, .medium, .low, .info]
        var findings: [Finding] = []
        for i in 0..<count {
            findings.append(StreamingReportTests.finding(
                rules[i % 3], severities[i % 5], file: "k8s/app-\(i / 100).yaml", line: i % 100 + 1,
                namespace: "shop", name: "web-\(i)", message: "Finding number \(i) of the many.",
                suppressed: i < suppressed))
        }
        let diagnostics = [
            Diagnostic(code: "yaml-syntax", level: .error, file: "k8s/broken.yaml", position: SourcePosition(line: 3, column: 4), message: "did not find expected key"),
            Diagnostic(code: "helm-chart", level: .note, file: "charts/shop", message: "a Helm chart: scan `helm template` output"),
            Diagnostic(code: "kustomization", level: .note, file: "overlays/prod/kustomization.yaml", message: "patches are not applied"),
        ]
        var statistics = ScanStatistics()
        statistics.objects = count  // a scan that read objects: not "nothing scanned"
        statistics.filesScanned = count / 100 + 1
        return ScanResult(findings: findings, diagnostics: diagnostics, rules: rules, statistics: statistics)
    }

    static func testCases(_ xml: String) throws -> [(classname: String, name: String)] {
        let document = try XMLDocument(data: Data(xml.utf8))
        return try document.nodes(forXPath: "//testcase").compactMap { node in
            guard let e = node as? XMLElement else { return nil }
            return (e.attribute(forName: "classname")?.stringValue ?? "", e.attribute(forName: "name")?.stringValue ?? "")
        }
    }

    @Test("JUnit: two findings of one rule in one file, or one resource in two files, never share a case name")
    func junitNamesUnique() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // One pod twice in one file (a copy-paste), and the same pod in a second file (an overlay).
        let pod = HostileInputTests.privilegedPod
        try Support.write(pod + "---\n" + pod, to: dir.appendingPathComponent("a.yaml"))
        try Support.write(pod, to: dir.appendingPathComponent("b.yaml"))
        let result = Support.scan([dir.path])
        let xml = ReportFormat.junit.render(result, options: ReportOptions())
        let cases = try Self.testCases(xml)
        let privileged = cases.filter { $0.classname == "k8s-privileged-container" }.map(\.name)
        let a = dir.appendingPathComponent("a.yaml").path, b = dir.appendingPathComponent("b.yaml").path
        #expect(privileged == [
            "Pod/p spec.containers[c].securityContext.privileged (\(a):10)",
            "Pod/p spec.containers[c].securityContext.privileged (\(a):21)",
            "Pod/p spec.containers[c].securityContext.privileged (\(b):10)",
        ])
        let keys = cases.map { "\($0.classname) \($0.name)" }
        #expect(Set(keys).count == keys.count)
    }

    @Test("JUnit: findings at one place in one object are numbered, not dropped as duplicates")
    func junitSamePlace() throws {
        let rule = StreamingReportTests.declared[0]
        let findings = (0..<3).map { i in
            StreamingReportTests.finding(rule, .critical, file: "k8s/a.yaml", line: 4, namespace: "ns", name: "p", message: "m\(i)")
        }
        let result = ScanResult(findings: findings, rules: [rule])
        let names = try Self.testCases(ReportFormat.junit.render(result, options: ReportOptions())).map(\.name)
        #expect(names == [
            "Pod/ns/p spec.x (k8s/a.yaml:4)", "Pod/ns/p spec.x (k8s/a.yaml:4) #2", "Pod/ns/p spec.x (k8s/a.yaml:4) #3",
        ])
    }

    @Test("Markdown: thousands of findings are summarised under the 60,000-character budget, notes included")
    func markdownSummarised() throws {
        let result = Self.many(5_000, suppressed: 10)
        var options = ReportOptions()
        options.markdownLink = "https://ci.example.com/jobs/42/artifacts/palisade.sarif"
        let md = ReportFormat.markdown.render(result, options: options)
        #expect(md.utf8.count <= 60_000)
        #expect(md.count <= MarkdownReport.defaultBudget)
        #expect(md.hasPrefix("## Palisade: 4990 findings (998 critical, 998 high, 998 medium, 998 low, 998 info), 10 suppressed\n"))
        #expect(md.contains("> **Summarised:** the full report is longer than a GitHub comment may be (65,536 characters)."))
        #expect(md.contains("The full report: [https://ci.example.com/jobs/42/artifacts/palisade.sarif](https://ci.example.com/jobs/42/artifacts/palisade.sarif)."))
        #expect(md.contains("| critical | 998 |\n| high | 998 |\n| medium | 998 |\n| low | 998 |\n| info | 998 |\n| suppressed | 10 |\n"))
        #expect(md.contains("| [`r-escape`](\(PalisadeLinks.rule("r-escape"))) | critical | 1663 |"))
        // The most severe findings, as many as fit: the header says how many, the table has them all.
        let header = try #require(md.range(of: #"### Most severe findings \((\d+) of 4990\)"#, options: .regularExpression))
        let shown = Int(md[header].split(separator: "(")[1].split(separator: " ")[0])!
        #expect(shown > 100 && shown < 4990)
        #expect(md.contains(" most severe of 4990 findings in full; \(4990 - shown) findings and the list of 10 suppressed are left out."))
        let table = md[header.upperBound...].components(separatedBy: "\n\n")[1]
        let rows = table.split(separator: "\n").dropFirst(2)
        #expect(rows.count == shown)
        #expect(rows.allSatisfy { $0.hasPrefix("| critical |") } == (shown <= 998))
        #expect(rows.first?.hasPrefix("| critical | `r-images` | Pod/shop/web-10 | `k8s/app-0.yaml:11:3` |") == true)
        // Notes and input problems are there.
        #expect(md.contains("### Input problems (1)\n\n- error `k8s/broken.yaml:3:4` yaml-syntax: did not find expected key\n"))
        #expect(md.contains("### Notes (2)\n\n- `charts/shop` helm-chart: a Helm chart: scan `helm template` output\n"))
        #expect(!md.contains("<summary>Suppressed"))
    }

    @Test("Markdown: a report within the budget is the full report, notes included; a small budget summarises it")
    func markdownBudget() {
        let full = ReportFormat.markdown.render(ReportTests.result, options: ReportOptions())
        #expect(!full.contains("Summarised"))
        // The notes were not in the pull-request comment before: charts and kustomizations not scanned as they are.
        #expect(full.contains("### Notes (2)\n\n- `"))
        #expect(full.contains("/examples/estate/charts/storefront` helm-chart: Helm chart 'storefront'"))
        #expect(full.contains("/examples/estate/k8s/kustomization.yaml` kustomization: Kustomize overlay"))
        var options = ReportOptions()
        options.markdownBudget = 3_000
        let small = ReportFormat.markdown.render(ReportTests.result, options: options)
        #expect(small.utf8.count <= 3_000)
        #expect(small.contains("> **Summarised:**"))
        #expect(small.contains("Every finding is in `palisade scan --format sarif`"))
        #expect(small.contains("### Findings by severity\n\n| Severity | Findings |\n|---|---|\n| critical | 5 |\n| high | 22 |\n"))
        // Just under the full report's size it is summarised; at its size it is not.
        options.markdownBudget = full.utf8.count
        #expect(ReportFormat.markdown.render(ReportTests.result, options: options) == full)
        options.markdownBudget = full.utf8.count - 1
        #expect(ReportFormat.markdown.render(ReportTests.result, options: options).contains("> **Summarised:**"))
    }

    @Test("Markdown summary through the CLI: --markdown-link is the link")
    func markdownLinkFlag() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var yaml = ""
        for i in 0..<1_500 { yaml += HostileInputTests.privilegedPod.replacingOccurrences(of: "name: p\n", with: "name: p\(i)\n") + "---\n" }
        try Support.write(yaml, to: dir.appendingPathComponent("many.yaml"))
        let cli = try Support.run(["scan", "many.yaml", "--format", "markdown", "--markdown-link", "https://ci.example.com/r"], in: dir)
        #expect(cli.status == 1)
        #expect(cli.stdout.utf8.count <= 60_000)
        #expect(cli.stdout.contains("The full report: [https://ci.example.com/r](https://ci.example.com/r)."))
    }
}

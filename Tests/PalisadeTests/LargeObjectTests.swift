import PalisadeCore
import PalisadeEngine
import PalisadeRules
import Testing

@Suite("Large objects")
struct LargeObjectTests {
    @Test("A pod with thousands of containers (its rules split over two threads) gives exactly the findings of the rules run one by one")
    func splitRules() {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n  containers:\n"
        for i in 0..<2_500 {
            yaml += "    - name: c\(i)\n      image: app:latest\n      securityContext: {privileged: \(i % 2 == 0), runAsUser: 0}\n"
        }
        let object = Support.objects(yaml)[0]
        #expect(object.podSpec?.containers.count == 2_500)
        let split = Scanner(estateRules: []).evaluate(object).sorted(by: Finding.reportOrder)
        let oneByOne = BuiltinRules.kubernetes.flatMap { Scanner(rules: [$0], estateRules: []).evaluate(object) }.sorted(by: Finding.reportOrder)
        #expect(split.count == oneByOne.count)
        #expect(split.count > 10_000)
        #expect(split.map(\.fingerprint) == oneByOne.map(\.fingerprint))
        #expect(split.map(\.message) == oneByOne.map(\.message))
    }
}

@Suite("Report order")
struct ReportOrderTests {
    @Test("sortForReport gives exactly the order of Finding.reportOrder, whatever the input order")
    func sameOrder() {
        var findings = ReportTests.result.findings + StreamingReportTests.hostile.findings
        // Ties on file, line and column too: the same findings again under other rules' paths.
        findings += findings.map { f in
            Finding(rule: f.rule, severity: f.severity, message: f.message, object: f.object, range: f.range, path: f.path + ".again")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            findings.shuffle(using: &generator)
            var fast = findings
            fast.sortForReport()
            let full = findings.sorted(by: Finding.reportOrder)
            #expect(fast.map(\.fingerprint) == full.map(\.fingerprint))
            #expect(fast.map(\.message) == full.map(\.message))
        }
    }
}

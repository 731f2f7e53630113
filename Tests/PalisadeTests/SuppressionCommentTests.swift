import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeReport
import Testing

/// `# palisade:ignore` comments: where they are written decides what they cover.
@Suite("Suppression comments")
struct SuppressionCommentTests {
    /// Findings (rule, line, column) on it, unsuppressed: service-account-token-automount 4:3,
    /// default-service-account 8:5, host-network 9:7, seven container findings at the container's
    /// name 11:11 (image-pull-policy, the four missing-resource rules, liveness probe, writable root
    /// file system), image-no-digest 12:18, privileged 14:13.
    static let agent = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-agent
          namespace: monitoring
        spec:
          template:
            spec:
              hostNetwork: true
              containers:
                - name: agent
                  image: agent:1.4
                  securityContext:
                    privileged: true
                    runAsNonRoot: true
                    allowPrivilegeEscalation: false
        """

    static func scan(_ text: String, today: CalendarDay? = nil) throws -> ScanResult {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(text, to: dir.appendingPathComponent("agent.yaml"))
        return Support.scan([dir.path]) { $0.today = today }
    }

    /// `agent` with `line` inserted before line `before` (1-based), or replacing it.
    static func agent(inserting line: String, before: Int) -> String {
        var lines = agent.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(line, at: before - 1)
        return lines.joined(separator: "\n")
    }

    static func agent(replacing number: Int, with line: String) -> String {
        var lines = agent.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[number - 1] = line
        return lines.joined(separator: "\n")
    }

    static func suppressed(_ result: ScanResult) -> [String] {
        result.findings.filter(\.isSuppressed).map { "\($0.ruleId)@\($0.range.start.line)" }.sorted()
    }

    static func warnings(_ result: ScanResult, _ code: String) -> [String] {
        result.diagnostics.filter { $0.code == code }.map { "\($0.position?.line ?? 0):\($0.position?.column ?? 0) \($0.message)" }
    }

    @Test("Unsuppressed, the fixture has the findings the other tests count on")
    func fixture() throws {
        let result = try Self.scan(Self.agent)
        #expect(result.findings.count == 12)
        #expect(result.findings.filter { $0.range.start == SourcePosition(line: 11, column: 11) }.count == 7)
        #expect(result.findings.first { $0.ruleId == "k8s-privileged-container" }?.range.start == SourcePosition(line: 14, column: 13))
        #expect(result.suppressedCount == 0)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("A trailing comment suppresses that rule's findings starting on its line, with its reason and where it is written")
    func trailing() throws {
        var text = Self.agent(replacing: 14, with: "            privileged: true  # palisade:ignore k8s-privileged-container the CNI agent programs routes (SEC-42)")
        text = text.replacingOccurrences(of: "- name: agent", with: "- name: agent  # palisade:ignore k8s-missing-cpu-limit, k8s-missing-memory-limit limits come from the LimitRange")
        let result = try Self.scan(text)
        #expect(Self.suppressed(result) == ["k8s-missing-cpu-limit@11", "k8s-missing-memory-limit@11", "k8s-privileged-container@14"])
        let privileged = try #require(result.findings.first { $0.ruleId == "k8s-privileged-container" })
        #expect(privileged.suppression?.kind == .comment)
        #expect(privileged.suppression?.reason == "the CNI agent programs routes (SEC-42)")
        #expect(privileged.suppression?.location.range.start == SourcePosition(line: 14, column: 31))
        #expect(privileged.suppression?.expires == nil)
        #expect(result.findings.count == 12)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("A comment on its own line covers the key below it, and nothing after that entry")
    func aboveKey() throws {
        let text = Self.agent(inserting: "            # palisade:ignore k8s-privileged-container,k8s-writable-root-filesystem reviewed in SEC-42", before: 14)
        let result = try Self.scan(text)
        #expect(Self.suppressed(result) == ["k8s-privileged-container@15"])
        // The second rule has a finding on the object, but not inside `privileged: true`.
        #expect(Self.warnings(result, "unused-suppression") == [
            "14:56 `palisade:ignore` comment for 'k8s-writable-root-filesystem' matches no finding in what it covers: remove it",
        ])
    }

    @Test("A comment above a block covers every finding inside it; above a sequence item, that item")
    func aboveBlock() throws {
        let block = Self.agent(inserting: "          # palisade:ignore k8s-privileged-container,k8s-image-no-digest the agent is built in-house", before: 13)
        let result = try Self.scan(block)
        #expect(Self.suppressed(result) == ["k8s-privileged-container@15"])
        #expect(Self.warnings(result, "unused-suppression").map { String($0.prefix(5)) } == ["13:54"])

        let item = Self.agent(inserting: "        # palisade:ignore k8s-missing-* resources and probes come from the platform defaults", before: 11)
        let items = try Self.scan(item)
        #expect(Self.suppressed(items) == [
            "k8s-missing-cpu-limit@12", "k8s-missing-cpu-request@12", "k8s-missing-liveness-probe@12",
            "k8s-missing-memory-limit@12", "k8s-missing-memory-request@12",
        ])
        #expect(items.diagnostics.isEmpty)
    }

    @Test("A comment above the document, or above metadata or kind at the top level, covers the whole object",
          arguments: [1, 2, 3])
    func wholeObject(before line: Int) throws {
        let text = Self.agent(inserting: "# palisade:ignore k8s-host-network,k8s-image-no-digest,k8s-default-service-account a node agent (SEC-42)", before: line)
        let result = try Self.scan(text)
        #expect(Self.suppressed(result) == ["k8s-default-service-account@9", "k8s-host-network@10", "k8s-image-no-digest@13"])
        #expect(result.diagnostics.isEmpty)
        let finding = try #require(result.findings.first { $0.ruleId == "k8s-host-network" })
        #expect(finding.suppression?.location.range.start == SourcePosition(line: line, column: 1))
    }

    @Test("A palisade:ignore inside a quoted string or a block scalar is text, not a comment")
    func insideStrings() throws {
        let text = Self.agent(inserting: """
              annotations:
                note: "see # palisade:ignore k8s-privileged-container in the docs"
                other: 'x # palisade:ignore k8s-host-network not a comment'
                "key # palisade:ignore k8s-image-no-digest": value
                script: |
                  # palisade:ignore k8s-privileged-container a script line
                  echo hi
            """, before: 6)
        let result = try Self.scan(text + "\n---\n" + Self.agent)
        #expect(result.suppressedCount == 0)
        #expect(result.diagnostics.isEmpty)
        #expect(!result.findings.contains { $0.ruleId == "k8s-ignore-without-reason" })

        // The last scalar of a document, followed by the next document's `---`.
        let last = Self.agent + "\n          command: |\n            # palisade:ignore k8s-host-network a script line\n---\n" + Self.agent
        let lastResult = try Self.scan(last)
        #expect(lastResult.suppressedCount == 0)
        #expect(lastResult.diagnostics.isEmpty)
    }

    @Test("In a file of several documents a comment covers its own document only; above `---`, the next one")
    func documents() throws {
        let text = "# palisade:ignore k8s-privileged-container the first agent only\n" + Self.agent
            + "\n# palisade:ignore k8s-host-network the second agent serves on the node address\n---\n" + Self.agent
        let result = try Self.scan(text)
        // The second document starts on line 20 (`---` on 19).
        #expect(Self.suppressed(result) == ["k8s-host-network@28", "k8s-privileged-container@15"])
        #expect(result.findings.filter { $0.ruleId == "k8s-privileged-container" }.count == 2)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("A comment above an item of a List covers that item only")
    func listItems() throws {
        let pod = """
              - apiVersion: v1
                kind: Pod
                metadata: {name: NAME}
                spec:
                  containers: [{name: c, image: "busybox:1.36", securityContext: {privileged: true}}]
            """
        let text = "apiVersion: v1\nkind: List\nitems:\n  # palisade:ignore k8s-privileged-container the debug pod\n"
            + pod.replacingOccurrences(of: "NAME", with: "debug") + "\n" + pod.replacingOccurrences(of: "NAME", with: "other")
        let result = try Self.scan(text)
        #expect(result.findings.filter(\.isSuppressed).map { $0.resource.name } == ["debug"])
        #expect(result.findings.filter { $0.ruleId == "k8s-privileged-container" }.count == 2)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("A comment without a reason suppresses nothing and is a k8s-ignore-without-reason finding")
    func reasonRequired() throws {
        var text = Self.agent(replacing: 14, with: "            privileged: true  # palisade:ignore k8s-privileged-container")
        text = text.replacingOccurrences(of: "kind: DaemonSet", with: "kind: DaemonSet  # palisade:ignore")
        let result = try Self.scan(text)
        #expect(result.suppressedCount == 0)
        let missing = result.findings.filter { $0.ruleId == "k8s-ignore-without-reason" }
        #expect(missing.map(\.range.start) == [SourcePosition(line: 2, column: 18), SourcePosition(line: 14, column: 49)])
        #expect(missing.last?.message == "`palisade:ignore` comment for 'k8s-privileged-container' gives no reason, so it suppresses nothing: write `# palisade:ignore k8s-privileged-container <why the risk is accepted>`.")
        #expect(result.failing(at: .high).contains { $0.ruleId == "k8s-privileged-container" })
        #expect(result.diagnostics.isEmpty)
    }

    @Test("Comments that match nothing are warnings: no finding covered, an unknown rule, nothing below them")
    func unused() throws {
        var text = Self.agent(inserting: "          # palisade:ignore k8s-host-network,k8s-no-such-rule,k8s-nope-* not here", before: 13)
        text += "\n# palisade:ignore k8s-privileged-container at the end of the file\n"
        let result = try Self.scan(text)
        #expect(result.suppressedCount == 0)
        #expect(Self.warnings(result, "unused-suppression") == [
            "13:29 `palisade:ignore` comment for 'k8s-host-network' matches no finding in what it covers: remove it",
            "13:46 `palisade:ignore` comment for 'k8s-no-such-rule' names no rule Palisade knows: remove it",
            "13:63 `palisade:ignore` comment for 'k8s-nope-*' matches no rule Palisade knows: remove it",
            "18:1 `palisade:ignore` comment covers no Kubernetes object (nothing below it in its document): remove it",
        ])
        #expect(result.diagnostics.allSatisfy { $0.level == .warning && $0.file.hasSuffix("agent.yaml") })
    }

    @Test("An expiry date in a comment: suppressed through that day (UTC), reported again the day after")
    func commentExpiry() throws {
        let text = Self.agent(replacing: 14, with: "            privileged: true  # palisade:ignore k8s-privileged-container expires=2026-01-31 until the CNI moves to eBPF")
        let lastDay = try Self.scan(text, today: CalendarDay(year: 2026, month: 1, day: 31))
        let finding = try #require(lastDay.findings.first { $0.ruleId == "k8s-privileged-container" })
        #expect(finding.suppression?.reason == "until the CNI moves to eBPF")
        #expect(finding.suppression?.expires == CalendarDay(year: 2026, month: 1, day: 31))
        #expect(lastDay.diagnostics.isEmpty)

        let after = try Self.scan(text, today: CalendarDay(year: 2026, month: 2, day: 1))
        #expect(after.suppressedCount == 0)
        #expect(after.failing(at: .high).contains { $0.ruleId == "k8s-privileged-container" })
        #expect(Self.warnings(after, "expired-suppression") == [
            "14:49 `palisade:ignore` comment for 'k8s-privileged-container' expired on 2026-01-31 (today is 2026-02-01, UTC): its findings are reported again; fix them, or renew it with a new date and reason",
        ])
        #expect(after.diagnostics.count == 1)

        let bad = try Self.scan(text.replacingOccurrences(of: "2026-01-31", with: "2026-02-30"))
        #expect(bad.suppressedCount == 0)
        #expect(Self.warnings(bad, "invalid-suppression") == [
            "14:74 `palisade:ignore` comment: 'expires=2026-02-30' is not an expiry date (expires=YYYY-MM-DD, once), so the comment suppresses nothing",
        ])
    }

    @Test("An expiry date in an annotation entry works the same way")
    func annotationExpiry() throws {
        let text = Self.agent.replacingOccurrences(of: "  namespace: monitoring", with: """
              namespace: monitoring
              annotations:
                palisade.dev/ignore: "k8s-host-network=expires=2026-01-31 serves on the node address"
            """)
        let lastDay = try Self.scan(text, today: CalendarDay(year: 2026, month: 1, day: 31))
        let finding = try #require(lastDay.findings.first { $0.ruleId == "k8s-host-network" })
        #expect(finding.suppression?.kind == .annotation)
        #expect(finding.suppression?.reason == "serves on the node address")
        let after = try Self.scan(text, today: CalendarDay(year: 2026, month: 2, day: 1))
        #expect(after.suppressedCount == 0)
        #expect(Self.warnings(after, "expired-suppression") == [
            "7:27 palisade.dev/ignore entry 'k8s-host-network' expired on 2026-01-31 (today is 2026-02-01, UTC): its findings are reported again; fix them, or renew it with a new date and reason",
        ])
    }

    @Test("Comment directives: the marker first, rule ids joined by commas, one expiry word taken out of the reason")
    func directiveParsing() throws {
        func parse(_ text: String) -> SuppressionComment.Directive? {
            SuppressionComment.Directive(text: Substring(text), comment: SourcePosition(line: 3, column: 5), start: SourcePosition(line: 3, column: 6))
        }
        let d = try #require(parse(" palisade:ignore a, b ,c expires=2027-03-01  the  reason "))
        #expect(d.rules.map(\.text) == ["a", "b", "c"])
        #expect(d.rules.map(\.range.start.column) == [23, 26, 29])
        #expect(d.reason == "the reason")
        #expect(d.expires == CalendarDay(year: 2027, month: 3, day: 1))
        #expect(d.range == SourceRange(start: SourcePosition(line: 3, column: 5), end: SourcePosition(line: 3, column: 62)))
        #expect(parse(" see palisade:ignore a b") == nil)
        #expect(parse(" palisade:ignored a b") == nil)
        #expect(parse("palisade:ignore")?.isValid == false)
        #expect(parse(" palisade:ignore a expires=2027-3-1 why")?.badExpiry?.text == "expires=2027-3-1")
        #expect(CommentDirectives.mayContain(Array("a: 1 # palisade:ignore x y".utf8)))
        #expect(!CommentDirectives.mayContain(Array("a: 1 # palisade:ignor x y\ng: palisade-ignore".utf8)))
    }

    @Test("Thousands of commented containers in one pod: every comment placed, each finding asks only the comments around it")
    func manyComments() throws {
        let count = 2_500
        var text = "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n"
        for i in 0..<count {
            text += "    - name: c\(i)  # palisade:ignore k8s-missing-cpu-limit limits come from the LimitRange\n"
            text += "      # palisade:ignore k8s-image-no-digest built in-house\n      image: app:1.0\n"
        }
        let result = try Self.scan(text)
        #expect(result.findings.filter { $0.ruleId == "k8s-missing-cpu-limit" && $0.isSuppressed }.count == count)
        #expect(result.findings.filter { $0.ruleId == "k8s-image-no-digest" && $0.isSuppressed }.count == count)
        #expect(result.suppressedCount == 2 * count)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("Comment candidates for other formats: `//` starters, and a starter glued to text is no comment")
    func otherStarters() {
        let hcl = Array("resource \"x\" \"y\" {  // palisade:ignore aws-s3-public-read public website\n  a = \"b#palisade:ignore c d\"\n}\n".utf8)
        let found = CommentDirectives.find(in: hcl, starters: ["#", "//"])
        #expect(found.map { "\($0.position.line):\($0.position.column) \($0.directive.rules.map(\.text)) \($0.directive.reason) \($0.ownLine)" } == [
            "1:21 [\"aws-s3-public-read\"] public website false",
        ])
    }

    @Test("JSON and SARIF carry the comment kind; reports validate against their schemas")
    func reports() throws {
        let text = Self.agent(replacing: 14, with: "            privileged: true  # palisade:ignore k8s-privileged-container expires=2099-12-31 the CNI agent programs routes")
        let result = try Self.scan(text)
        let json = ReportFormat.json.render(result, options: ReportOptions())
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(report["schemaVersion"] as? String == "1.4")
        let suppression = try #require((report["findings"] as? [[String: Any]])?.compactMap { $0["suppression"] as? [String: Any] }.first)
        #expect(suppression["kind"] as? String == "comment")
        #expect(suppression["line"] as? Int == 14 && suppression["column"] as? Int == 31)
        #expect(suppression["expires"] as? String == "2099-12-31")
        let jsonCheck = try ReportTests.validate(json, schema: "docs/json-schema.json")
        #expect(jsonCheck.status == 0, "\(jsonCheck.output)")
        let sarif = ReportFormat.sarif.render(result, options: ReportOptions())
        #expect(sarif.components(separatedBy: "\"kind\": \"inSource\"").count == 2)
        let sarifCheck = try ReportTests.validate(sarif, schema: "Tests/Fixtures/sarif-schema-2.1.0.json")
        #expect(sarifCheck.status == 0, "\(sarifCheck.output)")
    }
}

import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeReport
import Testing

/// The ignore file (`.palisadeignore.yaml`), globs and expiry dates.
@Suite("Ignore file")
struct IgnoreFileTests {
    static let web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: web:2.0
        """

    static let ignore = """
        - rule: k8s-host-*
          path: "deploy/agents/**"
          reason: node agent serves on the node address (SEC-42)
        - rule: k8s-privileged-container
          resource: DaemonSet/*/node-agent
          reason: the CNI agent programs routes
          expires: 2026-01-31
        - rule: k8s-image-no-digest
          resource: Deployment/**/web
          reason: web is rebuilt on every release
        - rule: k8s-missing-liveness-probe
          path: apps
          reason: web is probed by the mesh
        - rule: k8s-run-as-root
          path: "nowhere/**"
          reason: stale
        - rule: k8s-seccomp-not-set
          reason: accepted until the runtime default lands
          expires: 2025-06-30
        """

    /// A project with the node agent under deploy/agents and the web Deployment under apps.
    static func project() throws -> URL {
        let dir = try Support.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Support.write(SuppressionCommentTests.agent, to: dir.appendingPathComponent("deploy/agents/agent.yaml"))
        try Support.write(web, to: dir.appendingPathComponent("apps/web.yaml"))
        return dir
    }

    static func entries(_ text: String, file: String = ".palisadeignore.yaml") throws -> [SuppressionEntry] {
        try IgnoreFile.parse(Array(text.utf8), file: file).get()
    }

    static func problems(_ text: String) -> [String] {
        guard case .failure(let failure) = IgnoreFile.parse(Array(text.utf8), file: "ignore.yaml") else { return [] }
        return failure.problems.map(\.description)
    }

    static func scan(_ dir: URL, ignore: String, today: CalendarDay) throws -> ScanResult {
        let entries = try entries(ignore)
        return Support.scan([dir.path]) {
            $0.root = ProjectRoot.canonical(dir.path)
            $0.ignoreFile = entries
            $0.today = today
        }
    }

    static func suppressed(_ result: ScanResult) -> [String] {
        result.findings.filter(\.isSuppressed).map { "\($0.location.file.split(separator: "/").last!):\($0.ruleId)" }.sorted()
    }

    @Test("Entries match by rule glob, by path glob on the project path (a folder covers what is under it) and by resource")
    func matching() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Self.scan(dir, ignore: Self.ignore, today: CalendarDay(year: 2026, month: 1, day: 31)!)
        #expect(Self.suppressed(result) == [
            "agent.yaml:k8s-host-network", "agent.yaml:k8s-privileged-container",
            "web.yaml:k8s-image-no-digest", "web.yaml:k8s-missing-liveness-probe",
        ])
        // The same rules elsewhere stay: the agent's image, the agent's probe, the web's seccomp (expired entry).
        #expect(result.findings.filter { !$0.isSuppressed && ["k8s-image-no-digest", "k8s-missing-liveness-probe", "k8s-seccomp-not-set"].contains($0.ruleId) }.count == 3)
        let privileged = try #require(result.findings.first { $0.ruleId == "k8s-privileged-container" }?.suppression)
        #expect(privileged.kind == .ignoreFile)
        #expect(privileged.reason == "the CNI agent programs routes")
        #expect(privileged.location == SourceLocation(file: ".palisadeignore.yaml", range: SourceRange(
            start: SourcePosition(line: 4, column: 3), end: privileged.location.range.end)))
        #expect(privileged.expires == CalendarDay(year: 2026, month: 1, day: 31))
        #expect(result.diagnostics.map { "\($0.code) \($0.file):\($0.position!.line):\($0.position!.column) \($0.message)" } == [
            "unused-suppression .palisadeignore.yaml:14:9 ignore-file entry for 'k8s-run-as-root' matches no finding: remove it",
            "expired-suppression .palisadeignore.yaml:17:9 ignore-file entry for 'k8s-seccomp-not-set' expired on 2025-06-30 (today is 2026-01-31, UTC): its findings are reported again; fix them, or renew it with a new date and reason",
        ])
    }

    @Test("Expiry: an entry accepts findings through its last day, and the day after the finding is back with a warning")
    func expiry() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let entry = "- rule: k8s-privileged-container\n  reason: the CNI agent programs routes\n  expires: 2026-01-31\n"
        let lastDay = try Self.scan(dir, ignore: entry, today: CalendarDay(year: 2026, month: 1, day: 31)!)
        #expect(Self.suppressed(lastDay) == ["agent.yaml:k8s-privileged-container"])
        #expect(lastDay.diagnostics.isEmpty)
        #expect(!lastDay.hasFailing(at: .critical))
        let after = try Self.scan(dir, ignore: entry, today: CalendarDay(year: 2026, month: 2, day: 1)!)
        #expect(after.suppressedCount == 0)
        #expect(after.hasFailing(at: .critical))
        #expect(after.diagnostics.map { "\($0.code) \($0.position!.line):\($0.position!.column)" } == ["expired-suppression 1:9"])
    }

    @Test("Invalid entries are problems naming file, line and column, every one of them")
    func problems() {
        let text = """
            - rule: k8s-privileged-container
              reason: ok
              colour: blue
            - rule: k8s-host-network
            - rule: k8s-x
              reason: fine
              expires: 2027-02-30
            - reason: no rule
            - rule: [a, b]
              reason: x
              reason: y
            - just a string
            - rule: k8s-y
              reason: ""
            """
        #expect(Self.problems(text) == [
            "ignore.yaml:3:3: unknown key 'colour' (expected rule, path, resource, reason, expires)",
            "ignore.yaml:4:3: entry has no reason: say why the risk is accepted (reason: ...)",
            "ignore.yaml:7:12: expires '2027-02-30' is not a date (YYYY-MM-DD)",
            "ignore.yaml:8:3: entry has no rule (rule: <rule-id or glob>)",
            "ignore.yaml:9:9: 'rule' must be a string",
            "ignore.yaml:11:3: 'reason' is given twice in this entry",
            "ignore.yaml:12:3: an entry must be a mapping with rule and reason",
            "ignore.yaml:14:11: 'reason' is empty",
        ])
        #expect(Self.problems("rule: x\nreason: y\n") == ["ignore.yaml:1:1: expected a list of entries (- rule: ... reason: ...)"])
        #expect(Self.problems("- rule: [x\n  reason: y\n").first?.hasPrefix("ignore.yaml:2:") == true)
        #expect(Self.problems("- rule: a\n  reason: b\n---\n- rule: c\n  reason: d\n") == ["ignore.yaml:4:1: one YAML document expected, found 2"])
        #expect((try? Self.entries("# nothing accepted yet\n"))?.count == 0)
        #expect((try? Self.entries(Self.ignore))?.count == 6)
    }

    @Test("Globs: * and ? stay inside a segment, ** spans segments, a path glob also matches the folders above a file")
    func globs() {
        #expect(Glob("k8s-host-*").matches("k8s-host-pid"))
        #expect(!Glob("k8s-host-*").matches("k8s-hostpid"))
        #expect(Glob("k8s-host-???").matches("k8s-host-pid") && !Glob("k8s-host-???").matches("k8s-host-network"))
        #expect(Glob("deploy/**").matches("deploy/a/b.yaml"))
        #expect(Glob("**/test/**").matches("a/b/test/c.yaml") && Glob("**/test/**").matches("test/c.yaml"))
        #expect(!Glob("**/test/**").matches("a/testing/c.yaml"))
        #expect(Glob("*.yaml").matches("b.yaml") && !Glob("*.yaml").matches("a/b.yaml") && !Glob("*.yaml").matchesPath("a/b.yaml"))
        #expect(Glob("deploy/agents").matchesPath("deploy/agents/ds.yaml") && Glob("deploy/*").matchesPath("deploy/agents/ds.yaml"))
        #expect(!Glob("deploy/agent").matchesPath("deploy/agents/ds.yaml"))
        #expect(Glob("Deployment/**/web").matches("Deployment/web") && Glob("Deployment/**/web").matches("Deployment/prod/web"))
        #expect(Glob("DaemonSet/*/node-agent").matches("DaemonSet/monitoring/node-agent") && !Glob("DaemonSet/*/node-agent").matches("DaemonSet/node-agent"))
        #expect(Glob("k8s-*").isLiteral == false && Glob("k8s-host-pid").isLiteral)
        // Backtracking stays linear-ish: this would take forever with naive recursion.
        #expect(!Glob(String(repeating: "*a", count: 40) + "b").matches(String(repeating: "a", count: 5_000)))
    }

    @Test("Calendar days: strict YYYY-MM-DD, real days only, and the UTC day of a Unix time")
    func calendarDays() {
        #expect(CalendarDay("2024-02-29") == CalendarDay(year: 2024, month: 2, day: 29))
        #expect(CalendarDay("2023-02-29") == nil && CalendarDay("2027-3-01") == nil && CalendarDay("2027-03-01x") == nil)
        #expect(CalendarDay("2100-02-29") == nil && CalendarDay("2000-02-29") != nil)
        #expect(CalendarDay(unixTime: 0).description == "1970-01-01")
        #expect(CalendarDay(unixTime: 951_782_400).description == "2000-02-29")
        #expect(CalendarDay(unixTime: -1).description == "1969-12-31")
        #expect(CalendarDay(unixTime: 1_767_225_599).description == "2025-12-31")
        #expect(CalendarDay(unixTime: 1_767_225_600).description == "2026-01-01")
        #expect(CalendarDay(year: 2026, month: 1, day: 31)! < CalendarDay(year: 2026, month: 2, day: 1)!)
    }

    // MARK: - The command line

    static let accepted = """
        - rule: k8s-host-network
          resource: DaemonSet/monitoring/node-agent
          reason: node agent serves on the node address (SEC-42)
        - rule: k8s-privileged-container
          path: deploy/agents/**
          reason: the CNI agent programs routes
          expires: 2026-01-31
        """

    @Test("The CLI finds .palisadeignore.yaml at the project root from a subfolder; kinds in JSON and SARIF; expiry by PALISADE_TODAY")
    func commandLine() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.accepted, to: dir.appendingPathComponent(".palisadeignore.yaml"))
        let deploy = dir.appendingPathComponent("deploy")
        let today = ["PALISADE_TODAY": "2026-01-31"]
        let json = try Support.run(["scan", ".", "--sort", "location", "--format", "json"], environment: today, in: deploy)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let suppressions = try #require(report["findings"] as? [[String: Any]]).compactMap { $0["suppression"] as? [String: Any] }
        #expect(suppressions.map { "\($0["kind"]!) \($0["file"]!):\($0["line"]!):\($0["column"]!)" } == [
            "ignore-file ../.palisadeignore.yaml:1:3", "ignore-file ../.palisadeignore.yaml:4:3",
        ])
        #expect(suppressions.last?["expires"] as? String == "2026-01-31")
        let jsonCheck = try ReportTests.validate(json.stdout, schema: "docs/json-schema.json")
        #expect(jsonCheck.status == 0, "\(jsonCheck.output)")

        let sarif = try Support.run(["scan", ".", "--format", "sarif"], environment: today, in: deploy)
        #expect(sarif.stdout.components(separatedBy: "\"kind\": \"external\"").count == 3)
        let sarifCheck = try ReportTests.validate(sarif.stdout, schema: "Tests/Fixtures/sarif-schema-2.1.0.json")
        #expect(sarifCheck.status == 0, "\(sarifCheck.output)")

        let expired = try Support.run(["scan", ".", "--no-color"], environment: ["PALISADE_TODAY": "2026-02-01"], in: deploy)
        #expect(expired.status == 1)
        #expect(expired.stdout.contains("warning ../.palisadeignore.yaml:4:9  expired-suppression: ignore-file entry for 'k8s-privileged-container' expired on 2026-01-31 (today is 2026-02-01, UTC)"))
        #expect(expired.stdout.contains("1 finding suppressed (--show-suppressed lists it)"))
    }

    @Test("--show-suppressed lists suppressed findings with reason and where each suppression is written; without it one line counts them")
    func showSuppressed() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.accepted, to: dir.appendingPathComponent(".palisadeignore.yaml"))
        let web = Self.web.replacingOccurrences(of: "image: web:2.0", with: "image: web:2.0  # palisade:ignore k8s-image-no-digest rebuilt on every release")
        try Support.write(web, to: dir.appendingPathComponent("apps/web.yaml"))
        let today = ["PALISADE_TODAY": "2026-01-31"]

        let plain = try Support.run(["scan", ".", "--no-color"], environment: today, in: dir)
        #expect(plain.stdout.contains("\n3 findings suppressed (--show-suppressed lists them)\n"))
        #expect(!plain.stdout.contains("Suppressed ("))
        let listed = try Support.run(["scan", ".", "--no-color", "--show-suppressed", "--sort", "location"], environment: today, in: dir)
        #expect(listed.stdout.contains("""
            Suppressed (3)  accepted with a reason; they do not fail the run
              LOW      apps/web.yaml:10:18  k8s-image-no-digest
                       Deployment/web: rebuilt on every release (comment at apps/web.yaml:10:27)
              HIGH     deploy/agents/agent.yaml:9:7  k8s-host-network
                       DaemonSet/monitoring/node-agent: node agent serves on the node address (SEC-42) (ignore-file at .palisadeignore.yaml:1:3)
              CRITICAL deploy/agents/agent.yaml:14:13  k8s-privileged-container
                       DaemonSet/monitoring/node-agent: the CNI agent programs routes (ignore-file at .palisadeignore.yaml:4:3, expires 2026-01-31)
            """))
        #expect(!listed.stdout.contains("findings suppressed (--show-suppressed"))

        let markdown = try Support.run(["scan", ".", "--format", "markdown"], environment: today, in: dir)
        #expect(markdown.stdout.contains("\n3 findings suppressed (`--show-suppressed` lists them)\n"))
        #expect(!markdown.stdout.contains("<summary>Suppressed"))
        let markdownListed = try Support.run(["scan", ".", "--format", "markdown", "--show-suppressed"], environment: today, in: dir)
        #expect(markdownListed.stdout.contains("| Severity | Rule | Resource | Location | Reason | Suppressed by |"))
        #expect(markdownListed.stdout.contains("| critical | `k8s-privileged-container` | DaemonSet/monitoring/node-agent | `deploy/agents/agent.yaml:14:13` | the CNI agent programs routes | ignore-file at .palisadeignore.yaml:4:3, expires 2026-01-31 |"))
        #expect(markdownListed.stdout.contains("| low | `k8s-image-no-digest` | Deployment/web | `apps/web.yaml:10:18` | rebuilt on every release | comment at apps/web.yaml:10:27 |"))
    }

    @Test("A missing --ignore-file, an invalid ignore file and a bad PALISADE_TODAY are usage errors (exit 2) that say where")
    func usageErrors() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try Support.run(["scan", ".", "--ignore-file", "nope.yaml"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr == "palisade: nope.yaml: no such ignore file\n")

        try Support.write("- rule: k8s-host-network\n  reason: ok\n  colour: blue\n- rule: k8s-x\n", to: dir.appendingPathComponent(".palisadeignore.yaml"))
        let invalid = try Support.run(["scan", "."], in: dir)
        #expect(invalid.status == 2)
        #expect(invalid.stderr == """
            palisade: .palisadeignore.yaml:3:3: unknown key 'colour' (expected rule, path, resource, reason, expires)
            .palisadeignore.yaml:4:3: entry has no reason: say why the risk is accepted (reason: ...)

            """)
        #expect(invalid.stdout.isEmpty)

        try Support.write("[]\n", to: dir.appendingPathComponent("other.yaml"))
        let explicit = try Support.run(["scan", "deploy", "--ignore-file", "other.yaml"], environment: ["PALISADE_TODAY": "tomorrow"], in: dir)
        #expect(explicit.status == 2)
        #expect(explicit.stderr == "palisade: PALISADE_TODAY must be a date (YYYY-MM-DD), not 'tomorrow'\n")
    }
}

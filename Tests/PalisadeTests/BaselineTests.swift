import Foundation
import PalisadeCore
import PalisadeLoaders
import PalisadeReport
import Testing

/// Baselines, `--changed-since` and `palisade diff`: living with today's findings while a pull
/// request is judged only by what it brings.
@Suite("Baselines and pull requests")
struct BaselineTests {
    /// A workload with nothing to report (the hardened example's way), so that a change to it
    /// brings exactly the findings the change causes.
    static let app = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: api
          namespace: shop
        automountServiceAccountToken: false
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        spec:
          replicas: 2
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              serviceAccountName: api
              automountServiceAccountToken: false
              securityContext:
                runAsNonRoot: true
                runAsUser: 10001
                runAsGroup: 10001
                seccompProfile: {type: RuntimeDefault}
              containers:
                - name: api
                  image: registry.example.com/shop/api:1.2.3@sha256:9f2c1e0b7a6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b
                  imagePullPolicy: IfNotPresent
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities: {drop: [ALL]}
                  resources:
                    requests: {cpu: 100m, memory: 128Mi}
                    limits: {cpu: 500m, memory: 256Mi}
                  readinessProbe: {httpGet: {path: /ready, port: 8080}}
                  livenessProbe: {httpGet: {path: /health, port: 8080}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]

        """

    /// The app with `privileged: true` added to its container, below `allowPrivilegeEscalation`:
    /// line 34, column 13.
    static var privilegedApp: String {
        app.replacingOccurrences(of: "allowPrivilegeEscalation: false\n",
                                 with: "allowPrivilegeEscalation: false\n            privileged: true\n")
    }

    /// A legacy workload with findings of its own: the baseline's content.
    static let legacy = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: legacy
          namespace: shop
        spec:
          hostPID: true
          containers:
            - name: legacy
              image: legacy:latest

        """

    // MARK: - Helpers

    /// Runs git in `dir` with a fixed identity and no user or system configuration.
    @discardableResult
    static func git(_ arguments: [String], in dir: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env.merge([
            "GIT_AUTHOR_NAME": "Palisade Test", "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Palisade Test", "GIT_COMMITTER_EMAIL": "test@example.com",
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
        ]) { $1 }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0 { Issue.record("git \(arguments.joined(separator: " ")) failed: \(text)") }
        return text
    }

    /// A git repository with `files` committed.
    static func repository(_ files: [String: String]) throws -> URL {
        let repo = try Support.temporaryDirectory().appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: repo)
        for (path, text) in files { try Support.write(text, to: repo.appendingPathComponent(path)) }
        try git(["add", "-A"], in: repo)
        try git(["commit", "-q", "-m", "manifests"], in: repo)
        return repo
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The findings of a JSON report, as (rule id, file, line, column, baseline state).
    static func findings(_ report: String) throws -> [(rule: String, file: String, line: Int, column: Int, state: String?)] {
        let findings = try #require(json(report)["findings"] as? [[String: Any]])
        return findings.map { f in
            let location = f["location"] as? [String: Any] ?? [:]
            return (f["ruleId"] as? String ?? "", location["file"] as? String ?? "", location["line"] as? Int ?? 0,
                    location["column"] as? Int ?? 0, f["baselineState"] as? String)
        }
    }

    // MARK: - Object line spans

    @Test("Every object knows the lines its document spans, List items their own")
    func lineSpans() {
        let objects = Support.objects("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
            # a comment between documents
            ---
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
            ---
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "d"}}
            """)
        #expect(objects.map(\.name) == ["a", "b", "c", "d"])
        #expect(objects.map(\.ref.lines) == [1...4, 10...12, 13...16, 18...18])
    }

    // MARK: - git diff parsing

    @Test("Hunks come from git diff -U0 by line counts, with quoted paths and deletions")
    func diffParsing() {
        let diff = """
            diff --git a/k8s/app.yaml b/k8s/app.yaml
            index 1111111..2222222 100644
            --- a/k8s/app.yaml
            +++ b/k8s/app.yaml
            @@ -3 +3 @@ metadata:
            -  name: old
            +  name: new
            @@ -10,2 +9,0 @@ spec:
            -+++ b/not-a-header.yaml
            -@@ -1 +1 @@
            @@ -20,0 +19,3 @@
            +diff --git a/fake b/fake
            ++++ b/fake.yaml
            +x: 1
            \\ No newline at end of file
            diff --git a/gone.yaml b/gone.yaml
            deleted file mode 100644
            --- a/gone.yaml
            +++ /dev/null
            @@ -1,2 +0,0 @@
            -a: 1
            -b: 2
            diff --git "a/caf\\303\\251 \\"x\\".yaml" "b/caf\\303\\251 \\"x\\".yaml"
            new file mode 100644
            --- /dev/null
            +++ "b/caf\\303\\251 \\"x\\".yaml"
            @@ -0,0 +1 @@
            +a: 1

            """
        let files = GitChanges.hunks(inDiff: Array(diff.utf8))
        #expect(files.count == 2)
        #expect(files["k8s/app.yaml"] == .hunks([
            ChangeSet.Hunk(start: 3, count: 1), ChangeSet.Hunk(start: 9, count: 0), ChangeSet.Hunk(start: 19, count: 3),
        ]))
        #expect(files["café \"x\".yaml"] == .hunks([ChangeSet.Hunk(start: 1, count: 1)]))
    }

    @Test("A hunk touches the lines it changes; a deletion the lines on either side of it")
    func hunkTouches() {
        let object = ObjectRef(file: "k8s/app.yaml", projectPath: "k8s/app.yaml", identity: ResourceIdentity(kind: "Pod"), lines: 10...20)
        func touched(_ hunks: [ChangeSet.Hunk]) -> Bool { ChangeSet(files: ["k8s/app.yaml": .hunks(hunks)]).touches(object) }
        #expect(touched([ChangeSet.Hunk(start: 20, count: 3)]))
        #expect(touched([ChangeSet.Hunk(start: 5, count: 6)]))
        #expect(!touched([ChangeSet.Hunk(start: 5, count: 5)]))
        #expect(!touched([ChangeSet.Hunk(start: 21, count: 2)]))
        #expect(touched([ChangeSet.Hunk(start: 15, count: 0)]))
        #expect(touched([ChangeSet.Hunk(start: 9, count: 0)]))
        #expect(touched([ChangeSet.Hunk(start: 20, count: 0)]))
        #expect(!touched([ChangeSet.Hunk(start: 8, count: 0)]))
        #expect(!touched([ChangeSet.Hunk(start: 21, count: 0)]))
        #expect(!touched([]))
        #expect(ChangeSet(files: ["k8s/app.yaml": .whole]).touches(object))
        #expect(!ChangeSet(files: ["k8s/other.yaml": .whole]).touches(object))
    }

    // MARK: - Baseline files

    @Test("baseline create writes unsuppressed findings by fingerprint, sorted, deterministic, valid against the schema")
    func baselineFile() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("", to: dir.appendingPathComponent(".palisade.yaml"))
        try Support.write(Self.legacy, to: dir.appendingPathComponent("k8s/legacy.yaml"))
        try Support.write(SuppressionTests.agent, to: dir.appendingPathComponent("k8s/agent.yaml"))
        let run = try Support.run(["baseline", "create", "k8s", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let file = dir.appendingPathComponent(".palisade-baseline.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(run.stderr.hasPrefix("palisade: wrote "))
        #expect(run.stderr.hasSuffix("to \(dir.path)/.palisade-baseline.json\n") || run.stderr.contains(".palisade-baseline.json"))

        let check = try ReportTests.validate(text, schema: "docs/baseline-schema.json")
        #expect(check.status == 0, "\(check.output)")
        let baseline = try BaselineFile.parse(Array(text.utf8), file: "b.json")
        let scan = try Support.run(["scan", "k8s", "-q", "--format", "json"], in: dir)
        let all = try #require(Self.json(scan.stdout)["findings"] as? [[String: Any]])
        let unsuppressed = all.filter { $0["suppression"] is NSNull }
        #expect(unsuppressed.count < all.count)
        #expect(Set(baseline.entries.map(\.fingerprint.hex)) == Set(unsuppressed.compactMap { $0["fingerprint"] as? String }))
        #expect(baseline.entries.count == unsuppressed.count)
        let order = baseline.entries.map { [$0.file, $0.resource, $0.ruleId] }
        #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(baseline.entries.first?.file == "k8s/agent.yaml")
        #expect(baseline.entries.contains { $0.ruleId == "k8s-host-pid" && $0.file == "k8s/legacy.yaml" && $0.resource == "Pod/shop/legacy" })
        // Same input, same bytes; standard output with -o -.
        #expect(try Support.run(["baseline", "create", "k8s", "-q", "-o", "-"], in: dir).stdout == text)
        #expect(BaselineReport.render(baseline) == text)
    }

    @Test("A baseline that is broken, of the wrong kind or missing is exit 2 with file, line and column")
    func badBaseline() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.legacy, to: dir.appendingPathComponent("legacy.yaml"))
        let cases: [(String, String)] = [
            ("{\n  \"baselineVersion\": \"1.0\",\n  \"findings\": [\n    {\"fingerprint\": \"abc\"\n", "b.json:5:1: "),
            ("{\"baselineVersion\": \"1.0\", \"findings\": [{\"fingerprint\": \"xyz\"}]}", "b.json:1:57: 'fingerprint' must be 32 hex digits, not 'xyz'"),
            ("{\"baselineVersion\": \"2.0\", \"findings\": []}", "b.json:1:21: baseline version 2.0 is not one this palisade reads (1.x)"),
            ("{\"baselineVersion\": \"1.0\",\n \"findings\": {}}", "b.json:2:14: 'findings' must be an array"),
            ("{\"baselineVersion\": \"1.0\", \"findings\": [\"x\"]}", "b.json:1:41: each baseline finding must be an object"),
            ("{\"schemaVersion\": \"1.2\", \"findings\": []}", "b.json:1:1: this is a JSON report, not a baseline"),
            ("", "b.json: is empty"),
        ]
        for (text, message) in cases {
            try Support.write(text, to: dir.appendingPathComponent("b.json"))
            let run = try Support.run(["scan", ".", "-q", "--baseline", "b.json"], in: dir)
            #expect(run.status == 2, "\(text)")
            #expect(run.stderr.hasPrefix("palisade: --baseline: \(message)"), "\(run.stderr)")
        }
        let missing = try Support.run(["scan", ".", "--baseline", "missing.json"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr == "palisade: --baseline: missing.json: does not exist\n")
    }

    @Test("Moving a resource down its file or re-indenting it keeps its findings in the baseline")
    func movedAndReindented() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("", to: dir.appendingPathComponent(".palisade.yaml"))
        let manifest = dir.appendingPathComponent("k8s/all.yaml")
        try Support.write(Self.legacy + "---\n" + Self.app, to: manifest)
        #expect(try Support.run(["baseline", "create", ".", "-q", "-o", "base.json"], in: dir).status == 0)
        let before = try Support.run(["scan", ".", "-q", "--format", "json"], in: dir)
        let count = try Self.findings(before.stdout).count
        #expect(count >= 3)

        // The legacy pod moves below the app, every line indented four more spaces, its name quoted.
        let reindented = Self.legacy.components(separatedBy: "\n").map { $0.isEmpty ? $0 : "    " + $0 }
            .joined(separator: "\n").replacingOccurrences(of: "  name: legacy\n", with: "  name: \"legacy\"\n")
        try Support.write(Self.app + "---\n# moved\n\n" + reindented, to: manifest)
        let after = try Support.run(["scan", ".", "-q", "--format", "json", "--baseline", "base.json"], in: dir)
        #expect(after.status == 0, "\(after.stdout)")
        let findings = try Self.findings(after.stdout)
        #expect(findings.count == count)
        #expect(findings.allSatisfy { $0.state == "unchanged" })
        #expect(findings.allSatisfy { $0.line > 50 })
        let summary = try #require(Self.json(after.stdout)["summary"] as? [String: Any])
        #expect(summary["inBaseline"] as? Int == count)
        #expect(summary["failingFindings"] as? Int == 0)
        let text = try Support.run(["scan", ".", "-q", "--baseline", "base.json"], in: dir)
        #expect(text.status == 0)
        #expect(text.stdout.contains("\(count) findings in the baseline, not shown and not failing (--show-baseline lists them)."))
        #expect(text.stdout.contains("0 findings in 4 objects from 2 files."))  // all.yaml and base.json; .palisade.yaml is configuration
        #expect(!text.stdout.contains("k8s-host-pid"))
        #expect(try Support.run(["scan", ".", "-q", "--baseline", "base.json", "--show-baseline"], in: dir).stdout
            .contains("In the baseline (\(count))"))
    }

    @Test("Every format carries the baseline state: JSON and SARIF per finding, JUnit skips, Markdown counts")
    func formats() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("", to: dir.appendingPathComponent(".palisade.yaml"))
        try Support.write(Self.legacy, to: dir.appendingPathComponent("legacy.yaml"))
        #expect(try Support.run(["baseline", "create", ".", "-q", "-o", "base.json"], in: dir).status == 0)
        try Support.write(Self.privilegedApp, to: dir.appendingPathComponent("app.yaml"))
        let args = ["scan", ".", "-q", "--baseline", "base.json"]
        let json = try Support.run(args + ["--format", "json"], in: dir)
        #expect(json.status == 1)
        let check = try ReportTests.validate(json.stdout, schema: "docs/json-schema.json")
        #expect(check.status == 0, "\(check.output)")
        let findings = try Self.findings(json.stdout)
        let new = findings.filter { $0.state == "new" }
        #expect(new.map(\.rule) == ["k8s-privileged-container"])
        #expect(findings.filter { $0.state == "unchanged" }.count == findings.count - 1)

        let sarif = try Self.json(try Support.run(args + ["--format", "sarif"], in: dir).stdout)
        let results = try #require(((sarif["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["baselineState"] as? String }.filter { $0 == "new" }.count == 1)
        #expect(results.compactMap { $0["baselineState"] as? String }.count == findings.count)
        let sarifFile = dir.appendingPathComponent("out.sarif")
        try Support.write(try Support.run(args + ["--format", "sarif"], in: dir).stdout, to: sarifFile)
        let sarifCheck = try Support.python([
            Support.root.appendingPathComponent("Tests/Scripts/validate_json_schema.py").path,
            Support.root.appendingPathComponent("Tests/Fixtures/sarif-schema-2.1.0.json").path, sarifFile.path,
        ])
        #expect(sarifCheck.status == 0, "\(sarifCheck.output)")
        // Without a baseline, SARIF says nothing about it.
        #expect(!(try Support.run(["scan", ".", "-q", "--format", "sarif"], in: dir).stdout.contains("baselineState")))

        let junit = try Support.run(args + ["--format", "junit", "--fail-on", "low"], in: dir).stdout
        #expect(junit.components(separatedBy: "<skipped message=\"in the baseline: ").count == findings.count)
        #expect(junit.components(separatedBy: "<failure ").count == 2)

        let markdown = try Support.run(args + ["--format", "markdown"], in: dir).stdout
        #expect(markdown.hasPrefix("## Palisade: 1 finding (1 critical)\n\n**Failing:** 1 finding at or above **high**."))
        #expect(markdown.contains("\n\(findings.count - 1) findings in the baseline, not shown and not failing"))
        #expect(!markdown.contains("k8s-host-pid"))
        let shown = try Support.run(args + ["--format", "markdown", "--show-baseline"], in: dir).stdout
        #expect(shown.contains("<details><summary>In the baseline (\(findings.count - 1)): known when the baseline was made"))
        #expect(shown.contains("`k8s-host-pid`"))
    }

    // MARK: - --changed-since

    @Test("--changed-since without a repository, or with a revision git does not know, is exit 2")
    func changedSinceErrors() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.legacy, to: dir.appendingPathComponent("legacy.yaml"))
        let canonical = try #require(ProjectRoot.canonical(dir.path))
        let outside = try Support.run(["scan", ".", "-q", "--changed-since", "HEAD"], in: dir)
        #expect(outside.status == 2)
        #expect(outside.stderr == "palisade: --changed-since needs a git repository, and \(canonical) is not in one\n")

        let repo = try Self.repository(["legacy.yaml": Self.legacy])
        defer { try? FileManager.default.removeItem(at: repo.deletingLastPathComponent()) }
        let repoPath = try #require(ProjectRoot.canonical(repo.path))
        let unknown = try Support.run(["scan", ".", "-q", "--changed-since", "no-such-branch"], in: repo)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "palisade: --changed-since: git does not know the revision 'no-such-branch' in \(repoPath)\n")
        let option = try Support.run(["scan", ".", "-q", "--changed-since=--output=x"], in: repo)
        #expect(option.status == 2)
        #expect(option.stderr.contains("is not a git revision"))
        // Nothing changed since HEAD: nothing to report, and the scan passes.
        let clean = try Support.run(["scan", ".", "-q", "--changed-since", "HEAD", "--format", "json"], in: repo)
        #expect(clean.status == 0)
        #expect(try Self.findings(clean.stdout).isEmpty)
    }

    @Test("--changed-since keeps estate findings on the object that changed, and nothing on the unchanged workload")
    func changedSinceEstate() throws {
        let pod = Self.legacy.replacingOccurrences(of: "  namespace: shop\n", with: "  namespace: shop\n  labels: {app: legacy}\n")
        let service = """
            apiVersion: v1
            kind: Service
            metadata:
              name: legacy
              namespace: shop
            spec:
              type: ClusterIP
              selector: {app: legacy}
              ports: [{port: 80}]

            """
        let repo = try Self.repository(["pod.yaml": pod, "service.yaml": service])
        defer { try? FileManager.default.removeItem(at: repo.deletingLastPathComponent()) }
        try Support.write(service.replacingOccurrences(of: "ClusterIP", with: "NodePort"), to: repo.appendingPathComponent("service.yaml"))
        let run = try Support.run(["scan", ".", "-q", "--format", "json", "--changed-since", "HEAD"], in: repo)
        #expect(run.status == 1)
        let shown = try Self.findings(run.stdout).map { "\($0.rule) \($0.file):\($0.line):\($0.column)" }
        #expect(shown == ["k8s-exposed-privileged-workload service.yaml:7:3", "k8s-service-node-port service.yaml:7:3"])
    }

    // MARK: - diff

    @Test("diff reads two JSON reports and says what is new and what was fixed, in text, JSON and Markdown")
    func diffFormats() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("", to: dir.appendingPathComponent(".palisade.yaml"))
        try Support.write(Self.legacy, to: dir.appendingPathComponent("legacy.yaml"))
        try Support.write(Self.app, to: dir.appendingPathComponent("app.yaml"))
        try Support.write(try Support.run(["scan", ".", "-q", "--format", "json"], in: dir).stdout, to: dir.appendingPathComponent("old.json"))
        try Support.write(Self.legacy.replacingOccurrences(of: "  hostPID: true\n", with: ""), to: dir.appendingPathComponent("legacy.yaml"))
        try Support.write(Self.privilegedApp, to: dir.appendingPathComponent("app.yaml"))
        try Support.write(try Support.run(["scan", ".", "-q", "--format", "json"], in: dir).stdout, to: dir.appendingPathComponent("new.json"))
        let old = try ReportFile.findings(dir.appendingPathComponent("old.json").path)

        let text = try Support.run(["diff", "old.json", "new.json"], in: dir)
        #expect(text.status == 1)
        let expectedText = """
            New (1)
              CRITICAL app.yaml:34:13  k8s-privileged-container
                       Deployment/shop/api: 
            """
        #expect(text.stdout.hasPrefix(expectedText), "\(text.stdout)")
        #expect(text.stdout.contains("\nFixed (1)\n  HIGH     legacy.yaml:7:3  k8s-host-pid\n"))
        #expect(text.stdout.hasSuffix("1 new (1 critical), 1 fixed, \(old.count - 1) unchanged.\nFailing: 1 new finding at or above high.\n"))
        #expect(try Support.run(["diff", "old.json", "new.json", "--fail-on", "critical"], in: dir).status == 1)
        // The other way round, hostPID (high) is new and the privileged container fixed.
        #expect(try Support.run(["diff", "new.json", "old.json"], in: dir).status == 1)
        #expect(try Support.run(["diff", "new.json", "old.json", "--fail-on", "critical"], in: dir).status == 0)
        #expect(try Support.run(["diff", "old.json", "old.json"], in: dir).stdout == "0 new, 0 fixed, \(old.count) unchanged.\nPassing: nothing new at or above high.\n")

        let json = try Support.run(["diff", "old.json", "new.json", "--format", "json", "-o", "diff.json"], in: dir)
        #expect(json.status == 1)
        let diffText = try String(contentsOf: dir.appendingPathComponent("diff.json"), encoding: .utf8)
        let check = try ReportTests.validate(diffText, schema: "docs/diff-schema.json")
        #expect(check.status == 0, "\(check.output)")
        let diff = try Self.json(diffText)
        let summary = try #require(diff["summary"] as? [String: Any])
        #expect(summary["new"] as? Int == 1)
        #expect(summary["fixed"] as? Int == 1)
        #expect(summary["unchanged"] as? Int == old.count - 1)
        #expect(summary["failingNew"] as? Int == 1)
        #expect(((diff["fixed"] as? [[String: Any]])?.first)?["ruleId"] as? String == "k8s-host-pid")

        let markdown = try Support.run(["diff", "old.json", "new.json", "--format", "markdown"], in: dir).stdout
        #expect(markdown.hasPrefix("## Palisade diff: 1 new (1 critical), 1 fixed, \(old.count - 1) unchanged\n\n**Failing:** 1 new finding at or above high.\n"))
        #expect(markdown.contains("| critical | `k8s-privileged-container` | Deployment/shop/api | `app.yaml:34:13` |"))

        // A report that does not parse, or a baseline given as a report: exit 2, with where.
        try Support.write("{\"schemaVersion\": \"1.2\", \"findings\": [{\"fingerprint\": 3}]}", to: dir.appendingPathComponent("bad.json"))
        let bad = try Support.run(["diff", "old.json", "bad.json"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr == "palisade: bad.json:1:39: 'severity' is missing\n")
        try Support.write(try Support.run(["baseline", "create", ".", "-q", "-o", "-"], in: dir).stdout, to: dir.appendingPathComponent("base.json"))
        let wrong = try Support.run(["diff", "base.json", "new.json"], in: dir)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("base.json:1:1: this is a baseline, not a JSON report"))
    }

    // MARK: - End to end

    @Test("End to end on a git repository: baseline, change one manifest, see exactly the new finding")
    func endToEnd() throws {
        let repo = try Self.repository(["deploy/k8s/app.yaml": Self.app, "deploy/k8s/legacy.yaml": Self.legacy])
        defer { try? FileManager.default.removeItem(at: repo.deletingLastPathComponent()) }

        // The same baseline, byte for byte, from the top, a subfolder and an absolute path.
        #expect(try Support.run(["baseline", "create", ".", "-q"], in: repo).status == 0)
        let baselineURL = repo.appendingPathComponent(".palisade-baseline.json")
        let baseline = try String(contentsOf: baselineURL, encoding: .utf8)
        #expect(baseline.contains("\"file\": \"deploy/k8s/legacy.yaml\""))
        #expect(try Support.run(["baseline", "create", "k8s", "-q", "-o", "-"], in: repo.appendingPathComponent("deploy")).stdout == baseline)
        #expect(try Support.run(["baseline", "create", repo.appendingPathComponent("deploy/k8s").path, "-q", "-o", "-"],
                                in: repo.deletingLastPathComponent()).stdout == baseline)
        // Written by default at the project root, wherever it runs from.
        try FileManager.default.removeItem(at: baselineURL)
        #expect(try Support.run(["baseline", "create", ".", "-q"], in: repo.appendingPathComponent("deploy/k8s")).status == 0)
        #expect(try String(contentsOf: baselineURL, encoding: .utf8) == baseline)
        try Self.git(["add", ".palisade-baseline.json"], in: repo)
        try Self.git(["commit", "-q", "-m", "baseline"], in: repo)
        #expect(try Support.run(["scan", ".", "-q", "--format", "json", "-o", "../old.json"], in: repo).status == 1)
        let oldReport = try String(contentsOf: repo.deletingLastPathComponent().appendingPathComponent("old.json"), encoding: .utf8)
        let legacyCount = try Self.findings(oldReport).filter { $0.file == "deploy/k8s/legacy.yaml" }.count
        #expect(legacyCount >= 2)

        // The change: the app's container turns privileged.
        try Support.write(Self.privilegedApp, to: repo.appendingPathComponent("deploy/k8s/app.yaml"))
        let expected = ["k8s-privileged-container deploy/k8s/app.yaml:34:13"]
        func shown(_ arguments: [String], in dir: URL = repo) throws -> [String] {
            let run = try Support.run(["scan"] + arguments + ["-q", "--format", "json"], in: dir)
            #expect(run.status == 1, "\(run.stderr)")
            let findings = try Self.findings(run.stdout).filter { $0.state != "unchanged" }
            return findings.map { "\($0.rule) \($0.file):\($0.line):\($0.column)" }
        }
        #expect(try shown([".", "--baseline", ".palisade-baseline.json"]) == expected)
        #expect(try shown([".", "--changed-since", "HEAD"]) == expected)
        #expect(try shown(["deploy/k8s/app.yaml", "deploy/k8s/legacy.yaml", "--changed-since", "main"]) == expected)
        #expect(try shown(["k8s", "--baseline", "../.palisade-baseline.json", "--changed-since", "HEAD"],
                          in: repo.appendingPathComponent("deploy")) == ["k8s-privileged-container k8s/app.yaml:34:13"])
        let text = try Support.run(["scan", ".", "-q", "--baseline", ".palisade-baseline.json"], in: repo)
        #expect(text.stdout.contains("  CRITICAL deploy/k8s/app.yaml:34:13  k8s-privileged-container  risk "))
        #expect(!text.stdout.contains("legacy.yaml"))
        // The baseline in the tree is not read as a manifest.
        #expect(text.stdout.contains("\n1 finding (1 critical) in 4 objects from 2 files.\n"))

        // Staged, committed and untracked changes count as well; a new file is new as a whole.
        try Self.git(["add", "-A"], in: repo)
        #expect(try shown([".", "--changed-since", "HEAD"]) == expected)
        try Self.git(["commit", "-q", "-m", "privileged"], in: repo)
        #expect(try shown([".", "--changed-since", "HEAD~1"]) == expected)
        try Support.write(Self.legacy.replacingOccurrences(of: "legacy", with: "copy"), to: repo.appendingPathComponent("deploy/k8s/copy.yaml"))
        let withCopy = try shown([".", "--changed-since", "HEAD~1"])
        #expect(withCopy.first == expected[0])
        #expect(withCopy.dropFirst().allSatisfy { $0.contains(" deploy/k8s/copy.yaml:") })
        #expect(withCopy.count == 1 + legacyCount)
        try FileManager.default.removeItem(at: repo.appendingPathComponent("deploy/k8s/copy.yaml"))

        // A deletion inside a resource counts for it: the legacy pod loses hostPID.
        try Support.write(Self.legacy.replacingOccurrences(of: "  hostPID: true\n", with: ""), to: repo.appendingPathComponent("deploy/k8s/legacy.yaml"))
        let afterFix = try Support.run(["scan", ".", "-q", "--format", "json", "--changed-since", "HEAD"], in: repo)
        let legacyFindings = try Self.findings(afterFix.stdout)
        #expect(!legacyFindings.isEmpty)
        #expect(legacyFindings.allSatisfy { $0.file == "deploy/k8s/legacy.yaml" })
        #expect(!legacyFindings.contains { $0.rule == "k8s-host-pid" })

        // diff of the reports before and after: the privileged container is new, hostPID fixed.
        #expect(try Support.run(["scan", ".", "-q", "--format", "json", "-o", "../new.json"], in: repo).status == 1)
        let diff = try Support.run(["diff", "../old.json", "../new.json", "--format", "json"], in: repo)
        #expect(diff.status == 1)
        let result = try Self.json(diff.stdout)
        let new = try #require(result["new"] as? [[String: Any]])
        let fixed = try #require(result["fixed"] as? [[String: Any]])
        #expect(new.map { "\($0["ruleId"] ?? "") \($0["file"] ?? ""):\($0["line"] ?? 0):\($0["column"] ?? 0)" } == expected)
        #expect(fixed.map { "\($0["ruleId"] ?? "") \($0["file"] ?? ""):\($0["line"] ?? 0)" } == ["k8s-host-pid deploy/k8s/legacy.yaml:7"])
    }
}

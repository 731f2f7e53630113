import Foundation
import PalisadeCore
import PalisadeLoaders
import PalisadeRules
import Testing

/// Configuration, rule selection and report flags through the `palisade` binary.
@Suite("Configuration on the command line")
struct ConfigCLITests {
    static let privileged = HostileInputTests.privilegedPod
    static let medium = CLITests.medium

    /// A repository (a folder with `.git`) holding `files`; removed by the caller.
    static func repository(_ files: [String: String]) throws -> URL {
        let dir = try Support.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for (name, text) in files { try Support.write(text, to: dir.appendingPathComponent(name)) }
        return dir
    }

    /// The rule ids of a JSON report on standard output.
    static func ruleIds(_ run: Support.Run) throws -> [String] {
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return try #require(report["findings"] as? [[String: Any]]).compactMap { $0["ruleId"] as? String }
    }

    /// Validates a YAML configuration against docs/config-schema.json: read with our loader,
    /// written as JSON, checked by python jsonschema.
    static func validate(_ yaml: String, in dir: URL) throws -> (status: Int32, output: String) {
        func json(_ node: Node) -> Any {
            if let entries = node.entries {
                return Dictionary(entries.map { ($0.key.string ?? "", json($0.value)) }, uniquingKeysWith: { $1 })
            }
            if let items = node.items { return items.map(json) }
            if node.isNull { return NSNull() }
            if let b = node.bool { return b }
            if let i = node.int { return i }
            return node.string ?? ""
        }
        var root: Any = NSNull()
        YAMLLoader().load(Array(yaml.utf8), file: "config") { node, _ in root = json(node) }
        let file = dir.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: root, options: [.fragmentsAllowed]).write(to: file)
        return try Support.python([Support.root.appendingPathComponent("Tests/Scripts/validate_json_schema.py").path,
                                   Support.root.appendingPathComponent("docs/config-schema.json").path, file.path])
    }

    @Test("The configuration is found from the scanned path up to the repository top; --config and --no-config")
    func discovery() throws {
        let dir = try Self.repository([
            ".palisade.yaml": "rules:\n  disable: [k8s-privileged-container]\n",
            "k8s/apps/pod.yaml": Self.privileged,
            "other.yaml": "rules:\n  enable: [k8s-privileged-container]\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let found = try Self.ruleIds(Support.run(["scan", "k8s/apps", "--format", "json"], in: dir))
        #expect(!found.isEmpty && !found.contains("k8s-privileged-container"))
        // From a subfolder, and given a file: the same configuration.
        let nested = try Support.run(["scan", "pod.yaml", "--format", "json"], in: dir.appendingPathComponent("k8s/apps"))
        #expect(try Self.ruleIds(nested) == found)
        #expect(try Self.ruleIds(Support.run(["scan", "k8s", "--format", "json", "--no-config"], in: dir)).contains("k8s-privileged-container"))
        #expect(try Self.ruleIds(Support.run(["scan", "k8s", "--format", "json", "--config", "other.yaml"], in: dir)) == ["k8s-privileged-container"])
        let missing = try Support.run(["scan", "k8s", "--config", "nope.yaml"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr == "palisade: --config nope.yaml: does not exist (a broken symlink?)\n")
        // Above the repository top nothing is read: the folder holding the repository has a bad file.
        let outer = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: outer) }
        try Support.write("nonsense: 1\n", to: outer.appendingPathComponent(".palisade.yaml"))
        try Support.write(Self.privileged, to: outer.appendingPathComponent("repo/pod.yaml"))
        #expect(try Support.run(["scan", "repo", "-q"], in: outer).status == 2, "outside a repository the walk reaches it")
        try FileManager.default.createDirectory(at: outer.appendingPathComponent("repo/.git"), withIntermediateDirectories: true)
        #expect(try Support.run(["scan", "repo", "-q"], in: outer).status == 1, "a repository's top stops the walk")
    }

    @Test("A bad configuration is exit 2 with file, line, column and key")
    func badConfiguration() throws {
        let dir = try Self.repository([".palisade.yaml": "version: 1\nfail-on: severe\nrules:\n  disbale: [x]\n", "pod.yaml": Self.privileged])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Support.run(["scan", "."], in: dir)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == """
            palisade: .palisade.yaml:2:10: fail-on: 'severe' is not a severity; use low, medium, high, critical
            palisade: .palisade.yaml:4:3: rules.disbale: unknown key 'disbale'; did you mean disable?

            """)
        // Found from a subfolder, the file is named as the user would reach it.
        try Support.write(Self.privileged, to: dir.appendingPathComponent("k8s/pod.yaml"))
        let nested = try Support.run(["scan", "."], in: dir.appendingPathComponent("k8s"))
        #expect(nested.stderr.hasPrefix("palisade: ../.palisade.yaml:2:10: fail-on:"), "\(nested.stderr)")
    }

    @Test("Flags win over the configuration: --fail-on, --no-strict, --format, --profile, --exclude")
    func precedence() throws {
        let dir = try Self.repository([
            ".palisade.yaml": "fail-on: medium\nstrict: true\nformats: [json=report.json]\nexclude: [skip]\n",
            "medium.yaml": Self.medium,
            "broken.yaml": "a: [\n",
            "skip/pod.yaml": Self.privileged,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let configured = try Support.run(["scan", ".", "-q"], in: dir)
        #expect(configured.status == 3, "strict from the file, with a broken file")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.json").path), "formats from the file")
        #expect(configured.stdout.isEmpty)
        #expect(try Support.run(["scan", ".", "-q", "--no-strict"], in: dir).status == 1, "fail-on medium from the file")
        #expect(try Support.run(["scan", ".", "-q", "--no-strict", "--fail-on", "high"], in: dir).status == 0)
        #expect(try Support.run(["scan", ".", "-q", "--no-strict", "--exclude", "nothing-like-it"], in: dir).status == 1,
                "--exclude replaces the file's list: skip/pod.yaml (critical) is back, and fails")
        let text = try Support.run(["scan", ".", "-q", "--no-strict", "--format", "text"], in: dir)
        #expect(text.stdout.contains("Failing: 4 findings at or above medium."), "medium.yaml's; skip/ excluded")
        #expect(!text.stdout.contains("skip/pod.yaml"))
        let profile = try Self.ruleIds(Support.run(["scan", ".", "--no-strict", "--format", "json", "--profile", "pss-restricted"], in: dir))
        #expect(!profile.isEmpty && profile.allSatisfy { $0.hasPrefix("k8s-pss-restricted-") })
    }

    @Test("--rule runs only the rules it names (ids, globs, patterns); --skip-rule removes; unknown ones are usage errors")
    func ruleSelection() throws {
        let all = try Self.ruleIds(Support.run(["scan", "examples/estate", "--format", "json"]))
        let only = try Self.ruleIds(Support.run(["scan", "examples/estate", "--format", "json", "--rule", "k8s-host-*", "--rule", "k8s-privileged-container"]))
        #expect(Set(only) == Set(all.filter { $0.hasPrefix("k8s-host-") || $0 == "k8s-privileged-container" }))
        #expect(only.count == all.filter { $0.hasPrefix("k8s-host-") || $0 == "k8s-privileged-container" }.count)
        let skipped = try Self.ruleIds(Support.run(["scan", "examples/estate", "--format", "json", "--skip-rule", "pattern:credential-compromise", "--skip-rule", "k8s-host-*"]))
        let patterns = Dictionary(BuiltinRules.descriptions.map { ($0.id, $0.pattern) }, uniquingKeysWith: { a, _ in a })
        #expect(skipped.count == all.filter { patterns[$0] != .credentialCompromise && !$0.hasPrefix("k8s-host-") }.count)
        #expect(skipped.count > 0 && skipped.count < all.count)
        let wrong = try Support.run(["scan", "examples/estate", "--rule", "k8s-privileged-containr"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "palisade: --rule: 'k8s-privileged-containr' matches no rule; did you mean k8s-privileged-container? (palisade rules lists every rule)\n")
        let glob = try Support.run(["scan", "examples/estate", "--rule", "nomad-*"])
        #expect(glob.status == 2 && glob.stderr.contains("'nomad-*' matches no rule"))
        let outside = try Support.run(["scan", "examples/estate", "--rule", "k8s-pss-baseline-*"])
        #expect(outside.stderr == "palisade: --rule: 'k8s-pss-baseline-*' selects no rule of profile threat-model (profiles pss-baseline and pss-restricted have it)\n")
        let pattern = try Support.run(["scan", "examples/estate", "--skip-rule", "pattern:dos"])
        #expect(pattern.status == 2 && pattern.stderr.contains("'pattern:dos' names no attack pattern"))
        let severity = try Self.ruleIds(Support.run(["scan", "examples/estate", "--format", "json", "--rule", "k8s-host-*", "--rule-severity", "k8s-host-*=info", "--fail-on", "low"]))
        #expect(!severity.isEmpty)
        #expect(try Support.run(["scan", "examples/estate", "-q", "--rule", "k8s-host-*", "--rule-severity", "k8s-host-*=info", "--fail-on", "low"]).status == 0,
                "overridden to info, nothing fails")
    }

    @Test("--severity filters the report, not the rules, and the exit code follows what is shown")
    func severityFilter() throws {
        let dir = try Self.repository(["medium.yaml": Self.medium, "critical.yaml": Self.privileged])
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = try Support.run(["scan", ".", "--format", "json", "--severity", "medium,low"], in: dir)
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(Set(findings.compactMap { $0["severity"] as? String }).isSubset(of: ["medium", "low"]))
        #expect(findings.contains { $0["ruleId"] as? String == "k8s-image-latest-tag" })
        #expect(json.status == 0, "the critical finding is not shown, so it does not fail")
        #expect(try Support.run(["scan", ".", "-q", "--severity", "critical"], in: dir).status == 1)
        #expect(try Support.run(["scan", ".", "-q", "--severity", "high, critical"], in: dir).status == 1)
        let bad = try Support.run(["scan", ".", "--severity", "high,urgent"], in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("not 'urgent'"))
    }

    @Test("--exit-zero reports but never exits 1; usage and scan failures still exit 2 and 3")
    func exitZero() throws {
        let dir = try Self.repository(["critical.yaml": Self.privileged])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Support.run(["scan", ".", "--exit-zero"], in: dir)
        #expect(run.status == 0)
        #expect(run.stdout.contains("Failing: 1 finding at or above high."))
        #expect(try Support.run(["scan", ".", "--exit-zero", "--fail-on", "nope"], in: dir).status == 2)
        try Support.write("a: [\n", to: dir.appendingPathComponent("broken.yaml"))
        #expect(try Support.run(["scan", ".", "-q", "--exit-zero", "--strict"], in: dir).status == 3)
        let files = try Support.run(["scan", ".", "--exit-zero", "--format", "json=r.json"], in: dir)
        #expect(files.stderr.hasPrefix("palisade: ") && files.stderr.contains(" findings (1 critical, "), "\(files.stderr)")
        #expect(files.stderr.hasSuffix(" in 1 object from 2 files; 1 input error. Failing: 1 finding at or above high. Exit 0 (--exit-zero).\n"))
        #expect(files.stderr.split(separator: "\n").count == 1)
    }

    @Test("--compact prints one line per finding; -o - and FILE - are standard output")
    func compactAndStandardOutput() throws {
        let dir = try Self.repository(["critical.yaml": Self.privileged, "medium.yaml": Self.medium])
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = try Support.run(["scan", ".", "--format", "json"], in: dir)
        let count = try Self.ruleIds(full).count
        let compact = try Support.run(["scan", ".", "--compact"], in: dir)
        let findingLines = compact.stdout.split(separator: "\n").filter { line in ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"].contains { line.hasPrefix("  " + $0) } }
        #expect(findingLines.count == count)
        #expect(!compact.stdout.contains("fix: "))
        #expect(compact.stdout.contains("  CRITICAL critical.yaml:10:9  k8s-privileged-container  risk 66  Pod/p: Container 'c' runs privileged: code execution in it is root on the node.\n"))
        #expect(try Support.run(["scan", "."], in: dir).stdout.components(separatedBy: "fix: ").count - 1 == count)
        #expect(try Support.run(["scan", ".", "--format", "json", "-o", "-"], in: dir).stdout == full.stdout)
        #expect(try Support.run(["scan", ".", "--format", "json=-"], in: dir).stdout == full.stdout)
        #expect(try Support.run(["scan", ".", "--format", "json=-", "--format", "text"], in: dir).status == 2)
    }

    @Test("palisade rules ID explains one rule; an unknown id is exit 2 with close suggestions")
    func explainRule() throws {
        let run = try Support.run(["rules", "k8s-host-pid"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "k8s-host-pid: Pod uses the node's process namespace")
        for heading in ["Severity:        high", "Attack pattern:  lateral-movement", "MITRE ATT&CK:    T1611", "Why it matters",
                        "How to fix", "References", "Reported (↓ marks where the finding points)", "Not reported", "      ↓hostPID: true"] {
            #expect(lines.contains { $0 == heading }, "\(heading)")
        }
        #expect(run.stdout.contains("Compliance:      CIS Kubernetes Benchmark 5.2.3;"))
        let json = try Support.run(["rules", "k8s-host-pid", "--format", "json"])
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.count == 1 && parsed[0]["id"] as? String == "k8s-host-pid")
        #expect(try Support.run(["rules", "k8s-host-pid", "--format", "markdown"]).stdout.contains("# k8s-host-pid: "))
        let unknown = try Support.run(["rules", "k8s-hostpid"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "palisade: no rule 'k8s-hostpid'; did you mean k8s-host-pid or k8s-host-ipc? (palisade rules lists every rule)\n")
    }

    @Test("palisade init writes a starter that validates against the schema, and never overwrites without --force")
    func initialise() throws {
        let dir = try Self.repository(["pod.yaml": Self.privileged])
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Support.run(["init"], in: dir)
        #expect(first.status == 0)
        let file = dir.appendingPathComponent(".palisade.yaml")
        let written = try String(contentsOf: file, encoding: .utf8)
        let check = try Self.validate(written, in: dir)
        #expect(check.status == 0, "\(check.output)")
        let example = try String(contentsOf: Support.root.appendingPathComponent("docs/palisade.example.yaml"), encoding: .utf8)
        let full = try Self.validate(example, in: dir)
        #expect(full.status == 0, "\(full.output)")
        let bad = try Self.validate("fail-on: severe\nrules:\n  enable: []\n", in: dir)
        #expect(bad.status == 1, "the schema can fail: \(bad.output)")
        // The starter is what a scan then uses, and gives the defaults.
        #expect(try Support.run(["scan", ".", "-q"], in: dir).status == 1)
        try Support.write("# mine\nfail-on: critical\n", to: file)
        let again = try Support.run(["init"], in: dir)
        #expect(again.status == 2)
        #expect(again.stderr == "palisade: .palisade.yaml already exists; edit it, or give --force to replace it with the starter\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "# mine\nfail-on: critical\n")
        #expect(try Support.run(["init", "--force"], in: dir).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == written)
    }

    @Test("A scan that read nothing says so instead of passing, and fails with --strict")
    func nothingScanned() throws {
        // Secret rules read every file: without them, nothing here is read.
        let dir = try Self.repository(["ci/workflow.yml": "name: CI\non: [push]\n", "README.md": "# x\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Support.run(["scan", ".", "--skip-rule", "secret-*"], in: dir)
        #expect(run.status == 0)
        #expect(!run.stdout.contains("Passing"))
        #expect(run.stdout.hasSuffix("0 findings in 0 objects from 1 file.\nNothing scanned: no Kubernetes object, cloud resource, Dockerfile or CI workflow was found in 1 file, so nothing was checked. Check the paths and excludes.\n"))
        #expect(run.stderr == "palisade: warning: Nothing scanned: no Kubernetes object, cloud resource, Dockerfile or CI workflow was found in 1 file, so nothing was checked. Check the paths and excludes.\n")
        let strict = try Support.run(["scan", ".", "--skip-rule", "secret-*", "--strict"], in: dir)
        #expect(strict.status == 3)
        #expect(strict.stderr.hasSuffix("palisade: nothing was scanned and --strict is set\n"))
        #expect(try Support.run(["scan", ".", "--skip-rule", "secret-*", "-q"], input: nil, in: dir).status == 0)
        try Support.write("strict: true\n", to: dir.appendingPathComponent(".palisade.yaml"))
        #expect(try Support.run(["scan", ".", "--skip-rule", "secret-*", "-q"], in: dir).status == 3, "strict from the configuration")
        try FileManager.default.removeItem(at: dir.appendingPathComponent(".palisade.yaml"))

        // Every file broken: the same, in Markdown and in JSON's statistics.
        try Support.write("a: [\n", to: dir.appendingPathComponent("k8s/broken.yaml"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("ci"))
        let md = try Support.run(["scan", ".", "--skip-rule", "secret-*", "--format", "markdown"], in: dir)
        #expect(md.stdout.hasPrefix("## Palisade: nothing scanned\n\n**Nothing scanned:** every file failed to read or parse (1 file), so nothing was checked."))
        #expect(!md.stdout.contains("Passing"))
        let json = try Support.run(["scan", ".", "--skip-rule", "secret-*", "--format", "json"], in: dir)
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["objects"] as? Int == 0 && summary["filesScanned"] as? Int == 1 && summary["inputErrors"] as? Int == 1)
        let empty = try Support.run(["scan", "-", "--skip-rule", "secret-*"], input: "")
        #expect(empty.stderr.contains("Nothing scanned: no Kubernetes object, cloud resource, Dockerfile or CI workflow was found in 1 file"))
    }

    @Test("When every report goes to a file, standard error gets the one-line summary")
    func summaryLine() throws {
        let dir = try Self.repository(["critical.yaml": Self.privileged, "medium.yaml": Self.medium])
        defer { try? FileManager.default.removeItem(at: dir) }
        let counts = try Self.ruleIds(Support.run(["scan", ".", "--format", "json"], in: dir)).count
        let run = try Support.run(["scan", ".", "--format", "sarif=r.sarif", "--format", "json=r.json"], in: dir)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(run.stderr.hasPrefix("palisade: \(counts) findings (1 critical, "), "\(run.stderr)")
        #expect(run.stderr.hasSuffix(" in 2 objects from 2 files. Failing: 1 finding at or above high. Exit 1.\n"))
        let clean = try Support.run(["scan", "medium.yaml", "-o", "r.txt"], in: dir)
        #expect(clean.stderr.hasSuffix("from 1 file. Passing: nothing at or above high. Exit 0.\n"), "\(clean.stderr)")
        #expect(try Support.run(["scan", ".", "--format", "text"], in: dir).stderr.isEmpty, "the text report has it already")
        #expect(try Support.run(["scan", ".", "-q", "-o", "r.txt"], in: dir).stderr.isEmpty, "--quiet leaves it out")
    }
}

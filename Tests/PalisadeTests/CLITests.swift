import Foundation
import Testing

/// The `palisade` binary as CI and people run it.
@Suite("Command line")
struct CLITests {
    static let privileged = HostileInputTests.privilegedPod
    static let medium = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: tagless
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
            - name: c
              image: busybox
              securityContext:
                allowPrivilegeEscalation: false

        """

    @Test("Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, 3 --strict with input errors")
    func exitCodes() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.medium, to: dir.appendingPathComponent("medium.yaml"))
        #expect(try Support.run(["scan", dir.path, "-q"]).status == 0)
        #expect(try Support.run(["scan", dir.path, "-q", "--fail-on", "medium"]).status == 1)
        try Support.write(Self.privileged, to: dir.appendingPathComponent("critical.yaml"))
        #expect(try Support.run(["scan", dir.path, "-q"]).status == 1)
        #expect(try Support.run(["scan", dir.path, "-q", "--fail-on", "critical"]).status == 1)
        #expect(try Support.run(["scan", dir.path, "--fail-on", "severe"]).status == 2)
        #expect(try Support.run(["scan", dir.path, "--format", "pdf"]).status == 2)
        #expect(try Support.run(["scan"]).status == 2)
        #expect(try Support.run(["scan", dir.appendingPathComponent("missing").path]).status == 2)
        #expect(try Support.run(["frobnicate"]).status == 2)
        try Support.write("a: [", to: dir.appendingPathComponent("broken.yaml"))
        let lenient = try Support.run(["scan", dir.path, "-q", "--fail-on", "critical", "--format", "json"])
        #expect(lenient.status == 1)
        #expect(lenient.stdout.contains("\"code\": \"yaml-syntax\""))
        #expect(try Support.run(["scan", dir.path, "-q", "--strict"]).status == 3)
        #expect(try Support.run(["scan", dir.path, "-q", "--output", dir.appendingPathComponent("no/such/dir/out").path]).status == 3)
        // A report that fails while it streams (a full disk) is exit 3 with the reason, in every format.
        if FileManager.default.fileExists(atPath: "/dev/full") {
            for format in ["json", "sarif", "text", "junit", "markdown"] {
                let full = try Support.run(["scan", "examples/estate", "-q", "--format", "\(format)=/dev/full"])
                #expect(full.status == 3, "\(format)")
                #expect(full.stderr.contains("cannot write /dev/full: No space left on device"), "\(full.stderr)")
            }
        }
    }

    @Test("Standard input: helm template ... | palisade scan -")
    func standardInput() throws {
        let run = try Support.run(["scan", "-", "--format", "json"], input: "# Source: chart/templates/pod.yaml\n" + Self.privileged)
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"file\": \"<stdin>\""))
        #expect(run.stdout.contains("\"line\": 11"))
        let empty = try Support.run(["scan", "-"], input: "")
        #expect(empty.status == 0)
    }

    @Test("helm template output names the template each finding came from, in every format")
    func helmSources() throws {
        let rendered = """
            ---
            # Source: shop/templates/serviceaccount.yaml
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: shop
            ---
            # Source: shop/templates/pod.yaml
            \(Self.privileged)---
            apiVersion: v1
            kind: Pod
            metadata:
              name: unattributed
            spec:
              hostPID: true
              containers: []
            """
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json").path, sarif = dir.appendingPathComponent("r.sarif").path
        let run = try Support.run(["scan", "-", "--format", "text", "--format", "json=\(json)", "--format", "sarif=\(sarif)"], input: rendered)
        #expect(run.stdout.contains("<stdin>:18:9 (from shop/templates/pod.yaml)"))
        #expect(run.stdout.contains("<stdin>:25:3  k8s-host-pid"), "a document without a Source comment is not attributed to the one above")
        let report = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.compactMap { $0["renderedFrom"] as? String }.allSatisfy { $0 == "shop/templates/pod.yaml" })
        let unattributed = findings.filter { ($0["resource"] as? [String: Any])?["name"] as? String == "unattributed" }
        #expect(!unattributed.isEmpty && unattributed.allSatisfy { $0["renderedFrom"] is NSNull })
        #expect(findings.filter { $0["renderedFrom"] is NSNull }.count == unattributed.count)
        for (file, schema) in [(json, "docs/json-schema.json"), (sarif, "Tests/Fixtures/sarif-schema-2.1.0.json")] {
            let check = try Support.python([Support.root.appendingPathComponent("Tests/Scripts/validate_json_schema.py").path,
                                            Support.root.appendingPathComponent(schema).path, file])
            #expect(check.status == 0, "\(check.output)")
        }
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("\"uri\": \"shop/templates/pod.yaml\""))
    }

    @Test("Several formats in one run, to files and standard output")
    func severalFormats() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sarif = dir.appendingPathComponent("out.sarif").path
        let junit = dir.appendingPathComponent("out.xml").path
        let run = try Support.run(["scan", "examples/estate", "--format", "sarif=\(sarif)", "--format", "junit=\(junit)", "--format", "text"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Failing:"))
        #expect(!run.stdout.contains("\u{1B}["), "text is plain when piped")
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("\"version\": \"2.1.0\""))
        #expect(try String(contentsOfFile: junit, encoding: .utf8).hasPrefix("<?xml"))
        let out = dir.appendingPathComponent("report.md").path
        #expect(try Support.run(["scan", "examples/estate", "--format", "markdown", "--output", out]).stdout.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("## Palisade"))
        #expect(try Support.run(["scan", "examples/estate", "--format", "json", "--format", "text"]).status == 2)
    }

    @Test("Text is coloured on a terminal, plain with NO_COLOR or --no-color",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func colourOnTerminal() throws {
        func onTerminal(_ arguments: String, environment: [String: String] = [:]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qc", "\(Support.binary.path) scan examples/estate/k8s/payments.yaml \(arguments)", "/dev/null"]
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "NO_COLOR")
            env.merge(environment) { $1 }
            process.environment = env
            process.currentDirectoryURL = Support.root
            let out = Pipe()
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let coloured = try onTerminal("")
        #expect(coloured.contains("k8s-host-network"))
        #expect(coloured.contains("\u{1B}[1;31mHIGH"))
        #expect(!(try onTerminal("", environment: ["NO_COLOR": "1"])).contains("\u{1B}["))
        #expect(!(try onTerminal("--no-color")).contains("\u{1B}["))
    }

    @Test("Reports are byte-identical across runs and worker counts")
    func deterministic() throws {
        let a = try Support.run(["scan", "examples/estate", "--format", "sarif", "--jobs", "1"])
        let b = try Support.run(["scan", "examples/estate", "--format", "sarif", "--jobs", "2"])
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout)
    }

    @Test("--version answers in well under 50 ms")
    func version() throws {
        let start = ContinuousClock.now
        let run = try Support.run(["--version"])
        let elapsed = ContinuousClock.now - start
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        // Generous bound for a loaded debug build; the release figure is in docs/performance.md.
        #expect(elapsed < .milliseconds(500))
    }

    @Test("--timings reports every phase on standard error and leaves the report alone")
    func timings() throws {
        let plain = try Support.run(["scan", "examples/estate", "--format", "json"])
        let timed = try Support.run(["scan", "examples/estate", "--format", "json", "--timings"])
        #expect(plain.stdout == timed.stdout)
        for phase in ["discover", "read", "parse+model", "rules+facts", "estate", "merge+sort", "report", "peak memory"] {
            #expect(timed.stderr.contains(phase + " "), "no \(phase) in \(timed.stderr)")
        }
        #expect(!plain.stderr.contains("timings"))
    }

    @Test("palisade rules lists every rule as a table, JSON and Markdown")
    func rules() throws {
        let table = try Support.run(["rules"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("k8s-privileged-container"))
        let json = try Support.run(["rules", "--format", "json"])
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.count >= 8)
        #expect(try Support.run(["rules", "--format", "markdown"]).stdout.hasPrefix("| Rule |"))
    }

    @Test("Paths and fingerprints do not depend on how the folder is named: ., ./k8s/, k8s")
    func pathSpelling() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.privileged, to: dir.appendingPathComponent("k8s/pod.yaml"))
        let runs = try [".", "./k8s/", "k8s"].map { try Support.run(["scan", $0, "--format", "json"], in: dir).stdout }
        #expect(runs[0].contains("\"file\": \"k8s/pod.yaml\""))
        #expect(runs[0] == runs[1] && runs[1] == runs[2])
    }

    @Test("Excludes skip paths and names")
    func excludes() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.privileged, to: dir.appendingPathComponent("vendor/pod.yaml"))
        try Support.write(Self.privileged, to: dir.appendingPathComponent("app/test-pod.yaml"))
        #expect(try Support.run(["scan", dir.path, "-q"]).status == 1)
        #expect(try Support.run(["scan", dir.path, "-q", "--exclude", "vendor", "--exclude", "test-*"]).status == 0)
    }

    @Test("--profile runs exactly a Pod Security Standards profile; an unknown profile is a usage error")
    func profiles() throws {
        func rules(_ profile: String) throws -> [String] {
            let run = try Support.run(["scan", "examples/estate", "--profile", profile, "--format", "json"])
            let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return try #require(report["findings"] as? [[String: Any]]).compactMap { $0["ruleId"] as? String }
        }
        let baseline = try rules("pss-baseline")
        #expect(baseline.count == 5)
        #expect(baseline.allSatisfy { $0.hasPrefix("k8s-pss-baseline-") })
        let restricted = try rules("pss-restricted")
        #expect(restricted.count == 17)
        #expect(Set(baseline).isSubset(of: Set(restricted)))
        #expect(restricted.contains("k8s-pss-restricted-running-as-non-root-user"))
        #expect(try rules("threat-model").allSatisfy { !$0.hasPrefix("k8s-pss-") })
        #expect(try Support.run(["scan", "examples/hardened", "--profile", "pss-restricted"]).status == 0)
        let wrong = try Support.run(["scan", "examples/estate", "--profile", "cis"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("pss-restricted"))
    }

    @Test("--trusted-registry reports images from other registries")
    func trustedRegistries() throws {
        let run = try Support.run(["scan", "examples/hardened", "--trusted-registry", "ghcr.io/example-shop", "--format", "json", "--fail-on", "critical"])
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let untrusted = findings.filter { $0["ruleId"] as? String == "k8s-image-untrusted-registry" }
        #expect(untrusted.count == 3, "api, database and export images")
        let trusted = try Support.run(["scan", "examples/hardened", "--trusted-registry", "registry.example.com/ledger", "--format", "json"])
        #expect(!trusted.stdout.contains("k8s-image-untrusted-registry"))
    }
}

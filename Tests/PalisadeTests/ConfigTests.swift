import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeReport
import PalisadeRules
import Testing

/// `.palisade.yaml` in-process: parsing with positions, finding the file, rule selection and
/// precedence, and the exclude globs.
@Suite("Configuration")
struct ConfigTests {
    static func parse(_ text: String, file: String = ".palisade.yaml") throws -> Configuration {
        try ConfigurationParser.parse(Array(text.utf8), file: file)
    }

    /// The errors `text` gives, one description each (`file:line:column: key: message`).
    static func errors(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return (error as? ConfigurationErrors)?.errors.map(\.description) ?? ["\(error)"]
        }
    }

    @Test("The full example sets every key, each to exactly what it says")
    func fullExample() throws {
        let text = try String(contentsOf: Support.root.appendingPathComponent("docs/palisade.example.yaml"), encoding: .utf8)
        let c = try Self.parse(text, file: "conf/.palisade.yaml")
        #expect(c.file == "conf/.palisade.yaml")
        #expect(c.profile == .threatModel)
        #expect(c.enable?.map(\.value.description) == ["k8s-*"])
        #expect(c.disable?.map(\.value.description) == ["k8s-missing-liveness-probe", "pattern:availability"])
        #expect(c.severity?.map { "\($0.value.selector)=\($0.value.severity)" } == ["k8s-image-latest-tag=low", "k8s-rbac-*=critical"])
        #expect(c.exclude?.map(\.value) == ["vendor", "**/test/**", "*.generated.yaml", "k8s/legacy/*"])
        #expect(c.exclude?.map { $0.origin.location?.range.start.line } == [13, 14, 15, 16])
        #expect(c.failOn == .medium)
        #expect(c.strict == true)
        // Report files are placed relative to the configuration's folder.
        #expect(c.formats?.map(\.value) == [ReportDestination(format: .text, file: nil),
                                            ReportDestination(format: .sarif, file: "conf/palisade.sarif"),
                                            ReportDestination(format: .json, file: "conf/reports/palisade.json")])
        #expect(c.trustedRegistries == ["ghcr.io/acme", "registry.example.com"])
        #expect(c.privilegedNamespaces == ["kube-system", "monitoring"])
        #expect(c.crownJewels == [CrownJewel(kind: "Secret", namespace: "payments"),
                                  CrownJewel(kind: "StatefulSet", namespace: "payments", name: "postgres*"),
                                  CrownJewel(namespace: "vault")])

        let plan = try ScanPlan(c)
        #expect(plan.failOn == .medium && plan.strict)
        let ids = plan.rules.objectRules.map(\.description.id) + plan.rules.estateRules.map(\.description.id)
        #expect(!ids.contains("k8s-missing-liveness-probe"))
        #expect(!ids.contains { id in BuiltinRules.descriptions.first { $0.id == id }?.pattern == .availability })
        #expect(ids.count == BuiltinRules.descriptions.filter { $0.pattern != .availability && $0.id.hasPrefix("k8s-") && !$0.id.hasPrefix("k8s-pss-") }.count)  // enable: [k8s-*]
        #expect(plan.options.severityOverrides["k8s-image-latest-tag"] == .low)
        #expect(plan.options.severityOverrides["k8s-rbac-wildcard-verbs"] == .critical)
        #expect(plan.options.excludes.count == 4)
        #expect(plan.options.excludeOrigins["vendor"] == PalisadeCore.SourceLocation(file: "conf/.palisade.yaml", range: SourceRange(
            start: SourcePosition(line: 13, column: 5), end: SourcePosition(line: 13, column: 11))))
        #expect(plan.options.settings.crownJewels.count == 3)
        #expect(plan.options.settings.crownJewels[1].matches(ResourceIdentity(kind: "StatefulSet", namespace: "payments", name: "postgres-main")))
        #expect(!plan.options.settings.crownJewels[0].matches(ResourceIdentity(kind: "Secret", namespace: "shop", name: "x")))
    }

    @Test("palisade init's starter parses, and gives the defaults")
    func starter() throws {
        let c = try Self.parse(StarterConfiguration.text)
        #expect(c.profile == .threatModel && c.failOn == .high && c.strict == false)
        #expect(c.enable == nil && c.disable?.isEmpty == true && c.severity?.isEmpty == true && c.exclude?.isEmpty == true)
        #expect(c.formats?.map(\.value) == [ReportDestination(format: .text, file: nil)])
        // Every key the parser knows is in the starter.
        for key in ConfigurationParser.keys { #expect(StarterConfiguration.text.contains("\n\(key):"), "\(key)") }
        let plan = try ScanPlan(c)
        #expect(plan.rules.objectRules.count == RuleProfile.threatModel.objectRules.count)
        #expect(plan.rules.estateRules.count == RuleProfile.threatModel.estateRules.count)
    }

    @Test("An empty file, or one of comments, is every default")
    func empty() throws {
        #expect(try Self.parse("").profile == nil)
        #expect(try Self.parse("# nothing yet\n").failOn == nil)
        #expect(try Self.parse("exclude:\nrules:\n").exclude == nil)
    }

    @Test("Unknown keys and bad values are errors naming file, line, column and key")
    func errors() {
        #expect(Self.errors("fail_on: high\n") == [".palisade.yaml:1:1: fail_on: unknown key 'fail_on'; did you mean fail-on?"])
        #expect(Self.errors("version: 1\nprofile: cis\n") == [
            ".palisade.yaml:2:10: profile: 'cis' is not a profile; use threat-model, pss-baseline, pss-restricted"])
        #expect(Self.errors("version: 2\n") == [".palisade.yaml:1:10: version: must be 1 (the only version so far)"])
        #expect(Self.errors("rules:\n  disable:\n    - k8s-host-pid\n    - k8s-hots-ipc\n") == [
            ".palisade.yaml:4:7: rules.disable: 'k8s-hots-ipc' matches no rule; did you mean k8s-host-ipc? (palisade rules lists every rule)"])
        #expect(Self.errors("rules:\n  enable: []\n") == [
            ".palisade.yaml:2:11: rules.enable: is empty, so no rule would run; remove it to run every rule of the profile"])
        #expect(Self.errors("rules:\n  disable: [pattern:dos]\n") == [
            ".palisade.yaml:2:13: rules.disable: 'pattern:dos' names no attack pattern; patterns: pattern:credential-compromise, "
                + "pattern:exposure, pattern:supply-chain, pattern:lateral-movement, pattern:availability"])
        #expect(Self.errors("rules:\n  severity:\n    k8s-host-pid: severe\n") == [
            ".palisade.yaml:3:19: rules.severity.k8s-host-pid: 'severe' is not a severity; use info, low, medium, high, critical"])
        #expect(Self.errors("rules:\n  exclude: [x]\n") == [
            ".palisade.yaml:2:3: rules.exclude: unknown key 'exclude'; known keys: enable, disable, severity"])
        #expect(Self.errors("exclude: vendor\n") == [".palisade.yaml:1:10: exclude: must be a list (- item lines, or [a, b])"])
        #expect(Self.errors("fail-on: info\n") == [".palisade.yaml:1:10: fail-on: 'info' is not a severity; use low, medium, high, critical"])
        #expect(Self.errors("strict: \"yes\"\n") == [".palisade.yaml:1:9: strict: must be true or false (unquoted)"])
        #expect(Self.errors("formats: [text, pdf=x.pdf]\n") == [
            ".palisade.yaml:1:17: formats: unknown format 'pdf'; formats: text, json, sarif, junit, markdown, html"])
        #expect(Self.errors("crown-jewels:\n  - {kind: Secret, colour: red}\n  - {}\n") == [
            ".palisade.yaml:2:20: crown-jewels.colour: unknown key 'colour'; known keys: kind, namespace, name",
            ".palisade.yaml:3:5: crown-jewels: needs at least one of kind, namespace, name"])
        #expect(Self.errors("trusted-registries: [ghcr.io, {a: b}]\n") == [".palisade.yaml:1:31: trusted-registries: must be a string"])
        #expect(Self.errors("strict: true\nstrict: false\n") == [".palisade.yaml:2:1: strict: given twice (first at line 1); keep one"])
        #expect(Self.errors("- a\n- b\n") == [".palisade.yaml:1:1: must be a mapping (key: value lines)"])
        #expect(Self.errors("strict: true\n---\nstrict: false\n") == [
            ".palisade.yaml:3:1: a configuration is one YAML document; remove the second (from this '---' on)"])
        let syntax = Self.errors("rules: [\n")
        #expect(syntax.count == 1 && syntax[0].hasPrefix(".palisade.yaml:2:1: "), "\(syntax)")
        // Several mistakes: all of them, in the file's order.
        #expect(Self.errors("profile: x\nfail_on: y\nstrict: 3\n").map { $0.prefix(20) } == [
            ".palisade.yaml:1:10:", ".palisade.yaml:2:1: ", ".palisade.yaml:3:9: "])
    }

    @Test("Selection: enable narrows the profile, disable removes, and a selector outside the profile is an error")
    func selection() throws {
        var c = Configuration()
        c.enable = [Setting(try RuleSelector("k8s-host-*"), .flag("--rule"))]
        c.disable = [Setting(try RuleSelector("k8s-host-port"), .flag("--skip-rule"))]
        let plan = try ScanPlan(c)
        #expect(plan.rules.objectRules.map(\.description.id).sorted() == ["k8s-host-ipc", "k8s-host-network", "k8s-host-path-volume", "k8s-host-pid"])
        #expect(plan.rules.estateRules.isEmpty)

        c.enable = [Setting(try RuleSelector("k8s-pss-restricted-*"), .flag("--rule"))]
        c.disable = nil
        #expect(throws: ConfigurationErrors.self) { try ScanPlan(c) }
        do { _ = try ScanPlan(c) } catch {
            #expect(error.description == "--rule: 'k8s-pss-restricted-*' selects no rule of profile threat-model (profile pss-restricted has it)")
        }
        c.profile = .pssRestricted
        #expect(try ScanPlan(c).rules.objectRules.allSatisfy { $0.description.id.hasPrefix("k8s-pss-restricted-") })

        var nothing = Configuration()
        nothing.disable = [Setting(try RuleSelector("*"), .flag("--skip-rule"))]
        do { _ = try ScanPlan(nothing); Issue.record("no rule left is an error") } catch {
            #expect(error.description == "--skip-rule: no rule is left to run")
        }
        #expect(throws: ConfigurationError.self) { try RuleSelector("k8s-nope-*") }
    }

    @Test("Flags win over the file key by key; --rule replaces the whole selection")
    func precedence() throws {
        let file = try Self.parse("""
            profile: pss-baseline
            rules:
              enable: [k8s-pss-baseline-*]
              disable: [k8s-pss-baseline-host-probes]
            exclude: [vendor]
            fail-on: low
            strict: true
            formats: [json=out.json]
            trusted-registries: [ghcr.io/acme]
            """)
        var flags = Configuration()
        #expect(file.overridden(by: flags).failOn == .low, "no flag: the file's value stands")
        flags.profile = .threatModel
        flags.failOn = .critical
        flags.strict = false
        flags.exclude = [Setting("build", .flag("--exclude"))]
        flags.formats = [Setting(ReportDestination(format: .sarif, file: nil), .flag("--format"))]
        flags.trustedRegistries = ["registry.example.com"]
        flags.enable = [Setting(try RuleSelector("k8s-host-pid"), .flag("--rule"))]
        let merged = file.overridden(by: flags)
        #expect(merged.profile == .threatModel && merged.failOn == .critical && merged.strict == false)
        #expect(merged.exclude?.map(\.value) == ["build"])
        #expect(merged.formats?.map(\.value.format) == [.sarif])
        #expect(merged.trustedRegistries == ["registry.example.com"])
        #expect(merged.enable?.map(\.value.description) == ["k8s-host-pid"] && merged.disable == nil)
        // --skip-rule alone replaces disable and keeps the file's enable.
        var skip = Configuration()
        skip.disable = [Setting(try RuleSelector("k8s-pss-baseline-host-ports"), .flag("--skip-rule"))]
        let skipped = file.overridden(by: skip)
        #expect(skipped.enable?.map(\.value.description) == ["k8s-pss-baseline-*"])
        #expect(skipped.disable?.map(\.value.description) == ["k8s-pss-baseline-host-ports"])
    }

    @Test("Standard output: one format at most; -o - and FILE - are standard output")
    func destinations() throws {
        #expect(try ReportDestination.parse("sarif=-") == ReportDestination(format: .sarif, file: nil))
        #expect(try ReportDestination.parse("JSON=r.json", folder: "ci") == ReportDestination(format: .json, file: "ci/r.json"))
        #expect(try ReportDestination.parse("json=/tmp/r.json", folder: "ci").file == "/tmp/r.json")
        var c = Configuration()
        c.formats = [Setting(ReportDestination(format: .json, file: nil), .flag("--format")),
                     Setting(ReportDestination(format: .text, file: nil), .flag("--format"))]
        do { _ = try ScanPlan(c, output: "out"); Issue.record("two formats to one file") } catch {
            #expect(error.description == "--format: two formats would write out")
        }
        do { _ = try ScanPlan(c, output: "-"); Issue.record("two formats to standard output") } catch {
            #expect(error.description.hasPrefix("--format: only one format can go to standard output (json, text would)"))
        }
        c.formats = [Setting(ReportDestination(format: .json, file: nil), .flag("--format"))]
        #expect(try ScanPlan(c, output: "-").destinations == [ReportDestination(format: .json, file: nil)])
        #expect(try ScanPlan(c, output: "r.json").destinations == [ReportDestination(format: .json, file: "r.json")])
    }

    @Test("The configuration is the nearest .palisade.yaml upwards, never above the folder with .git")
    func locate() throws {
        let dir = try Support.temporaryDirectory().resolvingSymlinksInPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let repo = dir.appendingPathComponent("repo")
        let deep = repo.appendingPathComponent("k8s/apps/shop")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Support.write("version: 1\n", to: dir.appendingPathComponent(ConfigurationLocator.fileName))
        #expect(ConfigurationLocator.find(from: deep.path) == nil, "stops at the repository top")
        try Support.write("version: 1\n", to: repo.appendingPathComponent(".palisade.yaml"))
        #expect(ConfigurationLocator.find(from: deep.path) == repo.appendingPathComponent(".palisade.yaml").path)
        try Support.write("version: 1\n", to: repo.appendingPathComponent("k8s/.palisade.yaml"))
        #expect(ConfigurationLocator.find(from: deep.path) == repo.appendingPathComponent("k8s/.palisade.yaml").path, "the nearest wins")
        try Support.write(HostileInputTests.privilegedPod, to: deep.appendingPathComponent("pod.yaml"))
        #expect(ConfigurationLocator.find(from: deep.appendingPathComponent("pod.yaml").path) == repo.appendingPathComponent("k8s/.palisade.yaml").path,
                "a file starts from its folder")
        // A worktree's .git is a file: the top all the same.
        let worktree = dir.appendingPathComponent("worktree/sub")
        try FileManager.default.createDirectory(at: worktree, withIntermediateDirectories: true)
        try Support.write("gitdir: /elsewhere\n", to: dir.appendingPathComponent("worktree/.git"))
        #expect(ConfigurationLocator.find(from: worktree.path) == nil)
        #expect(ConfigurationLocator.find(from: dir.appendingPathComponent("missing").path) == nil)
    }

    @Test("Exclude globs: names at any depth, paths relative to the root, ** for any folders")
    func globs() {
        #expect(PathGlob("vendor").matches(path: "a/b/vendor"))
        #expect(PathGlob("*.generated.yaml").matches(path: "k8s/app.generated.yaml"))
        #expect(!PathGlob("*.generated.yaml").matches(path: "k8s/app.yaml"))
        #expect(PathGlob("k8s/*").matches(path: "k8s/pod.yaml"))
        #expect(!PathGlob("k8s/*").matches(path: "k8s/apps/pod.yaml"), "* stays in one segment")
        #expect(!PathGlob("k8s/*").matches(path: "other/k8s/pod.yaml"), "paths are anchored at the root")
        #expect(PathGlob("./k8s/").matches(path: "k8s"))
        for path in ["test/pod.yaml", "a/test/pod.yaml", "a/b/test/c/pod.yaml"] {
            #expect(PathGlob("**/test/**").matches(path: path), "\(path)")
        }
        #expect(!PathGlob("**/test/**").matches(path: "a/tests/pod.yaml"))
        #expect(PathGlob("a/**/pod.yaml").matches(path: "a/pod.yaml"))
        #expect(PathGlob("a/**/pod.yaml").matches(path: "a/x/y/pod.yaml"))
        #expect(!PathGlob("a/**/pod.yaml").matches(path: "a/x/y/pod.json"))
        #expect(PathGlob("/abs/*.yaml").matches(path: "/abs/x.yaml") && !PathGlob("/abs/*.yaml").matches(path: "abs/x.yaml"))
        // Many ** never blow up.
        let long = Array(repeating: "a", count: 40).joined(separator: "/") + "/b"
        #expect(!PathGlob("**/a/**/a/**/a/**/c").matches(path: long))
    }

    @Test("Excludes in a scan: relative to the root, **, names, never pulled back by a kustomization, unused ones warned")
    func excludesInScan() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in ["k8s/a.yaml", "k8s/legacy/b.yaml", "k8s/test/c.yaml", "vendor/d.yaml", "app.generated.yaml", "base/e.yaml"] {
            try Support.write(HostileInputTests.privilegedPod, to: dir.appendingPathComponent(file))
        }
        try Support.write("resources:\n  - ../base/e.yaml\n  - ../k8s/test/c.yaml\n", to: dir.appendingPathComponent("overlay/kustomization.yaml"))
        func files(_ excludes: [String], origins: [String: PalisadeCore.SourceLocation] = [:]) -> ([String], [Diagnostic]) {
            let result = Support.scan([dir.path]) { $0.excludes = excludes; $0.excludeOrigins = origins }
            let prefix = dir.path + "/"
            return (Set(result.findings.map { String($0.location.file.dropFirst(prefix.count)) }).sorted(),
                    result.diagnostics.filter { $0.code == "unused-exclude" })
        }
        #expect(files([]).0 == ["app.generated.yaml", "base/e.yaml", "k8s/a.yaml", "k8s/legacy/b.yaml", "k8s/test/c.yaml", "vendor/d.yaml"])
        #expect(files(["k8s/legacy", "vendor", "*.generated.yaml"]).0 == ["base/e.yaml", "k8s/a.yaml", "k8s/test/c.yaml"])
        #expect(files(["k8s/*"]).0 == ["app.generated.yaml", "base/e.yaml", "vendor/d.yaml"])
        // The overlay lists base/e.yaml and k8s/test/c.yaml: excluded, they stay out.
        #expect(files(["**/test/**", "base"]).0 == ["app.generated.yaml", "k8s/a.yaml", "k8s/legacy/b.yaml", "vendor/d.yaml"])
        #expect(files(["base/*"]).0.contains("base/e.yaml") == false)
        // The folders above the root never exclude what a kustomization lists below it.
        let above = dir.deletingLastPathComponent().lastPathComponent
        #expect(files([above]).0.count == 6)
        let origin = PalisadeCore.SourceLocation(file: ".palisade.yaml", range: SourceRange(line: 4, column: 5))
        let (_, warnings) = files(["vendor", "k8s/nothing/*", "nope"], origins: ["nope": origin])
        // Diagnostics sort by file: the configuration's entry, then the flag's.
        #expect(warnings.map(\.message) == [
            "exclude pattern 'nope' matched no file or folder (a name matches at any depth; a path is relative to the folder scanned, ** for any number of folders)",
            "exclude pattern 'k8s/nothing/*' matched no file or folder (a name matches at any depth; a path is relative to the folder scanned, ** for any number of folders)",
        ])
        #expect(warnings.map(\.file) == [".palisade.yaml", "<command line>"])
        #expect(warnings.map(\.level) == [.warning, .warning])
        #expect(warnings.map(\.position) == [SourcePosition(line: 4, column: 5), nil])
    }

    @Test("An ignore entry for a rule the selection left out is not called stale; one for no rule at all still is")
    func deselectedSuppression() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(HostileInputTests.privilegedPod.replacingOccurrences(of: "  name: p\n", with: """
              name: p
              annotations:
                palisade.dev/ignore: "k8s-host-pid=node agent; k8s-no-such-rule=typo"

            """), to: dir.appendingPathComponent("pod.yaml"))
        var c = Configuration()
        c.enable = [Setting(try RuleSelector("k8s-privileged-container"), .flag("--rule"))]
        let result = try ScanPlan(c).scanner.scan([dir.path])
        #expect(result.findings.map(\.ruleId) == ["k8s-privileged-container"])
        let unused = result.diagnostics.filter { $0.code == "unused-suppression" }
        #expect(unused.map(\.message) == ["palisade.dev/ignore entry 'k8s-no-such-rule' names no rule Palisade knows: remove it"])
    }

    @Test("A severity override changes every finding of the rule and its description in the report")
    func severityOverride() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(HostileInputTests.privilegedPod, to: dir.appendingPathComponent("pod.yaml"))
        let plain = Support.scan([dir.path])
        let result = Support.scan([dir.path]) { $0.severityOverrides = ["k8s-privileged-container": .low] }
        #expect(plain.findings.first { $0.ruleId == "k8s-privileged-container" }?.severity == .critical)
        #expect(result.findings.filter { $0.ruleId == "k8s-privileged-container" }.map(\.severity) == [.low])
        #expect(result.rules.first { $0.id == "k8s-privileged-container" }?.severity == .low)
        #expect(result.findings.count == plain.findings.count)
    }
}

import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeRules
import Testing

@Suite("Secret pattern engine")
struct SecretPatternTests {
    func captures(_ pattern: String, _ text: String) throws -> [String] {
        let p = try SecretPattern(pattern)
        let bytes = Array(text.utf8)
        return p.matches(text).map { String(decoding: bytes[$0.secretStart..<$0.secretEnd], as: UTF8.self) }
    }

    @Test("The regex subset: literals, classes, counts, alternation, groups, boundaries, case folding, laziness")
    func semantics() throws {
        #expect(try captures("ab+c", "xabbbc abc ac") == ["abbbc", "abc"])
        #expect(try captures("x([0-9]{3})y", "x12y x123y x1234y") == ["123"])
        #expect(try captures("\\b(cat|dog)s?\\b", "cats dog catalog hotdog") == ["cat", "dog"])
        #expect(try captures("(?i)token=([a-z]+)", "TOKEN=AbC Token=xyz") == ["AbC", "xyz"])
        #expect(try captures("a(.*?)b", "a123b456b") == ["123"])
        #expect(try captures("a(.*)b", "a123b456b") == ["123b456"])
        #expect(try captures("[^\\s\"]{2,3}", "a bb \"cccc") == ["bb", "ccc"])
        #expect(try captures("^k: (v)$", "k: v\nxk: v\nk: v") == ["v", "v"])
        #expect(try captures("(?:ab){2,}", "ab abab ababab") == ["abab", "ababab"])
        #expect(try captures("\\x41[\\-_]?B", "A-B A_B AB A+B") == ["A-B", "A_B", "AB"])
        #expect(throws: SecretPattern.CompileError.self) { try SecretPattern("(unclosed") }
        #expect(throws: SecretPattern.CompileError.self) { try SecretPattern("a{3,2}") }
    }

    @Test("Matching stays linear on patterns and inputs that make backtracking engines explode")
    func pathological() throws {
        let clock = ContinuousClock()
        let nested = try SecretPattern("(?:a+a+)+b")
        let text = String(repeating: "a", count: 200_000)
        let t1 = clock.measure { #expect(nested.matches(text).isEmpty) }
        #expect(t1 < .seconds(20))
        let optional = try SecretPattern(String(repeating: "a?", count: 30) + String(repeating: "a", count: 30))
        #expect(optional.matches(String(repeating: "a", count: 30)).count == 1)
    }
}

@Suite("Secret detection")
struct SecretDetectionTests {
    static let all = SecretScan(BuiltinRules.secrets)

    static func findings(_ text: String, _ scan: SecretScan = all) -> [Finding] {
        scan.findings(in: Array(text.utf8), on: SecretScan.reference(file: "f.txt", projectPath: "f.txt")).findings
    }

    /// The text a finding's range covers (one line).
    static func covered(_ f: Finding, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = Array(lines[f.range.start.line - 1].unicodeScalars)
        let end = f.range.end.line == f.range.start.line ? f.range.end.column - 1 : line.count
        var s = String.UnicodeScalarView()
        s.append(contentsOf: line[(f.range.start.column - 1)..<min(end, line.count)])
        return String(s)
    }

    @Test("At least 250 detectors, each with a unique id, keywords, examples and decoys")
    func catalogue() {
        let detectors = SecretCatalogue.all
        #expect(detectors.count >= 250, "\(detectors.count) detectors")
        #expect(Set(detectors.map(\.id)).count == detectors.count)
        for d in detectors {
            #expect(!d.keywords.isEmpty && !d.examples.isEmpty, "\(d.id)")
            #expect(d.keywords.allSatisfy { $0 == $0.lowercased() && $0.count >= 2 }, "\(d.id) keywords")
            #expect(!SecretExamples.decoys(d).isEmpty, "\(d.id) has no decoy")
        }
    }

    @Test("The keyword scanner finds every occurrence, overlapping and in any case")
    func keywords() {
        let scanner = KeywordScanner(["he", "she", "his", "hers", "ghp_"])
        var hits: [KeywordScanner.Hit] = []
        let text = Array("uSHErs and GHP_x".utf8)
        text.withUnsafeBufferPointer { scanner.scan($0, into: &hits) }
        let found = hits.map { "\(scanner.keywords[Int($0.keyword)].map { Character(UnicodeScalar($0)) }.map(String.init).joined())@\($0.start)" }
        #expect(Set(found) == ["she@1", "he@2", "hers@2", "ghp_@11"])
    }

    @Test("GitHub tokens need a valid checksum")
    func checksum() {
        var r = SplitMix(seed: 42)
        let token = SecretExamples.githubToken("ghp_", &r)
        #expect(Self.findings("t = \(token)").map(\.ruleId) == ["secret-github-pat"])
        var broken = Array(token.utf8)
        broken[10] = broken[10] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        #expect(Self.findings("t = \(String(decoding: broken, as: UTF8.self))").isEmpty)
    }

    @Test("Base64: a Kubernetes Secret's data is decoded and checked, and reported at the encoded value")
    func kubernetesSecretData() {
        var r = SplitMix(seed: 7)
        let token = SecretExamples.githubToken("ghp_", &r)
        let encoded = Data(token.utf8).base64EncodedString()
        let yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gh\ndata:\n  GITHUB_TOKEN: \(encoded)\n  password: \(Data("hunter2-Zq8!rT3u".utf8).base64EncodedString())\n"
        let found = Self.findings(yaml)
        #expect(found.map(\.ruleId) == ["secret-github-pat", "secret-kubernetes-secret"])
        #expect(found.first?.range.start == SourcePosition(line: 6, column: 17))
        #expect(found.first?.message.contains("base64-decoded") == true)
        #expect(!found.contains { $0.message.contains(token) || $0.message.contains(encoded) })
        // A ConfigMap's data is not a Secret's: not decoded (its values may still look like tokens).
        #expect(!Self.findings(yaml.replacingOccurrences(of: "kind: Secret", with: "kind: ConfigMap"))
            .contains { $0.ruleId == "secret-github-pat" || $0.ruleId == "secret-kubernetes-secret" })
    }

    @Test("Messages mask the secret: first and last two characters at most")
    func masking() {
        #expect(SecretMask.mask(Array("abcdefghijklmnop".utf8)) == "ab…op")
        #expect(SecretMask.mask(Array("abcdefg".utf8)) == "a…g")
        #expect(SecretMask.mask(Array("abc".utf8)) == "…")
        for rule in BuiltinRules.secrets {
            for example in rule.description.badExamples {
                let text = example.replacingOccurrences(of: "↓", with: "")
                for f in Self.findings(text) {
                    let secret = Self.covered(f, in: text)
                    if secret.count >= 8 { #expect(!f.message.contains(secret), "\(f.ruleId) message shows \(secret)") }
                    #expect(!f.path.contains(secret.prefix(8)) || secret.count < 8)
                }
            }
        }
    }

    // MARK: The planted corpus

    /// Lines that look like secrets to a careless scanner and are not: placeholders, hashes, UUIDs,
    /// test fixtures, base64 images, minified JavaScript.
    static func decoys() -> [String] {
        var r = SplitMix(seed: 2026)
        func hex(_ n: Int) -> String { String((0..<n).map { _ in "0123456789abcdef".randomElement(using: &r)! }) }
        func b64(_ n: Int) -> String { String((0..<n).map { _ in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".randomElement(using: &r)! }) }
        func uuid() -> String { "\(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12))" }
        var lines: [String] = []
        for i in 0..<60 {
            lines.append("sha256 = \"\(hex(64))\"")
            lines.append("commit \(hex(40))")
            lines.append("  \"integrity\": \"sha512-\(b64(86))==\",")
            lines.append("request_id = \"\(uuid())\"")
            lines.append("  \"id\": \"\(uuid())\", \"etag\": \"\(hex(32))\"")
            lines.append("<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA\(b64(300))\">")
            lines.append("!function(e,t){\"object\"==typeof exports?module.exports=t():e.\(b64(6).filter(\.isLetter))=t()}(this,function(){var n=\(i),r=\"\(b64(40).filter { $0.isLetter })\";return function(a,b){return a+b+n+r}});")
            lines.append("assert token == \"test-token-\(i)\"")
            lines.append("password: \"{{ .Values.db.password }}\"")
            lines.append("API_KEY=${API_KEY_\(i)}")
            lines.append("secret_name: app-credentials-\(i)")
            lines.append("token = os.environ.get(\"TOKEN_\(i)\")")
            lines.append("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")
            lines.append("url = \"https://user:password@example.com/path/\(i)\"")
            lines.append("version: 1.\(i).0-\(hex(7))")
        }
        for d in SecretCatalogue.all { lines += SecretExamples.decoys(d).map { $0.replacingOccurrences(of: "↓", with: "") } }
        return lines
    }

    @Test("A planted corpus: every planted secret of every detector found, at most 2% of decoys flagged")
    func plantedCorpus() {
        let decoys = Self.decoys()
        var missed: [String] = []
        for (k, rule) in BuiltinRules.secrets.enumerated() {
            // Different seeds from the rule's documented examples.
            for (i, template) in rule.detector.examples.enumerated() {
                var r = SecretExamples.seed(rule.detector.id, i, salt: 0x5EED)
                let example = SecretExamples.fill(template, detector: rule.detector, &r)
                let padding = (0..<3).map { decoys[(k * 7 + $0 * 13 + i) % decoys.count] }
                let text = (padding + [example] + padding.reversed()).joined(separator: "\n")
                let marker = RuleExample(rule: .secret(rule), text: text, bad: true, index: i).stripped
                let found = Self.findings(marker.text)
                if !found.contains(where: { $0.ruleId == rule.description.id && marker.positions.contains($0.range.start) }) {
                    missed.append("\(rule.description.id) #\(i + 1): \(found.map { "\($0.ruleId)@\($0.range.start.line):\($0.range.start.column)" })")
                }
            }
        }
        #expect(missed.isEmpty, "missed: \(missed)")
        let flagged = decoys.filter { !Self.findings($0).isEmpty }
        #expect(Double(flagged.count) <= Double(decoys.count) * 0.02, "\(flagged.count) of \(decoys.count) decoys flagged: \(flagged.prefix(20))")
    }

    // MARK: Hostile input

    @Test("A 10 MB line full of keywords neither hangs nor floods: bounded windows, capped findings")
    func hugeLine() {
        var r = SplitMix(seed: 1)
        // Bytes, not a String: this test shares its process's peak memory with the others.
        var line: [UInt8] = []
        line.reserveCapacity((10 << 20) + 200)
        while line.count < 10 << 20 {
            line += Array("token=\(SecretExamples.githubToken("ghp_", &r)) password secret sk_live_ -----BEGIN aaaa ".utf8)
        }
        let clock = ContinuousClock()
        var result: (findings: [Finding], note: Diagnostic?) = ([], nil)
        let t = clock.measure {
            result = Self.all.findings(in: line, on: SecretScan.reference(file: "min.js", projectPath: "min.js"))
        }
        #expect(result.findings.count == SecretEngine.maxPerFile)
        #expect(result.note?.code == "secrets-capped")
        #expect(t < .seconds(60))
    }

    @Test("Binary files named .txt are skipped, invalid UTF-8 is scanned, statistics say so")
    func binaryAndEncoding() throws {
        let dir = try Support.temporaryDirectory()
        var r = SplitMix(seed: 3)
        let token = SecretExamples.githubToken("ghp_", &r)
        try Data([0x00, 0x01, 0x02] + Array("token=\(token)".utf8)).write(to: dir.appendingPathComponent("blob.txt"))
        try Data([0xFF, 0xFE, 0x41] + Array(" token=\(token)\n".utf8)).write(to: dir.appendingPathComponent("latin.txt"))
        try Data(Array("x = \(token)".utf8)).write(to: dir.appendingPathComponent("image.png"))
        let result = Support.scan([dir.path])
        #expect(result.findings.map(\.ruleId) == ["secret-github-pat"])
        #expect(result.findings.first?.location.file.hasSuffix("latin.txt") == true)
        #expect(result.findings.first?.range.start == SourcePosition(line: 1, column: 11))  // each bad byte is a column
        #expect(result.statistics.filesScanned == 1)
        #expect(result.statistics.filesSkipped == 2)
        #expect(result.inputErrors.isEmpty)
    }

    @Test("Vendored folders are walked for manifests but not read for secrets")
    func vendored() throws {
        let dir = try Support.temporaryDirectory()
        var r = SplitMix(seed: 4)
        let token = SecretExamples.githubToken("ghp_", &r)
        try Support.write("t=\(token)\n", to: dir.appendingPathComponent("vendor/lib/config.txt"))
        try Support.write("t=\(token)\n", to: dir.appendingPathComponent("src/config.txt"))
        let result = Support.scan([dir.path])
        #expect(result.findings.map { URL(fileURLWithPath: $0.location.file).deletingLastPathComponent().lastPathComponent } == ["src"])
    }

    // MARK: Suppression

    @Test("palisade:ignore on the line or the line above suppresses a secret in any text file; the ignore file too")
    func suppression() throws {
        let dir = try Support.temporaryDirectory()
        var r = SplitMix(seed: 5)
        let a = SecretExamples.githubToken("ghp_", &r), b = SecretExamples.githubToken("ghp_", &r), c = SecretExamples.githubToken("ghp_", &r)
        try Support.write("""
            one = "\(a)"  // palisade:ignore secret-github-pat test fixture, revoked
            -- palisade:ignore secret-github-pat revoked in 2025
            two = "\(b)"
            three = "\(c)"
            # palisade:ignore secret-slack-bot-token nothing here
            four = 4
            """, to: dir.appendingPathComponent("app.sql"))
        let result = Support.scan([dir.path])
        #expect(result.findings.map(\.range.start.line) == [1, 2 + 1, 4])
        #expect(result.findings.map(\.isSuppressed) == [true, true, false])
        #expect(result.diagnostics.map(\.code).contains("unused-suppression"))
        let ignored = Support.scan([dir.path]) { options in
            options.ignoreFile = [SuppressionEntry(rule: Glob("secret-*"), written: SourceLocation(file: ".palisadeignore.yaml", range: SourceRange(start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 2))),
                                                   scope: .matching(path: nil, resource: nil),
                                                   suppression: Suppression(kind: .ignoreFile, reason: "fixtures", location: SourceLocation(file: ".palisadeignore.yaml", range: SourceRange(start: SourcePosition(line: 1, column: 1), end: SourcePosition(line: 1, column: 2)))))]
        }
        #expect(ignored.findings.allSatisfy(\.isSuppressed) && ignored.findings.count == 3)
    }

    @Test("A secret in a manifest is found on the same bytes, with --rule secret-* selecting only the secret rules")
    func manifestsAndSelection() throws {
        let dir = try Support.temporaryDirectory()
        var r = SplitMix(seed: 6)
        let token = SecretExamples.githubToken("ghp_", &r)
        try Support.write("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
            data:
              GH: "\(token)"
            """, to: dir.appendingPathComponent("cm.yaml"))
        let run = try Support.run(["scan", dir.path, "--rule", "secret-*", "--format", "json"])
        #expect(run.stdout.contains("\"secret-github-pat\""))
        #expect(!run.stdout.contains(token))
        #expect(!run.stdout.contains("\"k8s-"))
    }

    @Test("No report format prints a full secret")
    func everyFormatMasks() throws {
        let dir = try Support.temporaryDirectory()
        var planted: [String] = []
        var files: [String] = []
        for (k, rule) in BuiltinRules.secrets.enumerated() where k % 3 == 0 {
            let example = rule.description.badExamples[0]
            let text = example.replacingOccurrences(of: "↓", with: "")
            for f in Self.findings(text) where f.range.start.line == f.range.end.line {
                let s = Self.covered(f, in: text)
                if s.count >= 10 { planted.append(s) }
            }
            files.append(text)
        }
        try Support.write(files.joined(separator: "\n\n"), to: dir.appendingPathComponent("planted.txt"))
        #expect(planted.count > 50)
        var outputs: [String] = []
        for format in ["text", "json", "sarif", "junit", "markdown"] {
            outputs.append(try Support.run(["scan", dir.path, "--format", format, "--show-suppressed"]).stdout)
        }
        for format in ["text", "json", "markdown", "html"] {
            outputs.append(try Support.run(["comply", dir.path, "--format", format]).stdout)
        }
        outputs.append(try Support.run(["baseline", "create", dir.path, "-o", "-"]).stdout)
        #expect(outputs.allSatisfy { !$0.isEmpty })
        for secret in planted {
            for (i, out) in outputs.enumerated() { #expect(!out.contains(secret), "output \(i) shows \(secret)") }
        }
    }
}

@Suite("Secrets in git history")
struct SecretHistoryTests {
    func git(_ args: [String], in dir: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir.path, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(args)")
    }

    @Test("--git-history finds a secret committed and removed later, naming the commit, file and line")
    func removedSecret() throws {
        let dir = try Support.temporaryDirectory()
        var r = SplitMix(seed: 9)
        let token = SecretExamples.githubToken("ghp_", &r)
        try git(["init", "-q"], in: dir)
        try Support.write("name: app\nreplicas: 2\n", to: dir.appendingPathComponent("config/app.env"))
        try git(["add", "."], in: dir)
        try git(["commit", "-qm", "first"], in: dir)
        try Support.write("name: app\nreplicas: 2\nGITHUB_TOKEN=\(token)\n", to: dir.appendingPathComponent("config/app.env"))
        try git(["commit", "-qam", "add token"], in: dir)
        try Support.write("name: app\nreplicas: 2\n", to: dir.appendingPathComponent("config/app.env"))
        try git(["commit", "-qam", "remove token"], in: dir)
        let plain = try Support.run(["scan", ".", "--rule", "secret-*", "--format", "json"], in: dir)
        #expect(!plain.stdout.contains("secret-github-pat"))
        let run = try Support.run(["scan", ".", "--rule", "secret-*", "--git-history", "--format", "json"], in: dir)
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        let f = try #require(findings.first)
        #expect(f["ruleId"] as? String == "secret-github-pat")
        #expect((f["message"] as? String)?.contains("added in commit") == true)
        #expect(((f["location"] as? [String: Any])?["line"] as? Int) == 3)
        #expect(((f["location"] as? [String: Any])?["file"] as? String) == "config/app.env")
        #expect(!run.stdout.contains(token))
    }

    @Test("The history parser maps added lines to their line numbers, across files and commits")
    func parser() {
        let log = """
            commit 1111111111111111111111111111111111111111

            diff --git a/a.txt b/a.txt
            --- a/a.txt
            +++ b/a.txt
            @@ -1,0 +2,2 @@
            +two
            +three
            @@ -9 +11 @@
            +eleven
            commit 2222222222222222222222222222222222222222
            diff --git a/b.txt b/b.txt
            deleted file mode 100644
            --- a/b.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -gone
            """
        let added = GitHistory.parse(Array(log.utf8))
        #expect(added.count == 1)
        #expect(added.first?.path == "a.txt" && added.first?.lines == [2, 3, 11])
        #expect(added.first.map { String(decoding: $0.text, as: UTF8.self) } == "two\nthree\neleven")
    }
}

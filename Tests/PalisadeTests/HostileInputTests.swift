import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeRules
import PalisadeLoaders
import Testing

/// Files written by strangers: none of them may crash, hang or silently vanish from a scan.
@Suite("Hostile and bad input")
struct HostileInputTests {
    static let privilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
            - name: c
              image: busybox:1.36
              securityContext:
                privileged: true

        """

    /// Scans a folder holding `files` plus one good manifest; the good one must always be scanned.
    func scanWith(_ files: [String: [UInt8]], configure: (inout ScanOptions) -> Void = { _ in }) throws -> (ScanResult, URL) {
        let dir = try Support.temporaryDirectory()
        for (name, bytes) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try Support.write(Self.privilegedPod, to: dir.appendingPathComponent("zz-good.yaml"))
        let result = Support.scan([dir.path], configure: configure)
        #expect(result.findings.contains { $0.ruleId == "k8s-privileged-container" && $0.location.file.hasSuffix("zz-good.yaml") },
                "the scan did not go on to the good file")
        return (result, dir)
    }

    func error(_ result: ScanResult, _ file: String) -> Diagnostic? {
        result.inputErrors.first { $0.file.hasSuffix(file) }
    }

    @Test("Invalid YAML is an input error with line and column, and the scan goes on")
    func invalidYAML() throws {
        let (result, dir) = try scanWith(["bad.yaml": Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n  other: x\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(error(result, "bad.yaml"))
        #expect(e.code == "yaml-syntax")
        #expect(e.position?.line == 5)
        #expect(e.position?.column == 8)
    }

    @Test("Documents before a syntax error are still scanned")
    func partialFile() throws {
        let text = Self.privilegedPod + "---\nkey: [broken\n"
        let (result, dir) = try scanWith(["partial.yaml": Array(text.utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error(result, "partial.yaml") != nil)
        #expect(result.findings.contains { $0.location.file.hasSuffix("partial.yaml") })
    }

    @Test("Binary content is reported, not parsed")
    func binary() throws {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        bytes += (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let (result, dir) = try scanWith(["image.yaml": bytes])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error(result, "image.yaml")?.code == "binary-file")
        #expect(error(result, "image.yaml")?.position == SourcePosition(line: 1, column: 8))
    }

    @Test("Invalid UTF-8 is an input error at the offending byte")
    func invalidUTF8() throws {
        let bytes = Array("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ab".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let (result, dir) = try scanWith(["latin.yaml": bytes])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(error(result, "latin.yaml"))
        #expect(e.code == "invalid-encoding")
        #expect(e.position == SourcePosition(line: 4, column: 11))
    }

    @Test("CRLF line endings, a UTF-8 BOM and UTF-16 give the same findings at the same places")
    func encodings() throws {
        let lf = Array(Self.privilegedPod.utf8)
        let crlf = Array(Self.privilegedPod.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + lf
        let utf16 = [UInt8](Self.privilegedPod.data(using: .utf16)!)
        let (result, dir) = try scanWith(["a-lf.yaml": lf, "b-crlf.yaml": crlf, "c-bom.yaml": bom, "d-utf16.yaml": utf16])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(result.inputErrors.isEmpty)
        // Object rules only: estate rules join the four files' pods into one namespace.
        let objectRules = Set(BuiltinRules.kubernetes.map(\.description.id))
        let places = ["a-lf", "b-crlf", "c-bom", "d-utf16"].map { name in
            result.findings.filter { $0.location.file.hasSuffix("\(name).yaml") && objectRules.contains($0.ruleId) }.map { "\($0.ruleId)@\($0.location.range.start.line):\($0.location.range.start.column)" }
        }
        #expect(!places[0].isEmpty)
        #expect(places.allSatisfy { $0 == places[0] }, "\(places)")
    }

    @Test("Empty files and comment-only files are fine")
    func empty() throws {
        let (result, dir) = try scanWith(["empty.yaml": [], "comments.yaml": Array("# nothing\n---\n".utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(result.inputErrors.isEmpty)
        #expect(result.statistics.filesScanned == 3)
    }

    @Test("Nesting 10,000 levels deep is an input error, not a stack overflow")
    func deepNesting() throws {
        let flow = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        var block = ""
        for depth in 0..<10_000 { block += String(repeating: " ", count: depth) + "k:\n" }
        let (result, dir) = try scanWith(["flow.yaml": Array(flow.utf8), "block.yaml": Array(block.utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error(result, "flow.yaml")?.code == "too-deep")
        #expect(error(result, "block.yaml")?.code == "too-deep")
    }

    @Test("A YAML alias bomb is refused quickly")
    func aliasBomb() throws {
        var text = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for i in 1...9 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]\n"
        }
        let start = ContinuousClock.now
        let (result, dir) = try scanWith(["bomb.yaml": Array(text.utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error(result, "bomb.yaml")?.code == "alias-bomb")
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test("Symlink loops and links back up the tree end, with a note")
    func symlinkLoops() throws {
        let (_, dir) = try scanWith([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("self.yaml").path, withDestinationPath: "self.yaml")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("dangling.yaml").path, withDestinationPath: "missing.yaml")
        let result = Support.scan([dir.path])
        #expect(result.findings.filter { $0.ruleId == "k8s-privileged-container" }.count == 1, "the good file was scanned once, not once per loop")
        #expect(error(result, "self.yaml")?.code == "symlink-loop")
        #expect(error(result, "dangling.yaml")?.code == "unreadable")
        #expect(result.diagnostics.contains { $0.code == "directory-revisited" })
    }

    @Test("Unreadable files are input errors", .enabled(if: getuid() != 0, "root reads every file"))
    func unreadable() throws {
        let (_, dir) = try scanWith([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("secret.yaml")
        try Support.write(Self.privilegedPod, to: file)
        chmod(file.path, 0)
        let result = Support.scan([dir.path])
        #expect(error(result, "secret.yaml")?.code == "unreadable")
    }

    @Test("A file that cannot be opened as a file (a folder named .yaml, a FIFO) is an input error")
    func notAFile() throws {
        let (_, dir) = try scanWith([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = Support.scan([dir.path, dir.appendingPathComponent("zz-good.yaml/x").path])
        #expect(result.inputErrors.contains { $0.code == "unreadable" })
    }

    @Test("Files over the size limit are reported, not read")
    func tooLarge() throws {
        let (result, dir) = try scanWith(["big.yaml": Array(repeating: UInt8(ascii: "#"), count: 3 << 20)]) { $0.maxFileSize = 1 << 20 }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error(result, "big.yaml")?.code == "too-large")
    }

    @Test("A 100 MB file scans with memory bounded by the file, and finds what is in it")
    func hundredMegabytes() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("huge.yaml")
        // One real manifest, then a 100 MB comment-free scalar line, then another manifest.
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        handle.write(Data((Self.privilegedPod + "---\nblob: ").utf8))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<100 { handle.write(chunk) }
        handle.write(Data(("\n---\n" + Self.privilegedPod).utf8))
        try handle.close()
        // In a process of its own: the test process's peak would count whatever ran beside it.
        let run = try Support.run(["scan", url.path, "--format", "json", "--sort", "location", "--timings", "--exit-zero"])
        #expect((try BaselineTests.json(run.stdout)["summary"] as? [String: Any])?["inputErrors"] as? Int == 0)
        #expect(try BaselineTests.findings(run.stdout).filter { $0.rule == "k8s-privileged-container" }.map(\.line) == [10, 23])
        let peak = run.stderr.split(separator: "peak memory ").last.flatMap { Int($0.prefix { $0.isNumber }) }
        #expect(peak.map { $0 < 512 } == true, "peak memory \(peak.map(String.init) ?? run.stderr) MiB for a 100 MB file")
    }

    @Test("A loader error never loses the other files of a concurrent scan")
    func manyBadFiles() throws {
        var files: [String: [UInt8]] = [:]
        for i in 0..<40 { files["bad\(i).yaml"] = Array("a: [\(i)\n".utf8) }
        for i in 0..<40 { files["ok\(i).yaml"] = Array(Self.privilegedPod.utf8) }
        let (result, dir) = try scanWith(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(result.inputErrors.count == 40)
        #expect(result.findings.filter { $0.ruleId == "k8s-privileged-container" }.count == 41)
    }
}

@Suite("Mutated input")
struct MutationTests {
    /// A small deterministic generator, so a failure reproduces.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("Thousands of corrupted manifests (flipped, inserted, deleted, truncated bytes) never crash or hang")
    func mutations() throws {
        let dir = Support.root.appendingPathComponent("examples/estate/k8s")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            try Array(Data(contentsOf: dir.appendingPathComponent($0)))
        }
        let interesting: [UInt8] = Array(":-[]{}&*!|>'\"#%@`\t\n ?,".utf8) + [0x00, 0xC3, 0xFF, 0x80]
        var rng = Generator(state: 42)
        let scanner = Scanner()
        var parsed = 0, failed = 0
        // PALISADE_MUTATION_ROUNDS raises the count for a longer local run.
        let rounds = Int(ProcessInfo.processInfo.environment["PALISADE_MUTATION_ROUNDS"] ?? "") ?? 2000
        for round in 0..<rounds {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + rng.next(4)) where !bytes.isEmpty {
                let at = rng.next(bytes.count)
                switch rng.next(4) {
                case 0: bytes[at] = interesting[rng.next(interesting.count)]
                case 1: bytes.insert(interesting[rng.next(interesting.count)], at: at)
                case 2: bytes.remove(at: at)
                default: bytes = Array(bytes[..<at])
                }
            }
            var findings: [Finding] = []
            let (_, error) = ManifestLoader().load(bytes, file: "m.yaml") { findings += scanner.evaluate($0) }
            if let error {
                failed += 1
                #expect(error.level == .error && !error.message.isEmpty)
                if let p = error.position { #expect(p.line >= 1 && p.column >= 1) }
            } else {
                parsed += 1
            }
            for finding in findings {
                #expect(finding.location.range.start.line >= 1 && finding.location.range.end >= finding.location.range.start)
            }
        }
        // Both outcomes happen: the mutations are neither all harmless nor all fatal.
        #expect(parsed > 100 && failed > 100)
    }
}

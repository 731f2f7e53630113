import Foundation
import PalisadeCore
import PalisadeLoaders
@testable import PalisadeReport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// File and folder names that are not valid UTF-8: read and scanned like any other, shown escaped.
@Suite("Path names")
struct PathNameTests {
    /// Writes `text` to the path given as raw bytes (a Swift `String` cannot hold them).
    static func write(_ text: String, rawPath: [UInt8]) throws {
        let fd = PathName.withCString("", raw: rawPath) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count)
    }

    static func mkdir(rawPath: [UInt8]) throws {
        let status = PathName.withCString("", raw: rawPath) { Glibc.mkdir($0, 0o755) }
        guard status == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    @Test("Names are escaped byte by byte only where they are not UTF-8")
    func escaping() {
        #expect(PathName.escaped(Array("pod.yaml".utf8)) == "pod.yaml")
        #expect(PathName.escaped(Array("é-ü.yaml".utf8)) == "é-ü.yaml")
        #expect(PathName.escaped(Array("bad".utf8) + [0xFF] + Array("name.yaml".utf8)) == #"bad\xFFname.yaml"#)
        // A truncated sequence, a lone continuation byte and an over-long encoding.
        #expect(PathName.escaped([0x61, 0xC3]) == #"a\xC3"#)
        #expect(PathName.escaped([0x80, 0x62]) == #"\x80b"#)
        #expect(PathName.escaped([0xC0, 0xAF, 0xC3, 0xA9]) == #"\xC0\xAFé"#)
    }

    @Test("A file and a folder whose names are not UTF-8 are scanned, and every report shows them escaped")
    func scannedAndEscaped() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = Array(dir.path.utf8)
        try Self.write(HostileInputTests.privilegedPod, rawPath: base + Array("/bad".utf8) + [0xFF] + Array("name.yaml".utf8))
        try Self.mkdir(rawPath: base + Array("/k8s-".utf8) + [0xFE])
        try Self.write(HostileInputTests.privilegedPod, rawPath: base + Array("/k8s-".utf8) + [0xFE] + Array("/pod.yaml".utf8))
        // A Dockerfile in such a folder: read as a Dockerfile, its build context listed through the bytes.
        try Self.write("FROM alpine:3.19\nCOPY . .\nUSER 10001\n", rawPath: base + Array("/k8s-".utf8) + [0xFE] + Array("/Dockerfile".utf8))
        try Self.write("A=1\n", rawPath: base + Array("/k8s-".utf8) + [0xFE] + Array("/.env".utf8))

        let result = Support.scan([dir.path]) { $0.root = dir.resolvingSymlinksInPath().path }
        #expect(result.inputErrors.isEmpty, "\(result.inputErrors.map(\.message))")
        let privileged = result.findings.filter { $0.ruleId == "k8s-privileged-container" }
        #expect(privileged.map(\.location.file).sorted() == [dir.path + #"/bad\xFFname.yaml"#, dir.path + #"/k8s-\xFE/pod.yaml"#])
        #expect(Set(privileged.map(\.object.projectPath)) == [#"bad\xFFname.yaml"#, #"k8s-\xFE/pod.yaml"#])
        let copy = result.findings.first { $0.ruleId == "docker-copy-whole-context" }
        #expect(copy?.message.contains(".env") == true, "the build context was listed: \(copy?.message ?? "no finding")")

        let options = ReportOptions()
        for format in [ReportFormat.text, .junit, .markdown] {
            let text = format.render(result, options: options)
            #expect(text.contains(#"bad\xFFname.yaml"#), "\(format)")
            #expect(text.contains(#"k8s-\xFE/pod.yaml"#), "\(format)")
            #expect(!text.contains("\u{FFFD}"), "\(format)")
        }
        let json = ReportFormat.json.render(result, options: options)
        #expect(json.contains(#"bad\\xFFname.yaml"#))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let files = (decoded?["findings"] as? [[String: Any]] ?? []).compactMap { ($0["location"] as? [String: Any])?["file"] as? String }
        #expect(files.contains(dir.path + #"/bad\xFFname.yaml"#))
        let sarif = ReportFormat.sarif.render(result, options: options)
        #expect(sarif.contains(#""uri": "bad%FFname.yaml""#) || sarif.contains(#""uri":"bad%FFname.yaml""#), "the URI of the file's bytes")
        #expect(sarif.contains("k8s-%FE/pod.yaml"))
        #expect(!sarif.contains("\u{FFFD}"))
    }

    /// Runs `script` with `sh` in `dir`, `$P` being the `palisade` binary: only a shell can pass
    /// arguments that are not UTF-8 (`Process` takes Swift strings).
    static func shell(_ script: String, in dir: URL) throws -> Support.Run {
        try Support.run(["-c", script], environment: ["P": Support.binary.path], in: dir, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// The contents of the file at the path given as raw bytes, or nil when it cannot be opened.
    static func read(rawPath: [UInt8]) -> String? {
        let fd = PathName.withCString("", raw: rawPath) { open($0, O_RDONLY) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = chunk.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, $0.count) }), n > 0 { bytes += chunk[..<n] }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("A file, a folder and an output file named on the command line in bytes that are not UTF-8 are what is read and written")
    func rawArguments() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = Array(dir.path.utf8)
        try Self.write(HostileInputTests.privilegedPod, rawPath: base + Array("/pod-".utf8) + [0xFE] + Array(".yaml".utf8))
        try Self.mkdir(rawPath: base + Array("/k8s-".utf8) + [0xFF])
        try Self.write(HostileInputTests.privilegedPod, rawPath: base + Array("/k8s-".utf8) + [0xFF] + Array("/pod.yaml".utf8))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".git"), withIntermediateDirectories: true)

        let file = try Self.shell(#"$P scan "$(printf 'pod-\376.yaml')" --format json --exit-zero"#, in: dir)
        #expect(file.status == 0, "\(file.stderr)")
        #expect(try BaselineTests.findings(file.stdout).filter { $0.rule == "k8s-privileged-container" }.map(\.file) == [#"pod-\xFE.yaml"#])

        // A folder written with ./ and a trailing slash, its report to a file of such a name; then
        // the file in it by absolute path: the same project path, so the same fingerprint.
        let folder = try Self.shell(#"$P scan "./$(printf 'k8s-\377')/" --format json --exit-zero -o "$(printf 'out-\375.json')""#, in: dir)
        #expect(folder.status == 0, "\(folder.stderr)")
        let report = try #require(Self.read(rawPath: base + Array("/out-".utf8) + [0xFD] + Array(".json".utf8)), "the report is in the file the bytes name")
        #expect(try BaselineTests.findings(report).filter { $0.rule == "k8s-privileged-container" }.map(\.file) == [#"k8s-\xFF/pod.yaml"#])
        let absolute = try Self.shell(#"$P scan "$PWD/$(printf 'k8s-\377')/pod.yaml" --format json --exit-zero"#, in: dir)
        let fingerprints = { (text: String) in
            ((try? BaselineTests.json(text))?["findings"] as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String }.sorted()
        }
        #expect(!fingerprints(report).isEmpty && fingerprints(absolute.stdout) == fingerprints(report), "\(absolute.stderr)")
        #expect(!absolute.stdout.contains("\u{FFFD}") && !report.contains("\u{FFFD}"))

        let missing = try Self.shell(#"$P scan "$(printf 'gone-\377.yaml')""#, in: dir)
        #expect(missing.status == 2 && missing.stderr.contains(#"gone-\xFF.yaml: no such file or folder"#), "\(missing.stderr)")
    }

    @Test("SARIF URIs: escaped names become their bytes; a valid name with a backslash stays itself")
    func sarifURIs() {
        #expect(SARIFReport.uri(#"bad\xFFname.yaml"#) == "bad%FFname.yaml")
        #expect(SARIFReport.uri(#"a\xC3\xA9.yaml"#) == "a%5Cx" + "C3%5CxA9.yaml", "decodes to valid UTF-8: not an escape")
        #expect(SARIFReport.uri(#"dir\name.yaml"#) == "dir%5Cname.yaml")
    }
}

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
        let fd = (rawPath.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count)
    }

    static func mkdir(rawPath: [UInt8]) throws {
        let status = (rawPath.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { Glibc.mkdir($0.baseAddress!, 0o755) }
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

    @Test("SARIF URIs: escaped names become their bytes; a valid name with a backslash stays itself")
    func sarifURIs() {
        #expect(SARIFReport.uri(#"bad\xFFname.yaml"#) == "bad%FFname.yaml")
        #expect(SARIFReport.uri(#"a\xC3\xA9.yaml"#) == "a%5Cx" + "C3%5CxA9.yaml", "decodes to valid UTF-8: not an escape")
        #expect(SARIFReport.uri(#"dir\name.yaml"#) == "dir%5Cname.yaml")
    }
}

import Foundation
import PalisadeLoaders
import Testing

/// `# palisade:ignore` comments in Dockerfiles: above an instruction, above a `FROM` (the stage),
/// at the end of a `RUN` line; reasons required; stale ones warned.
@Suite("Suppression comments in Dockerfiles")
struct DockerfileSuppressionTests {
    static let dockerfile = """
        FROM golang:1.22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS build
        # palisade:ignore docker-remote-script-execution the installer is pinned by the vendor's checksum (SEC-20)
        RUN curl -fsSL https://get.example.com/install.sh | sh
        RUN wget -O- https://x.example.com/i.sh | bash  # palisade:ignore docker-remote-script-execution mirrored (SEC-21)
        RUN curl -fsSL https://get.example.com/other.sh | sh

        # palisade:ignore docker-user-root,docker-healthcheck-missing the debug image is never deployed (SEC-22)
        FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        EXPOSE 8080
        COPY --from=build /app /app
        # palisade:ignore docker-sudo
        RUN echo hi
        # palisade:ignore docker-chmod-world-writable nothing here is world-writable
        RUN echo bye

        """

    @Test("Each placement covers what it says, and only that; reasonless and stale comments are warned")
    func placements() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.dockerfile, to: dir.appendingPathComponent("Dockerfile"))
        let run = try Support.run(["scan", ".", "-q", "--sort", "location", "--format", "json"], in: dir)
        let report = try BaselineTests.json(run.stdout)
        let findings = try #require(report["findings"] as? [[String: Any]])
        let shown = findings.map { f -> String in
            let l = f["location"] as! [String: Any]
            let kind = (f["suppression"] as? [String: Any])?["kind"] as? String ?? "-"
            return "\(f["ruleId"]!) \(l["line"]!):\(l["column"]!) \(kind)"
        }
        #expect(shown == [
            "docker-remote-script-execution 3:5 comment",
            "docker-remote-script-execution 4:5 comment",
            "docker-remote-script-execution 5:5 -",  // the next RUN is not covered
            "docker-healthcheck-missing 8:1 comment",
            "docker-user-root 8:1 comment",
        ])
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]]).map { "\($0["code"]!) \($0["line"]!):\($0["column"]!)" }
        #expect(diagnostics == ["invalid-suppression 11:1", "unused-suppression 13:19"])
        #expect(run.status == 1)  // the uncovered remote script is high
    }
}

/// Dockerfiles whose name says nothing: standard input, `Dockerfile-dev`; read by their content.
@Suite("Dockerfiles by content")
struct DockerfileByContentTests {
    @Test("Standard input and an explicit file of another name are read as Dockerfiles when they start like one")
    func byContent() throws {
        let text = "# syntax=docker/dockerfile:1\n\nfrom alpine:latest\nRUN curl -fsSL https://x.example.com/i.sh | sh\n"
        let stdin = try Support.run(["scan", "-", "-q", "--format", "json"], input: text)
        let rules = try #require(BaselineTests.json(stdin.stdout)["findings"] as? [[String: Any]]).map { $0["ruleId"] as! String }
        #expect(rules.contains("docker-image-latest-tag") && rules.contains("docker-remote-script-execution"))
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(text, to: dir.appendingPathComponent("Dockerfile-dev"))
        let named = try Support.run(["scan", "Dockerfile-dev", "-q", "--format", "json"], in: dir)
        #expect(try #require(BaselineTests.json(named.stdout)["findings"] as? [[String: Any]]).count == rules.count)
        // A manifest on standard input stays a manifest.
        let manifest = try Support.run(["scan", "-", "-q", "--format", "json"], input: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: c:1, securityContext: {privileged: true}}]}\n")
        #expect(try #require(BaselineTests.json(manifest.stdout)["findings"] as? [[String: Any]]).contains { $0["ruleId"] as? String == "k8s-privileged-container" })
        #expect(!DockerfileParserSniff.looks("apiVersion: v1\n") && DockerfileParserSniff.looks("\u{FEFF}ARG V=1\nFROM x:$V\n") && !DockerfileParserSniff.looks("FROMAGE: 1\n"))
    }
}

/// The content test, on strings.
enum DockerfileParserSniff {
    static func looks(_ text: String) -> Bool { DockerfileParser.looksLikeDockerfile(Array(text.utf8)) }
}

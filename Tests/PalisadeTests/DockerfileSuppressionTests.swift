import Foundation
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
        let run = try Support.run(["scan", ".", "-q", "--format", "json"], in: dir)
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

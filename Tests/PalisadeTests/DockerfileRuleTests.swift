import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeReport
import PalisadeRules
import Testing

@Suite("Dockerfile rules")
struct DockerfileRuleTests {
    /// `rule line:column path` for every finding, in report order.
    static func summary(_ findings: [Finding]) -> [String] {
        findings.sorted(by: Finding.reportOrder).map { "\($0.ruleId) \($0.location.range.start.line):\($0.location.range.start.column) \($0.path)" }
    }

    static func findings(_ text: String, rules: [any DockerfileRule] = BuiltinRules.dockerfile) -> [Finding] {
        Scanner(rules: [], estateRules: [], dockerfileRules: rules).evaluate(Support.dockerfile(text))
    }

    static func scan(_ files: [String: String], configure: (inout ScanOptions) -> Void = { _ in }) throws -> (ScanResult, URL) {
        let dir = try Support.temporaryDirectory()
        for (name, text) in files { try Support.write(text, to: dir.appendingPathComponent(name)) }
        return (Support.scan([dir.path], configure: configure), dir)
    }

    static let service = """
        FROM golang:1.22 AS build
        RUN curl -fsSL https://get.example.com/tool.sh | sh
        RUN go build -o /app .

        FROM debian:bookworm-slim
        COPY --from=build /app /app
        RUN chmod 777 /app
        EXPOSE 8080
        CMD ["/app"]
        """

    @Test("A multi-stage Dockerfile: findings by stage identity and content path, build-only stages left out where only shipping matters")
    func identities() {
        let findings = Self.findings(Self.service)
        #expect(Self.summary(findings) == [
            "docker-image-no-digest 1:6 stage[build].FROM",
            "docker-remote-script-execution 2:5 stage[build].RUN[curl https://get.example.com/tool.sh | sh]",
            "docker-healthcheck-missing 5:1 stage[stage 1].HEALTHCHECK",
            "docker-user-root 5:1 stage[stage 1].USER",
            "docker-image-no-digest 5:6 stage[stage 1].FROM",
            "docker-chmod-world-writable 7:11 stage[stage 1].RUN[chmod 777 /app]",
        ])
        let root = findings.first { $0.ruleId == "docker-user-root" }
        #expect(root?.resource == ResourceIdentity(kind: "Dockerfile", name: "stage 1"))
        #expect(root?.resource.display == "Dockerfile/stage 1")
        #expect(findings.first { $0.ruleId == "docker-remote-script-execution" }?.resource.name == "build")
    }

    @Test("Fingerprints survive edits elsewhere: comments, new instructions and moved lines leave them unchanged")
    func stableFingerprints() {
        let before = Self.findings(Self.service)
        let edited = Self.findings("""
            # syntax=docker/dockerfile:1
            # Build the tool.
            FROM golang:1.22 AS build
            WORKDIR /src
            ENV CGO_ENABLED=0
            RUN curl -fsSL https://get.example.com/tool.sh \\
                | sh
            RUN go build -o /app .

            FROM debian:bookworm-slim
            LABEL org.opencontainers.image.title=tool
            COPY --from=build /app /app
            EXPOSE 8080
            RUN chmod 777 /app
            CMD ["/app"]
            """)
        #expect(Set(edited.map(\.fingerprint)) == Set(before.map(\.fingerprint)))
        #expect(edited.count == before.count)
        #expect(Set(edited.map(\.location.range.start.line)) != Set(before.map(\.location.range.start.line)))
    }

    @Test("The same evidence twice in one stage gets distinct paths (#2), and a global ARG is reported on the file")
    func repeatedPaths() {
        let findings = Self.findings("""
            ARG API_TOKEN=s3cr3t-token-value
            FROM alpine:3.20
            RUN chmod 777 /srv && chmod 777 /srv
            """, rules: [DockerChmodWorldWritable(), DockerSecretInEnv()])
        #expect(Self.summary(findings) == [
            "docker-secret-in-env 1:15 ARG[API_TOKEN]",
            "docker-chmod-world-writable 3:11 stage[stage 0].RUN[chmod 777 /srv]",
            "docker-chmod-world-writable 3:29 stage[stage 0].RUN[chmod 777 /srv]#2",
        ])
        #expect(findings.first { $0.ruleId == "docker-secret-in-env" }?.resource == ResourceIdentity(kind: "Dockerfile"))
        #expect(Set(findings.map(\.fingerprint)).count == 3)
    }

    @Test("Secrets are never shown in full, in any report format")
    func secretsMasked() throws {
        let secrets = ["s3cr3t-Passw0rd-42", "AKIAZ7Q3EXAMPLE2W4XY", "ghp_ZYXWVUTSRQponmlkjihgfedcba9876543210"]
        let (result, dir) = try Self.scan(["Dockerfile": """
            FROM alpine:3.20
            ENV DB_PASSWORD=\(secrets[0]) AWS_ACCESS_KEY_ID=\(secrets[1])
            ARG GH=\(secrets[2])
            USER 10001
            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(result.findings.filter { $0.ruleId == "docker-secret-in-env" }.count == 3)
        let message = result.findings.first { $0.path.hasSuffix("ENV[DB_PASSWORD]") }?.message
        #expect(message == "ENV sets DB_PASSWORD to a literal value (s…2, 18 characters): it is stored in the image's configuration (docker inspect shows it) and in the repository.")
        for format in ReportFormat.allCases {
            let text = format.render(result, options: ReportOptions())
            for secret in secrets { #expect(!text.contains(secret), "\(format) shows \(secret)") }
        }
    }

    @Test("COPY . . : medium without a .dockerignore, low when it leaves secrets-prone entries in, silent when it excludes them")
    func wholeContext() throws {
        let dockerfile = "FROM alpine:3.20\nCOPY . /srv\nUSER 10001\n"
        func copyFindings(_ extra: [String: String]) throws -> [(Severity, String)] {
            let (result, dir) = try Self.scan(["app/Dockerfile": dockerfile, "app/.git/HEAD": "ref", "app/.env": "A=1", "app/.env.example": "A="].merging(extra) { $1 })
            defer { try? FileManager.default.removeItem(at: dir) }
            return result.findings.filter { $0.ruleId == "docker-copy-whole-context" }.map { ($0.severity, $0.message) }
        }
        let none = try copyFindings([:])
        #expect(none.map(\.0) == [.medium])
        #expect(none.first?.1.hasSuffix("there is no .dockerignore beside the Dockerfile, so everything in the context goes into the image, .env, .git included.") == true)
        let partial = try copyFindings(["app/.dockerignore": "# keep it small\n.git/\nnode_modules\n"])
        #expect(partial.map(\.0) == [.low])
        #expect(partial.first?.1.contains(".dockerignore does not exclude .env, so it goes into the image") == true)
        #expect(try copyFindings(["app/.dockerignore": "**/.git\n.env*\n!.env.example\n"]).isEmpty)
        // Re-included by a later pattern: exposed again.
        #expect(try copyFindings(["app/.dockerignore": "*\n!.env\n!src\n"]).map(\.0) == [.low])
        // The Dockerfile's own ignore file wins over .dockerignore.
        #expect(try copyFindings(["app/.dockerignore": ".git\n.env\n", "app/Dockerfile.dockerignore": "node_modules\n"]).map(\.0) == [.low])
    }

    @Test("A Dockerfile that does not parse is an input error with line and column; the rest of the tree still scans")
    func brokenDockerfile() throws {
        let (result, dir) = try Self.scan([
            "Dockerfile": "FROM alpine:3.20\nRUN <<EOF\necho never closed\n",
            "api.Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\nUSER root\n",
            "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: busybox}\n",
            "binary.Dockerfile": "FROM\u{0}\u{1}",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let errors = result.inputErrors.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent) \($0.code) \($0.position.map { "\($0.line):\($0.column)" } ?? "-")" }
        #expect(errors.sorted() == ["Dockerfile dockerfile-syntax 2:5", "binary.Dockerfile binary-file 1:5"])
        #expect(result.findings.contains { $0.ruleId == "docker-user-root" && $0.location.file.hasSuffix("api.Dockerfile") && $0.location.range.start.line == 3 })
        #expect(result.findings.contains { $0.ruleId == "k8s-image-latest-tag" })
        #expect(result.statistics.filesScanned == 4)
        let strict = try Support.run(["scan", dir.path, "--strict", "-q"])
        #expect(strict.status == 3)
        #expect(strict.stdout.contains("Dockerfile:2:5"))
    }

    @Test("Under a non-POSIX shell (SHELL powershell, a Windows base) RUN lines are not read as sh")
    func otherShells() {
        let findings = Self.findings("""
            FROM mcr.microsoft.com/windows/servercore:ltsc2022
            RUN curl.exe -fsSL https://example.com/i.ps1 | powershell -
            SHELL ["powershell", "-Command"]
            RUN iwr https://example.com/a | iex; curl https://x.example | sh
            SHELL ["cmd", "/S", "/C"]

            FROM debian:bookworm-slim AS linux
            SHELL ["powershell", "-Command"]
            RUN curl https://example.com/b | sh
            FROM linux
            RUN curl https://example.com/c | sh
            SHELL ["/bin/bash", "-o", "pipefail", "-c"]
            RUN curl https://example.com/d | sh
            """, rules: [DockerRemoteScriptExecution()])
        #expect(Self.summary(findings) == ["docker-remote-script-execution 13:5 stage[stage 2].RUN[curl https://example.com/d | sh]"])
    }

    @Test("The scan runs Dockerfile rules only in the threat-model profile, deterministically, and `rules` lists them")
    func profilesAndListing() throws {
        let (_, dir) = try Self.scan(["Dockerfile": Self.service, "b/Containerfile": Self.service])
        defer { try? FileManager.default.removeItem(at: dir) }
        let threat = try Support.run(["scan", dir.path, "--format", "json"])
        let baseline = try Support.run(["scan", dir.path, "--format", "json", "--profile", "pss-baseline"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(threat.stdout.utf8)) as? [String: Any])
        #expect((json["findings"] as? [Any])?.count == 12)
        #expect(baseline.stdout.contains("\"findings\": []"))
        let serial = try Support.run(["scan", dir.path, "--format", "sarif", "--jobs", "1"])
        let parallel = try Support.run(["scan", dir.path, "--format", "sarif", "--jobs", "2"])
        #expect(serial.stdout == parallel.stdout)
        let rules = try Support.run(["rules"])
        #expect(BuiltinRules.dockerfile.allSatisfy { rules.stdout.contains($0.description.id) })
        #expect(BuiltinRules.dockerfile.count == 16)
    }

    @Test("Every rule stays linear on hostile shapes: 5,000 chained stages, 5,000 templated COPY --from, a RUN of 20,000 commands, deep substitutions")
    func hostileShapes() {
        var text = "ARG IMG=busybox:1.36\nFROM alpine:3.20 AS s0\n"
        for i in 1..<5_000 { text += "FROM s\(i - 1) AS s\(i)\nARG IMG\nENV V\(i)=$IMG\nCOPY --from=$IMG /bin/sh /bin/sh\n" }
        text += "RUN " + (0..<20_000).map { "sudo chmod 777 /d\($0)" }.joined(separator: " && ") + "\n"
        text += "RUN echo " + String(repeating: "$(", count: 20_000) + String(repeating: ")", count: 20_000) + " `` $(( \n"
        let started = Date()
        let findings = Self.findings(text)
        #expect(findings.filter { $0.ruleId == "docker-sudo" }.count == 20_000)
        #expect(findings.filter { $0.ruleId == "docker-chmod-world-writable" }.count == 20_000)
        #expect(findings.filter { $0.ruleId == "docker-image-no-digest" }.count == 5_000)
        #expect(findings.filter { $0.ruleId == "docker-image-no-digest" }.last?.message == "Stage 's4999' pulls $IMG (busybox:1.36, from ARG defaults) by tag, not digest: whoever can push to docker.io/library/busybox can change what it builds on.")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test("Shell reading: pipes through wrappers and filters, substitutions, redirections, quotes and comments")
    func shellReading() {
        let findings = Self.findings("""
            FROM alpine:3.20
            RUN curl -sL https://a.example | env FOO=1 sudo -u root -- bash
            RUN curl -sL https://b.example | gunzip | tee x | sh -e -o pipefail
            RUN source <(wget -O - https://c.example)
            RUN eval "`curl -fsSL https://d.example`"
            RUN curl -sL https://e.example -o - | python3
            RUN curl -sL https://f.example | sh -c 'cat > /x'
            RUN curl -sL https://g.example 2>&1 >/dev/null | sh
            RUN curl -sL https://h.example | bash install.sh
            RUN echo "curl https://i.example | sh" # curl https://j.example | sh
            RUN wget https://k.example -O /tmp/k | sh
            RUN bash -c "echo $(curl -s https://l.example/version)"
            """, rules: [DockerRemoteScriptExecution()])
        #expect(findings.map(\.path) == [
            "stage[stage 0].RUN[curl https://a.example | bash]",
            "stage[stage 0].RUN[curl https://b.example | sh]",
            "stage[stage 0].RUN[wget https://c.example | source]",
            "stage[stage 0].RUN[curl https://d.example | eval]",
            "stage[stage 0].RUN[curl https://e.example | python3]",
        ])
        #expect(findings.map(\.location.range.start.column) == [5, 5, 14, 12, 5])
    }
}

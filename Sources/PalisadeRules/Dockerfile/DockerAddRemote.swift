import PalisadeCore

/// `ADD https://...` puts whatever the server returns into the image, unverified.
public struct DockerAddRemote: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-add-remote",
        title: "ADD downloads from a URL or git repository without verification",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002", "T1105"],
        appliesTo: [.dockerfile],
        rationale: """
            `ADD` with a URL fetches at build time whatever the server (or anyone on the path to it, \
            for `http://`) returns at that moment, and `ADD` of a git repository takes whatever its \
            branch or tag points at. Nothing checks the content: a compromised download site or a moved \
            tag puts the attacker's file into every image built afterwards, and the Dockerfile looks \
            the same. `ADD --checksum=sha256:...` (Dockerfile 1.6+) verifies a download, and a git \
            source pinned to a full commit id (`#<40 hex digits>`) names its content; neither is \
            reported.
            """,
        remediation: "Add `--checksum=sha256:<digest>` to the ADD, or download with curl and verify with `sha256sum -c` in a RUN; pin git sources to a commit id.",
        references: [
            "https://docs.docker.com/reference/dockerfile/#add",
            "https://docs.docker.com/reference/dockerfile/#add---checksum",
            "https://docs.docker.com/build/building/best-practices/#add-or-copy",
        ],
        goodExamples: [
            """
            FROM alpine:3.20
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.4.tar.gz /tmp/
            ADD https://github.com/acme/lib.git#4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b /src/lib
            ADD vendor.tar.gz /opt/
            COPY <<EOF /etc/motd
            see https://example.com/docs
            EOF
            """,
        ],
        badExamples: [
            """
            FROM alpine:3.20
            ADD ↓https://example.com/tool-1.4.tar.gz ↓http://mirror.example.com/extra.tgz /opt/
            ADD ↓git@github.com:acme/lib.git#main /src/lib
            ADD [↓"https://github.com/acme/app.git", "/src/app"]
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for stage in dockerfile.stages {
            for add in stage.instructions("ADD") where add.arguments.count >= 2 && add.flag("checksum") == nil {
                let heredocs = Set(add.heredocs.map(\.word.offset))
                for source in add.arguments.dropLast() where !heredocs.contains(source.offset) {
                    guard let kind = Self.remoteKind(source.text) else { continue }
                    report.report(
                        stage, source.range, path: "ADD[\(source.text)]",
                        message: "ADD fetches \(source.text) (\(kind)) with nothing verifying it: whoever controls that source decides what goes into the image."
                    )
                }
            }
        }
    }

    /// What kind of remote source a text is, or nil for a local path or a pinned git source.
    static func remoteKind(_ source: String) -> String? {
        let lower = source.lowercased()
        let isGit = lower.hasPrefix("git@") || lower.hasPrefix("git://") || lower.hasPrefix("ssh://")
            || ((lower.hasPrefix("https://") || lower.hasPrefix("http://")) && (lower.contains(".git#") || lower.hasSuffix(".git")))
        if isGit {
            if let hash = source.lastIndex(of: "#") {
                let ref = source[source.index(after: hash)...].prefix { $0 != ":" }
                if ref.count == 40, ref.allSatisfy(\.isHexDigit) { return nil }
            }
            return "a git repository, by branch or tag"
        }
        if lower.hasPrefix("http://") { return "a download over plain HTTP" }
        if lower.hasPrefix("https://") || lower.hasPrefix("ftp://") { return "a download" }
        return nil
    }
}

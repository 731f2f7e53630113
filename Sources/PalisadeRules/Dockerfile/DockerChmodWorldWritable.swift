import PalisadeCore

/// `chmod 777` lets every user in the container rewrite the files, code included.
public struct DockerChmodWorldWritable: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-chmod-world-writable",
        title: "Files made world-writable",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1222.002"],
        appliesTo: [.dockerfile],
        rationale: """
            `chmod 777`, `chmod -R a+rwx` or `COPY --chmod=777` give every user in the container write \
            access: whichever account an attacker lands in can replace the application's code, its \
            configuration or a script root runs later, and turn a foothold in one process into control \
            of the others. It is usually a shortcut around a permissions error that a `chown` to the \
            runtime user fixes properly. Modes with the sticky bit (`1777`, as `/tmp` has) are not \
            reported, nor symbolic modes without `o` or `a` (`chmod +w` honours the umask), nor build \
            stages that are not shipped.
            """,
        remediation: "Give the files to the runtime user (`chown app:app` or `COPY --chown=app`) with mode 755/644 or stricter; never 777.",
        references: [
            "https://docs.docker.com/reference/dockerfile/#copy---chown---chmod",
            "https://man7.org/linux/man-pages/man1/chmod.1.html",
        ],
        goodExamples: [
            """
            FROM debian:bookworm-slim AS build
            RUN chmod 777 /build

            FROM debian:bookworm-slim
            RUN mkdir -p /scratch && chmod 1777 /scratch && chmod 755 /usr/local/bin/app && chmod -R u+rwX,g+rX /srv
            RUN chmod +w /srv/config && chmod go-w /srv
            COPY --chmod=755 entrypoint.sh /entrypoint.sh
            """,
        ],
        badExamples: [
            """
            FROM debian:bookworm-slim
            RUN chmod -R ↓777 /srv/app
            RUN chmod ↓a+rwx /var/log/app && chmod ↓o=rwx,g=rx /data && chmod ↓0666 /etc/app.conf
            COPY ↓--chmod=777 entrypoint.sh /entrypoint.sh
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for (stage, run, command) in dockerfile.shippedCommands {
            guard let invocation = ShellScript.invocation(command), invocation.name == "chmod",
                  let mode = invocation.arguments.first(where: { !$0.text.hasPrefix("-") }),
                  Self.isWorldWritable(mode.text) else { continue }
            let targets = invocation.arguments.drop { $0.start <= mode.start }.map(\.text).joined(separator: " ")
            report.report(
                stage, run.script.range(mode), path: "RUN[chmod \(mode.text) \(targets)]",
                message: "RUN makes \(targets.isEmpty ? "files" : targets) world-writable (chmod \(mode.text)) in \(stage.described), which ships: any user in the container can rewrite \(targets.contains(" ") ? "them" : "it")."
            )
        }
        for stage in dockerfile.shippedStages.reversed() {
            for copy in stage.instructions where copy.keyword == "COPY" || copy.keyword == "ADD" {
                guard let flag = copy.flag("chmod"), let mode = flag.value, Self.isWorldWritable(mode) else { continue }
                let target = copy.arguments.last?.text ?? ""
                report.report(
                    stage, flag.range, path: "\(copy.keyword)[--chmod=\(mode) \(target)]",
                    message: "\(copy.keyword) --chmod=\(mode) makes \(target) world-writable in \(stage.described), which ships: any user in the container can rewrite it."
                )
            }
        }
    }

    static func isOctal(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy { ("0"..."7").contains($0) } }

    /// Whether a chmod mode grants write to others: octal with the others' write bit and no
    /// sticky bit, or a symbolic clause for `o` or `a` that adds or sets `w`.
    static func isWorldWritable(_ mode: String) -> Bool {
        if isOctal(Substring(mode)) {
            guard mode.count <= 5, let value = Int(mode, radix: 8) else { return false }
            return value & 0o002 != 0 && value & 0o1000 == 0
        }
        for clause in mode.split(separator: ",") {
            let who = clause.prefix { "ugoa".contains($0) }
            guard who.contains("o") || who.contains("a") else { continue }
            var rest = clause.dropFirst(who.count)
            // Several operations may follow one set of users: `o+r-x=w`.
            while let op = rest.first, op == "+" || op == "=" || op == "-" {
                let perms = rest.dropFirst().prefix { "rwxXst".contains($0) }
                if op != "-" && perms.contains("w") { return true }
                rest = rest.dropFirst(1 + perms.count)
            }
        }
        return false
    }
}

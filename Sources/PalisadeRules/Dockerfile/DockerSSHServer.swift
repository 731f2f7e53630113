import PalisadeCore

/// An SSH server in a container is a second way in, with its own credentials to steal.
public struct DockerSSHServer: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-ssh-server",
        title: "Image runs or exposes an SSH server",
        severity: .medium,
        pattern: .exposure,
        controls: [.minimalImmutableWorkloads, .networkSegmentation],
        mitre: ["T1021.004", "T1133"],
        appliesTo: [.dockerfile],
        rationale: """
            An SSH daemon in a container is a remote login the platform does not control: host keys \
            and authorised keys baked into the image (the same in every copy, readable by anyone who \
            can pull it), passwords to guess, and a session that bypasses the audit trail of `docker \
            exec` or `kubectl exec`. Containers are replaced, not logged into. Reported once per image, \
            at `EXPOSE 22` if there is one, else where sshd is started or openssh-server installed, \
            naming the other evidence; only shipped stages count. An SSH client (`openssh-client`, \
            `git` over SSH) is not reported.
            """,
        remediation: "Remove the SSH server and use `docker exec` or `kubectl exec` (or an ephemeral debug container) to get into a container.",
        references: [
            "https://docs.docker.com/reference/cli/docker/container/exec/",
            "https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container",
        ],
        goodExamples: [
            """
            FROM debian:bookworm-slim AS fetch
            RUN apt-get update && apt-get install -y openssh-server
            EXPOSE 22

            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends openssh-client git && rm -rf /var/lib/apt/lists/*
            EXPOSE 2222/udp 8022 8080
            CMD ["ssh-agent", "app"]
            """,
        ],
        badExamples: [
            """
            FROM ubuntu:24.04
            RUN apt-get update && apt-get install -y openssh-server && mkdir /run/sshd
            EXPOSE 8080 ↓22/tcp
            CMD ["/usr/sbin/sshd", "-D"]
            """,
            """
            FROM alpine:3.20
            RUN apk add --no-cache openssh
            ENTRYPOINT ↓/usr/sbin/sshd -D -e
            """,
            """
            FROM rockylinux:9.3
            RUN ↓dnf install -y openssh-server
            """,
        ],
        input: .dockerfile
    )

    static let serverPackages: Set<String> = ["openssh-server", "openssh", "dropbear"]

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        var evidence: [(stage: Stage, range: SourceRange, what: String)] = []
        let scripts = dockerfile.runScripts
        for stage in dockerfile.shippedStages.reversed() {
            for expose in stage.instructions("EXPOSE") {
                for port in expose.arguments where port.text == "22" || port.text.lowercased() == "22/tcp" {
                    evidence.append((stage, port.range, "EXPOSE \(port.text)"))
                }
            }
            for start in stage.instructions where start.keyword == "CMD" || start.keyword == "ENTRYPOINT" {
                if start.isJSON {
                    if let first = start.arguments.first, ["sshd", "dropbear"].contains(ShellScript.baseName(first.text)) {
                        evidence.append((stage, first.range, "\(start.keyword) starts \(ShellScript.baseName(first.text))"))
                    }
                } else {
                    let script = ShellScript(start.text, from: start.argumentsOffset)
                    for command in script.commands {
                        guard let invocation = ShellScript.invocation(command), ["sshd", "dropbear"].contains(invocation.name) else { continue }
                        evidence.append((stage, script.range(command.words[invocation.nameIndex]), "\(start.keyword) starts \(invocation.name)"))
                    }
                }
            }
            for install in PackageInstall.all(in: scripts[stage.index]) {
                // apk's `openssh` is the server; elsewhere it is the name of a client package set.
                for package in install.packages where Self.serverPackages.contains(Self.packageName(package.text))
                    && (install.manager == .apk || Self.packageName(package.text) != "openssh") {
                    evidence.append((stage, install.run.script.range(install.toolWord), "\(install.tool) installs \(package.text)"))
                }
            }
        }
        let order = { (what: String) in what.hasPrefix("EXPOSE") ? 0 : what.contains("starts") ? 1 : 2 }
        guard let first = evidence.min(by: { order($0.what) < order($1.what) }) else { return }
        let others = evidence.filter { $0.range != first.range }.map { "\($0.what) at line \($0.range.start.line)" }
        report.report(
            first.stage, first.range, path: "SSH",
            message: "The image runs an SSH server (\(first.what)\(others.isEmpty ? "" : "; " + others.joined(separator: ", "))): a remote login outside the platform's control, with keys or passwords in the image."
        )
    }

    /// The package name without a version (`openssh-server=1:9.6`).
    static func packageName(_ text: String) -> String {
        String(text.prefix { $0 != "=" && $0 != "~" && $0 != "<" && $0 != ">" })
    }
}

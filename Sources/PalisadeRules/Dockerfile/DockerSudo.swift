import PalisadeCore

/// `sudo` in a RUN means sudo is in the image, a standing path from its user to root.
public struct DockerSudo: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-sudo",
        title: "RUN uses sudo or grants passwordless sudo",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity, .minimalImmutableWorkloads],
        mitre: ["T1548.003"],
        appliesTo: [.dockerfile],
        rationale: """
            Build steps run as root unless a `USER` says otherwise, so `sudo` in a RUN only works \
            because the image ships sudo and a sudoers rule for its user: a setuid-root binary and a \
            rule that lets whoever runs as that user (an attacker with code execution included) \
            become root in the container, undoing the `USER`. sudo also handles signals and \
            terminals in ways that make builds behave unpredictably. Only stages that end up in the \
            image (the final stage and the stages it is built `FROM`) are reported: a build stage's \
            sudo is not shipped. A RUN that writes a `NOPASSWD` sudoers rule is reported too: it lets \
            the user become root without even a password. `gosu` and `su-exec`, which drop \
            privileges, are not reported.
            """,
        remediation: "Run root steps before `USER` (or switch with `USER root` and back), and remove sudo from the image.",
        references: [
            "https://docs.docker.com/build/building/best-practices/#user",
            "https://github.com/hadolint/hadolint/wiki/DL3004",
        ],
        goodExamples: [
            """
            FROM ubuntu:24.04 AS tools
            RUN sudo apt-get update

            FROM ubuntu:24.04
            RUN apt-get update && apt-get install -y --no-install-recommends sudo-ldap-docs
            USER root
            RUN chown -R app /srv
            USER app
            ENTRYPOINT ["gosu", "app", "/srv/run"]
            """,
        ],
        badExamples: [
            """
            FROM ubuntu:24.04
            USER app
            RUN ↓sudo apt-get update && ↓sudo -E apt-get install -y curl
            RUN make install || ↓/usr/bin/sudo make install
            RUN echo 'app ALL=(ALL) ↓NOPASSWD:ALL' >> /etc/sudoers.d/app
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for (stage, run, command) in dockerfile.shippedCommands {
            if let grant = command.words.first(where: { $0.text.contains("NOPASSWD") }) {
                report.report(
                    stage, run.script.range(of: "NOPASSWD", in: grant), path: "RUN[NOPASSWD]",
                    message: "RUN writes a passwordless sudo rule (NOPASSWD) in \(stage.described), which ships: its user becomes root without a password."
                )
            }
            guard let invocation = ShellScript.invocation(command), let sudo = invocation.sudo else { continue }
            report.report(
                stage, run.script.range(sudo), path: "RUN[sudo \(invocation.name)]",
                message: "RUN runs \(invocation.name) through sudo in \(stage.described), which ships: sudo and a sudoers rule in the image let its user become root."
            )
        }
    }
}

import PalisadeCore

/// Packages installed without a version are whatever the repository has on build day.
public struct DockerPackageUnpinned: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-package-unpinned",
        title: "OS packages installed without a version",
        severity: .low,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002"],
        appliesTo: [.dockerfile],
        rationale: """
            `apt-get install curl` installs whichever version the repository serves when the image is \
            built: two builds of the same commit differ, a regression or a compromised package arrives \
            with an unrelated change, and nobody can say which version a running image has without \
            looking inside it. Pinning (`curl=8.5.0-2ubuntu10`, `curl=8.9.1-r1` for apk) makes the \
            build reproducible and every upgrade a reviewed change. Reported for apt and apk in every \
            stage (build stages make what ships), one finding per install naming the packages; local \
            packages, variables and wildcards are not reported. Low: pinning costs upkeep, and a pinned \
            version still needs updating for security fixes.
            """,
        remediation: "Pin each package (`apt-get install curl=8.5.0-2ubuntu10`, `apk add curl=8.9.1-r1`) and let Renovate update the pins.",
        references: [
            "https://docs.docker.com/build/building/best-practices/#apt-get",
            "https://github.com/hadolint/hadolint/wiki/DL3008",
        ],
        goodExamples: [
            """
            FROM debian:bookworm-slim
            ARG TOOLS
            RUN apt-get update && apt-get install -y --no-install-recommends \\
                ca-certificates=20230311 curl=7.88.1-10+deb12u5 ./vendor/agent.deb $TOOLS \\
             && rm -rf /var/lib/apt/lists/*
            RUN apt-get -o Dpkg::Options::=--force-confold upgrade -y
            FROM alpine:3.20
            RUN apk add --no-cache --virtual .build-deps gcc~13.2 musl-dev=1.2.5-r0
            """,
        ],
        badExamples: [
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311 ↓curl git \\
             && rm -rf /var/lib/apt/lists/*
            FROM alpine:3.20
            RUN apk add --no-cache --virtual .runtime ↓tini
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for (stage, scripts) in zip(dockerfile.stages, dockerfile.runScripts) {
            for install in PackageInstall.all(in: scripts) {
                guard let unpinned = install.unpinned, let first = unpinned.first else { continue }
                let names = unpinned.prefix(5).map(\.text).joined(separator: ", ") + (unpinned.count > 5 ? " and \(unpinned.count - 5) more" : "")
                report.report(
                    stage, install.run.script.range(first), path: "RUN[\(install.tool) install]",
                    message: "\(install.tool) installs \(names) without a version in \(stage.described): each build gets whatever the repository serves that day."
                )
            }
        }
    }
}

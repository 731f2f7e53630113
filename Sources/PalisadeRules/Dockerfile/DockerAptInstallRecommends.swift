import PalisadeCore

/// `apt-get install` without `--no-install-recommends` ships packages nobody asked for.
public struct DockerAptInstallRecommends: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-apt-install-recommends",
        title: "apt installs recommended packages",
        severity: .low,
        pattern: .supplyChain,
        controls: [.minimalImmutableWorkloads],
        appliesTo: [.dockerfile],
        rationale: """
            By default apt also installs every package the requested ones recommend: often dozens \
            (`apt-get install curl` on Ubuntu brings in a Kerberos stack; `python3-pip` a compiler). \
            Each one is code an attacker can use after a foothold, and a vulnerability scanners \
            report and someone has to patch, in an image that never needed it. Only shipped stages \
            are reported; an install with `--no-install-recommends` or `-o \
            APT::Install-Recommends=false`, or in an image whose RUNs configure \
            `APT::Install-Recommends`, is not.
            """,
        remediation: "Add `--no-install-recommends` to `apt-get install` and list what the image really needs.",
        references: [
            "https://docs.docker.com/build/building/best-practices/#apt-get",
            "https://github.com/hadolint/hadolint/wiki/DL3015",
        ],
        goodExamples: [
            """
            FROM ubuntu:24.04 AS build
            RUN apt-get update && apt-get install -y build-essential

            FROM ubuntu:24.04
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            RUN apt-get install -y -o APT::Install-Recommends=false git && rm -rf /var/lib/apt/lists/*
            """,
            """
            FROM debian:bookworm-slim
            RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends
            RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
            """,
        ],
        badExamples: [
            """
            FROM ubuntu:24.04
            RUN apt-get update && ↓apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        let shipped = dockerfile.shippedStages
        // A RUN that writes the setting into apt's configuration applies it to every later install.
        let writesConfiguration = { (text: String) in text.contains("Install-Recommends") && text.contains("apt.conf") }
        let configured = shipped.contains { stage in
            stage.instructions("RUN").contains { run in
                writesConfiguration(run.argumentText) || run.heredocs.contains { writesConfiguration($0.body.string) }
            }
        }
        guard !configured else { return }
        let scripts = dockerfile.runScripts
        for stage in shipped.reversed() {
            for install in PackageInstall.all(in: scripts[stage.index]) where install.manager == .apt {
                let declined = install.options.contains("--no-install-recommends")
                    || install.options.contains { $0.lowercased().hasPrefix("apt::install-recommends=") && ["false", "0", "no"].contains($0.lowercased().split(separator: "=").last ?? "") }
                guard !declined else { continue }
                report.report(
                    stage, install.run.script.range(install.toolWord), path: "RUN[\(install.tool) install]",
                    message: "\(install.tool) install in \(stage.described) also installs every recommended package: add --no-install-recommends and ship only what the image needs."
                )
            }
        }
    }
}

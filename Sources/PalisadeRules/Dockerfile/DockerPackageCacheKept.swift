import PalisadeCore

/// Package lists and caches left in a layer ship in the image for good.
public struct DockerPackageCacheKept: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-package-cache-kept",
        title: "Package manager cache left in the image",
        severity: .low,
        pattern: .supplyChain,
        controls: [.minimalImmutableWorkloads],
        appliesTo: [.dockerfile],
        rationale: """
            `apt-get update` downloads package lists (tens of megabytes) and `apk add` without \
            `--no-cache` keeps its index; unless the same RUN removes them, they are in that layer for \
            good (a later `rm` only hides them). The image is larger to store, pull and scan, and it \
            carries a snapshot of the repository state from build day, which invites installing \
            packages at runtime against stale lists. Only shipped stages are reported (the final \
            stage and the stages it is built `FROM`); cache mounts (`RUN \
            --mount=type=cache,target=/var/lib/apt`) and cleanup in the same RUN are not.
            """,
        remediation: "End the RUN with `&& rm -rf /var/lib/apt/lists/*` (apt), use `apk add --no-cache` (apk) or `&& dnf clean all` (dnf, yum), or a cache mount.",
        references: [
            "https://docs.docker.com/build/building/best-practices/#apt-get",
            "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
        ],
        goodExamples: [
            """
            FROM debian:bookworm-slim AS build
            RUN apt-get update && apt-get install -y --no-install-recommends build-essential

            FROM debian:bookworm-slim
            RUN apt-get update \\
             && apt-get install -y --no-install-recommends ca-certificates=20230311 \\
             && rm -rf /var/lib/apt/lists/*
            RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \\
                apt-get update && apt-get install -y --no-install-recommends tzdata=2024a-0+deb12u1
            RUN <<EOF
            apt-get update
            apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u1
            rm -rf /var/lib/{apt,dpkg/info}/ /var/cache/apt
            EOF
            """,
            """
            FROM alpine:3.20
            RUN apk add --no-cache curl=8.9.1-r1
            RUN apk --no-cache add --virtual .build-deps gcc=13.2.1_git20240309-r0 && apk del .build-deps
            """,
            """
            FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
            RUN microdnf install -y shadow-utils && microdnf clean all
            """,
        ],
        badExamples: [
            """
            FROM ubuntu:24.04
            RUN apt-get update && ↓apt-get install -y --no-install-recommends curl=8.5.0-2ubuntu10
            RUN apt-get clean
            RUN rm -rf /var/lib/apt/lists/*
            """,
            """
            FROM alpine:3.20
            RUN ↓apk add curl=8.9.1-r1
            """,
            """
            FROM rockylinux:9.3
            RUN ↓dnf install -y python3
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        let scripts = dockerfile.runScripts
        for stage in dockerfile.shippedStages.reversed() {
            for install in PackageInstall.all(in: scripts[stage.index]) where !install.cleansUp(scripts[stage.index]) {
                let what = switch install.manager {
                case .apt: "its package lists (/var/lib/apt/lists)"
                case .apk: "its package index (/var/cache/apk)"
                case .rpm: "its metadata cache (/var/cache/\(install.tool == "yum" ? "yum" : "dnf"))"
                }
                report.report(
                    stage, install.run.script.range(install.toolWord), path: "RUN[\(install.tool) install]",
                    message: "\(install.tool) installs packages in \(stage.described) and the same RUN leaves \(what) in the layer, which ships."
                )
            }
        }
    }
}

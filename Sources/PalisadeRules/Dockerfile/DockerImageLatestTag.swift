import PalisadeCore

/// A base image by `latest` or by no tag is whatever was pushed last, different from build to build.
public struct DockerImageLatestTag: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-image-latest-tag",
        title: "Base image uses the latest tag or no tag",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .minimalImmutableWorkloads],
        mitre: ["T1525", "T1195.002"],
        appliesTo: [.dockerfile],
        rationale: """
            `FROM node` means `node:latest`, and `latest` is whatever the repository's owners (or \
            whoever holds their push credentials) pushed last. Every build can start from a different \
            base, a rebuild to fix one bug silently upgrades everything under it, and a poisoned push \
            lands in your image with nothing in review to show it. The same holds for images copied \
            from with `COPY --from=image`. Images pinned by digest, `scratch`, earlier stages (`FROM \
            builder`) and references whose variable has no known default are not reported; a default \
            given by `ARG BASE=node:latest` is, since it is what builds use unless told otherwise.
            """,
        remediation: "Use a specific version tag, better with its digest (`FROM node:20.11-slim@sha256:...`), and update it through review (Renovate, Dependabot).",
        references: [
            "https://docs.docker.com/reference/dockerfile/#from",
            "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
        ],
        goodExamples: [
            """
            ARG GO_VERSION=1.22
            FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
            RUN go build -o /app .

            FROM build AS test
            RUN go test ./...

            FROM scratch
            COPY --from=build /app /app
            """,
            """
            ARG TAG
            FROM alpine:$TAG
            COPY --from=busybox@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b /bin/busybox /bin/busybox
            """,
        ],
        badExamples: [
            """
            FROM ↓node AS build
            RUN npm ci

            FROM ↓ubuntu:latest
            COPY --from=build /app /app
            COPY ↓--from=busybox /bin/busybox /bin/busybox
            """,
            """
            ARG BASE=python:latest
            FROM ↓${BASE}
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for use in dockerfile.imageUses {
            guard let reference = ImageReference(use.image), !reference.isPinnedByDigest, reference.isLatest else { continue }
            let why = reference.tag == nil ? "has no tag (so it means latest)" : "uses the latest tag"
            report.report(
                use.stage, use.range, path: use.path,
                message: "\(use.stage.described.capitalisedFirst) pulls \(use.shown), which \(why): each build can get a different image, chosen by whoever can push to \(reference.registry)/\(reference.repository)."
            )
        }
    }
}

extension String {
    /// The text with its first letter in upper case (`stage 'build'` starts a sentence).
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}

import PalisadeCore

/// A base image by version tag can be re-pointed by whoever can push to its repository.
public struct DockerImageNoDigest: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-image-no-digest",
        title: "Base image is not pinned by digest",
        severity: .low,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1525", "T1195.002"],
        appliesTo: [.dockerfile],
        rationale: """
            A tag such as `node:20.11` is a pointer the registry lets anyone with push rights move, and \
            official images are re-pushed under the same tag for every patch release. A build from a \
            tag is not reproducible, and a compromised publisher or a malicious mirror changes what \
            your image is built on without any change in your repository. A digest \
            (`@sha256:...`) names the content itself; it is what signature and provenance checks \
            verify. Images by `latest` or no tag are left to docker-image-latest-tag, so one image \
            gives one finding. Low: a version tag is rarely moved by accident.
            """,
        remediation: "Pin the image by digest (`FROM node:20.11-slim@sha256:...`) and let Renovate or Dependabot update it through review.",
        references: [
            "https://docs.docker.com/reference/dockerfile/#from",
            "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
        ],
        goodExamples: [
            """
            FROM golang:1.22@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b AS build
            RUN go build -o /app .
            FROM build AS test
            FROM scratch
            COPY --from=build /app /app
            COPY --from=0 /app /app2
            """,
            """
            ARG TAG
            FROM alpine:${TAG}
            FROM alpine
            """,
        ],
        badExamples: [
            """
            FROM ↓golang:1.22 AS build
            RUN go build -o /app .

            FROM ↓gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /app /app
            COPY ↓--from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for use in dockerfile.imageUses {
            guard let reference = ImageReference(use.image), !reference.isPinnedByDigest, !reference.isLatest else { continue }
            report.report(
                use.stage, use.range, path: use.path,
                message: "\(use.stage.described.capitalisedFirst) pulls \(use.shown) by tag, not digest: whoever can push to \(reference.registry)/\(reference.repository) can change what it builds on."
            )
        }
    }
}

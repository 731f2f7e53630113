import PalisadeCore

/// A full distribution or toolchain image as the runtime base ships far more than the app needs.
public struct DockerBaseImageNotMinimal: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-base-image-not-minimal",
        title: "Final image is built on a full distribution or toolchain image",
        severity: .info,
        pattern: .supplyChain,
        controls: [.minimalImmutableWorkloads],
        appliesTo: [.dockerfile],
        rationale: """
            `python:3.12`, `node:20` or `debian:bookworm` carry a full distribution (compilers, \
            package managers, shells, hundreds of libraries), and `golang`, `rust`, `maven` and \
            `gradle` a whole toolchain. All of it is code an attacker can use after a foothold and \
            vulnerabilities someone has to triage, in an image that needs none of it at runtime. \
            Official images publish smaller variants (`-slim`, `-alpine`, `-jre`), and distroless or \
            scratch bases ship the app alone. Only the base the final image is built on is reported, \
            and only for Docker Hub's official images with a known smaller variant: build stages are \
            where toolchains belong.
            """,
        remediation: "Build in a full image and copy the result into a slim, distroless or scratch final stage.",
        references: [
            "https://docs.docker.com/build/building/multi-stage/",
            "https://github.com/GoogleContainerTools/distroless",
        ],
        goodExamples: [
            """
            FROM golang:1.22 AS build
            RUN CGO_ENABLED=0 go build -o /app .

            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /app /app
            """,
            """
            FROM python:3.12-slim-bookworm AS base
            FROM base
            """,
            """
            FROM eclipse-temurin:21-jre-alpine
            """,
            """
            FROM ghcr.io/acme/python:3.12
            """,
        ],
        badExamples: [
            """
            FROM node:20 AS deps
            RUN npm ci

            FROM ↓python:3.12-bookworm AS app
            FROM app
            """,
            """
            FROM ↓golang:1.22-alpine
            RUN go build -o /app .
            """,
        ],
        input: .dockerfile
    )

    /// Official images with a smaller variant, and what to use instead.
    static let alternatives: [String: String] = [
        "ubuntu": "debian:<release>-slim, a distroless image or Ubuntu's chiselled images",
        "debian": "debian:<release>-slim or a distroless image",
        "buildpack-deps": "debian:<release>-slim",
        "node": "node:<version>-slim, node:<version>-alpine or gcr.io/distroless/nodejs",
        "python": "python:<version>-slim or python:<version>-alpine",
        "ruby": "ruby:<version>-slim or ruby:<version>-alpine",
        "php": "php:<version>-fpm-alpine",
        "perl": "perl:<version>-slim",
        "openjdk": "eclipse-temurin:<version>-jre or a distroless Java image",
        "eclipse-temurin": "eclipse-temurin:<version>-jre",
    ]
    /// Toolchains: no tag of theirs is a runtime base.
    static let toolchains: [String: String] = [
        "golang": "gcr.io/distroless/static or scratch for the binary",
        "rust": "gcr.io/distroless/cc or debian:<release>-slim for the binary",
        "maven": "eclipse-temurin:<version>-jre for the jar",
        "gradle": "eclipse-temurin:<version>-jre for the jar",
    ]
    static let minimalMarkers = ["slim", "alpine", "minimal", "distroless", "chiseled", "jre", "busybox"]

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        guard let final = dockerfile.finalStage else { return }
        let root = dockerfile.root(of: final)
        guard let image = root.baseImage, let reference = ImageReference(image), reference.registry == "docker.io",
              reference.repository.hasPrefix("library/") else { return }
        let name = String(reference.repository.dropFirst("library/".count))
        let tag = (reference.tag ?? "latest").lowercased()
        let message: String
        if let instead = Self.toolchains[name] {
            message = "The final image is built on \(image), a \(name) toolchain image: build in a stage and ship \(instead)."
        } else if let instead = Self.alternatives[name], !Self.minimalMarkers.contains(where: tag.contains) {
            message = "The final image is built on \(image), a full distribution image: \(instead) ships much less."
        } else {
            return
        }
        report.report(root, root.base.range, path: "FROM", message: message)
    }
}

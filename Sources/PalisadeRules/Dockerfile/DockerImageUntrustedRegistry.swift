import PalisadeCore

/// Base images must come from the registries the estate trusts, as its workloads' images must.
public struct DockerImageUntrustedRegistry: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-image-untrusted-registry",
        title: "Base image comes from a registry that is not trusted",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .ciPolicyValidation],
        mitre: ["T1525", "T1195.002"],
        appliesTo: [.dockerfile],
        requiredSettings: [.trustedRegistries],
        rationale: """
            What an image is built on is code nobody in the organisation scanned, signed or mirrored \
            when it comes from a registry outside its control: a typo-squatted Docker Hub name, a \
            personal repository, or a registry that disappears and takes every rebuild with it. The \
            trusted registries are the ones given for workloads (`--trusted-registry`, or \
            `trusted-registries` in `.palisade.yaml`), matched as k8s-image-untrusted-registry matches \
            them: a host, a host with a path prefix (whole path components only), or `docker.io` for \
            Docker Hub, where images named without a registry come from. `FROM` and `COPY --from=image` \
            are checked, in every stage (a build stage's image runs in the build); earlier stages, \
            `scratch` and references whose `ARG`s have no known value are not. With no trusted \
            registries configured the rule is silent.
            """,
        remediation: "Mirror the base image into a trusted registry (pinned by digest), or add its registry to the trusted list after review.",
        references: [
            "https://docs.docker.com/reference/dockerfile/#from",
            "https://kubernetes.io/docs/concepts/containers/images/#image-names",
        ],
        goodExamples: [
            """
            FROM registry.example.com/base/golang:1.22 AS build
            RUN go build -o /app .
            FROM ghcr.io/example/distroless:nonroot
            COPY --from=build /app /app
            COPY --from=registry.example.com/tools/certs:1 /certs /certs
            """,
            """
            ARG REGISTRY
            FROM ${REGISTRY}/golang:1.22 AS build
            FROM scratch
            COPY --from=build /app /app
            """,
        ],
        badExamples: [
            """
            FROM ↓golang:1.22 AS build
            RUN go build -o /app .

            FROM ↓ghcr.io/example-evil/distroless:nonroot
            COPY --from=build /app /app
            COPY ↓--from=quay.io/tools/certs:1 /certs /certs
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        let trusted = report.settings.trustedRegistries
        guard !trusted.isEmpty else { return }
        for use in dockerfile.imageUses {
            guard let reference = ImageReference(use.image), !trusted.contains(where: reference.isCovered(by:)) else { continue }
            let source = reference.registry == "docker.io" ? "Docker Hub" : "registry \(reference.registry)"
            report.report(
                use.stage, use.range, path: use.path,
                message: "\(use.stage.described.capitalisedFirst) pulls \(use.shown) from \(source), which is not a trusted registry: what it builds on is outside your review and scanning."
            )
        }
    }
}

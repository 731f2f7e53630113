import PalisadeCore

/// A service image without a HEALTHCHECK: Docker and Swarm cannot tell it hangs.
public struct DockerHealthcheckMissing: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-healthcheck-missing",
        title: "Service image has no HEALTHCHECK",
        severity: .low,
        pattern: .availability,
        controls: [.resilience, .runtimeMonitoring],
        appliesTo: [.dockerfile],
        rationale: """
            Without a `HEALTHCHECK` Docker, Compose and Swarm only know whether the process is alive, \
            not whether it answers: a deadlocked or resource-starved service (the outcome of many \
            denial-of-service attacks) keeps receiving traffic and is never restarted. Reported only \
            for images that look like services (the shipped stages `EXPOSE` a port): jobs and tools \
            need no health check. `HEALTHCHECK NONE` is a deliberate choice and is not reported. \
            Kubernetes ignores `HEALTHCHECK` and uses probes instead (k8s-missing-liveness-probe and \
            k8s-missing-readiness-probe cover those); suppress this rule for images that only run there.
            """,
        remediation: "Add `HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app\", \"healthcheck\"]` (or a curl to the health endpoint) to the final stage.",
        references: [
            "https://docs.docker.com/reference/dockerfile/#healthcheck",
        ],
        goodExamples: [
            """
            FROM nginx:1.27 AS base
            HEALTHCHECK --interval=30s CMD curl -fsS http://localhost/healthz || exit 1

            FROM base
            EXPOSE 80
            """,
            """
            FROM alpine:3.20
            EXPOSE 8080
            HEALTHCHECK NONE
            """,
            """
            FROM python:3.12-slim
            CMD ["python", "-m", "nightly_report"]
            """,
        ],
        badExamples: [
            """
            FROM golang:1.22 AS build
            HEALTHCHECK CMD ["/bin/true"]
            RUN go build -o /app .

            ↓FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /app /app
            EXPOSE 8080
            ENTRYPOINT ["/app"]
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        let shipped = dockerfile.shippedStages
        guard let final = shipped.first,
              let expose = shipped.lazy.flatMap({ $0.instructions("EXPOSE") }).first,
              !shipped.contains(where: { !$0.instructions("HEALTHCHECK").isEmpty }) else { return }
        let ports = expose.arguments.map(\.text).joined(separator: ", ")
        report.report(
            final, final.from.keywordRange, path: "HEALTHCHECK",
            message: "The final \(final.described) exposes \(ports) but defines no HEALTHCHECK: a service that hangs is neither taken out of rotation nor restarted."
        )
    }
}

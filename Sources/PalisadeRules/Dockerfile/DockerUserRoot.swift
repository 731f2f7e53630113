import PalisadeCore

/// The image a Dockerfile ships runs as root unless its last `USER` says otherwise.
public struct DockerUserRoot: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-user-root",
        title: "Image runs as root",
        severity: .medium,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity, .minimalImmutableWorkloads],
        mitre: ["T1611", "T1068"],
        appliesTo: [.dockerfile],
        rationale: """
            A container runs as the image's last `USER`, and without one as root (UID 0). Whoever gets \
            code execution in the process (a deserialisation bug, a vulnerable dependency) is then root \
            in the container: they can read every file in the image, install tools, and are one kernel \
            or runtime bug away from root on the node, since UID 0 in the container is UID 0 on the \
            host unless user namespaces are on. Only the final stage ships, together with the stages it \
            is built `FROM` (a `USER` there is inherited); stages that only feed `COPY --from` are \
            build steps and are not reported. A `USER` whose value comes from a build argument without \
            a default, and bases whose tag says `nonroot` (distroless), are taken as non-root; a base \
            given by an unknown variable is not reported.
            """,
        remediation: "Add `USER 10001` (a non-root UID, created with `useradd` or `adduser` if the app needs a name) as the last USER of the final stage.",
        references: [
            "https://docs.docker.com/reference/dockerfile/#user",
            "https://docs.docker.com/build/building/best-practices/#user",
        ],
        goodExamples: [
            """
            FROM golang:1.22 AS build
            WORKDIR /src
            COPY . .
            RUN go build -o /app ./cmd/api

            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /app /app
            ENTRYPOINT ["/app"]
            """,
            """
            FROM node:20-slim AS base
            RUN useradd --uid 10001 app
            USER app

            FROM base
            COPY server.js /srv/
            CMD ["node", "/srv/server.js"]
            """,
            """
            ARG BASE
            FROM $BASE
            ARG APP_UID
            USER ${APP_UID}
            """,
            """
            FROM python:3.12-slim
            ARG UID=10001
            USER ${UID}:0
            """,
        ],
        badExamples: [
            """
            FROM golang:1.22 AS build
            RUN useradd builder
            USER builder
            RUN go build -o /tmp/app .

            ↓FROM debian:bookworm-slim
            COPY --from=build /tmp/app /usr/local/bin/app
            CMD ["app"]
            """,
            """
            FROM nginx:1.27
            USER nginx
            RUN nginx -t
            USER ↓root
            """,
            """
            FROM alpine:3.20
            ARG RUN_AS=0
            USER ↓${RUN_AS}:0
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        guard let final = dockerfile.finalStage else { return }
        for stage in dockerfile.shippedStages {
            guard let user = stage.instructions("USER").last, let word = user.arguments.first else { continue }
            guard let value = dockerfile.staticValue(word.text, in: stage) else { return }
            let name = value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? value
            if name == "root" || name == "0" {
                report.report(
                    final, word.range, path: "USER",
                    message: "The final \(final.described) runs as \(word.text == value ? value : "\(word.text) (\(value))") (USER in \(stage.described)): code execution in the container is root in it, one kernel or runtime bug from the node."
                )
            }
            return
        }
        let root = dockerfile.root(of: final)
        if !root.isScratch {
            guard let image = root.resolvedBase, !image.lowercased().contains("nonroot") else { return }
        }
        let base = root.isScratch ? "it starts from scratch, so it runs as UID 0" : "unless its base image \(root.resolvedBase!) sets a user, it runs as root"
        report.report(
            final, final.from.keywordRange, path: "USER",
            message: "The final \(final.described) sets no USER: \(base), and code execution in the container is root in it."
        )
    }
}

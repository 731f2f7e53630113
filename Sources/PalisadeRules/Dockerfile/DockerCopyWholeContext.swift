import PalisadeCore

/// `COPY . .` sends the whole build context into the image, secrets and history included.
public struct DockerCopyWholeContext: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-copy-whole-context",
        title: "COPY of the whole build context",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.secretsManagement, .minimalImmutableWorkloads],
        mitre: ["T1552.001"],
        appliesTo: [.dockerfile],
        rationale: """
            `COPY . .` (or `ADD .`, `COPY * /app/`) copies everything in the build context that no \
            `.dockerignore` excludes: the `.git` folder, whose history keeps every secret ever \
            committed, `.env` files, local credentials and keys, Terraform state. Whoever can pull the \
            image can read them. Palisade takes the Dockerfile's folder as the context and looks at \
            what sits there: with no `.dockerignore` (or `NAME.dockerignore` beside the Dockerfile) the \
            copy is medium; with one that leaves secrets-prone entries in (naming them) it is low; \
            with one that excludes them it is not reported. Only shipped stages are reported: a build \
            stage's context copy stays in the builder.
            """,
        remediation: "Copy only what the image needs (`COPY src/ ./src/`), and add a .dockerignore that excludes .git, .env* and credentials.",
        references: [
            "https://docs.docker.com/build/concepts/context/#dockerignore-files",
            "https://docs.docker.com/build/building/best-practices/#exclude-with-dockerignore",
        ],
        goodExamples: [
            """
            FROM golang:1.22 AS build
            COPY . .
            RUN go build -o /app .

            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build / /
            COPY config/ /etc/app/
            COPY <<EOF .
            generated
            EOF
            """,
        ],
        badExamples: [
            """
            FROM node:20-slim
            WORKDIR /srv
            COPY package.json package-lock.json ./
            RUN npm ci --omit=dev
            COPY ↓. .
            ADD ↓./ /srv/
            """,
        ],
        input: .dockerfile
    )

    static let wholeContext: Set<String> = [".", "./", "*", "./*", "/"]

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        let context = dockerfile.context
        let exposed = context.exposedEntries.joined(separator: ", ")
        let severity: Severity
        let consequence: String
        switch (context.inspected, context.ignoreFile) {
        case (false, _):
            severity = .medium
            consequence = "everything in the build context goes into the image unless a .dockerignore excludes it"
        case (true, nil):
            severity = .medium
            consequence = "there is no .dockerignore beside the Dockerfile, so everything in the context goes into the image"
                + (exposed.isEmpty ? "" : ", \(exposed) included")
        case (true, let ignoreFile?):
            guard !exposed.isEmpty else { return }
            severity = .low
            consequence = "\(ignoreFile) does not exclude \(exposed), so \(context.exposedEntries.count == 1 ? "it goes" : "they go") into the image"
        }
        for stage in dockerfile.shippedStages.reversed() {
            for copy in stage.instructions where (copy.keyword == "COPY" || copy.keyword == "ADD") && copy.flag("from") == nil {
                let heredocs = Set(copy.heredocs.map(\.word.offset))
                guard let source = copy.arguments.dropLast().first(where: { Self.wholeContext.contains($0.text) && !heredocs.contains($0.offset) }) else { continue }
                report.report(
                    stage, source.range, path: "\(copy.keyword)[\(source.text)]",
                    message: "\(copy.keyword) \(source.text) copies the whole build context into \(stage.described), which ships: \(consequence).",
                    severity: severity
                )
            }
        }
    }
}

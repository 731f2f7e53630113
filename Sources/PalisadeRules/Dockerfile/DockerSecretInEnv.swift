import PalisadeCore

/// A credential written into `ENV` or `ARG` is in the repository and in every copy of the image.
public struct DockerSecretInEnv: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-secret-in-env",
        title: "ENV or ARG holds a literal secret",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001", "T1078"],
        appliesTo: [.dockerfile],
        rationale: """
            An `ENV` value is stored in the image's configuration: anyone who can pull the image reads \
            it with `docker inspect`, and every container started from it has it in its environment. \
            An `ARG` default is recorded in the image history of every `RUN` that uses it. Both are in \
            the repository, its history and every fork. The rule finds credentials by name (PASSWORD, \
            SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY and similar parts of the name, with a \
            value) and, whatever the name, by the shape of well-known credentials (AWS access key ids, \
            GitHub, Slack and Stripe tokens, PEM private keys, JSON Web Tokens, URLs with \
            `user:password@`), in every stage and in global ARGs: the literal is committed even when \
            the stage is not shipped. Names that describe a credential rather than hold it \
            (`PASSWORD_FILE`, `TOKEN_URL`), flags, file paths, empty values and references (`$TOKEN`, \
            `${TOKEN}`) are not reported. Messages never show more than a value's first and last \
            character.
            """,
        remediation: "Pass build secrets with `RUN --mount=type=secret,id=...` and runtime secrets through the orchestrator (a mounted Secret); rotate the exposed credential.",
        references: [
            "https://docs.docker.com/build/building/secrets/",
            "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
        ],
        goodExamples: [
            """
            ARG NPM_TOKEN
            FROM node:20-slim
            ENV DB_PASSWORD_FILE=/run/secrets/db_password \\
                TOKEN_URL=https://auth.example.com/oauth/token \\
                AUTH_ENABLED=true \\
                TOKENIZERS_PARALLELISM=false
            ARG GITHUB_TOKEN
            ENV API_KEY=${API_KEY} SECRET_NAME=payments-api
            RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
            """,
        ],
        badExamples: [
            """
            ARG NPM_TOKEN=↓npm_8f14e45fceea167a5a36dedd4bea2543
            FROM node:20-slim
            ENV DB_HOST=db DB_PASSWORD=↓"s3cr3t-Passw0rd"
            ENV AWS_ACCESS_KEY_ID ↓AKIAIOSFODNN7EXAMPLE
            ARG DEPLOY_KEY=↓ghp_0123456789abcdefghijABCDEFGHIJ012345
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for instruction in dockerfile.globalArguments {
            for pair in instruction.keyValues {
                guard let message = Self.problem(pair, keyword: "ARG"), let start = pair.valueStart else { continue }
                report.report(dockerfile, Self.range(pair, start), path: "ARG[\(pair.key)]", message: message)
            }
        }
        for stage in dockerfile.stages {
            for instruction in stage.instructions where instruction.keyword == "ENV" || instruction.keyword == "ARG" {
                for pair in instruction.keyValues {
                    guard let message = Self.problem(pair, keyword: instruction.keyword), let start = pair.valueStart else { continue }
                    report.report(stage, Self.range(pair, start), path: "\(instruction.keyword)[\(pair.key)]", message: message)
                }
            }
        }
    }

    /// From the value's start to the end of the word (the legacy `ENV KEY value` form: its first word).
    static func range(_ pair: KeyValue, _ start: SourcePosition) -> SourceRange {
        let end = pair.word.range.end > start ? pair.word.range.end : SourcePosition(line: start.line, column: start.column + (pair.value?.count ?? 1))
        return SourceRange(start: start, end: end)
    }

    static func problem(_ pair: KeyValue, keyword: String) -> String? {
        guard let raw = pair.value else { return nil }
        let value = raw.trimmingEdges()
        guard !value.isEmpty, !value.contains("$") else { return nil }
        let kind: String
        if let shape = SecretText.shape(value) {
            kind = shape
        } else if SecretText.nameLooksSecret(pair.key), !SecretText.isClearlyNotSecret(value) {
            kind = "a literal value"
        } else {
            return nil
        }
        let exposure = keyword == "ENV"
            ? "it is stored in the image's configuration (docker inspect shows it) and in the repository"
            : "it is in the repository and in the image history of every RUN that uses it"
        return "\(keyword) sets \(pair.key) to \(kind) (\(SecretText.hint(value))): \(exposure)."
    }
}

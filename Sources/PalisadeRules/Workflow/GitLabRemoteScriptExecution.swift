import PalisadeCore

/// `script: - curl https://... | bash` in `.gitlab-ci.yml`.
public struct GitLabRemoteScriptExecution: GitLabRule {
    public init() {}

    public let description = RuleDescription(
        id: "gitlab-remote-script-execution",
        title: "GitLab CI script executes a script straight from the network",
        severity: .high,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002", "T1105", "T1059.004"],
        appliesTo: [.workflow],
        rationale: """
            `curl https://get.example.com | bash` in `script:`, `before_script:` or \
            `after_script:` runs whatever that server returns, inside the job, with its CI/CD \
            variables and `CI_JOB_TOKEN`: unreviewed, unpinned and unverified (the Codecov Bash \
            Uploader compromise of 2021 took CI credentials exactly this way). Each line is read \
            as shell, as `docker-remote-script-execution` reads `RUN`: `curl | sh`, `wget -O- | \
            bash`, `bash <(curl ...)`, `sh -c "$(curl ...)"`. A download verified before it runs \
            is not reported.
            """,
        remediation: "Download to a file, verify its checksum or signature, then run it; better, bake the tool into a pinned image.",
        references: [
            "https://about.codecov.io/security-update/",
            "https://docs.gitlab.com/ci/pipeline_security/",
        ],
        goodExamples: [
            """
            coverage:
              script:
                - curl -fsSLo codecov https://uploader.codecov.io/v0.7.3/linux/codecov
                - echo "$CODECOV_SHA256  codecov" | sha256sum -c -
                - sh ./codecov
            """,
        ],
        badExamples: [
            """
            coverage:
              before_script:
                - ↓curl -s https://codecov.io/bash | bash
              script:
                - bash <(↓wget -qO- https://get.example.com/setup.sh)
            """,
        ],
        input: .gitlabCI
    )

    public func check(_ pipeline: GitLabPipeline, _ report: inout WorkflowReporter) {
        for job in pipeline.jobs {
            for line in job.scripts {
                let commands = line.shellScript.commands
                for (index, command) in commands.enumerated() {
                    guard let fetch = ShellScript.invocation(command), let url = DockerRemoteScriptExecution.fetchesToStandardOutput(fetch),
                          !command.stdoutRedirected, let runner = DockerRemoteScriptExecution.runner(of: index, in: commands) else { continue }
                    report.report(pipeline, command.words[fetch.nameIndex].range, path: "jobs.\(job.id).script[\(fetch.name) \(url) | \(runner)]",
                                  message: "the script pipes what \(fetch.name) downloads from \(url) into \(runner): whoever controls that server runs code in the job, with its CI/CD variables.")
                }
            }
        }
    }
}

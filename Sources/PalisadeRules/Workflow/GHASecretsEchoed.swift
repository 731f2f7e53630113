import PalisadeCore

/// `echo ${{ secrets.X }}`, a secret written to `$GITHUB_ENV` or `$GITHUB_OUTPUT`, every secret
/// dumped with `toJSON(secrets)`, or a secret handed to an action nobody pinned.
public struct GHASecretsEchoed: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-secrets-echoed",
        title: "Secret printed, exported to later steps, or handed to an unpinned action",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001", "T1552.004"],
        appliesTo: [.workflow],
        rationale: """
            GitHub masks a secret's exact value in logs, but not a value it was derived from \
            (base64, a substring, JSON escaping, each line of a multi-line key), and logs of public \
            repositories are public. The rule reports, in `run:` scripts: `echo` or `printf` of a \
            `${{ secrets.X }}` to the log; a secret written to `$GITHUB_ENV` (every later step of \
            the job, third-party actions included, then has it in its environment) or to \
            `$GITHUB_OUTPUT` or `$GITHUB_STEP_SUMMARY`; and `toJSON(secrets)`, which dumps every \
            secret the repository has. It also reports a secret passed through `with:` or `env:` \
            to a third-party action that is not pinned to a commit SHA: whoever moves that tag \
            receives the secret (the tj-actions compromise harvested exactly these). Secrets piped \
            into a command (`echo "$TOKEN" | docker login --password-stdin`), written to a file, \
            or given to `::add-mask::` are not reported.
            """,
        remediation: "Pass secrets through `env:` to the one step that needs them and feed them on standard input or in a file; never print or export them. Pin actions that receive secrets to a commit SHA.",
        references: [
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow",
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-secrets",
        ],
        goodExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              publish:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ secrets.REGISTRY_TOKEN }}" | docker login ghcr.io -u bot --password-stdin
                  - run: echo "::add-mask::${{ secrets.DERIVED }}"
                  - run: printf '%s' "${{ secrets.NPM_TOKEN }}" > ~/.npmrc-token
                  - run: echo "deploying ${{ github.sha }}"
                  - uses: softprops/action-gh-release@c95fe1489396fe8a9eb87c0abf8aa5b2ef267fda
                    with:
                      token: ${{ secrets.RELEASE_TOKEN }}
                  - uses: actions/setup-node@v4
                    with:
                      token: ${{ secrets.NODE_TOKEN }}
            """,
        ],
        badExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "token is ↓${{ secrets.DEPLOY_TOKEN }}"
                      echo "AWS_SECRET_ACCESS_KEY=↓${{ secrets.AWS_SECRET }}" >> "$GITHUB_ENV"
                  - run: echo '↓${{ toJSON(secrets) }}' > /tmp/all.json
                  - uses: some-org/deploy-action@v2
                    with:
                      api-key: ↓${{ secrets.API_KEY }}
                    env:
                      SLACK_TOKEN: ↓${{ secrets.SLACK_TOKEN }}
            """,
        ],
        input: .workflow
    )

    static func isSecret(_ path: ContextPath) -> Bool { path.matches("secrets.*") }

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        for job in workflow.jobs {
            for step in job.steps {
                if let run = step.run { checkScript(run, workflow, job, step, &report) }
                guard let action = step.action, action.kind == .repository, !action.isFirstParty, !action.pinnedToCommit else { continue }
                for (part, variables) in [("with", step.with), ("env", step.env)] {
                    for variable in variables {
                        guard let value = variable.value else { continue }
                        for (expression, _) in value.expressions(naming: Self.isSecret) {
                            report.report(workflow, job, step, expression.range, part: "\(part).\(variable.name)",
                                          message: "\(expression.text) is handed to \(action.name) at '\(action.ref ?? "no ref")', which is not pinned to a commit SHA: whoever moves that ref receives the secret.")
                        }
                    }
                }
            }
        }
    }

    private func checkScript(_ run: Workflow.Value, _ workflow: Workflow, _ job: Job, _ step: Step, _ report: inout WorkflowReporter) {
        let expressions = run.expressions
        guard expressions.contains(where: { $0.text.contains("secrets") }) else { return }
        var reported = Set<Int>()
        // Every secret at once.
        for e in expressions where ContextPath.all(in: e.text).contains(where: { $0.text == "secrets" }) {
            reported.insert(e.start)
            report.report(workflow, job, step, e.range, part: "run",
                          message: "the script expands every secret of the repository (\(e.text)): one log line, file or request leaks them all.")
        }
        let script = run.shellScript
        for command in script.commands {
            guard let invocation = ShellScript.invocation(command), ["echo", "printf"].contains(invocation.name) else { continue }
            let destination: String
            if let target = command.stdoutTargets.first(where: { Self.exports($0.text) != nil }) {
                destination = Self.exports(target.text)!
            } else if command.stdoutRedirected || command.pipeNext != nil {
                continue
            } else {
                destination = "the job's log"
            }
            for word in invocation.arguments where !word.text.hasPrefix("::add-mask::") {
                for e in expressions where e.start >= word.start && e.end <= word.end && !reported.contains(e.start) {
                    guard ContextPath.all(in: e.text).contains(where: Self.isSecret) else { continue }
                    reported.insert(e.start)
                    report.report(workflow, job, step, e.range, part: "run",
                                  message: "\(invocation.name) writes \(e.text) to \(destination): \(Self.consequence(destination))")
                }
            }
        }
    }

    /// The workflow-command file a redirection target names, if any.
    static func exports(_ target: String) -> String? {
        for file in ["GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"] where target.contains(file) { return "$" + file }
        return nil
    }

    static func consequence(_ destination: String) -> String {
        switch destination {
        case "$GITHUB_ENV": "every later step of the job, third-party actions included, gets it in its environment."
        case "$GITHUB_OUTPUT": "step outputs are passed on to other steps and jobs and may be shown unmasked."
        case "$GITHUB_STEP_SUMMARY": "the run's summary page shows it to everyone who can see the run."
        default: "masking covers only the exact value, not a transformed or multi-line one, and public repositories' logs are public."
        }
    }
}

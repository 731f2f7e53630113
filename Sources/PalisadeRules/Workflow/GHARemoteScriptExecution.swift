import PalisadeCore

/// `run: curl -sSL https://example.com/install.sh | bash`: code fetched at run time and executed
/// with the job's token and secrets, unreviewed and unverified.
public struct GHARemoteScriptExecution: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-remote-script-execution",
        title: "run: executes a script straight from the network",
        severity: .high,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002", "T1105", "T1059.004"],
        appliesTo: [.workflow],
        rationale: """
            `curl https://get.example.com | bash` in a job runs whatever that server returns, with \
            the job's `GITHUB_TOKEN`, its secrets and its network: the script is never reviewed, \
            pinned or verified. The Codecov Bash Uploader compromise (2021) was exactly this: a \
            modified script, fetched with `curl | bash` by thousands of CI pipelines, sent their \
            environment (tokens, cloud keys) to the attacker for two months. The rule reads `run:` \
            scripts as shell (the same reader as `docker-remote-script-execution`): `curl | sh`, \
            `wget -O- | bash`, through `sudo` or `tee`, `bash <(curl ...)`, `sh -c "$(curl ...)"`. \
            Scripts with another `shell:` (`pwsh`, `python`) are not read. A download to a file \
            that is verified before it runs is the fix, and not reported.
            """,
        remediation: "Download to a file, verify its checksum or signature (`echo \"<sha256>  install.sh\" | sha256sum -c -`), then run it; better, use a pinned action or a package manager with a lockfile.",
        references: [
            "https://about.codecov.io/security-update/",
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",
        ],
        goodExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      curl -fsSLo install.sh https://get.example.com/install.sh
                      echo "8f14e45fceea167a5a36dedd4bea2543c1c8a6e0b5f3a2d1e0c9b8a7f6e5d4c3  install.sh" | sha256sum -c -
                      sh install.sh
                  - run: curl -fsSL https://example.com/tool.tar.gz | tar -xz
                  - shell: pwsh
                    run: iwr https://example.com/x.ps1 | iex
            """,
        ],
        badExamples: [
            """
            on: push
            permissions:
              contents: read
            jobs:
              coverage:
                runs-on: ubuntu-latest
                steps:
                  - run: ↓curl -s https://codecov.io/bash | bash
                  - run: |
                      set -e
                      bash <(↓curl -fsSL https://get.example.com/setup.sh) --ci
                  - name: Install ${{ matrix.tool }}
                    run: sudo sh -c "$(↓wget -qO- https://example.com/${{ matrix.tool }}.sh)"
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        for job in workflow.jobs {
            for step in job.steps {
                guard let run = step.run, Self.isPOSIX(step.shell?.text, on: job) else { continue }
                let commands = run.shellScript.commands
                for (index, command) in commands.enumerated() {
                    guard let fetch = ShellScript.invocation(command), let url = DockerRemoteScriptExecution.fetchesToStandardOutput(fetch),
                          !command.stdoutRedirected, let runner = DockerRemoteScriptExecution.runner(of: index, in: commands) else { continue }
                    // The URL as written (the shell reader saw expressions masked).
                    let shown = fetch.arguments.first { $0.text.contains("://") }
                        .map { String(decoding: run.source.bytes[$0.start..<$0.end], as: UTF8.self) } ?? url
                    report.report(workflow, job, step, command.words[fetch.nameIndex].range, part: "run",
                                  message: "the script pipes what \(fetch.name) downloads from \(shown) into \(runner): whoever controls that server runs code in the job, with its token and secrets.")
                }
            }
        }
    }

    /// A POSIX shell named by `shell:`, or the default one: bash, except on Windows runners (pwsh).
    static func isPOSIX(_ shell: String?, on job: Job) -> Bool {
        if let shell, let program = shell.split(separator: " ").first { return Dockerfile.isPOSIXShell(String(program)) }
        return !(job.runsOn?.labels.contains { $0.text.lowercased().contains("windows") } ?? false)
    }
}

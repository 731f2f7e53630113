import PalisadeCore

/// `ACTIONS_ALLOW_UNSECURE_COMMANDS: true`: the deprecated `::set-env::` and `::add-path::`
/// commands, which anything printed to the log can issue, turned back on.
public struct GHAUnsecureCommands: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-unsecure-commands",
        title: "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables set-env and add-path",
        severity: .high,
        pattern: .supplyChain,
        controls: [.ciPolicyValidation],
        mitre: ["T1574.007", "T1059"],
        appliesTo: [.workflow],
        rationale: """
            GitHub disabled the `::set-env::` and `::add-path::` workflow commands in 2020 \
            (CVE-2020-15228) because any process that writes to standard output can issue them: a \
            test printing an issue title, a dependency's install log, a `cat` of an untrusted file. \
            With them, that text sets `LD_PRELOAD`, `NODE_OPTIONS` or `PATH` for every later step \
            and so runs code in each. `ACTIONS_ALLOW_UNSECURE_COMMANDS=true` turns them back on, \
            for the step, job or workflow whose `env:` sets it, or for the rest of the job when a \
            script writes it to `$GITHUB_ENV`. The rule reports both.
            """,
        remediation: "Remove the variable and write to the environment files instead: `echo \"NAME=value\" >> \"$GITHUB_ENV\"`, `echo \"/opt/bin\" >> \"$GITHUB_PATH\"`. Update actions that still need the old commands.",
        references: [
            "https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/",
            "https://github.com/advisories/GHSA-mfwh-5m23-j46w",
        ],
        goodExamples: [
            """
            on: push
            permissions:
              contents: read
            env:
              ACTIONS_ALLOW_UNSECURE_COMMANDS: false
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "/opt/tool/bin" >> "$GITHUB_PATH"
                  - run: echo "ACTIONS_ALLOW_UNSECURE_COMMANDS is not set here"
            """,
        ],
        badExamples: [
            """
            on: push
            permissions:
              contents: read
            env:
              ↓ACTIONS_ALLOW_UNSECURE_COMMANDS: true
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: some-org/legacy-setup@0123456789abcdef0123456789abcdef01234567
                    env:
                      ↓ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true'
                  - run: echo "↓ACTIONS_ALLOW_UNSECURE_COMMANDS=true" >> $GITHUB_ENV
            """,
        ],
        input: .workflow
    )

    static let name = "ACTIONS_ALLOW_UNSECURE_COMMANDS"

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        func check(_ env: [Workflow.Variable], path: String) {
            for variable in env where variable.name == Self.name && variable.value?.text.lowercased() == "true" {
                report.report(workflow, variable.key, path: (path.isEmpty ? "" : path + ".") + "env.\(Self.name)",
                              message: "\(Self.name) is true: anything this \(path.isEmpty ? "workflow" : "job or step") prints can set environment variables and PATH for later steps through ::set-env:: and ::add-path::.")
            }
        }
        check(workflow.env, path: "")
        for job in workflow.jobs {
            check(job.env, path: job.path)
            for step in job.steps {
                check(step.env, path: "\(job.path).steps[\(step.pathName)]")
                guard let run = step.run else { continue }
                let needle = Array((Self.name + "=true").utf8)
                let bytes = run.source.bytes
                guard bytes.count >= needle.count else { continue }
                for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    report.report(workflow, job, step, run.range(i, i + needle.count), part: "run",
                                  message: "the script sets \(Self.name)=true: from then on anything the job prints can set environment variables and PATH for later steps.")
                }
            }
        }
    }
}

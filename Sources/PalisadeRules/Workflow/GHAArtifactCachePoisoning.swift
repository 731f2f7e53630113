import PalisadeCore

/// A privileged run (`workflow_run`, `pull_request_target`) that downloads what an untrusted run
/// produced and then runs code next to it, or that saves a cache after checking out a fork's code.
public struct GHAArtifactCachePoisoning: WorkflowRule {
    public init() {}

    public let description = RuleDescription(
        id: "gha-artifact-cache-poisoning",
        title: "Artifacts or caches cross from an untrusted run into a privileged one",
        severity: .high,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .ciPolicyValidation],
        mitre: ["T1195.002", "T1565.001"],
        appliesTo: [.workflow],
        rationale: """
            The usual split (an unprivileged `pull_request` workflow builds, a `workflow_run` \
            workflow with secrets publishes) is only safe if the privileged side treats what it \
            receives as hostile data. An artifact uploaded by a fork's run is whatever that code \
            wrote: extracting it into the workspace can overwrite scripts, `package.json` or \
            `.git/hooks`, and the next `run:` executes them with the base repository's secrets. \
            The rule reports, in `workflow_run` and `pull_request_target` workflows, downloads \
            from another run (`actions/download-artifact` with `run-id`, \
            `dawidd6/action-download-artifact`, `actions/github-script` calling \
            `downloadArtifact`) followed in the job by a step that runs code. Caches: these events \
            run with the default branch's cache scope, so a job that checks out the pull \
            request's code and saves a cache (`actions/cache`, `actions/cache/save`, a \
            `setup-*` action with `cache:`) lets the fork plant files that default-branch and \
            release runs restore.
            """,
        remediation: "Download artifacts into a folder outside the workspace (`path: ${{ runner.temp }}/artifacts`), treat their contents as data (validate a number, never execute or source a file), and run no code after extracting them in the same job; never save caches in privileged runs that touch a fork's code (use `actions/cache/restore` only, or a separate key prefix).",
        references: [
            "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
            "https://adnanthekhan.com/2024/05/06/the-monsters-in-your-build-cache-github-actions-cache-poisoning/",
            "https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/caching-dependencies-to-speed-up-workflows#restrictions-for-accessing-a-cache",
        ],
        goodExamples: [
            """
            on:
              workflow_run:
                workflows: [CI]
                types: [completed]
            permissions:
              pull-requests: write
            jobs:
              comment:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "starting"
                  - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093
                    with:
                      run-id: ${{ github.event.workflow_run.id }}
                      github-token: ${{ github.token }}
                      path: ${{ runner.temp }}/pr
            """,
            """
            on: push
            permissions:
              contents: read
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093
                    with:
                      run-id: ${{ github.event.workflow_run.id }}
                  - run: ./publish.sh
                  - uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684
                    with:
                      path: ~/.npm
                      key: npm-${{ hashFiles('package-lock.json') }}
            """,
        ],
        badExamples: [
            """
            on:
              workflow_run:
                workflows: [CI]
                types: [completed]
            permissions:
              contents: read
            jobs:
              publish:
                runs-on: ubuntu-latest
                steps:
                  - uses: ↓actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093
                    with:
                      run-id: ${{ github.event.workflow_run.id }}
                      github-token: ${{ secrets.GITHUB_TOKEN }}
                  - uses: ↓dawidd6/action-download-artifact@ac66b43f0e6a346234dd65d4d0c8fbb31cb316e5
                    with:
                      workflow: ci.yml
                  - run: unzip site.zip && ./deploy.sh
            """,
            """
            on: pull_request_target
            permissions:
              contents: read
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
                      persist-credentials: false
                  - uses: ↓actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
                    with:
                      node-version: 20
                      cache: npm
                  - uses: ↓actions/cache@5a3ec84eff668545956fd18022155c47e93e2684
                    with:
                      path: node_modules
                      key: modules-${{ hashFiles('package-lock.json') }}
            """,
        ],
        input: .workflow
    )

    public func check(_ workflow: Workflow, _ report: inout WorkflowReporter) {
        guard workflow.runsPrivilegedOnUntrustedInput else { return }
        let triggers = workflow.privilegedTriggers.joined(separator: " and ")
        for job in workflow.jobs {
            let untrusted = job.steps.contains { $0.untrustedCheckout != nil }
            for (index, step) in job.steps.enumerated() {
                guard let uses = step.uses, let action = step.action, action.kind == .repository else { continue }
                if Self.downloadsFromAnotherRun(step, action), let runner = job.steps[(index + 1)...].first(where: \.runsCode) {
                    report.report(workflow, job, step, uses.range(0, action.name.utf8.count), part: "uses",
                                  message: "job '\(job.id)' (\(triggers), with this repository's secrets) downloads another run's artifacts with \(action.name), then step '\(runner.pathName)' runs code beside them: files a fork's run uploaded can replace what runs.")
                } else if untrusted, Self.savesCache(step, action) {
                    report.report(workflow, job, step, uses.range(0, action.name.utf8.count), part: "uses",
                                  message: "job '\(job.id)' checks out the pull request's code and saves a cache with \(action.name) in the default branch's scope (\(triggers)): what the fork's code writes there is restored by later default-branch and release runs.")
                }
            }
        }
    }

    static func downloadsFromAnotherRun(_ step: Step, _ action: Workflow.ActionReference) -> Bool {
        switch action.repository {
        case "actions/download-artifact": step.input("run-id") != nil
        case "dawidd6/action-download-artifact": true
        case "actions/github-script": step.input("script")?.value?.text.contains("downloadArtifact") ?? false
        default: false
        }
    }

    static func savesCache(_ step: Step, _ action: Workflow.ActionReference) -> Bool {
        let name = action.name.lowercased()
        if name == "actions/cache" || name == "actions/cache/save" { return true }
        return name.hasPrefix("actions/setup-") && (step.input("cache").map { !($0.value?.text.isEmpty ?? true) && $0.value?.text != "false" } ?? false)
    }
}

import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeRules
import Testing

/// The workflow loader: the shapes GitHub accepts, where each value's bytes are, and the shapes it
/// refuses (input errors with a position, never a crash).
@Suite("Workflow loader")
struct WorkflowLoaderTests {
    static func load(_ text: String) -> WorkflowLoader.Outcome {
        WorkflowLoader().load(Array(text.utf8), file: ".github/workflows/ci.yml")
    }

    static func error(_ text: String) -> Diagnostic? {
        if case .failure(let error) = load(text) { return error }
        return nil
    }

    @Test("Triggers in the string, list and map forms")
    func triggers() {
        #expect(Support.workflow("on: push\njobs: {}\n").triggers.map(\.event) == ["push"])
        let list = Support.workflow("on: [push, pull_request_target]\njobs: {}\n")
        #expect(list.triggers.map(\.event) == ["push", "pull_request_target"])
        #expect(list.triggers[1].range.start == SourcePosition(line: 1, column: 12))
        let map = Support.workflow("""
            on:
              push:
                branches: [main]
              workflow_run:
                workflows: [CI]
              issues:
            jobs: {}
            """)
        #expect(map.triggers.map(\.event) == ["push", "workflow_run", "issues"])
        #expect(map.triggers[0].configuration?["branches"]?.items?.first?.string == "main")
        #expect(map.triggers[2].configuration == nil)
        #expect(map.onKey.start == SourcePosition(line: 1, column: 1))
        #expect(map.runsPrivilegedOnUntrustedInputForTest)
    }

    @Test("Permissions, env, runs-on, needs, steps and reusable-workflow calls")
    func shapes() {
        let w = Support.workflow("""
            name: Release
            on: push
            permissions: read-all
            env:
              A: "1"
            jobs:
              build:
                runs-on: [self-hosted, linux]
                permissions:
                  contents: write
                  id-token: none
                steps:
                  - id: co
                    uses: actions/checkout@v4
                    with:
                      fetch-depth: 0
                  - name: Make
                    shell: bash
                    if: success()
                    env:
                      CC: clang
                    run: make
              group:
                runs-on:
                  group: big
                  labels: [linux]
                needs: build
                steps: []
              call:
                needs: [build, group]
                uses: org/repo/.github/workflows/x.yml@main
                with:
                  level: 3
                secrets: inherit
            """)
        #expect(w.name?.text == "Release")
        #expect(w.permissions?.kind == .readAll)
        #expect(w.env.map(\.name) == ["A"] && w.env[0].value?.text == "1")
        #expect(w.jobs.map(\.id) == ["build", "group", "call"])
        let build = w.jobs[0]
        #expect(build.runsOn?.labels.map(\.text) == ["self-hosted", "linux"])
        #expect(build.runsOn?.selfHosted?.range.start == SourcePosition(line: 8, column: 15))
        #expect(build.permissions?.kind == .scopes)
        #expect(build.permissions?.scopes.map { "\($0.name)=\($0.access)" } == ["contents=write", "id-token=none"])
        #expect(build.permissions?.writeScopes.map(\.name) == ["contents"])
        #expect(build.steps.count == 2)
        #expect(build.steps[0].id?.text == "co" && build.steps[0].action?.name == "actions/checkout" && build.steps[0].action?.ref == "v4")
        #expect(build.steps[0].input("fetch-depth")?.value?.text == "0")
        #expect(build.steps[0].pathName == "co")
        #expect(build.steps[1].run?.text == "make" && build.steps[1].shell?.text == "bash" && build.steps[1].condition?.text == "success()")
        #expect(build.steps[1].env.map(\.name) == ["CC"] && build.steps[1].pathName == "Make")
        let group = w.jobs[1]
        #expect(group.runsOn?.group?.text == "big" && group.runsOn?.labels.map(\.text) == ["linux"] && group.runsOn?.selfHosted == nil)
        #expect(group.needs == ["build"])
        let call = w.jobs[2]
        #expect(call.needs == ["build", "group"] && call.uses?.text == "org/repo/.github/workflows/x.yml@main")
        #expect(call.with.map(\.name) == ["level"] && call.secrets?.value.string == "inherit")
        #expect(w.ref.identity.kind == "Workflow" && w.ref.identity.name == "ci.yml")
    }

    @Test("Action references: repository, sub-path, local, Docker; SHA and digest pins")
    func actionReferences() {
        let sha = Workflow.ActionReference("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")
        #expect(sha.kind == .repository && sha.pinnedToCommit && sha.isFirstParty && sha.repository == "actions/checkout")
        let sub = Workflow.ActionReference("Aws-Actions/configure/sub@v4")
        #expect(sub.name == "Aws-Actions/configure/sub" && sub.repository == "aws-actions/configure" && !sub.pinnedToCommit && !sub.isFirstParty)
        #expect(!Workflow.ActionReference("owner/repo@11bd71901bbe5b1630ceea73d27597364c9af68").pinnedToCommit)  // 39 digits
        #expect(!Workflow.ActionReference("owner/repo@11bd71901bbe5b1630ceea73d27597364c9af68g").pinnedToCommit)
        #expect(Workflow.ActionReference("./.github/actions/x").kind == .local)
        let docker = Workflow.ActionReference("docker://alpine@sha256:21dc6063fd678b478f57c0e13f47560d0ea4eeba26dfc947b2a4f81f686b9f45")
        #expect(docker.kind == .docker && docker.pinnedByDigest && docker.name == "alpine")
        #expect(!Workflow.ActionReference("docker://alpine:3.20").pinnedByDigest)
        #expect(Workflow.ActionReference("owner/repo").ref == nil)
    }

    /// Where each expression's `$` is, in every scalar style a `run:` can take.
    static func expressionStarts(_ yaml: String) -> [String] {
        let w = Support.workflow(yaml)
        return w.jobs.flatMap(\.steps).flatMap { step in
            (step.run?.expressions ?? []).map { "\($0.range.start.line):\($0.range.start.column) \($0.text)" }
        }
    }

    @Test("Expressions are located exactly inside block, plain and quoted scalars")
    func expressionRanges() {
        let starts = Self.expressionStarts("""
            on: push
            jobs:
              j:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo a
                        echo "${{ github.event.issue.title }}"   # more indented

                      x=${{github.head_ref}} y=${{ 'a}}b' }}
                  - run: >-
                      one ${{ a.b }}
                      two
                      ${{ c.d }}
                  - run: echo ${{ e.f }}
                      and ${{ g.h }}
                  - run: 'it''s ${{ i.j }}'
                  - run: "tab\\there ${{ k.l }} \\u00e9 ${{ m.n }}\\
                      ${{ o.p }}"
                  - run: |2+
                        é ${{ q.r }}
                  - run: |  # a comment on the header
                      ${{ s.t }}
            """)
        #expect(starts == [
            "8:19 github.event.issue.title",
            "10:13 github.head_ref", "10:36 'a}}b'",
            "12:15 a.b", "14:11 c.d",
            "15:19 e.f", "16:15 g.h",
            "17:21 i.j",
            "18:25 k.l", "18:43 m.n", "19:11 o.p",
            "21:15 q.r",
            "23:11 s.t",
        ])
    }

    @Test("Line ends in CRLF and characters of several bytes keep columns in Unicode scalars")
    func crlfAndUnicode() {
        let text = "on: push\r\njobs:\r\n  j:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - run: |\r\n          echo \"ü ${{ x.y }}\"\r\n          echo 🙂 ${{ z.w }}\r\n"
        #expect(Self.expressionStarts(text) == ["7:19 x.y", "8:18 z.w"])
    }

    @Test("A value the reading cannot line up is placed at the scalar's start, never inside it at a wrong place")
    func fallback() {
        // An unterminated expression: no expression at all.
        #expect(Self.expressionStarts("on: push\njobs:\n  j:\n    steps:\n      - run: echo ${{ github.head_ref\n").isEmpty)
        let value = Workflow.Value(text: "a ${{ b }}", range: SourceRange(line: 3, column: 7))
        #expect(value.expressions.map(\.range.start) == [SourcePosition(line: 3, column: 9)])
    }

    @Test("Shapes GitHub refuses are workflow-syntax errors at the offending node")
    func badShapes() {
        let cases: [(String, Int, Int)] = [
            ("- on: push\n", 1, 1),  // the root is a list
            ("name: x\njobs: {}\n", 1, 1),  // no on:
            ("on: push\n", 1, 1),  // no jobs:
            ("on: push\njobs:\n  - build\n", 3, 3),  // jobs is a list
            ("on: push\njobs:\n  build: make\n", 3, 10),  // a job that is a string
            ("on: push\njobs:\n  build:\n    steps:\n      run: make\n", 5, 7),  // steps is a mapping
            ("on: push\njobs:\n  build:\n    steps:\n      - make\n", 5, 9),  // a step that is a string
            ("on: [push, [x]]\njobs: {}\n", 1, 12),  // an event that is a list
            ("on: push\npermissions: [read]\njobs: {}\n", 2, 14),
            ("on: push\njobs: {}\n---\non: push\njobs: {}\n", 4, 1),  // two documents
            ("", 1, 1),
        ]
        for (text, line, column) in cases {
            let error = Self.error(text)
            #expect(error?.code == "workflow-syntax", "\(text)")
            #expect(error?.position == SourcePosition(line: line, column: column), "\(text): \(error?.message ?? "")")
        }
        // YAML errors stay YAML's.
        #expect(Self.error("on: push\njobs: {\n")?.code == "yaml-syntax")
        #expect(Self.error("on: push\u{0}\njobs: {}\n")?.code == "binary-file")
    }
}

extension Workflow {
    var runsPrivilegedOnUntrustedInputForTest: Bool { runs(on: ["pull_request_target", "workflow_run"]) }
}

/// Workflows in a scan: discovery by path, dispatch, suppression comments, profiles, stable
/// fingerprints, and bad files that do not stop the scan.
@Suite("Workflows in a scan")
struct WorkflowScanTests {
    static let workflow = """
        on: pull_request_target
        jobs:
          triage:
            runs-on: ubuntu-latest
            steps:
              # palisade:ignore gha-first-party-action-not-pinned GitHub's own action, tag accepted (SEC-30)
              - uses: actions/checkout@v4
              - run: echo "${{ github.event.issue.title }}"  # palisade:ignore gha-script-injection the job has no secrets (SEC-31)
              - run: echo "${{ github.event.issue.body }}"
              # palisade:ignore gha-script-injection
              - run: echo hi
            # palisade:ignore gha-permissions-missing stray, below the last job
        """

    @Test("Discovery enters .github (but never .git) and reads only .github/workflows/*.yml as workflows")
    func discovery() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for path in [".github/workflows/ci.yml", ".github/workflows/release.yaml", ".github/workflows/nested/x.yml",
                     ".github/dependabot.yml", ".git/workflows/ci.yml", ".git/.github/workflows/ci.yml", "k8s/.github/workflows/deploy.yml"] {
            try Support.write("on: push\njobs: {}\n", to: dir.appendingPathComponent(path))
        }
        var found: [String: ScanFile.Format] = [:]
        _ = Discovery.discover([dir.path]) { found[String($0.display.dropFirst(dir.path.count + 1))] = $0.format }
        #expect(found == [
            ".github/workflows/ci.yml": .workflow, ".github/workflows/release.yaml": .workflow, "k8s/.github/workflows/deploy.yml": .workflow,
            ".github/workflows/nested/x.yml": .manifest, ".github/dependabot.yml": .manifest,
        ])
        #expect(Discovery.isWorkflowPath(".github/workflows/a.yml") && !Discovery.isWorkflowPath("github/workflows/a.yml")
                && !Discovery.isWorkflowPath(".github/workflows/a.json") && !Discovery.isWorkflowPath("workflows/a.yml"))
        // Named from inside the folder: the project path decides.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let inside = try Support.run(["scan", "ci.yml", "-q", "--format", "json"], in: dir.appendingPathComponent(".github/workflows"))
        let stats = try #require(BaselineTests.json(inside.stdout)["summary"] as? [String: Any])
        #expect(stats["objects"] as? Int == 1)
    }

    @Test("Suppression comments: above a step, at the end of a line; reasonless and stray ones warned")
    func suppression() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.workflow, to: dir.appendingPathComponent(".github/workflows/triage.yml"))
        let run = try Support.run(["scan", ".", "-q", "--sort", "location", "--format", "json"], in: dir)
        let report = try BaselineTests.json(run.stdout)
        let shown = try #require(report["findings"] as? [[String: Any]]).map { f -> String in
            let l = f["location"] as! [String: Any]
            let kind = (f["suppression"] as? [String: Any])?["kind"] as? String ?? "-"
            return "\(f["ruleId"]!) \(l["line"]!):\(l["column"]!) \(kind)"
        }
        #expect(shown == [
            "gha-permissions-missing 3:3 -",
            "gha-first-party-action-not-pinned 7:32 comment",
            "gha-script-injection 8:20 comment",
            "gha-script-injection 9:20 -",
        ])
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]]).map { "\($0["code"]!) \($0["line"]!):\($0["column"]!)" }
        #expect(diagnostics == ["invalid-suppression 10:7", "unused-suppression 12:5"])
        #expect(run.status == 1)
    }

    @Test("Scanner dispatch: findings carry the workflow's identity; a bad workflow is an input error and the scan goes on")
    func dispatch() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.workflow, to: dir.appendingPathComponent(".github/workflows/triage.yml"))
        try Support.write("on: push\njobs:\n  - oops\n", to: dir.appendingPathComponent(".github/workflows/broken.yml"))
        try Support.write("on: push\njobs: {\n", to: dir.appendingPathComponent(".github/workflows/invalid.yml"))
        try Support.write("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: c:1, securityContext: {privileged: true}}]}\n",
                          to: dir.appendingPathComponent("pod.yaml"))
        let result = Support.scan([dir.path])
        let errors = result.inputErrors.map { "\($0.code) \(URL(fileURLWithPath: $0.file).lastPathComponent) \($0.position?.line ?? 0):\($0.position?.column ?? 0)" }
        #expect(errors.sorted() == ["workflow-syntax broken.yml 3:3", "yaml-syntax invalid.yml 3:1"])
        #expect(result.findings.contains { $0.ruleId == "k8s-privileged-container" })
        let injection = try #require(result.findings.first { $0.ruleId == "gha-script-injection" })
        #expect(injection.resource.display == "Workflow/triage.yml")
        #expect(injection.path == "jobs.triage.steps[echo \"${{ github.event.issue.title }}\"].run")
        #expect(result.statistics.objects(of: .workflow) == 1)
        // The Pod Security profiles do not run workflow rules; selection by glob does.
        let pss = try Support.run(["scan", dir.path, "-q", "--format", "json", "--profile", "pss-baseline"])
        #expect(try #require(BaselineTests.json(pss.stdout)["findings"] as? [[String: Any]]).allSatisfy { !($0["ruleId"] as! String).hasPrefix("gha-") })
        let only = try Support.run(["scan", dir.path, "-q", "--format", "json", "--rule", "gha-script-*"])
        let ids = Set(try #require(BaselineTests.json(only.stdout)["findings"] as? [[String: Any]]).map { $0["ruleId"] as! String })
        #expect(ids == ["gha-script-injection"])
    }

    @Test("Fingerprints follow content: steps added above and jobs reordered leave them alone")
    func fingerprints() {
        let before = """
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: tj-actions/changed-files@v45
                  - run: echo "${{ github.head_ref }}"
            """
        let after = """
            on: push
            jobs:
              lint:
                runs-on: ubuntu-latest
                permissions: {}
                steps:
                  - run: make lint
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo setup
                  - uses: tj-actions/changed-files@v46
                  - run: echo "${{ github.head_ref }}"
            """
        let scanner = Scanner(rules: [], estateRules: [], dockerfileRules: [])
        let one = scanner.evaluate(Support.workflow(before)).filter { $0.ruleId != "gha-permissions-missing" }
        let two = scanner.evaluate(Support.workflow(after)).filter { $0.ruleId != "gha-permissions-missing" }
        #expect(one.count == 2)
        #expect(Set(one.map(\.fingerprint)) == Set(two.map(\.fingerprint)))
    }

    @Test("Hostile workflows: deep nesting, huge scripts and many expressions stay fast and bounded")
    func hostile() {
        let started = Date()
        let lines = (0..<20_000).map { _ in "          echo \"${{ github.event.issue.title }} $i\"" }.joined(separator: "\n")
        let big = "on: issues\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: |\n" + lines + "\n"
        let findings = Scanner(rules: [], estateRules: [], dockerfileRules: [], workflowRules: [GHAScriptInjection()]).evaluate(Support.workflow(big))
        #expect(findings.count == 20_000)
        #expect(findings.last?.range.start == SourcePosition(line: 20_006, column: 17))
        let wide = "on: push\njobs:\n  j:\n    steps:\n      - run: " + String(repeating: "${{ a }}", count: 50_000) + "\n"
        #expect(Support.workflow(wide).jobs[0].steps[0].run?.expressions.count == 50_000)
        let deep = "on: push\njobs:\n  j:\n    steps:\n      - with:\n          x: " + String(repeating: "[", count: 900) + String(repeating: "]", count: 900) + "\n"
        #expect(Support.workflow(deep).jobs[0].steps[0].with.first?.value == nil)
        #expect(Date().timeIntervalSince(started) < 60)
    }
}

/// GitLab CI: `.gitlab-ci.yml` anywhere, read as written (includes never fetched).
@Suite("GitLab CI")
struct GitLabCITests {
    static let pipeline = """
        include:
          - remote: https://ci.example.com/deploy.yml
        variables:
          # palisade:ignore gitlab-debug-trace needed while the runner migration is debugged (OPS-12)
          CI_DEBUG_TRACE: "true"
          API_TOKEN: glpat-Xa9fk2LmQ8vR3tYw7ZpB  # palisade:ignore gitlab-secret-variable revoked, kept for the docs (SEC-40)
        image: node:20
        .base:
          image:
            name: python:3.12
        test:
          extends: .base
          script: curl -s https://codecov.io/bash | bash
        """

    @Test("Discovery, loading, findings with positions, suppression comments; a bad root is an input error")
    func scan() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(Self.pipeline, to: dir.appendingPathComponent(".gitlab-ci.yml"))
        try Support.write("- just a list\n", to: dir.appendingPathComponent("sub/.gitlab-ci.yml"))
        var formats: [ScanFile.Format] = []
        _ = Discovery.discover([dir.path]) { formats.append($0.format) }
        #expect(formats == [.gitlabCI, .gitlabCI])
        let result = Support.scan([dir.path])
        // The secret scan reads the file too and finds the token the variable holds: one secret,
        // one finding (`SecretOverlap`), accepted with the variable's suppressed finding.
        #expect(result.findings.filter { !$0.ruleId.hasPrefix("gitlab-") }.map(\.ruleId) == [])
        #expect(result.findings.first { $0.ruleId == "gitlab-secret-variable" }?.message.hasSuffix(" Also detected by secret-gitlab-pat.") == true)
        let gitlab = result.findings.filter { $0.ruleId.hasPrefix("gitlab-") }
        let shown = gitlab.map { "\($0.ruleId) \($0.range.start.line):\($0.range.start.column) \($0.suppression == nil ? "-" : "comment")" }
        #expect(shown == [
            "gitlab-include-remote 2:13 -",
            "gitlab-debug-trace 5:3 comment",
            "gitlab-secret-variable 6:14 comment",
            "gitlab-image-not-pinned 7:8 -",
            "gitlab-image-not-pinned 10:11 -",
            "gitlab-remote-script-execution 13:11 -",
        ])
        #expect(gitlab.allSatisfy { $0.resource.display == "GitLabCI/.gitlab-ci.yml" })
        #expect(result.inputErrors.map(\.code) == ["gitlab-ci-syntax"])
        #expect(result.statistics.objects(of: .workflow) == 1)
        let pipeline = Support.gitlab(Self.pipeline)
        #expect(pipeline.jobs.map(\.id) == [".base", "test"] && pipeline.includes.map(\.kind) == ["remote"])
        #expect(pipeline.variables.map(\.name) == ["CI_DEBUG_TRACE", "API_TOKEN"])
    }
}

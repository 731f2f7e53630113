import Foundation
import PalisadeCore
import PalisadeLoaders
import Testing

/// `palisade scan -` recognises GitHub Actions workflows and GitLab CI files by their content.
@Suite("CI files on standard input")
struct StandardInputCITests {
    static let workflow = """
        on: issues
        jobs:
          triage:
            runs-on: ubuntu-latest
            steps:
              - run: echo "${{ github.event.issue.title }}"

        """

    static let gitlab = """
        stages: [build]
        build:
          image: node:latest
          variables:
            DEPLOY_TOKEN: "glpat-Xa9fk2LmQ8vR3tYw7ZpB"
          script:
            - npm ci

        """

    /// Rule ids, files and input errors of `palisade scan - --format json` over `input`.
    static func scanStandardInput(_ input: String) throws -> (rules: [String], files: Set<String>, errors: [String], objects: Int) {
        let run = try Support.run(["scan", "-", "--format", "json", "--no-config"], input: input)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        let findings = json["findings"] as? [[String: Any]] ?? []
        let diagnostics = json["diagnostics"] as? [[String: Any]] ?? []
        let statistics = json["summary"] as? [String: Any] ?? [:]
        return (findings.compactMap { $0["ruleId"] as? String },
                Set(findings.compactMap { ($0["location"] as? [String: Any])?["file"] as? String }),
                diagnostics.filter { $0["level"] as? String == "error" }.compactMap { $0["code"] as? String },
                statistics["objects"] as? Int ?? -1)
    }

    @Test("A GitHub Actions workflow on standard input runs the workflow rules")
    func githubWorkflow() throws {
        let scan = try Self.scanStandardInput(Self.workflow)
        #expect(scan.errors.isEmpty)
        #expect(scan.rules.contains("gha-script-injection"))
        #expect(scan.rules.contains("gha-permissions-missing"))
        #expect(scan.files == ["<stdin>"])
        #expect(scan.objects == 1)
    }

    @Test("A GitLab CI file on standard input runs the GitLab rules")
    func gitlabPipeline() throws {
        let scan = try Self.scanStandardInput(Self.gitlab)
        #expect(scan.errors.isEmpty)
        #expect(scan.rules.contains("gitlab-secret-variable"))
        #expect(scan.rules.contains("gitlab-image-not-pinned"))
        #expect(!scan.rules.contains("secret-gitlab-pat"), "merged into gitlab-secret-variable")
    }

    @Test("Kubernetes manifests and other YAML on standard input stay manifests")
    func nearMisses() throws {
        let pod = try Self.scanStandardInput(HostileInputTests.privilegedPod)
        #expect(pod.rules.contains("k8s-privileged-container"))
        #expect(!pod.rules.contains { $0.hasPrefix("gha-") || $0.hasPrefix("gitlab-") })
        let yaml = YAMLLoader()
        // `on:` and `jobs:` without a job that runs anything; a Kubernetes object with a script;
        // a workflow followed by a second document (GitHub reads one); YAML that does not parse.
        #expect(CIContent.format(of: Array("on: push\njobs: {build: {name: x}}\n".utf8), yaml: yaml) == nil)
        #expect(CIContent.format(of: Array("on: push\njobs: [a, b]\n".utf8), yaml: yaml) == nil)
        #expect(CIContent.format(of: Array("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {run: {script: make}}\n".utf8), yaml: yaml) == nil)
        #expect(CIContent.format(of: Array((Self.workflow + "---\na: 1\n").utf8), yaml: yaml) == nil)
        #expect(CIContent.format(of: Array("jobs: [unclosed\n".utf8), yaml: yaml) == nil)
        #expect(CIContent.format(of: Array("services:\n  web:\n    image: nginx\n".utf8), yaml: yaml) == nil, "a compose file")
        #expect(CIContent.format(of: Array("include:\n  - local: ci/build.yml\nstages: [build]\n".utf8), yaml: yaml) == .gitlabCI)
        #expect(CIContent.format(of: Array("on: push\njobs:\n  call:\n    uses: org/repo/.github/workflows/w.yml@v1\n".utf8), yaml: yaml) == .workflow)
        #expect(CIContent.format(of: Array(Self.workflow.utf8), yaml: yaml) == .workflow)
        #expect(CIContent.format(of: Array(Self.gitlab.utf8), yaml: yaml) == .gitlabCI)
        let other = try Self.scanStandardInput("on: push\njobs: [a, b]\n")
        #expect(other.errors.isEmpty && other.rules.isEmpty, "plain YAML is no workflow and no error")
    }
}

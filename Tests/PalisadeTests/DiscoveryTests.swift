import Foundation
import PalisadeCore
import Testing

@Suite("Discovery")
struct DiscoveryTests {
    @Test("A Helm chart gets one note, not a parse error per template; its crds/ are still scanned")
    func helmChart() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chart = dir.appendingPathComponent("mychart")
        try Support.write("apiVersion: v2\nname: shop\nversion: 1.0.0\n", to: chart.appendingPathComponent("Chart.yaml"))
        try Support.write("image: nginx\n", to: chart.appendingPathComponent("values.yaml"))
        for name in ["a", "b", "c"] {
            try Support.write("{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n{{- end }}\n",
                              to: chart.appendingPathComponent("templates/\(name).yaml"))
        }
        try Support.write(HostileInputTests.privilegedPod, to: chart.appendingPathComponent("crds/pod.yaml"))
        let result = Support.scan([dir.path])
        #expect(result.inputErrors.isEmpty)
        let notes = result.diagnostics.filter { $0.code == "helm-chart" }
        #expect(notes.count == 1)
        #expect(notes.first?.message.contains("'shop'") == true)
        #expect(notes.first?.message.contains("helm template") == true)
        #expect(result.findings.contains { $0.location.file.hasSuffix("crds/pod.yaml") })
        // The templates folder given directly: still one note.
        let direct = Support.scan([chart.appendingPathComponent("templates").path])
        #expect(direct.inputErrors.isEmpty && direct.diagnostics.map(\.code) == ["helm-chart"])
        // A single template file given directly fails to parse, with a hint to render it.
        let file = Support.scan([chart.appendingPathComponent("templates/a.yaml").path])
        #expect(file.inputErrors.first?.code == "unrendered-template")
    }

    @Test("A kustomization is noted, and the resources it lists are scanned even outside the folder")
    func kustomization() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(HostileInputTests.privilegedPod, to: dir.appendingPathComponent("base/pod.yaml"))
        try Support.write("""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../base/pod.yaml
              - https://example.com/remote.yaml
              - missing.yaml
            """, to: dir.appendingPathComponent("overlay/kustomization.yaml"))
        let result = Support.scan([dir.appendingPathComponent("overlay").path])
        let codes = result.diagnostics.map(\.code)
        #expect(codes.contains("kustomization"))
        #expect(codes.contains("remote-resource"))
        #expect(codes.contains("missing-resource"))
        #expect(result.findings.contains { $0.ruleId == "k8s-privileged-container" && $0.location.file.hasSuffix("base/pod.yaml") })
        #expect(result.statistics.objects == 1, "the kustomization itself is not a Kubernetes object")
    }

    @Test("Non-manifest files are skipped and counted; non-Kubernetes YAML is silent; a workflow is a workflow")
    func otherFiles() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("# readme\n", to: dir.appendingPathComponent("README.md"))
        try Support.write("name: CI\non: [push]\njobs: {}\n", to: dir.appendingPathComponent(".github/workflows/ci.yml"))
        try Support.write("{\"name\": \"pkg\", \"version\": \"1.0.0\"}", to: dir.appendingPathComponent("package.json"))
        try Support.write("x", to: dir.appendingPathComponent(".git/config.yaml"))
        // A FIFO named like a manifest inside a tree is never opened (it would block the scan).
        #expect(mkfifo(dir.appendingPathComponent("pipe.yaml").path, 0o644) == 0)
        let result = Support.scan([dir.path])
        #expect(result.diagnostics.isEmpty)
        #expect(result.findings.isEmpty)
        // README.md is read for secrets; the FIFO and .git are not.
        #expect(result.statistics.filesSkipped == 1)
        #expect(result.statistics.filesScanned == 3)
        #expect(result.statistics.otherDocuments == 1)  // package.json
        #expect(result.statistics.objects(of: .workflow) == 1)  // .github is entered, .git is not
    }
}

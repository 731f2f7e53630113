import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeReport
import Testing

@Suite("Suppressions")
struct SuppressionTests {
    static let agent = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-agent
          namespace: monitoring
          annotations:
            palisade.dev/ignore: "k8s-privileged-container=the CNI agent programs the node's routes (SEC-42); k8s-host-network; k8s-host-ipc=never set"
        spec:
          template:
            spec:
              hostNetwork: true
              containers:
                - name: agent
                  image: agent:1.4
                  securityContext:
                    privileged: true
                    runAsNonRoot: true
                    allowPrivilegeEscalation: false
        """

    static func scan(_ text: String) throws -> ScanResult {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(text, to: dir.appendingPathComponent("agent.yaml"))
        return Support.scan([dir.path])
    }

    @Test("An annotation with a reason suppresses that rule on that object, reported with its reason and never failing")
    func annotation() throws {
        let result = try Self.scan(Self.agent)
        let privileged = try #require(result.findings.first { $0.ruleId == "k8s-privileged-container" })
        #expect(privileged.suppression?.reason == "the CNI agent programs the node's routes (SEC-42)")
        #expect(privileged.suppression?.kind == .annotation)
        #expect(privileged.suppression?.location.range.start == SourcePosition(line: 7, column: 27))
        #expect(!result.failing(at: .critical).contains { $0.ruleId == "k8s-privileged-container" })
        #expect(result.suppressedCount == 1)
        // No reason: the host-network finding stays, and the entry is a finding of its own.
        let hostNetwork = try #require(result.findings.first { $0.ruleId == "k8s-host-network" })
        #expect(hostNetwork.suppression == nil)
        #expect(result.failing(at: .high).contains { $0.ruleId == "k8s-host-network" })
        let missing = result.findings.filter { $0.ruleId == "k8s-ignore-without-reason" }
        #expect(missing.map(\.range.start) == [SourcePosition(line: 7, column: 103)])
        // A reasoned entry that matches nothing is a warning: stale suppressions rot.
        let unused = result.diagnostics.filter { $0.code == "unused-suppression" }
        #expect(unused.count == 1)
        #expect(unused.first?.message.contains("k8s-host-ipc") == true)
        #expect(unused.first?.position == SourcePosition(line: 7, column: 121))
    }

    @Test("An annotation on one object suppresses nothing on another, and unknown rule ids are reported")
    func scoped() throws {
        let other = Self.agent.replacingOccurrences(of: "name: node-agent", with: "name: other")
            .split(separator: "\n").filter { !$0.contains("annotations:") && !$0.contains("palisade.dev") }.joined(separator: "\n")
        let unknown = Self.agent.replacingOccurrences(of: "k8s-host-ipc=never set", with: "k8s-no-such-rule=typo")
        let result = try Self.scan(unknown + "\n---\n" + other)
        let privileged = result.findings.filter { $0.ruleId == "k8s-privileged-container" }
        #expect(privileged.count == 2)
        #expect(privileged.filter { $0.suppression != nil }.map(\.resource.name) == ["node-agent"])
        #expect(result.diagnostics.contains { $0.code == "unused-suppression" && $0.message.contains("names no rule") })
    }

    @Test("Estate findings on an annotated object are suppressed too")
    func estateFindings() throws {
        let exposed = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
              labels: {app: debug}
            spec:
              hostPID: true
              containers: [{name: debug, image: "debug:1.0"}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: debug
              annotations:
                palisade.dev/ignore: k8s-exposed-privileged-workload=lab cluster, torn down nightly
            spec:
              type: NodePort
              selector: {app: debug}
            """
        let result = try Self.scan(exposed)
        let finding = try #require(result.findings.first { $0.ruleId == "k8s-exposed-privileged-workload" })
        #expect(finding.suppression?.reason == "lab cluster, torn down nightly")
    }

    @Test("Reports with suppressed findings validate: SARIF suppressions against the SARIF schema, JSON against ours")
    func reportsValidate() throws {
        let result = try Self.scan(Self.agent)
        let sarif = ReportFormat.sarif.render(result, options: ReportOptions())
        #expect(sarif.contains("\"justification\": \"the CNI agent programs the node's routes (SEC-42)\""))
        let sarifCheck = try ReportTests.validate(sarif, schema: "Tests/Fixtures/sarif-schema-2.1.0.json")
        #expect(sarifCheck.status == 0, "\(sarifCheck.output)")
        let json = ReportFormat.json.render(result, options: ReportOptions())
        let jsonCheck = try ReportTests.validate(json, schema: "docs/json-schema.json")
        #expect(jsonCheck.status == 0, "\(jsonCheck.output)")
        #expect(json.contains("\"suppressed\": 1"))
    }
}

import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeReport
import Testing

/// Risk ranks a finding by what the attack graph says about it, not only by its severity.
@Suite struct RiskRankingTests {
    static func deployment(_ name: String, _ securityContext: String) -> String {
        AttackGraphTests.workload("Deployment", name: name, spec: """
            automountServiceAccountToken: false
            containers:
            - name: c
              image: registry.example.com/c:1
              securityContext: \(securityContext)
            """)
    }

    /// One privileged Deployment exposed by a LoadBalancer, one internal, one merely lax.
    static let estate = deployment("public", "{privileged: true}")
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: public, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: public}, ports: [{port: 80}]}\n---\n"
        + deployment("internal", "{privileged: true}") + "---\n" + deployment("quiet", "{allowPrivilegeEscalation: true}")

    static func scan(sort: Bool, jobs: Int = 0) throws -> (ScanResult, URL) {
        let dir = try Support.temporaryDirectory()
        try Support.write(estate, to: dir.appendingPathComponent("estate.yaml"))
        let result = Support.scan([dir.path], jobs: jobs) {
            $0.riskRanking = true
            $0.sortByRisk = sort
        }
        return (result, dir)
    }

    static func risk(_ result: ScanResult, _ rule: String, _ name: String) -> Int? {
        result.findings.first { $0.ruleId == rule && $0.object.identity.name == name }.map { Int($0.risk) }
    }

    @Test func exposureAndBlastRadiusRaiseTheSameFinding() throws {
        let (result, dir) = try Self.scan(sort: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let exposed = try #require(Self.risk(result, "k8s-privileged-container", "public"))
        let inside = try #require(Self.risk(result, "k8s-privileged-container", "internal"))
        let escalation = try #require(Self.risk(result, "k8s-privilege-escalation", "quiet"))
        // Same rule, same severity: the one the internet reaches is riskier.
        #expect(exposed > inside, "\(exposed) \(inside)")
        // Leading to root on the node outranks leading nowhere, at any severity.
        #expect(inside > escalation)
        #expect(result.findings.allSatisfy { (1...100).contains($0.risk) })
        // Highest first.
        #expect(result.findings.map(\.risk) == result.findings.map(\.risk).sorted(by: >))
        #expect(result.findings.first.map { $0.object.identity.name } == "public")
    }

    @Test func reportsOpenWithTheFixesThatBreakTheMostPaths() throws {
        let (result, dir) = try Self.scan(sort: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = try #require(result.attackPaths)
        #expect(summary.paths >= 2)
        #expect(summary.top.first?.hasPrefix("the internet -> root on a node") == true)
        let text = ReportFormat.text.render(result, options: ReportOptions())
        #expect(text.hasPrefix("Fix these first  "))
        #expect(text.contains("  1. Remove privileged: true from Deployment/public"))
        let markdown = ReportFormat.markdown.render(result, options: ReportOptions())
        #expect(markdown.contains("\n### Fix these first\n\n"))
        let json = try #require(JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(result, options: ReportOptions()).utf8)) as? [String: Any])
        let paths = try #require(json["attackPaths"] as? [String: Any])
        #expect((paths["fixFirst"] as? [Any])?.isEmpty == false)
        #expect((json["findings"] as? [[String: Any]])?.allSatisfy { $0["risk"] is Int } == true)
        let html = ReportFormat.html.render(result, options: ReportOptions())
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<h2>Fix these first</h2>") && html.contains("<svg"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="), "must open offline")
        #expect(html.contains("<h2>Findings by risk</h2>"))
        let (status, output) = try ReportTests.validate(ReportFormat.json.render(result, options: ReportOptions()), schema: "docs/json-schema.json")
        #expect(status == 0, "\(output)")
    }

    @Test func rankingIsDeterministicAndLocationOrderStaysAvailable() throws {
        let (one, a) = try Self.scan(sort: true, jobs: 1)
        let (two, b) = try Self.scan(sort: true, jobs: 2)
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        #expect(one.findings.map { "\($0.ruleId) \($0.risk) \($0.range.start.line)" } == two.findings.map { "\($0.ruleId) \($0.risk) \($0.range.start.line)" })
        let (byPlace, c) = try Self.scan(sort: false)
        defer { try? FileManager.default.removeItem(at: c) }
        let lines = byPlace.findings.map(\.range.start.line)
        #expect(lines == lines.sorted())
    }
}

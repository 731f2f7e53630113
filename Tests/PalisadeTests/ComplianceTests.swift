import Foundation
import PalisadeCompliance
import PalisadeCore
import PalisadeEngine
import PalisadeReport
import PalisadeRules
import Testing

/// Compliance as a coverage check: the catalogues stay honest about the rules they name, and
/// `palisade comply` judges each control from what the rules really examined.
@Suite("Compliance coverage")
struct ComplianceTests {
    static let estate = Support.root.appendingPathComponent("examples/estate").path
    static let hardened = Support.root.appendingPathComponent("examples/hardened").path

    /// `palisade comply ... --format json` through the binary, parsed.
    static func comply(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, json: [String: Any], text: String) {
        let run = try Support.run(["comply", "--format", "json", "-q"] + arguments, in: directory)
        let json = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any] ?? [:]
        return (run.status, json, run.stdout)
    }

    /// A framework's controls by id: status, and the rule ids of the findings they list.
    struct Control: Equatable, CustomStringConvertible {
        var status: String
        var findings: [String]
        var description: String { "\(status) \(findings)" }
    }

    static func controls(_ json: [String: Any], _ framework: String) -> [String: Control] {
        let findings = (json["findings"] as? [[String: Any]] ?? []).map { $0["ruleId"] as? String ?? "" }
        let f = (json["frameworks"] as? [[String: Any]])?.first { $0["id"] as? String == framework }
        var out: [String: Control] = [:]
        for c in f?["controls"] as? [[String: Any]] ?? [] {
            let indices = c["findings"] as? [Int] ?? []
            out[c["id"] as? String ?? ""] = Control(status: c["status"] as? String ?? "", findings: indices.map { findings[$0] })
        }
        return out
    }

    static func byStatus(_ json: [String: Any], _ framework: String) -> [String: Int] {
        let f = (json["frameworks"] as? [[String: Any]])?.first { $0["id"] as? String == framework }
        return (f?["summary"] as? [String: Any])?["byStatus"] as? [String: Int] ?? [:]
    }

    static func summary(_ json: [String: Any], _ framework: String) -> [String: Any] {
        let f = (json["frameworks"] as? [[String: Any]])?.first { $0["id"] as? String == framework }
        return f?["summary"] as? [String: Any] ?? [:]
    }

    // MARK: The mapping

    @Test("Every rule a catalogue names exists, every rule evidences a control, control ids are unique per framework")
    func mappingIsHonest() {
        let known = Set(BuiltinRules.descriptions.map(\.id))
        #expect(known.count == 106)
        var named = Set<String>()
        for catalogue in Catalogue.all {
            var ids = Set<String>()
            for control in catalogue.controls {
                #expect(ids.insert(control.id).inserted, "\(catalogue.framework.rawValue) lists \(control.id) twice")
                #expect(!control.title.isEmpty && !control.summary.isEmpty, "\(catalogue.framework.rawValue) \(control.id)")
                for rule in control.rules {
                    #expect(known.contains(rule), "\(catalogue.framework.rawValue) \(control.id) names unknown rule \(rule)")
                    named.insert(rule)
                }
            }
            #expect(!catalogue.scope.isEmpty && !catalogue.version.isEmpty)
        }
        let unmapped = known.subtracting(named).sorted()
        #expect(unmapped.isEmpty, "rules no control names: \(unmapped)")
        // Sizes, so a control that disappears is noticed.
        #expect(Catalogue.all.map(\.controls.count) == [35, 38, 19, 29, 17, 14, 23, 23])
        #expect(Catalogue.all.map { $0.controls.filter { !$0.rules.isEmpty }.count } == [31, 30, 19, 0, 12, 7, 16, 10])
        // Rule docs read the same mapping.
        #expect(Catalogue.controls(evidencedBy: "k8s-host-pid").map { "\($0.framework.rawValue) \($0.id)" } == [
            "cis-kubernetes 5.2.3", "nsa-cisa-kubernetes pod-security/host-namespaces", "pod-security-standards baseline/host-namespaces",
            "pci-dss-4.0 2.2.6", "soc2 CC7.1", "iso-27001-2022 A.8.9", "nist-800-190 4.4.3",
        ])
    }

    @Test("Every rule reports only on the resource classes it says it examines")
    func appliesToMatchesExamples() {
        for example in RuleExample.all where example.bad {
            let rule = example.rule.description
            for finding in example.findings(Support.objects(example.stripped.text)) {
                let found = ResourceClass(finding.resource)
                #expect(rule.appliesTo.contains(found), "\(rule.id) reports on \(finding.resource.kind), a class it does not declare")
            }
        }
    }

    @Test("A scan counts its objects per resource class")
    func objectsByClass() {
        let stats = Support.scan([Self.estate]).statistics
        let counts = Dictionary(uniqueKeysWithValues: ResourceClass.allCases.map { ($0.id, stats.objects(of: $0)) })
        #expect(counts == [
            "workload": 6, "service": 5, "ingress": 1, "network-policy": 2, "role": 2, "binding": 3, "service-account": 6,
            "secret": 1, "config-map": 3, "namespace": 1, "istio": 0, "linkerd": 0, "other": 0,
        ])
        #expect(counts.values.reduce(0, +) == stats.objects)
        #expect(ResourceClass(kind: "AuthorizationPolicy", apiVersion: "security.istio.io/v1") == .istio)
        #expect(ResourceClass(kind: "AuthorizationPolicy", apiVersion: "policy.linkerd.io/v1alpha1") == .linkerd)
        #expect(ResourceClass(kind: "CronJob", apiVersion: "batch/v1") == .workload)
        #expect(ResourceClass(kind: "Widget", apiVersion: "example.com/v1") == .other)
    }
}

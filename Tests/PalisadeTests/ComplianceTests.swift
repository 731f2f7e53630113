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
        #expect(known.count == 277 + BuiltinRules.secrets.count)  // 106 Kubernetes, 16 Dockerfile, 137 cloud, 13 GitHub Actions, 5 GitLab CI rules, the secret rules
        #expect(BuiltinRules.secrets.count >= 250)
        var named = Set<String>()
        for catalogue in Catalogue.all {
            var ids = Set<String>()
            for control in catalogue.controls {
                #expect(ids.insert(control.id).inserted, "\(catalogue.framework.rawValue) lists \(control.id) twice")
                #expect(!control.title.isEmpty && !control.summary.isEmpty, "\(catalogue.framework.rawValue) \(control.id)")
                for rule in control.expanded(known) {
                    #expect(known.contains(rule), "\(catalogue.framework.rawValue) \(control.id) names unknown rule \(rule)")
                    named.insert(rule)
                }
            }
            #expect(!catalogue.scope.isEmpty && !catalogue.version.isEmpty)
        }
        let unmapped = known.subtracting(named).sorted()
        #expect(unmapped.isEmpty, "rules no control names: \(unmapped)")
        // Sizes, so a control that disappears is noticed.
        #expect(Catalogue.all.map(\.controls.count) == [35, 38, 19, 29, 17, 14, 24, 23, 13])
        #expect(Catalogue.all.map { $0.controls.filter { !$0.rules.isEmpty }.count } == [31, 30, 19, 22, 15, 10, 23, 15, 9])
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
            for finding in example.findings(example.stripped.text) {
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
            "workload": 6, "service": 4, "ingress": 1, "network-policy": 2, "role": 2, "binding": 3, "service-account": 6,
            "secret": 1, "config-map": 3, "namespace": 1, "istio": 0, "linkerd": 0, "other": 1, "dockerfile": 1, "cloud": 38, "workflow": 2, "file": 24,
        ])
        // Files are counted for the secret rules, apart from the objects in them.
        #expect(counts.filter { $0.key != "file" }.values.reduce(0, +) == stats.objects)
        #expect(ResourceClass(kind: "AuthorizationPolicy", apiVersion: "security.istio.io/v1") == .istio)
        #expect(ResourceClass(kind: "AuthorizationPolicy", apiVersion: "policy.linkerd.io/v1alpha1") == .linkerd)
        #expect(ResourceClass(kind: "CronJob", apiVersion: "batch/v1") == .workload)
        #expect(ResourceClass(kind: "Dockerfile", apiVersion: "") == .dockerfile && ResourceClass(kind: "Dockerfile", apiVersion: "example.com/v1") == .other)
        #expect(ResourceClass(kind: "Workflow", apiVersion: "") == .workflow && ResourceClass(kind: "Workflow", apiVersion: "argoproj.io/v1alpha1") == .other)
        #expect(ResourceClass(kind: "Widget", apiVersion: "example.com/v1") == .other)
    }

    /// Two pods that drop ALL and add one capability back: NET_RAW, and SYS_TIME.
    static let privilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: agent
        spec:
          containers:
            - name: agent
              image: agent:1.0
              securityContext:
                privileged: true
        """

    static let capabilityPods = ["NET_RAW", "SYS_TIME"].map { capability in
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(capability.lowercased().replacingOccurrences(of: "_", with: "-"))
          namespace: ops
        spec:
          automountServiceAccountToken: false
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
            seccompProfile: {type: RuntimeDefault}
          containers:
            - name: app
              image: registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
              securityContext:
                allowPrivilegeEscalation: false
                readOnlyRootFilesystem: true
                capabilities: {drop: [ALL], add: [\(capability)]}
        """
    }

    @Test("Path filters count only the findings a control asks about: NET_RAW fails CIS 5.2.8, SYS_TIME does not")
    func pathFilters() throws {
        // Every fragment names something the rule's findings really carry (no typo hides a finding).
        var paths: [String: [String]] = [:]
        let examples = RuleExample.all.filter(\.bad).map { ($0, $0.stripped.text) }
            + Self.capabilityPods.flatMap { pod in
                RuleExample.all.filter { $0.bad && $0.index == 0 && $0.rule.description.input == .kubernetes }.map { ($0, pod) }
            }
        for (example, text) in examples {
            paths[example.rule.description.id, default: []] += example.findings(text).map(\.path)
        }
        var filters = 0
        for catalogue in Catalogue.all {
            for control in catalogue.controls {
                for (rule, fragments) in control.pathFilters {
                    #expect(control.rules.contains(rule))
                    for fragment in fragments {
                        filters += 1
                        #expect(paths[rule, default: []].contains { $0.contains(fragment) }, "\(control.id): no finding of \(rule) has \(fragment) in its path")
                    }
                }
            }
        }
        #expect(filters == 6)
        // And they decide: both pods add a capability (5.2.9), only one of them NET_RAW (5.2.8).
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var status: [String: [String: ControlStatus]] = [:]
        for (capability, pod) in zip(["NET_RAW", "SYS_TIME"], Self.capabilityPods) {
            let file = dir.appendingPathComponent("\(capability).yaml")
            try Support.write(pod, to: file)
            let scan = Scanner(rules: BuiltinRules.allKubernetes, estateRules: BuiltinRules.estate).scan([file.path])
            let result = ComplianceResult(scan, frameworks: [.cisKubernetes], rules: BuiltinRules.descriptions, settings: RuleSettings())
            status[capability] = Dictionary(uniqueKeysWithValues: result.frameworks[0].controls.map { ($0.control.id, $0.status) })
        }
        #expect(status["NET_RAW"]?["5.2.8"] == .failing)
        #expect(status["SYS_TIME"]?["5.2.8"] == .passing)
        #expect(status["NET_RAW"]?["5.2.9"] == .failing)
        #expect(status["SYS_TIME"]?["5.2.9"] == .failing)
        #expect(status["SYS_TIME"]?["5.2.3"] == .passing)
    }

    // MARK: The example estate, framework by framework

    /// What `palisade comply --framework ID examples/estate` must say: the count of controls per
    /// status, a few named controls (status and the rules of their findings, in report order), and
    /// how many findings no control of the framework asks for.
    struct Expectation: Sendable, CustomTestStringConvertible {
        let framework: String
        let byStatus: [String: Int]
        let controls: [String: Control]
        let unmapped: Int
        var testDescription: String { framework }
    }

    static func c(_ status: String, _ findings: String...) -> Control { Control(status: status, findings: findings) }

    static let expectations: [Expectation] = [
        Expectation(framework: "cis-kubernetes", byStatus: ["failing": 14, "passing": 17, "not-covered": 4], controls: [
            "5.1.1": c("failing", "k8s-rbac-binding-cluster-admin"),
            "5.1.7": c("not-covered"),
            "5.2.3": c("failing", "k8s-host-pid", "k8s-pss-baseline-host-namespaces"),
            // The PSS host-namespaces rule reports hostPID and hostNetwork here; neither is IPC.
            "5.2.4": c("passing"),
            "5.2.8": c("failing", "k8s-pss-restricted-capabilities", "k8s-privileged-container", "k8s-pss-baseline-privileged-containers"),
        ], unmapped: 46),
        Expectation(framework: "nsa-cisa-kubernetes", byStatus: ["failing": 14, "passing": 14, "not-applicable": 1, "not-evaluated": 1, "not-covered": 8], controls: [
            "pod-security/apparmor": c("passing"),
            // k8s-image-untrusted-registry is silent without --trusted-registry: nothing was checked.
            "supply-chain/trusted-registries": c("not-evaluated"),
            "network-separation/limit-exposure": c("failing", "k8s-exposed-privileged-workload", "k8s-service-node-port"),
            // Workloads exist, but none is in a mesh: nothing for the mesh rules to judge.
            "authentication-authorization/service-mesh": c("not-applicable"),
        ], unmapped: 36),
        Expectation(framework: "pod-security-standards", byStatus: ["failing": 8, "passing": 11], controls: [
            "baseline/host-namespaces": c("failing", "k8s-host-pid", "k8s-pss-baseline-host-namespaces", "k8s-host-network", "k8s-pss-baseline-host-namespaces"),
            "baseline/host-probes": c("passing"),
            "restricted/running-as-non-root-user": c("failing", "k8s-pss-restricted-running-as-non-root-user"),
        ], unmapped: 57),
        // The Terraform module: a launch template that allows IMDSv1, no administrator policy.
        // The password-policy controls have a rule, but the estate declares no password policy: nothing was judged.
        Expectation(framework: "cis-aws", byStatus: ["failing": 8, "passing": 8, "not-applicable": 6, "not-covered": 7], controls: [
            "1.16": c("passing"), "5.6": c("failing", "aws-instance-imdsv1"), "1.8": c("not-applicable"), "1.17": c("not-covered"),
        ], unmapped: 68),
        Expectation(framework: "pci-dss-4.0", byStatus: ["failing": 12, "passing": 2, "not-applicable": 1, "not-covered": 2], controls: [
            "1.3.1": c("failing", "cloud-bucket-public-policy", "cloud-firewall-open-admin-port", "k8s-namespace-without-default-deny-ingress",
                       "cloud-cluster-public-endpoint", "cloud-firewall-open-admin-port", "cloud-bucket-public-acl"),
            "3.5.1": c("failing", "cloud-database-unencrypted", "aws-cloudwatch-log-group-no-cmk", "cloud-database-unencrypted", "aws-cloudwatch-log-group-no-cmk"),
            // The estate's buckets accept plain HTTP: no policy denies aws:SecureTransport false.
            "4.2.1": c("failing", "aws-s3-bucket-allows-http", "aws-s3-bucket-allows-http", "aws-s3-bucket-allows-http", "aws-s3-bucket-allows-http"),
            "7.2.1": c("not-applicable"),
        ], unmapped: 16),
        Expectation(framework: "soc2", byStatus: ["failing": 10, "not-covered": 4], controls: [
            "CC6.6": c("failing", "cloud-bucket-public-policy", "cloud-firewall-open-admin-port", "k8s-exposed-privileged-workload",
                       "k8s-service-node-port", "k8s-namespace-without-default-deny-ingress", "k8s-host-network", "k8s-ingress-nginx-no-auth",
                       "k8s-ingress-nginx-no-rate-limit", "cloud-cluster-public-endpoint", "cloud-firewall-open-admin-port", "cloud-bucket-public-acl"),
            "CC7.2": c("failing", "aws-cloudtrail-no-cloudwatch", "aws-cloudtrail-no-cloudwatch", "cloud-log-retention-short",
                       "cloud-bucket-access-logging-disabled", "cloud-bucket-access-logging-disabled"),
        ], unmapped: 4),
        Expectation(framework: "iso-27001-2022", byStatus: ["failing": 19, "passing": 3, "not-applicable": 1, "not-covered": 1], controls: [
            "A.8.6": c("passing"),
            // k8s-image-untrusted-registry is silent without --trusted-registry; the preview workflow's unpinned action fails it.
            "A.8.7": c("failing", "gha-action-not-pinned"),
            "A.8.25": c("failing", "gha-pull-request-target-checkout", "gha-action-not-pinned", "gha-script-injection"),
            "A.8.32": c("failing", "k8s-image-no-digest", "k8s-image-pull-policy-mutable", "k8s-image-latest-tag", "k8s-image-no-digest",
                        "k8s-image-pull-policy-mutable", "k8s-image-latest-tag", "k8s-image-pull-policy-mutable", "k8s-image-no-digest"),
        ], unmapped: 2),
        Expectation(framework: "nist-800-190", byStatus: ["failing": 9, "passing": 2, "not-evaluated": 1, "not-applicable": 3, "not-covered": 8], controls: [
            // ECR scan on push evidences it now; the estate declares no repository.
            "4.1.1": c("not-applicable"),
            "4.1.5": c("not-evaluated"),
            "4.4.4": c("passing"),
            "4.5.5": c("failing", "k8s-host-path-volume", "k8s-pss-baseline-hostpath-volumes", "k8s-host-path-volume", "k8s-pss-baseline-hostpath-volumes"),
        ], unmapped: 38),
        // The storefront's Dockerfile: root in the final stage, and a script piped from the network.
        Expectation(framework: "cis-docker", byStatus: ["failing": 2, "passing": 7, "not-covered": 4], controls: [
            "4.1": c("failing", "docker-user-root"),
            "4.11": c("failing", "docker-remote-script-execution"),
            "4.4": c("not-covered"),
            "4.6": c("passing"),
        ], unmapped: 80),
    ]

    @Test("palisade comply on the example estate, for each framework", arguments: expectations)
    func estate(_ expected: Expectation) throws {
        let (status, json, _) = try Self.comply(["--framework", expected.framework, Self.estate])
        #expect(status == 0)
        let frameworks = json["frameworks"] as? [[String: Any]] ?? []
        #expect(frameworks.map { $0["id"] as? String } == [expected.framework])
        let counts = Self.byStatus(json, expected.framework).filter { $0.value > 0 }
        #expect(counts == expected.byStatus)
        let controls = Self.controls(json, expected.framework)
        for (id, control) in expected.controls { #expect(controls[id] == control, "\(id)") }
        #expect((json["unmapped"] as? [Int])?.count == expected.unmapped)
        // Coverage is covered / all controls; the pass rate counts only controls judged on a resource.
        let summary = Self.summary(json, expected.framework)
        let all = counts.values.reduce(0, +)
        #expect(summary["controls"] as? Int == all)
        #expect(summary["covered"] as? Int == all - (counts["not-covered"] ?? 0))
        #expect(summary["judged"] as? Int == (counts["failing"] ?? 0) + (counts["passing"] ?? 0) + (counts["passing-with-exceptions"] ?? 0))
    }

    @Test("Coverage and pass rate, as printed")
    func percentages() throws {
        let (_, json, _) = try Self.comply(["--framework", "cis-kubernetes", "--framework", "cis-aws", Self.estate])
        let cis = Self.summary(json, "cis-kubernetes")
        #expect(cis["coveragePercent"] as? Double == 88.6)
        #expect(cis["passRatePercent"] as? Double == 54.8)
        let aws = Self.summary(json, "cis-aws")
        #expect(aws["coveragePercent"] as? Double == 75.9)
        #expect(aws["passRatePercent"] as? Double == 50.0)
        #expect(Ratio(part: 2, whole: 3).percent == "66.7")
        #expect(Ratio(part: 1, whole: 8).percent == "12.5")
        #expect(Ratio(part: 0, whole: 0).percent == nil)
        let text = try Support.run(["comply", "-q", "--framework", "cis-kubernetes", Self.estate]).stdout
        #expect(text.contains("coverage 31 of 35 controls (88.6%); pass rate 17 of 31 judged (54.8%)"))
        #expect(text.contains("FAILING   5.1.1   Ensure that the cluster-admin role is only used where required"))
        #expect(text.contains("uncovered 5.1.7   Avoid use of system:masters group"))
    }

    // MARK: Honest statuses

    @Test("The hardened example passes: nothing failing in any framework")
    func hardenedPasses() throws {
        let (status, json, _) = try Self.comply(["--fail-on-failing", Self.hardened])
        #expect(status == 0)
        for id in Framework.allCases.map(\.rawValue) {
            #expect(Self.byStatus(json, id)["failing"] == 0, "\(id)")
        }
        let cis = Self.controls(json, "cis-kubernetes")
        #expect(cis["5.2.2"] == Self.c("passing"))
        #expect(cis["5.3.2"] == Self.c("passing"))
        // No Secret in the hardened example: nothing to judge, so not passing either.
        #expect(cis["5.4.2"] == Self.c("not-applicable"))
        #expect(Self.byStatus(json, "cis-kubernetes").filter { $0.value > 0 } == ["passing": 30, "not-applicable": 1, "not-covered": 4])
        #expect(Self.byStatus(json, "pod-security-standards").filter { $0.value > 0 } == ["passing": 19])
    }

    @Test("An empty folder is not applicable everywhere, never passing")
    func emptyFolder() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, json, _) = try Self.comply(["--fail-on-failing", dir.path], in: dir)
        #expect(status == 0)
        for catalogue in Catalogue.all {
            let covered = catalogue.controls.filter { !$0.rules.isEmpty }.count
            var expected = ["not-covered": catalogue.controls.count - covered, "not-applicable": covered]
            // Without --trusted-registry its rule checks nothing, whatever the input.
            let idle = catalogue.controls.filter { !$0.rules.isEmpty && $0.rules.allSatisfy { $0.hasSuffix("-image-untrusted-registry") } }.count
            expected["not-applicable"]! -= idle
            expected["not-evaluated"] = idle
            #expect(Self.byStatus(json, catalogue.framework.rawValue).filter { $0.value > 0 } == expected.filter { $0.value > 0 }, "\(catalogue.framework.rawValue)")
        }
        let text = try Support.run(["comply", "-q", "--framework", "pci-dss-4.0", dir.path], in: dir).stdout
        #expect(text.contains("No Kubernetes object was read, so no control could be judged"))
        #expect(text.contains("pass rate: no control was judged on a resource"))
        #expect(!text.contains("passing "))
    }

    @Test("Suppressed findings make a control passing with accepted exceptions, shown with their reason")
    func acceptedExceptions() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: agent
              namespace: ops
              annotations:
                palisade.dev/ignore: "k8s-privileged-container=node agent loads eBPF probes (SEC-7); k8s-pss-baseline-privileged-containers=same agent (SEC-7)"
            spec:
              automountServiceAccountToken: false
              containers:
                - name: agent
                  image: registry.example.com/agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                  securityContext:
                    privileged: true
            """, to: dir.appendingPathComponent("agent.yaml"))
        let (status, json, _) = try Self.comply(["--framework", "cis-kubernetes", "--fail-on-failing", "agent.yaml"], in: dir)
        let cis = Self.controls(json, "cis-kubernetes")
        #expect(cis["5.2.2"] == Self.c("passing-with-exceptions", "k8s-privileged-container", "k8s-pss-baseline-privileged-containers"))
        #expect(cis["5.2.7"]?.status == "failing")
        #expect(status == 1)
        let summary = Self.summary(json, "cis-kubernetes")
        #expect((summary["passed"] as? Int ?? 0) >= 1)
        let text = try Support.run(["comply", "-q", "--framework", "cis-kubernetes", "agent.yaml"], in: dir).stdout
        #expect(text.contains("ACCEPTED  5.2.2"))
        #expect(text.contains("2 accepted exceptions, no other finding"))
        #expect(text.contains("accepted: node agent loads eBPF probes (SEC-7)"))
    }

    @Test("Controls whose rules did not run are not evaluated: --profile and missing settings")
    func notEvaluated() throws {
        let (_, json, _) = try Self.comply(["--profile", "pss-baseline", "--framework", "cis-kubernetes", "--framework", "pod-security-standards", Self.estate])
        let cis = Self.controls(json, "cis-kubernetes")
        #expect(cis["5.2.3"] == Self.c("failing", "k8s-pss-baseline-host-namespaces"))
        #expect(cis["5.1.1"] == Self.c("not-evaluated"))
        #expect(cis["5.2.6"] == Self.c("not-evaluated"))
        let pss = Self.controls(json, "pod-security-standards")
        #expect(pss["restricted/running-as-non-root-user"] == Self.c("not-evaluated"))
        #expect(pss["baseline/privileged-containers"] == Self.c("failing", "k8s-pss-baseline-privileged-containers"))
        // With the setting the registry rule judges: postgres comes from Docker Hub.
        let trusted = try Self.comply(["--trusted-registry", "ghcr.io/example-shop", "--framework", "nsa-cisa-kubernetes", Self.estate]).json
        let nsa = Self.controls(trusted, "nsa-cisa-kubernetes")
        #expect(nsa["supply-chain/trusted-registries"]?.status == "failing")
        #expect(nsa["supply-chain/trusted-registries"]?.findings.allSatisfy { $0 == "k8s-image-untrusted-registry" } == true)
        let text = try Support.run(["comply", "-q", "--framework", "nsa-cisa-kubernetes", Self.estate]).stdout
        #expect(text.contains("none of its rules ran: k8s-image-untrusted-registry (needs --trusted-registry)"))
    }

    // MARK: Reports

    @Test("JSON is deterministic across runs and worker counts, and validates against docs/comply-schema.json")
    func jsonSchema() throws {
        let first = try Self.comply([Self.estate]).text
        let again = try Self.comply(["-j", "1", Self.estate]).text
        #expect(first == again)
        #expect(first.utf8.count > 10_000)
        let (status, output) = try ReportTests.validate(first, schema: "docs/comply-schema.json")
        #expect(status == 0, "\(output)")
        let empty = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(try ReportTests.validate(Self.comply([empty.path]).text, schema: "docs/comply-schema.json").status == 0)
        let broken = first.replacingOccurrences(of: "\"status\": \"not-covered\"", with: "\"status\": \"fine\"")
        #expect(try ReportTests.validate(broken, schema: "docs/comply-schema.json").status == 1)
    }

    @Test("Markdown and HTML carry the same verdicts; the HTML needs nothing from outside")
    func markdownAndHTML() throws {
        let markdown = try Support.run(["comply", "-q", "-f", "markdown", "--framework", "pci-dss-4.0", Self.estate]).stdout
        #expect(markdown.hasPrefix("## Palisade compliance coverage\n"))
        #expect(markdown.contains("| PCI DSS 4.0 March 2022 | 15/17 (88.2%) | 2/14 (14.3%) | 12 | 2 | 1 | 0 | 2 |"))
        #expect(markdown.contains("| **failing** | `1.3.1` | Inbound traffic to the CDE is restricted |"))
        #expect(markdown.contains("### Findings no control of pci-dss-4.0 asks for (16)"))
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("coverage.html")
        let run = try Support.run(["comply", "-q", "-f", "html", "-o", file.path, Self.estate])
        #expect(run.status == 0)
        // The terminal still gets the outcome, one line per framework.
        #expect(run.stdout.split(separator: "\n").count == 9)  // one summary line per framework
        #expect(run.stdout.contains("pci-dss-4.0: coverage 15 of 17 controls (88.2%); pass rate 2 of 14 judged (14.3%); 12 failing"))
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        for outside in ["<script", "<link", "src=", "@import", "url("] { #expect(!html.contains(outside), "\(outside)") }
        #expect(html.contains("<td class=\"s failing\">failing</td><td><code>5.1.1</code>"))
        // Every finding of a control is listed in HTML, escaped.
        #expect(html.contains("ClusterRoleBinding &apos;shop-reports&apos; grants cluster-admin"))
    }

    @Test("Exit codes and usage: --fail-on-failing, unknown framework, --list")
    func usage() throws {
        #expect(try Support.run(["comply", "-q", "--fail-on-failing", "--framework", "cis-kubernetes", Self.estate]).status == 1)
        #expect(try Support.run(["comply", "-q", "--fail-on-failing", "--framework", "cis-aws", Self.estate]).status == 1)
        #expect(try Support.run(["comply", "-q", "--fail-on-failing", "--framework", "cis-aws", "examples/estate/k8s"]).status == 0)
        let unknown = try Support.run(["comply", "--framework", "hipaa", Self.estate])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown framework 'hipaa'"))
        #expect(try Support.run(["comply", "-f", "pdf", Self.estate]).status == 2)
        #expect(try Support.run(["comply"]).status == 2)
        let list = try Support.run(["comply", "--list"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 9)
        #expect(list.stdout.contains("cis-kubernetes          CIS Kubernetes Benchmark v1.8.0: 35 controls, 31 covered by rules"))
        let listJSON = try Support.run(["comply", "--list", "-f", "json"]).stdout
        let frameworks = try JSONSerialization.jsonObject(with: Data(listJSON.utf8)) as? [[String: Any]]
        #expect(frameworks?.map { $0["id"] as? String ?? "" } == Framework.allCases.map(\.rawValue))
    }

    @Test("comply reads the scan's .palisade.yaml: its excludes and rule selection; --no-config ignores it; a broken one is exit 2")
    func configuration() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Support.write(Self.privilegedPod, to: dir.appendingPathComponent("app/pod.yaml"))
        try Support.write(Self.privilegedPod.replacingOccurrences(of: "name: agent", with: "name: old"), to: dir.appendingPathComponent("legacy/pod.yaml"))
        func scanned(_ arguments: [String]) throws -> (objects: Int?, rules: Int?, privileged: String?) {
            let json = try Self.comply(["--framework", "cis-kubernetes"] + arguments + ["."], in: dir).json
            let scan = json["scan"] as? [String: Any]
            return (scan?["objects"] as? Int, scan?["rulesRun"] as? Int, Self.controls(json, "cis-kubernetes")["5.2.2"]?.status)
        }
        let all = try scanned([])
        #expect(all.objects == 2 && all.privileged == "failing")
        try Support.write("exclude: [legacy]\nrules:\n  disable: [k8s-privileged-container, k8s-pss-baseline-privileged-containers, k8s-exposed-privileged-workload]\n",
                          to: dir.appendingPathComponent(".palisade.yaml"))
        let configured = try scanned([])
        #expect(configured.objects == 1)
        #expect(configured.rules == all.rules.map { $0 - 3 })
        #expect(configured.privileged == "not-evaluated")  // its rules were switched off: nothing evidences it
        #expect(try scanned(["--exclude", "nothing-matches"]).objects == 2)  // a flag replaces the file's excludes
        #expect(try scanned(["--no-config"]).objects == 2)
        try Support.write("rules:\n  disabel: []\n", to: dir.appendingPathComponent(".palisade.yaml"))
        let broken = try Support.run(["comply", "-q", "."], in: dir)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains(".palisade.yaml:2:3"))
    }
}

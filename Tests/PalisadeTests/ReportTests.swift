import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PalisadeCore
import PalisadeEngine
import PalisadeReport
import Testing

@Suite("Reports")
struct ReportTests {
    static let estate = Support.root.appendingPathComponent("examples/estate").path

    /// The example estate, scanned once for all report tests.
    static let result: ScanResult = Support.scan([estate])

    static func validate(_ text: String, schema: String) throws -> (status: Int32, output: String) {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.json")
        try Support.write(text, to: file)
        return try Support.python([
            Support.root.appendingPathComponent("Tests/Scripts/validate_json_schema.py").path,
            Support.root.appendingPathComponent(schema).path, file.path,
        ])
    }

    @Test("The example estate yields exactly the planted weaknesses: nothing missed, nothing noisy")
    func estateFindings() {
        let expected: [(String, String, Int)] = [
            ("gha-permissions-missing", ".github/workflows/preview.yml", 12),
            ("gha-pull-request-target-checkout", ".github/workflows/preview.yml", 18),
            ("gha-action-not-pinned", ".github/workflows/preview.yml", 32),
            ("gha-secrets-echoed", ".github/workflows/preview.yml", 34),
            ("gha-secrets-echoed", ".github/workflows/preview.yml", 35),
            ("gha-script-injection", ".github/workflows/preview.yml", 46),
            ("aws-s3-bucket-allows-http", "cloudformation/payments-platform.yaml", 47),
            ("aws-s3-bucket-allows-http", "cloudformation/payments-platform.yaml", 76),
            ("cloud-bucket-public-policy", "cloudformation/payments-platform.yaml", 78),
            ("cloud-firewall-open-admin-port", "cloudformation/payments-platform.yaml", 107),
            ("aws-rds-iam-auth-disabled", "cloudformation/payments-platform.yaml", 126),
            ("cloud-database-unencrypted", "cloudformation/payments-platform.yaml", 126),
            ("aws-lambda-environment-secret", "cloudformation/payments-platform.yaml", 161),
            ("aws-cloudwatch-log-group-no-cmk", "cloudformation/payments-platform.yaml", 170),
            ("aws-cloudtrail-no-cloudwatch", "cloudformation/payments-platform.yaml", 176),
            ("docker-user-root", "docker/storefront/Dockerfile", 15),
            ("docker-remote-script-execution", "docker/storefront/Dockerfile", 23),
            ("k8s-host-pid", "k8s/log-shipper.yaml", 75),
            ("k8s-run-as-root", "k8s/log-shipper.yaml", 79),
            ("k8s-image-no-digest", "k8s/log-shipper.yaml", 80),
            ("k8s-image-pull-policy-mutable", "k8s/log-shipper.yaml", 81),
            ("k8s-privileged-container", "k8s/log-shipper.yaml", 86),
            ("k8s-host-path-volume", "k8s/log-shipper.yaml", 119),
            ("k8s-host-path-volume", "k8s/log-shipper.yaml", 123),
            ("k8s-exposed-privileged-workload", "k8s/log-shipper.yaml", 138),
            ("k8s-service-node-port", "k8s/log-shipper.yaml", 138),
            ("k8s-namespace-without-default-deny-egress", "k8s/namespace.yaml", 4),
            ("k8s-namespace-without-default-deny-ingress", "k8s/namespace.yaml", 4),
            ("k8s-image-latest-tag", "k8s/payments-worker.json", 43),
            ("k8s-secret-as-env", "k8s/payments-worker.json", 64),
            ("k8s-secret-as-env", "k8s/payments-worker.json", 73),
            ("k8s-host-network", "k8s/payments.yaml", 26),
            ("k8s-secret-as-env", "k8s/payments.yaml", 55),
            ("k8s-secret-as-env", "k8s/payments.yaml", 60),
            ("k8s-secret-data-committed", "k8s/postgres.yaml", 10),
            ("k8s-run-as-root", "k8s/postgres.yaml", 55),
            ("k8s-image-no-digest", "k8s/postgres.yaml", 61),
            ("k8s-image-pull-policy-mutable", "k8s/postgres.yaml", 62),
            ("k8s-secret-as-env", "k8s/postgres.yaml", 71),
            ("k8s-secret-as-env", "k8s/postgres.yaml", 76),
            ("k8s-rbac-binding-cluster-admin", "k8s/rbac.yaml", 116),
            ("k8s-image-latest-tag", "k8s/reports-cronjob.yaml", 37),
            ("k8s-privilege-escalation", "k8s/storefront.yaml", 61),
            ("k8s-image-pull-policy-mutable", "k8s/storefront.yaml", 88),
            ("k8s-image-no-digest", "k8s/storefront.yaml", 89),
            ("k8s-ingress-nginx-no-auth", "k8s/storefront.yaml", 156),
            ("k8s-ingress-nginx-no-rate-limit", "k8s/storefront.yaml", 156),
            ("cloud-cluster-public-endpoint", "terraform/envs/prod/cluster.tf", 7),
            ("aws-instance-imdsv1", "terraform/envs/prod/cluster.tf", 20),
            ("aws-rds-iam-auth-disabled", "terraform/envs/prod/data.tf", 1),
            ("cloud-database-unencrypted", "terraform/envs/prod/data.tf", 1),
            ("aws-iam-privilege-escalation", "terraform/envs/prod/iam.tf", 32),
            ("aws-iam-passrole-wildcard", "terraform/envs/prod/iam.tf", 35),
            ("aws-iam-access-key", "terraform/envs/prod/iam.tf", 58),
            ("aws-iam-user-direct-policy", "terraform/envs/prod/iam.tf", 62),
            ("aws-cloudtrail-no-cloudwatch", "terraform/envs/prod/main.tf", 31),
            ("aws-cloudwatch-log-group-no-cmk", "terraform/envs/prod/main.tf", 39),
            ("cloud-firewall-open-admin-port", "terraform/envs/prod/network.tf", 6),
            // The short retention comes from the variables file, so the finding points there.
            ("cloud-log-retention-short", "terraform/envs/prod/terraform.tfvars", 2),
            ("aws-s3-bucket-allows-http", "terraform/modules/bucket/main.tf", 1),
            ("aws-s3-bucket-allows-http", "terraform/modules/bucket/main.tf", 1),
            ("cloud-bucket-access-logging-disabled", "terraform/modules/bucket/main.tf", 1),
            ("cloud-bucket-access-logging-disabled", "terraform/modules/bucket/main.tf", 1),
            ("cloud-bucket-versioning-disabled", "terraform/modules/bucket/main.tf", 1),
            ("cloud-bucket-public-acl", "terraform/modules/bucket/main.tf", 24),
        ]
        let actual = Self.result.findings.map { f in
            (f.ruleId, String(f.location.file.dropFirst(Self.estate.count + 1)), f.location.range.start.line)
        }
        #expect(actual.map { "\($0.0) \($0.1):\($0.2)" } == expected.map { "\($0.0) \($0.1):\($0.2)" })
        // 30 Kubernetes objects, the storefront Dockerfile, 25 Terraform resources (module instances
        // included), 13 CloudFormation resources and two workflows.
        #expect(Self.result.statistics.objects == 71)
        // Estate findings: the path, not just the parts.
        let exposed = Self.result.findings.first { $0.ruleId == "k8s-exposed-privileged-workload" }
        #expect(exposed?.message.contains("Service/log-shipper-metrics (NodePort) exposes DaemonSet/log-shipper") == true)
        #expect(exposed?.message.contains("privileged: true (") == true)
        let binding = Self.result.findings.first { $0.ruleId == "k8s-rbac-binding-cluster-admin" }
        #expect(binding?.message.contains("CronJob/reports-nightly runs with that token mounted") == true)
        #expect(Self.result.inputErrors.isEmpty)
        #expect(Self.result.diagnostics.contains { $0.code == "helm-chart" })
    }

    @Test("The hardened example (restricted profile, least privilege, default deny) has nothing at high or critical")
    func hardened() {
        let result = Support.scan([Support.root.appendingPathComponent("examples/hardened").path])
        #expect(result.inputErrors.isEmpty)
        #expect(result.statistics.objects == 17)
        let loud = result.findings.filter { $0.severity >= .high }
        #expect(loud.isEmpty, "\(loud.map { "\($0.ruleId) \($0.location.file):\($0.range.start.line): \($0.message)" })")
        // Nothing at all, in fact: every rule of the catalogue has a hardened counterpart here.
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.ruleId) \($0.location.file):\($0.range.start.line)" })")
    }

    @Test("SARIF validates against the official SARIF 2.1.0 schema")
    func sarifValidates() throws {
        let sarif = ReportFormat.sarif.render(Self.result, options: ReportOptions())
        let (status, output) = try Self.validate(sarif, schema: "Tests/Fixtures/sarif-schema-2.1.0.json")
        #expect(status == 0, "\(output)")
        // And the validator does reject a broken log, so the check above means something.
        let broken = sarif.replacingOccurrences(of: "\"version\": \"2.1.0\"", with: "\"version\": \"9\"")
        #expect(try Self.validate(broken, schema: "Tests/Fixtures/sarif-schema-2.1.0.json").status == 1)
    }

    @Test("SARIF carries rule metadata, levels, security-severity and full regions")
    func sarifContent() throws {
        let sarif = ReportFormat.sarif.render(Self.result, options: ReportOptions())
        let json = try #require(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        // Every rule that ran, in order, then a descriptor per other severity a result has (SARIFIntegrationTests).
        #expect(rules.prefix(Self.result.rules.count).map { $0["id"] as? String } == Self.result.rules.map(\.id))
        #expect(rules.dropFirst(Self.result.rules.count).allSatisfy { ($0["id"] as? String)?.contains("/") == true })
        let privileged = try #require(rules.first { $0["id"] as? String == "k8s-privileged-container" })
        #expect((privileged["properties"] as? [String: Any])?["security-severity"] as? String == "9.5")
        #expect((privileged["defaultConfiguration"] as? [String: Any])?["level"] as? String == "error")
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == Self.result.findings.count)
        for (result, finding) in zip(results, Self.result.findings) {
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let region = try #require(location["region"] as? [String: Int])
            #expect(region["startLine"] == finding.location.range.start.line)
            #expect(region["startColumn"] == finding.location.range.start.column)
            #expect(region["endLine"] == finding.location.range.end.line)
            #expect(region["endColumn"] == finding.location.range.end.column)
            let expectedLevel = finding.severity >= .high ? "error" : finding.severity == .medium ? "warning" : "note"
            #expect(result["level"] as? String == expectedLevel)
            #expect((result["partialFingerprints"] as? [String: String])?["palisade/v1"] == finding.fingerprint)
        }
    }

    @Test("JSON validates against docs/json-schema.json and carries every documented field")
    func jsonValidates() throws {
        let text = ReportFormat.json.render(Self.result, options: ReportOptions(failOn: .medium))
        let (status, output) = try Self.validate(text, schema: "docs/json-schema.json")
        #expect(status == 0, "\(output)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let first = try #require(findings.first)
        let f = Self.result.findings[0]
        #expect(first["ruleId"] as? String == f.ruleId)
        #expect(first["fingerprint"] as? String == f.fingerprint)
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["line"] as? Int == f.location.range.start.line)
        let resource = try #require(first["resource"] as? [String: Any])
        #expect(resource["kind"] as? String == f.resource.kind)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["failingFindings"] as? Int == Self.result.failing(at: .medium).count)
        // A report that breaks the schema is caught.
        let broken = text.replacingOccurrences(of: "\"severity\": \"high\"", with: "\"severity\": \"severe\"")
        #expect(try Self.validate(broken, schema: "docs/json-schema.json").status == 1)
    }

    @Test("JUnit is well-formed XML with failures above the threshold and skips below it")
    func junit() throws {
        let xml = ReportFormat.junit.render(Self.result, options: ReportOptions(failOn: .high))
        let document = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(document.rootElement())
        let failing = Self.result.failing(at: .high).count
        #expect(root.attribute(forName: "failures")?.stringValue == String(failing))
        #expect(try document.nodes(forXPath: "//failure").count == failing)
        #expect(try document.nodes(forXPath: "//skipped").count == Self.result.findings.count - failing)
        let suites = try document.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == Self.result.rules.count)
    }

    @Test("Markdown is a pull-request comment: verdict, tables by attack pattern, fixes")
    func markdown() {
        let md = ReportFormat.markdown.render(Self.result, options: ReportOptions())
        #expect(md.hasPrefix("## Palisade: \(Self.result.findings.count) findings"))
        #expect(md.contains("**Failing:**"))
        #expect(md.contains("### Lateral movement"))
        #expect(md.contains("| critical | `k8s-privileged-container` |"))
        #expect(md.contains("<summary>How to fix</summary>"))
        var scanned = ScanResult()
        scanned.statistics.objects = 1
        let clean = ReportFormat.markdown.render(scanned, options: ReportOptions())
        #expect(clean.contains("**Passing:**"))
        // A scan that read nothing is never passing (ConfigCLITests checks it through the binary).
        #expect(ReportFormat.markdown.render(ScanResult(), options: ReportOptions()).contains("**Nothing scanned:**"))
    }

    @Test("Text groups by attack pattern, gives a fix per finding, and is plain unless colour is asked for")
    func text() {
        let plain = ReportFormat.text.render(Self.result, options: ReportOptions())
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("Lateral movement ("))
        #expect(plain.components(separatedBy: "fix: ").count - 1 == Self.result.findings.count)
        #expect(plain.contains("Failing: "))
        let coloured = ReportFormat.text.render(Self.result, options: ReportOptions(colour: true))
        #expect(coloured.contains("\u{1B}["))
    }

    @Test("Output is deterministic: one worker or two, byte-identical JSON and SARIF")
    func deterministic() {
        let serial = Support.scan([Self.estate], jobs: 1)
        let parallel = Support.scan([Self.estate], jobs: 2)
        for format in [ReportFormat.json, .sarif, .junit, .markdown, .text] {
            #expect(format.render(serial, options: ReportOptions()) == format.render(parallel, options: ReportOptions()))
        }
    }

    @Test("Fingerprints survive edits above the finding; positions follow them")
    func fingerprintStability() throws {
        let yaml = HostileInputTests.privilegedPod
        let shifted = "# a comment\n# another\n" + yaml
        let scanner = Scanner()
        let before = Support.objects(yaml).flatMap(scanner.evaluate)
        let after = Support.objects(shifted).flatMap(scanner.evaluate)
        #expect(!before.isEmpty)
        #expect(before.map(\.fingerprint) == after.map(\.fingerprint))
        #expect(before.map { $0.location.range.start.line + 2 } == after.map(\.location.range.start.line))
        // A different container is a different finding; pod-level findings (the pod's service
        // account) are about the pod and keep their fingerprint.
        let renamed = Support.objects(yaml.replacingOccurrences(of: "name: c", with: "name: d")).flatMap(scanner.evaluate)
        let perContainer = { (findings: [Finding]) in findings.filter { $0.path.contains(".containers[") } }
        #expect(!perContainer(before).isEmpty)
        #expect(Set(perContainer(renamed).map(\.fingerprint)).isDisjoint(with: perContainer(before).map(\.fingerprint)))
    }
}

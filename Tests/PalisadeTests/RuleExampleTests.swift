import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeReport
import PalisadeRules
import Testing

/// One example of one rule, as a test case.
struct RuleExample: Sendable, CustomTestStringConvertible {
    /// An object rule runs on each object of the example; an estate rule on all of them joined.
    enum Rule: Sendable {
        case object(any KubernetesRule)
        case estate(any EstateRule)
        /// A Dockerfile rule: each example is one Dockerfile.
        case dockerfile(any DockerfileRule)
        /// A cloud rule: each example is one Terraform module of one file, or a CloudFormation template.
        case cloud(any CloudRule)
        /// A workflow rule: each example is one GitHub Actions workflow.
        case workflow(any WorkflowRule)
        /// A GitLab CI rule: each example is one `.gitlab-ci.yml`.
        case gitlab(any GitLabRule)
        /// A secret rule: each example is the text of one file.
        case secret(SecretRule)

        var description: RuleDescription {
            switch self {
            case .object(let rule): rule.description
            case .estate(let rule): rule.description
            case .dockerfile(let rule): rule.description
            case .cloud(let rule): rule.description
            case .workflow(let rule): rule.description
            case .gitlab(let rule): rule.description
            case .secret(let rule): rule.description
            }
        }
    }

    let rule: Rule
    let text: String
    let bad: Bool
    let index: Int

    var testDescription: String { "\(rule.description.id) \(bad ? "bad" : "good") #\(index + 1)" }

    static let all: [RuleExample] = (BuiltinRules.allKubernetes.map(Rule.object) + BuiltinRules.estate.map(Rule.estate)
                                     + BuiltinRules.dockerfile.map(Rule.dockerfile) + BuiltinRules.cloud.map(Rule.cloud)
                                     + BuiltinRules.workflow.map(Rule.workflow) + BuiltinRules.gitlab.map(Rule.gitlab)
                                     + BuiltinRules.secrets.map(Rule.secret)).flatMap { rule in
        rule.description.goodExamples.enumerated().map { RuleExample(rule: rule, text: $1, bad: false, index: $0) }
            + rule.description.badExamples.enumerated().map { RuleExample(rule: rule, text: $1, bad: true, index: $0) }
    }

    /// The findings the rule reports on the example.
    func findings(_ text: String) -> [Finding] {
        var options = ScanOptions()
        options.settings = .examples
        if case .secret(let rule) = rule {
            return SecretScan([rule]).findings(in: Array(text.utf8), on: SecretScan.reference(file: "example.txt", projectPath: "example.txt")).findings
        }
        if case .dockerfile(let rule) = rule {
            let dockerfile = Support.dockerfile(text)
            return Scanner(options: options, rules: [], estateRules: [], dockerfileRules: [rule]).evaluate(dockerfile)
        }
        if case .cloud(let rule) = rule {
            let model = Support.cloudModel(text)
            #expect(!model.resources.isEmpty, "example holds no cloud resource")
            return Scanner(options: options, rules: [], estateRules: [], dockerfileRules: [], cloudRules: [rule]).evaluate(model)
        }
        if case .workflow(let rule) = rule {
            let workflow = Support.workflow(text)
            return Scanner(options: options, rules: [], estateRules: [], dockerfileRules: [], workflowRules: [rule]).evaluate(workflow)
        }
        if case .gitlab(let rule) = rule {
            let pipeline = Support.gitlab(text)
            return Scanner(options: options, rules: [], estateRules: [], dockerfileRules: [], workflowRules: [], gitlabRules: [rule]).evaluate(pipeline)
        }
        let objects = Support.objects(text)
        #expect(!objects.isEmpty, "example holds no Kubernetes object")
        switch rule {
        case .object(let rule):
            let scanner = Scanner(options: options, rules: [rule], estateRules: [])
            return objects.flatMap { scanner.evaluate($0) }
        case .estate(let rule):
            var facts = EstateFacts()
            objects.forEach { facts.extract($0) }
            return Scanner(options: options, rules: [], estateRules: [rule]).evaluate(Estate(facts))
        case .dockerfile, .cloud, .workflow, .gitlab, .secret:
            return []
        }
    }

    /// The example without markers, and the positions the markers stood at.
    var stripped: (text: String, positions: [SourcePosition]) {
        var positions: [SourcePosition] = []
        var lines: [String] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var clean = ""
            var column = 1
            for character in line {
                if character == RuleDescription.marker {
                    positions.append(SourcePosition(line: lineIndex + 1, column: column))
                } else {
                    clean.append(character)
                    column += character.unicodeScalars.count
                }
            }
            lines.append(clean)
        }
        return (lines.joined(separator: "\n"), positions)
    }
}

@Suite("Rule examples")
struct RuleExampleTests {
    @Test("Every example reports exactly at its markers", arguments: RuleExample.all)
    func example(_ example: RuleExample) {
        let (text, expected) = example.stripped
        let findings = example.findings(text)
        let actual = findings.map(\.location.range.start).sorted()
        if example.bad {
            #expect(!expected.isEmpty, "a bad example needs at least one \(RuleDescription.marker) marker")
        } else {
            #expect(expected.isEmpty, "a good example has no markers")
        }
        #expect(actual == expected.sorted(), "findings: \(findings.map { "\($0.location.range.start.line):\($0.location.range.start.column) \($0.message)" })")
        for finding in findings {
            #expect(finding.ruleId == example.rule.description.id)
            #expect(finding.location.range.end > finding.location.range.start)
        }
    }

    @Test("Every rule has good and bad examples, complete metadata and a unique kebab-case id")
    func metadata() {
        var ids = Set<String>()
        for rule in BuiltinRules.descriptions {
            #expect(ids.insert(rule.id).inserted, "duplicate id \(rule.id)")
            #expect(rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(rule.id) is not kebab-case")
            switch rule.input {
            case .kubernetes: #expect(rule.id.hasPrefix("k8s-"))
            case .dockerfile: #expect(rule.id.hasPrefix("docker-"))
            case .cloud: #expect(["cloud-", "aws-", "gcp-", "azure-"].contains { rule.id.hasPrefix($0) }, "\(rule.id) needs a cloud prefix")
            case .workflow: #expect(rule.id.hasPrefix("gha-"))
            case .gitlabCI: #expect(rule.id.hasPrefix("gitlab-"))
            case .text: #expect(rule.id.hasPrefix("secret-"))
            }
            #expect(!rule.goodExamples.isEmpty && !rule.badExamples.isEmpty, "\(rule.id) needs good and bad examples")
            #expect(!rule.title.isEmpty && !rule.rationale.isEmpty && !rule.remediation.isEmpty)
            #expect(!rule.controls.isEmpty && !rule.references.isEmpty && !rule.appliesTo.isEmpty)
        }
        #expect(ids.count >= 8)
    }

    @Test("Generated rule docs in docs/rules are up to date (regenerate: swift run palisade rules --write-docs docs/rules)")
    func docsAreFresh() throws {
        let dir = Support.root.appendingPathComponent("docs/rules")
        for (name, text) in RuleDocumentation.files(BuiltinRules.descriptions) {
            let onDisk = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            #expect(onDisk == text, "docs/rules/\(name) is stale or missing")
        }
        let present = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".md") }
        let expected = Set(RuleDocumentation.files(BuiltinRules.descriptions).map(\.name))
        #expect(Set(present) == expected, "docs/rules has pages for rules that do not exist")
    }
}

@Suite("Cloud rule examples in every input form")
struct CloudExampleFormTests {
    /// AWS and provider-neutral rules whose misconfiguration CloudFormation cannot express, and why.
    static let terraformOnly: [String: String] = [
        "cloud-provider-hardcoded-credentials": "provider blocks are Terraform's",
        "cloud-database-firewall-open": "Cloud SQL and Azure SQL firewalls only",
        "aws-iam-password-policy-weak": "CloudFormation has no account password policy resource",
        "aws-ebs-default-encryption-disabled": "CloudFormation has no EBS encryption-by-default resource",
        "aws-default-security-group-allows-traffic": "CloudFormation cannot manage a VPC's default security group",
        "aws-snapshot-public": "CloudFormation has no snapshot-sharing or AMI launch-permission resource",
    ]

    @Test("Every AWS and provider-neutral cloud rule has good and bad examples as HCL and as CloudFormation")
    func bothForms() {
        var missing: [String] = []
        for rule in BuiltinRules.cloud {
            let d = rule.description
            guard !d.id.hasPrefix("gcp-") && !d.id.hasPrefix("azure-") else { continue }
            let cfn = RuleInput.isCloudFormationExample
            let forms = (
                hclGood: d.goodExamples.contains { !cfn($0) }, hclBad: d.badExamples.contains { !cfn($0) },
                cfnGood: d.goodExamples.contains(where: cfn), cfnBad: d.badExamples.contains(where: cfn)
            )
            #expect(forms.hclGood && forms.hclBad, "\(d.id) needs HCL examples")
            if let reason = Self.terraformOnly[d.id] {
                #expect(!forms.cfnBad, "\(d.id) is listed as Terraform-only (\(reason)) but has CloudFormation examples")
            } else if !(forms.cfnGood && forms.cfnBad) {
                missing.append(d.id)
            }
        }
        #expect(missing.isEmpty, "no CloudFormation good and bad examples: \(missing.joined(separator: " "))")
    }
}

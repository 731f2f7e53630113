import Foundation
import PalisadeCore
@testable import PalisadeEngine
import Testing

/// One secret, one finding: a `secret-*` detector's finding that a format rule's finding already
/// stands for (same file, overlapping range) is merged into it (`SecretOverlap`).
@Suite("Secret overlap")
struct SecretOverlapTests {
    static let stripe = "sk_live_51HxQ2eR4nd0mK3yZ9aBcDeF"
    static let gitlab = "glpat-Xa9fk2LmQ8vR3tYw7ZpB"
    static let github = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"

    static func scanTree(_ files: [String: String]) throws -> ScanResult {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try Support.write(text, to: dir.appendingPathComponent(name)) }
        var result = Support.scan([dir.path])
        // Findings by file name relative to the folder, for the summaries below.
        result.findings = result.findings.filter { !$0.location.file.isEmpty }
        return result
    }

    /// `file line:column rule` of every finding on a line that holds a secret.
    static func summary(_ result: ScanResult, file: String, line: Int) -> [String] {
        result.findings.filter { $0.location.file.hasSuffix("/" + file) && $0.location.range.start.line == line }
            .map { "\($0.location.range.start.line):\($0.location.range.start.column) \($0.ruleId)" }.sorted()
    }

    static func message(_ result: ScanResult, rule: String, file: String) -> String {
        result.findings.first { $0.ruleId == rule && $0.location.file.hasSuffix("/" + file) }?.message ?? "no \(rule) finding"
    }

    @Test("Each format rule that judges a literal secret absorbs the detector's finding on the same bytes, and names it")
    func pairs() throws {
        let password = Data("Xk9#mQ2$vL7pR4wZ".utf8).base64EncodedString()
        let result = try Self.scanTree([
            "Dockerfile": "FROM alpine:3.20\nENV STRIPE=\(Self.stripe)\nUSER 10001\n",
            "secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: \(password)\n",
            "pod.yaml": """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec:
                  containers:
                  - name: c
                    image: nginx:1.25
                    env:
                    - name: STRIPE_KEY
                      value: \(Self.stripe)

                """,
            ".github/workflows/ci.yml": "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      STRIPE_KEY: \(Self.stripe)\n    steps:\n      - run: make\n",
            ".gitlab-ci.yml": "variables:\n  DEPLOY_TOKEN: \"\(Self.gitlab)\"\nbuild:\n  script: [make]\n",
            "tf/main.tf": """
                provider "aws" {
                  region     = "eu-west-1"
                  access_key = "AKIAZ7Q3K8L2M4N6P9R1"
                }
                resource "aws_lambda_function" "f" {
                  function_name = "f"
                  role          = "arn:aws:iam::123456789012:role/r"
                  environment {
                    variables = {
                      STRIPE_API_KEY = "\(Self.stripe)"
                    }
                  }
                }

                """,
        ])
        #expect(Self.summary(result, file: "Dockerfile", line: 2) == ["2:12 docker-secret-in-env"])
        #expect(Self.message(result, rule: "docker-secret-in-env", file: "Dockerfile").hasSuffix(" Also detected by secret-stripe-secret-key."))
        #expect(Self.summary(result, file: "secret.yaml", line: 7) == [], "the value's detector finding is merged into the one at data:")
        #expect(Self.summary(result, file: "secret.yaml", line: 6) == ["6:1 k8s-secret-data-committed"])
        #expect(Self.message(result, rule: "k8s-secret-data-committed", file: "secret.yaml").hasSuffix(" Also detected by secret-kubernetes-secret."))
        #expect(Self.summary(result, file: "pod.yaml", line: 11) == ["11:14 k8s-env-literal-secret"])
        #expect(Self.message(result, rule: "k8s-env-literal-secret", file: "pod.yaml").contains("Also detected by secret-stripe-secret-key."))
        #expect(Self.summary(result, file: "ci.yml", line: 7) == ["7:19 gha-secret-literal"])
        #expect(Self.message(result, rule: "gha-secret-literal", file: "ci.yml").contains("Also detected by secret-stripe-secret-key."))
        #expect(Self.summary(result, file: ".gitlab-ci.yml", line: 2) == ["2:17 gitlab-secret-variable"])
        #expect(Self.message(result, rule: "gitlab-secret-variable", file: ".gitlab-ci.yml").contains("Also detected by secret-gitlab-pat."))
        #expect(Self.summary(result, file: "main.tf", line: 3) == ["3:16 cloud-provider-hardcoded-credentials"])
        #expect(Self.message(result, rule: "cloud-provider-hardcoded-credentials", file: "main.tf").contains(". Also detected by secret-"))
        #expect(Self.summary(result, file: "main.tf", line: 10) == ["10:24 aws-lambda-environment-secret"])
        #expect(Self.message(result, rule: "aws-lambda-environment-secret", file: "main.tf").contains("Also detected by secret-stripe-secret-key."))
        #expect(!result.findings.contains { $0.message.contains(Self.stripe) || $0.message.contains(Self.gitlab) })
    }

    @Test("Two different secrets on one line stay two findings; a secret the format rule did not judge is still reported")
    func precision() throws {
        let result = try Self.scanTree([
            "Dockerfile": "FROM alpine:3.20\nENV A_KEY=\(Self.stripe) B_TOKEN=\(Self.gitlab)\nUSER 10001\n",
            ".github/workflows/ci.yml": """
                on: push
                permissions: {}
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    env:
                      STRIPE_KEY: \(Self.stripe) # rotated from \(Self.gitlab)
                    steps:
                      - run: make

                """,
            // No format rule judges a README: the detector reports it.
            "README.md": "token \(Self.gitlab)\n",
        ])
        #expect(Self.summary(result, file: "Dockerfile", line: 2) == ["2:11 docker-secret-in-env", "2:52 docker-secret-in-env"])
        #expect(Self.summary(result, file: "ci.yml", line: 7) == ["7:19 gha-secret-literal", "7:67 secret-gitlab-pat"])
        #expect(Self.summary(result, file: "README.md", line: 1) == ["1:7 secret-gitlab-pat"])
    }

    @Test("The merge itself: by range, only file secrets, never history; detectors named once")
    func mergeUnit() {
        let format = RuleDescription(id: "docker-secret-in-env", title: "t", severity: .high, pattern: .credentialCompromise,
                                     controls: [.secretsManagement], rationale: "r", remediation: "m", goodExamples: [], badExamples: [],
                                     input: .dockerfile)
        let other = RuleDescription(id: "docker-sudo", title: "t", severity: .medium, pattern: .lateralMovement,
                                    controls: [.leastPrivilegeIdentity], rationale: "r", remediation: "m", goodExamples: [], badExamples: [],
                                    input: .dockerfile)
        let detector = RuleDescription(id: "secret-x", title: "t", severity: .high, pattern: .credentialCompromise,
                                       controls: [.secretsManagement], rationale: "r", remediation: "m", goodExamples: [], badExamples: [],
                                       input: .text)
        let dockerfile = ObjectRef(file: "Dockerfile", identity: ResourceIdentity(kind: "Dockerfile"))
        let file = ObjectRef(file: "Dockerfile", identity: ResourceIdentity(kind: "File", name: "Dockerfile"))
        let elsewhere = ObjectRef(file: "other/Dockerfile", identity: ResourceIdentity(kind: "File", name: "other/Dockerfile"))
        let history = ObjectRef(file: "Dockerfile", identity: ResourceIdentity(kind: "Commit", name: "abc:Dockerfile"))
        func range(_ line: Int, _ from: Int, _ to: Int) -> SourceRange {
            SourceRange(start: SourcePosition(line: line, column: from), end: SourcePosition(line: line, column: to))
        }
        func finding(_ rule: RuleDescription, _ object: ObjectRef, _ r: SourceRange, _ path: String) -> Finding {
            Finding(rule: rule, message: "m.", object: object, range: r, path: path)
        }
        var findings = [
            finding(format, dockerfile, range(2, 10, 30), "ENV[A]"),
            finding(other, dockerfile, range(2, 1, 80), "RUN[sudo]"),
            finding(detector, file, range(2, 12, 28), "value[1]"),  // inside ENV[A]: merged
            finding(detector, file, range(2, 14, 20), "value[2]"),  // the same detector again: named once
            finding(detector, file, range(2, 30, 40), "value[3]"),  // starts where ENV[A] ends: kept
            finding(detector, elsewhere, range(2, 12, 28), "value[4]"),  // another file: kept
            finding(detector, history, range(2, 12, 28), "value[5]"),  // a commit: kept
        ]
        SecretOverlap.merge(&findings)
        #expect(findings.map(\.path) == ["ENV[A]", "RUN[sudo]", "value[3]", "value[4]", "value[5]"])
        #expect(findings[0].message == "m. Also detected by secret-x.")
        #expect(findings[1].message == "m.", "a rule that judges no secret value absorbs nothing, even over the same bytes")
    }
}

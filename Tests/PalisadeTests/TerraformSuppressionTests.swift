import Foundation
import PalisadeCore
import PalisadeEngine
import Testing

/// `# palisade:ignore` (and `//`) comments in Terraform, as in YAML.
@Suite("Terraform suppression comments")
struct TerraformSuppressionTests {
    func scan(_ text: String) throws -> ScanResult {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write(text, to: dir.appendingPathComponent("main.tf"))
        return Support.scan([dir.path]) { $0.root = dir.path }
    }

    @Test("A comment above a resource covers the resource; a trailing comment covers its line; `//` works too")
    func placement() throws {
        let result = try scan("""
            # palisade:ignore aws-kms-key-rotation-disabled rotated by the key ceremony runbook
            resource "aws_kms_key" "a" {}

            resource "aws_kms_key" "b" {}

            resource "aws_db_instance" "db" {
              engine              = "postgres"
              storage_encrypted   = true
              publicly_accessible = true // palisade:ignore cloud-database-public behind an allow-list, ticket SEC-12
            }
            """)
        let rotation = result.findings.filter { $0.ruleId == "aws-kms-key-rotation-disabled" }
        #expect(rotation.map { $0.suppression != nil } == [true, false])
        #expect(rotation.first?.suppression?.kind == .comment)
        let public_ = result.findings.filter { $0.ruleId == "cloud-database-public" }
        #expect(public_.count == 1 && public_.first?.suppression?.reason == "behind an allow-list, ticket SEC-12")
    }

    @Test("A comment above an attribute covers only that attribute")
    func attribute() throws {
        let result = try scan("""
            resource "aws_cloudtrail" "t" {
              name = "t"
              # palisade:ignore aws-cloudtrail-incomplete validation is done by the log archive account
              enable_log_file_validation = false
            }
            """)
        let trail = result.findings.filter { $0.ruleId == "aws-cloudtrail-incomplete" }
        #expect(trail.count == 2)
        #expect(trail.filter { $0.suppression != nil }.map(\.path) == ["enable_log_file_validation"])
    }

    @Test("A comment that covers nothing, or gives no reason, is a warning; a marker inside a string is not a comment")
    func hygiene() throws {
        let result = try scan("""
            resource "aws_kms_key" "k" {
              description = "# palisade:ignore aws-kms-key-rotation-disabled not a comment"
            }
            # palisade:ignore aws-kms-key-rotation-disabled
            resource "aws_kms_key" "j" {}
            # palisade:ignore cloud-database-public nothing below this
            """)
        #expect(result.findings.filter { $0.ruleId == "aws-kms-key-rotation-disabled" }.allSatisfy { $0.suppression == nil })
        #expect(result.diagnostics.contains { $0.code == "invalid-suppression" && $0.position?.line == 4 })
        #expect(result.diagnostics.contains { $0.code == "unused-suppression" && $0.position?.line == 6 })
    }
}

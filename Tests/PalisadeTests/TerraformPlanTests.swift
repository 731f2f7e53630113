import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import Testing

/// `terraform show -json` plans: resolved values, the same adapter and rules as HCL.
@Suite("Terraform plan JSON")
struct TerraformPlanTests {
    static let plan = """
        {"format_version":"1.2","terraform_version":"1.9.5",
         "planned_values":{"root_module":{
          "resources":[
           {"address":"aws_s3_bucket.data","mode":"managed","type":"aws_s3_bucket","name":"data",
            "values":{"bucket":"acme-data","acl":"public-read","force_destroy":false}},
           {"address":"aws_s3_bucket_versioning.data","mode":"managed","type":"aws_s3_bucket_versioning","name":"data",
            "values":{"versioning_configuration":[{"status":"Enabled","mfa_delete":null}]}},
           {"address":"aws_security_group.ssh","mode":"managed","type":"aws_security_group","name":"ssh",
            "values":{"name":"ssh","ingress":[{"from_port":22,"to_port":22,"protocol":"tcp","cidr_blocks":["0.0.0.0/0"]}]}}
          ],
          "child_modules":[{"address":"module.db","resources":[
           {"address":"module.db.aws_db_instance.this[0]","mode":"managed","type":"aws_db_instance","name":"this","index":0,
            "values":{"engine":"postgres","publicly_accessible":true,"storage_encrypted":true,"deletion_protection":true}}
          ]}]
         }},
         "configuration":{"root_module":{"resources":[
           {"address":"aws_s3_bucket_versioning.data","mode":"managed","type":"aws_s3_bucket_versioning","name":"data",
            "expressions":{"bucket":{"references":["aws_s3_bucket.data.id","aws_s3_bucket.data"]}}}
         ]}}
        }
        """

    static let hcl = """
        resource "aws_s3_bucket" "data" {
          bucket = "acme-data"
          acl    = "public-read"
        }
        resource "aws_s3_bucket_versioning" "data" {
          bucket = aws_s3_bucket.data.id
          versioning_configuration {
            status = "Enabled"
          }
        }
        resource "aws_security_group" "ssh" {
          name = "ssh"
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        module "db" {
          source = "./db"
        }
        """

    static let module = """
        resource "aws_db_instance" "this" {
          count               = 1
          engine              = "postgres"
          publicly_accessible = true
          storage_encrypted   = true
          deletion_protection = true
        }
        """

    func scan(_ files: [String: String]) throws -> ScanResult {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try Support.write(text, to: dir.appendingPathComponent(name)) }
        return Support.scan([dir.path]) { $0.root = dir.path }
    }

    @Test("A plan is read by content; its resources and child modules are judged; findings point into the plan")
    func plan() throws {
        let result = try scan(["plan.json": Self.plan])
        #expect(result.inputErrors.isEmpty)
        let found = result.findings.map { "\($0.ruleId) \($0.object.identity.name ?? "") \($0.range.start.line)" }.sorted()
        #expect(found == [
            "aws-rds-iam-auth-disabled module.db.aws_db_instance.this[0] 12",
            "aws-s3-bucket-allows-http aws_s3_bucket.data 4",
            "cloud-bucket-access-logging-disabled aws_s3_bucket.data 4",
            "cloud-bucket-public-acl aws_s3_bucket.data 5",
            "cloud-database-public module.db.aws_db_instance.this[0] 13",
            "cloud-firewall-open-admin-port aws_security_group.ssh 9",
        ])
        #expect(result.findings.allSatisfy { $0.object.identity.apiVersion == "terraform-plan" })
    }

    @Test("The same misconfiguration as HCL and as a plan gives the same rules and paths")
    func equivalence() throws {
        let plan = try scan(["plan.json": Self.plan]).findings
        let hcl = try scan(["main.tf": Self.hcl, "db/main.tf": Self.module]).findings
        func said(_ findings: [Finding]) -> [String] { findings.map { "\($0.ruleId) \($0.severity) \($0.object.identity.name ?? "") \($0.path)" }.sorted() }
        #expect(said(plan) == said(hcl))
        #expect(!plan.isEmpty)
    }

    @Test("JSON that is not a plan stays a manifest; a plan that does not parse is an input error")
    func detection() throws {
        #expect(!TerraformPlanLoader.mayBePlan(Array(#"{"apiVersion":"v1","kind":"ConfigMap"}"#.utf8)))
        #expect(TerraformPlanLoader.mayBePlan(Array(#"  {"format_version":"1.2","terraform_version":"1.9.5"}"#.utf8)))
        let notPlan = try scan(["state.json": #"{"format_version":"1.0","terraform_version":"1.9.5","values":{}}"#])
        #expect(notPlan.findings.isEmpty && notPlan.inputErrors.isEmpty)
        let broken = try scan(["plan.json": #"{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{"root_module":{"#])
        #expect(broken.inputErrors.count == 1)
    }
}

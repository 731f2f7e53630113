import Foundation
import PalisadeCore
import PalisadeEngine
@testable import PalisadeLoaders
import Testing

/// What the Terraform loader computes before deployment, and what it leaves unknown.
@Suite("Terraform evaluation")
struct TerraformEvaluationTests {
    /// The evaluated resources of a one-file module, by address.
    func resources(_ text: String) -> [String: CloudResource] {
        Dictionary(Support.cloudModel(text).resources.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// A module folder of several files, scanned whole.
    func scan(_ files: [String: String]) throws -> ScanResult {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try Support.write(text, to: dir.appendingPathComponent(name)) }
        return Support.scan([dir.path]) { $0.root = dir.path }
    }

    @Test("Variables: a .tfvars value wins over the default, *.auto.tfvars after terraform.tfvars, names sorted")
    func variables() throws {
        let result = try scan([
            "main.tf": """
                variable "acl" { default = "private" }
                variable "retention" { default = 365 }
                resource "aws_s3_bucket" "b" {
                  bucket = "b"
                  acl    = var.acl
                }
                resource "aws_cloudwatch_log_group" "g" {
                  retention_in_days = var.retention
                }
                """,
            "terraform.tfvars": "acl = \"public-read\"\nretention = 30\n",
            "b.auto.tfvars": "retention = 7\n",
            "a.auto.tfvars": "retention = 14\n",
            "other.tfvars": "acl = \"private\"\n",
        ])
        let acl = result.findings.filter { $0.ruleId == "cloud-bucket-public-acl" }
        #expect(acl.map(\.object.file).map { $0.hasSuffix("terraform.tfvars") } == [true], "the finding points at the tfvars line")
        #expect(acl.first?.range.start == SourcePosition(line: 1, column: 7))
        let retention = result.findings.filter { $0.ruleId == "cloud-log-retention-short" }
        #expect(retention.map(\.message) == ["log group aws_cloudwatch_log_group.g keeps logs for 7 days only"])
    }

    @Test("*.tf.json is read like native syntax, in the same module as .tf files; templates in its strings are evaluated")
    func jsonSyntax() throws {
        let result = try scan([
            "main.tf.json": """
                {
                  "//": "generated",
                  "variable": { "acl": { "default": "public-read" } },
                  "locals": { "prefix": "acme" },
                  "resource": {
                    "aws_s3_bucket": {
                      "assets": { "bucket": "${local.prefix}-assets", "acl": "${var.acl}" }
                    },
                    "aws_security_group": {
                      "web": { "ingress": [{ "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"] }] }
                    }
                  }
                }
                """,
            "versioning.tf": """
                resource "aws_s3_bucket_versioning" "assets" {
                  bucket = aws_s3_bucket.assets.id
                  versioning_configuration {
                    status = "Enabled"
                  }
                }
                """,
            "terraform.tfvars.json": #"{ "unused": 1 }"#,
        ])
        let acl = result.findings.filter { $0.ruleId == "cloud-bucket-public-acl" }
        #expect(acl.map(\.message) == ["bucket acme-assets is opened to everyone by 'public-read'"])
        #expect(acl.first?.range.start == SourcePosition(line: 3, column: 37))
        #expect(result.findings.filter { $0.ruleId == "cloud-firewall-open-admin-port" }.count == 1)
        #expect(result.findings.filter { $0.ruleId == "cloud-bucket-versioning-disabled" }.isEmpty, "the .tf file's versioning joins the JSON bucket")
        let broken = try scan(["main.tf.json": "{ \"resource\": [1, 2"])
        #expect(broken.diagnostics.contains { $0.file.hasSuffix("main.tf.json") && $0.level == .error })
    }

    @Test("Locals, conditionals and functions are computed")
    func functions() {
        let r = resources("""
            locals {
              env    = "prod"
              tags   = merge({ a = "1" }, { b = "2" }, { a = "3" })
              cidrs  = concat(["10.0.0.0/8"], [cidrsubnet("10.1.0.0/16", 8, 2)])
              name   = format("%s-%s-%d", "acme", local.env, 7)
              joined = join(",", split("-", "a-b-c"))
              looked = lookup({ x = "y" }, "z", "fallback")
              first  = try(var.missing.attr, "second")
              pick   = local.env == "prod" ? upper("yes") : "no"
              each   = [for s in ["a", "b"] : "${s}!" if s != "b"]
              obj    = { for k, v in { p = 1, q = 2 } : k => v * 10 }
              policy = jsonencode({ Statement = [{ Effect = "Allow" }] })
            }
            resource "null_resource" "r" {
              tags   = local.tags
              cidrs  = local.cidrs
              name   = local.name
              joined = local.joined
              looked = local.looked
              first  = local.first
              pick   = local.pick
              each   = local.each
              obj    = local.obj
              policy = local.policy
            }
            """)
        let a = r["null_resource.r"]!.attributes
        #expect(a["tags"]?.jsonText == #"{"a":"3","b":"2"}"#)
        #expect(a["cidrs"]?.jsonText == #"["10.0.0.0/8","10.1.2.0/24"]"#)
        #expect(a["name"]?.string == "acme-prod-7")
        #expect(a["joined"]?.string == "a,b,c")
        #expect(a["looked"]?.string == "fallback")
        #expect(a["first"]?.string == "second")
        #expect(a["pick"]?.string == "YES")
        #expect(a["each"]?.jsonText == #"["a!"]"#)
        #expect(a["obj"]?.jsonText == #"{"p":10,"q":20}"#)
        #expect(a["policy"]?.string == #"{"Statement":[{"Effect":"Allow"}]}"#)
        #expect(a["policy"]?.document["Statement"]?.list?.first?["Effect"]?.string == "Allow")
    }

    @Test("count and for_each make one resource per instance; count = 0 makes none; an unknown count makes one")
    func instances() {
        let r = resources("""
            variable "enabled" { default = false }
            variable "unknown" {}
            resource "aws_ebs_volume" "two" {
              count     = 2
              encrypted = count.index == 0
            }
            resource "aws_ebs_volume" "none" {
              count = var.enabled ? 1 : 0
            }
            resource "aws_ebs_volume" "maybe" {
              count = var.unknown
            }
            resource "aws_ebs_volume" "keyed" {
              for_each  = { a = true, b = false }
              encrypted = each.value
              tags      = { Name = each.key }
            }
            """)
        #expect(Set(r.keys) == ["aws_ebs_volume.two[0]", "aws_ebs_volume.two[1]", "aws_ebs_volume.maybe[*]",
                                "aws_ebs_volume.keyed[\"a\"]", "aws_ebs_volume.keyed[\"b\"]"])
        #expect(r["aws_ebs_volume.two[0]"]?["encrypted"]?.bool == true)
        #expect(r["aws_ebs_volume.two[1]"]?["encrypted"]?.bool == false)
        #expect(r["aws_ebs_volume.keyed[\"b\"]"]?["tags"]?["Name"]?.string == "b")
    }

    @Test("A count of a million is capped, not expanded")
    func hugeCount() {
        let r = resources("resource \"aws_ebs_volume\" \"v\" {\n  count = 1000000\n}\n")
        #expect(r.count == 256)
    }

    @Test("dynamic blocks expand over their collection, with the iterator named by the label or `iterator`")
    func dynamicBlocks() {
        let r = resources("""
            resource "aws_security_group" "sg" {
              dynamic "ingress" {
                for_each = [22, 443]
                content {
                  from_port = ingress.value
                  to_port   = ingress.value
                }
              }
              dynamic "egress" {
                for_each = { a = 1 }
                iterator = rule
                content {
                  from_port = rule.value
                  note      = rule.key
                }
              }
            }
            """)
        let sg = r["aws_security_group.sg"]!.attributes
        #expect(sg.blocks("ingress").compactMap { $0["from_port"]?.int } == [22, 443])
        #expect(sg.blocks("egress").first?["note"]?.string == "a")
    }

    @Test("What needs a deployment stays unknown and is never reported")
    func unknownsAreSilent() {
        let model = Support.cloudModel("""
            variable "public" {}
            data "aws_ssm_parameter" "p" { name = "x" }
            resource "aws_db_instance" "db" {
              engine              = "postgres"
              publicly_accessible = var.public
              storage_encrypted   = data.aws_ssm_parameter.p.value == "yes"
              backup_retention_period = var.public ? 0 : 7
            }
            resource "aws_security_group" "sg" {
              ingress {
                from_port   = 22
                to_port     = 22
                protocol    = "tcp"
                cidr_blocks = [var.public]
              }
            }
            """)
        let findings = Scanner().evaluate(model)
        #expect(findings.map(\.ruleId).filter { ["cloud-database-public", "cloud-database-no-backups", "cloud-firewall-open-admin-port", "cloud-database-unencrypted"].contains($0) } == [])
        #expect(model.databases.first?.publiclyAccessible == nil)
    }

    @Test("A reference cycle between locals degrades to unknown, never a hang or a crash")
    func cycles() {
        let r = resources("""
            locals {
              a = local.b
              b = local.a
              c = "${local.c}x"
            }
            resource "null_resource" "r" {
              a = local.a
              c = local.c
            }
            """)
        #expect(r["null_resource.r"]?["a"]?.isKnown == false)
        #expect(r["null_resource.r"]?["c"]?.isKnown == false)
    }

    @Test("References to other resources: literal attributes are read through, computed ones are references")
    func references() {
        let r = resources("""
            resource "aws_s3_bucket" "b" {
              bucket = "acme"
            }
            resource "null_resource" "r" {
              name = aws_s3_bucket.b.bucket
              id   = aws_s3_bucket.b.id
            }
            """)
        #expect(r["null_resource.r"]?["name"]?.string == "acme")
        guard case .reference(let address, let attribute)? = r["null_resource.r"]?["id"]?.kind else {
            Issue.record("expected a reference")
            return
        }
        #expect(address == "aws_s3_bucket.b" && attribute == "id")
    }

    @Test("Local modules are evaluated with their inputs, once per call, addresses prefixed; outputs flow back")
    func modules() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("""
            variable "name" {}
            variable "public" { default = false }
            resource "aws_s3_bucket" "this" {
              bucket = var.name
              acl    = var.public ? "public-read" : "private"
            }
            output "name" { value = aws_s3_bucket.this.bucket }
            """, to: dir.appendingPathComponent("modules/bucket/main.tf"))
        try Support.write("""
            module "logs" {
              source = "../../modules/bucket"
              name   = "acme-logs"
            }
            module "site" {
              source = "../../modules/bucket"
              name   = "acme-site"
              public = true
            }
            resource "aws_s3_bucket_versioning" "v" {
              bucket = module.site.name
              versioning_configuration {
                status = "Suspended"
              }
            }
            module "vpc" {
              source  = "terraform-aws-modules/vpc/aws"
              version = "5.0.0"
            }
            """, to: dir.appendingPathComponent("envs/prod/main.tf"))
        // Only the root is scanned: the module is read from disk.
        let result = Support.scan([dir.appendingPathComponent("envs/prod").path]) { $0.root = dir.path }
        let acl = result.findings.filter { $0.ruleId == "cloud-bucket-public-acl" }
        #expect(acl.map(\.object.identity.name) == ["module.site.aws_s3_bucket.this"])
        #expect(acl.first?.object.projectPath == "modules/bucket/main.tf")
        let versioning = result.findings.filter { $0.ruleId == "cloud-bucket-versioning-disabled" }.map(\.message).sorted()
        #expect(versioning == ["bucket acme-logs has no versioning", "versioning of bucket acme-site is off"])
        let notes = result.diagnostics.filter { $0.code == "terraform-remote-module" }
        #expect(notes.count == 1 && notes.first?.position?.line == 16)
    }

    @Test("Modules that call each other end at the depth limit")
    func moduleCycle() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("module \"b\" {\n  source = \"../b\"\n}\nresource \"aws_ebs_volume\" \"v\" {}\n", to: dir.appendingPathComponent("a/main.tf"))
        try Support.write("module \"a\" {\n  source = \"../a\"\n}\n", to: dir.appendingPathComponent("b/main.tf"))
        let result = Support.scan([dir.appendingPathComponent("a").path]) { $0.root = dir.path }
        #expect(result.findings.contains { $0.ruleId == "cloud-volume-unencrypted" })
    }

    @Test("A syntax error is an input error with its position; the module's other files and the tree still scan")
    func syntaxErrors() throws {
        let result = try scan([
            "broken.tf": "resource \"aws_instance\" \"x\" {\n  ami = \n}\n",
            "main.tf": "resource \"aws_ebs_volume\" \"v\" {\n  size = 1\n}\n",
            "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n",
        ])
        let error = result.diagnostics.first { $0.code == "hcl-syntax" }
        #expect(error?.file.hasSuffix("broken.tf") == true && error?.position?.line == 2)
        #expect(result.findings.contains { $0.ruleId == "cloud-volume-unencrypted" })
        #expect(result.findings.contains { $0.ruleId.hasPrefix("k8s-") })
    }

    @Test("Deeply nested and binary input is an error, never a crash")
    func hostile() throws {
        let deep = "locals {\n  x = " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n}\n"
        let result = try scan(["deep.tf": deep, "bin.tf": "\u{0}\u{1}binary", "ok.tf": "resource \"aws_kms_key\" \"k\" {}\n"])
        #expect(result.diagnostics.contains { $0.code == "hcl-syntax" && $0.file.hasSuffix("deep.tf") })
        #expect(result.diagnostics.contains { $0.code == "binary-file" && $0.file.hasSuffix("bin.tf") })
        #expect(result.findings.contains { $0.ruleId == "aws-kms-key-rotation-disabled" })
    }

    @Test("Fingerprints do not depend on lines: an edit above a resource keeps them")
    func fingerprints() throws {
        let text = "resource \"aws_kms_key\" \"k\" {}\n"
        let a = try scan(["main.tf": text]).findings.map(\.digest)
        let b = try scan(["main.tf": "\n\n# a comment\n" + text]).findings.map(\.digest)
        #expect(!a.isEmpty && a == b)
    }

    @Test("Module folders are normalised lexically: . and empty segments go, .. folds into the folder before it")
    func pathNormalising() {
        #expect(TerraformPaths.join("services/api", "../../modules/bucket") == "modules/bucket")
        #expect(TerraformPaths.join(".", "./modules//sg/") == "modules/sg")
        #expect(TerraformPaths.join("a", "../../x") == "../x")
        #expect(LexicalPath.normalise("../../x") == "../../x")
        #expect(LexicalPath.normalise("/srv/tf/./envs/../modules") == "/srv/tf/modules")
        #expect(LexicalPath.normalise("/") == "/")
        #expect(LexicalPath.normalise("a/..") == ".")
        #expect(LexicalPath.normalise("") == ".")
        #expect(LexicalPath.normalise("модули/../ünïcode/x") == "ünïcode/x")
        #expect(TerraformPaths.folder(of: "envs/prod/main.tf") == "envs/prod")
        #expect(TerraformPaths.folder(of: "main.tf") == ".")
    }
}

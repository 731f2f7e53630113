import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import Testing

/// Resources Terraform splits across blocks are joined before any rule runs: a setting declared in
/// a separate resource is never mistaken for a missing one (the established scanners' most common
/// false positive), and a bad setting there is reported at its own line.
@Suite("Cloud model joins")
struct CloudJoinTests {
    func findings(_ text: String, rule: String) -> [Finding] {
        Scanner().evaluate(Support.cloudModel(text)).filter { $0.ruleId == rule }
    }

    static let bucket = """
        resource "aws_s3_bucket" "data" {
          bucket = "acme-data"
        }

        """

    @Test("Versioning in aws_s3_bucket_versioning joins by reference and by name; a bucket without it is reported once",
          arguments: ["aws_s3_bucket.data.id", "aws_s3_bucket.data.bucket", "\"acme-data\"", "aws_s3_bucket.data.arn"])
    func versioning(_ target: String) {
        let text = Self.bucket + """
            resource "aws_s3_bucket_versioning" "v" {
              bucket = \(target)
              versioning_configuration {
                status = "Enabled"
              }
            }
            """
        #expect(findings(text, rule: "cloud-bucket-versioning-disabled").isEmpty)
        #expect(findings(Self.bucket, rule: "cloud-bucket-versioning-disabled").count == 1)
    }

    @Test("Versioning of another bucket does not count")
    func versioningElsewhere() {
        let text = Self.bucket + """
            resource "aws_s3_bucket_versioning" "v" {
              bucket = "other-bucket"
              versioning_configuration {
                status = "Enabled"
              }
            }
            """
        #expect(findings(text, rule: "cloud-bucket-versioning-disabled").count == 1)
    }

    @Test("A public ACL in aws_s3_bucket_acl is reported at its line; a separate public-access block that ignores ACLs neutralises it")
    func aclAndBlock() {
        let acl = Self.bucket + """
            resource "aws_s3_bucket_acl" "a" {
              bucket = aws_s3_bucket.data.id
              acl    = "public-read"
            }

            """
        let found = findings(acl, rule: "cloud-bucket-public-acl")
        #expect(found.map(\.range.start) == [SourcePosition(line: 6, column: 12)])
        #expect(found.first?.object.identity.kind == "aws_s3_bucket_acl")
        let blocked = acl + """
            resource "aws_s3_bucket_public_access_block" "b" {
              bucket             = aws_s3_bucket.data.id
              ignore_public_acls = true
            }
            """
        #expect(findings(blocked, rule: "cloud-bucket-public-acl").isEmpty)
        let account = acl + """
            resource "aws_s3_account_public_access_block" "account" {
              ignore_public_acls      = true
              restrict_public_buckets = true
            }
            """
        #expect(findings(account, rule: "cloud-bucket-public-acl").isEmpty)
    }

    @Test("A bucket policy in aws_s3_bucket_policy joins its bucket; restrict_public_buckets neutralises it")
    func policy() {
        let text = Self.bucket + """
            resource "aws_s3_bucket_policy" "p" {
              bucket = aws_s3_bucket.data.id
              policy = jsonencode({
                Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-data/*" }]
              })
            }

            """
        #expect(findings(text, rule: "cloud-bucket-public-policy").map(\.range.start.line) == [7])
        let blocked = text + """
            resource "aws_s3_bucket_public_access_block" "b" {
              bucket                  = "acme-data"
              restrict_public_buckets = true
            }
            """
        #expect(findings(blocked, rule: "cloud-bucket-public-policy").isEmpty)
    }

    @Test("Security group rules outside their group: aws_security_group_rule and aws_vpc_security_group_ingress_rule")
    func securityGroupRules() {
        let text = """
            resource "aws_security_group" "web" {
              name = "web"
            }
            resource "aws_security_group_rule" "ssh" {
              type              = "ingress"
              security_group_id = aws_security_group.web.id
              from_port         = 22
              to_port           = 22
              protocol          = "tcp"
              cidr_blocks       = ["0.0.0.0/0"]
            }
            resource "aws_vpc_security_group_ingress_rule" "rdp" {
              security_group_id = aws_security_group.web.id
              from_port         = 3389
              to_port           = 3389
              ip_protocol       = "tcp"
              cidr_ipv6         = "::/0"
            }
            resource "aws_security_group_rule" "out" {
              type              = "egress"
              security_group_id = aws_security_group.web.id
              from_port         = 22
              to_port           = 22
              protocol          = "tcp"
              cidr_blocks       = ["0.0.0.0/0"]
            }
            """
        let found = findings(text, rule: "cloud-firewall-open-admin-port")
        #expect(found.map(\.object.identity.name) == ["aws_security_group_rule.ssh", "aws_vpc_security_group_ingress_rule.rdp"])
        #expect(found.allSatisfy { $0.message.contains("of aws_security_group.web") })
    }

    @Test("Policies attached by separate resources count for the identity: attachments, group membership, managed ARNs")
    func attachments() {
        let text = """
            resource "aws_iam_user" "ops" {
              name = "ops"
            }
            resource "aws_iam_group" "admins" {
              name = "admins"
            }
            resource "aws_iam_group_policy_attachment" "admins" {
              group      = aws_iam_group.admins.name
              policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
            }
            resource "aws_iam_user_group_membership" "ops" {
              user   = aws_iam_user.ops.name
              groups = [aws_iam_group.admins.name]
            }
            """
        let found = findings(text, rule: "aws-iam-user-admin")
        #expect(found.count == 1)
        #expect(found.first?.object.identity.name == "aws_iam_group_policy_attachment.admins")
        #expect(found.first?.range.start == SourcePosition(line: 9, column: 16))
    }

    @Test("A customer policy attached by reference gives the role its escalation path; detached, it does not")
    func escalationThroughAttachment() {
        let role = """
            resource "aws_iam_role" "r" {
              name               = "r"
              assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
            }
            resource "aws_iam_policy" "p" {
              name   = "p"
              policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }] })
            }

            """
        #expect(findings(role, rule: "aws-iam-privilege-escalation").isEmpty)
        let attached = role + """
            resource "aws_iam_role_policy_attachment" "a" {
              role       = aws_iam_role.r.name
              policy_arn = aws_iam_policy.p.arn
            }
            """
        #expect(findings(attached, rule: "aws-iam-privilege-escalation").map(\.message) == [
            "role r can pass a role to a new EC2 instance (iam:PassRole + ec2:RunInstances): a path to administrator",
        ])
    }

    @Test("Heredoc JSON policies point at the statement's own line")
    func heredocPositions() {
        let text = Self.bucket + """
            resource "aws_iam_policy" "p" {
              name   = "p"
              policy = <<EOF
            {
              "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"}
              ]
            }
            EOF
            }
            """
        #expect(findings(text, rule: "aws-iam-policy-admin").map(\.range.start) == [SourcePosition(line: 9, column: 5)])
    }
}

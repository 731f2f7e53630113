import PalisadeCore
import PalisadeLoaders
import Testing

/// Helpers for the HCL tests: parse without errors, positions, and a compact rendering of trees.
enum HCLTest {
    static func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> HCLBody {
        let result = HCLParser.parse(text, file: "main.tf")
        #expect(result.diagnostic == nil, "unexpected error: \(result.diagnostic?.message ?? "")", sourceLocation: sourceLocation)
        return result.body
    }

    /// The value of attribute `name` in `text`.
    static func value(_ text: String, _ name: String = "x", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> HCLExpression? {
        parse(text, sourceLocation: sourceLocation).attribute(name)?.value
    }

    static func at(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    static func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> SourceRange {
        SourceRange(start: at(l1, c1), end: at(l2, c2))
    }

    /// A one-line rendering of an expression, so a test states a whole tree in one string.
    static func render(_ e: HCLExpression?) -> String {
        guard let e else { return "nil" }
        switch e.kind {
        case .number(let text): return text
        case .bool(let value): return "\(value)"
        case .null: return "null"
        case .template(let template):
            if let text = template.literalString { return "\"\(text)\"" }
            return "T(" + template.parts.map(render).joined(separator: " ") + ")"
        case .variable(let name): return name
        case .traversal(let base, let steps): return render(base) + steps.map(render).joined()
        case .call(let call):
            return call.name + "(" + call.arguments.map(render).joined(separator: ", ") + (call.expandsFinalArgument ? "..." : "") + ")"
        case .tuple(let elements): return "[" + elements.map(render).joined(separator: ", ") + "]"
        case .object(let items): return "{" + items.map { render($0.key) + "=" + render($0.value) }.joined(separator: ", ") + "}"
        case .forExpression(let f):
            let names = (f.keyVariable.map { $0.name + ", " } ?? "") + f.valueVariable.name
            let body = (f.key.map { render($0) + " => " } ?? "") + render(f.value) + (f.groupsByKey ? "..." : "")
            return "for(\(names) in \(render(f.collection)) : \(body)" + (f.condition.map { " if " + render($0) } ?? "") + ")"
        case .unary(let op, let operand): return "(\(op.rawValue)\(render(operand)))"
        case .binary(let op, let left, let right): return "(\(render(left)) \(op.rawValue) \(render(right)))"
        case .conditional(let c, let a, let b): return "(\(render(c)) ? \(render(a)) : \(render(b)))"
        case .parenthesized(let inner): return "paren(\(render(inner)))"
        }
    }

    static func render(_ step: HCLTraversalStep) -> String {
        switch step {
        case .attribute(let name, _): ".\(name)"
        case .index(let key, _): "[\(render(key))]"
        case .attributeSplat: ".*"
        case .fullSplat: "[*]"
        }
    }

    static func render(_ part: HCLTemplatePart) -> String {
        switch part {
        case .literal(let text, _): "'\(text)'"
        case .interpolation(let i): "${\(render(i.expression))}"
        case .conditional(let c):
            "%if(\(render(c.condition))){\(c.thenParts.map(render).joined(separator: " "))}" + (c.elseParts.map { "else{\($0.map(render).joined(separator: " "))}" } ?? "")
        case .loop(let l):
            "%for(\(l.keyVariable.map { $0.name + ", " } ?? "")\(l.valueVariable.name) in \(render(l.collection))){\(l.body.map(render).joined(separator: " "))}"
        }
    }
}

@Suite("HCL parser")
struct HCLParserTests {
    typealias H = HCLTest

    @Test("Blocks, labels and attributes carry exact ranges for type, labels, keys and values")
    func blockRanges() throws {
        let body = H.parse("""
            resource "aws_s3_bucket" "logs" {
              bucket        = "my-logs"
              force_destroy = true
            }
            """)
        let block = try #require(body.blocks(type: "resource").first)
        #expect(block.typeRange == H.range(1, 1, 1, 9))
        #expect(block.labels.map(\.value) == ["aws_s3_bucket", "logs"])
        #expect(block.labels.map(\.range) == [H.range(1, 10, 1, 25), H.range(1, 26, 1, 32)])
        #expect(block.labels.map(\.isQuoted) == [true, true])
        #expect(block.body.range == H.range(1, 33, 4, 2))
        #expect(block.range == H.range(1, 1, 4, 2))
        let bucket = try #require(block.body.attribute("bucket"))
        #expect(bucket.nameRange == H.range(2, 3, 2, 9))
        #expect(bucket.value.range == H.range(2, 19, 2, 28))
        #expect(bucket.value.literalString == "my-logs")
        #expect(bucket.range == H.range(2, 3, 2, 28))
        let destroy = try #require(block.body.attribute("force_destroy"))
        #expect(destroy.value.literalBool == true)
        #expect(destroy.value.range == H.range(3, 19, 3, 23))
        #expect(block.body.attribute("missing") == nil)
    }

    @Test("One-line blocks, identifier labels, empty blocks and non-ASCII columns")
    func oneLineBlocks() throws {
        let body = H.parse("a { b = 1 }\nc d { }\nlocals {\n  é = \"ü\" # ß\n  z = 2\n}\n")
        #expect(body.items.count == 3)
        let a = try #require(body.blocks(type: "a").first)
        #expect(a.body.attribute("b")?.value.literalNumber == 1)
        #expect(a.body.attribute("b")?.value.range == H.range(1, 9, 1, 10))
        let c = try #require(body.blocks(type: "c").first)
        #expect(c.labels.map(\.value) == ["d"])
        #expect(c.labels.first?.isQuoted == false)
        #expect(c.body.items.isEmpty)
        let locals = try #require(body.blocks(type: "locals").first)
        // Columns count characters, not bytes: `é` is one column.
        #expect(locals.body.attribute("é")?.value.range == H.range(4, 7, 4, 10))
        #expect(locals.body.attribute("z")?.nameRange == H.range(5, 3, 5, 4))
    }

    @Test("Comments of all three styles are kept with their ranges, in order")
    func comments() throws {
        let result = HCLParser.parse("# one\nx = 1 // two\n/* three\nfour */ y = [ # in a tuple\n  1,\n]\n", file: "c.tf")
        #expect(result.diagnostic == nil)
        #expect(result.comments.map(\.text) == ["# one", "// two", "/* three\nfour */", "# in a tuple"])
        #expect(result.comments.map(\.style) == [.hash, .doubleSlash, .block, .hash])
        #expect(result.comments.map(\.range) == [H.range(1, 1, 1, 6), H.range(2, 7, 2, 13), H.range(3, 1, 4, 8), H.range(4, 15, 4, 27)])
        #expect(result.body.attribute("y")?.value.elements?.count == 1)
        #expect(result.body.attribute("y")?.nameRange == H.range(4, 9, 4, 10))
    }

    @Test("Literals: numbers, booleans, null, negative numbers")
    func literals() throws {
        let body = H.parse("a = 42\nb = 1.5e3\nc = false\nd = null\ne = -7\nf = 0.25")
        #expect(body.attribute("a")?.value.literalNumber == 42)
        #expect(body.attribute("b")?.value.literalNumber == 1500)
        #expect(body.attribute("c")?.value.literalBool == false)
        #expect(body.attribute("d")?.value.isNull == true)
        #expect(body.attribute("e")?.value.literalNumber == -7)
        #expect(body.attribute("e")?.value.range == H.range(5, 5, 5, 7))
        #expect(H.render(body.attribute("f")?.value) == "0.25")
    }

    @Test("Operators follow HCL precedence and associate to the left")
    func precedence() throws {
        #expect(H.render(H.value("x = a + b * c")) == "(a + (b * c))")
        #expect(H.render(H.value("x = !a && b || c")) == "(((!a) && b) || c)")
        #expect(H.render(H.value("x = a - b - c")) == "((a - b) - c)")
        #expect(H.render(H.value("x = a == b && c != d")) == "((a == b) && (c != d))")
        #expect(H.render(H.value("x = a < b == c >= d")) == "((a < b) == (c >= d))")
        #expect(H.render(H.value("x = -a.b * 2 % 3")) == "(((-a.b) * 2) % 3)")
        #expect(H.render(H.value("x = (a + b) * c")) == "(paren((a + b)) * c)")
        #expect(H.render(H.value("x = a ? b : c ? d : e")) == "(a ? b : (c ? d : e))")
        #expect(H.render(H.value("x = a || b ? c + 1 : d")) == "((a || b) ? (c + 1) : d)")
        let sum = try #require(H.value("x = a + b * c"))
        guard case .binary(_, let left, let right) = sum.kind else { Issue.record("not binary"); return }
        #expect(left.range == H.range(1, 5, 1, 6))
        #expect(right.range == H.range(1, 9, 1, 14))
        #expect(sum.range == H.range(1, 5, 1, 14))
    }

    @Test("Traversals: attributes, indexes, legacy indexes and both splats, with step ranges")
    func traversals() throws {
        let id = try #require(H.value("x = aws_s3_bucket.b.id"))
        let traversal = try #require(id.traversal)
        #expect(traversal.root == "aws_s3_bucket")
        #expect(traversal.rootRange == H.range(1, 5, 1, 18))
        #expect(traversal.attributeNames == ["b", "id"])
        #expect(traversal.steps.map(\.range) == [H.range(1, 18, 1, 20), H.range(1, 20, 1, 23)])
        #expect(traversal.path == "aws_s3_bucket.b.id")
        #expect(id.range == H.range(1, 5, 1, 23))
        #expect(H.value("x = a[0][\"k\"]")?.traversal?.path == "a[0][\"k\"]")
        #expect(H.value("x = a[var.i]")?.traversal?.path == "a[…]")
        #expect(H.render(H.value("x = a.*.id")) == "a.*.id")
        #expect(H.render(H.value("x = a[*].id[0]")) == "a[*].id[0]")
        #expect(H.render(H.value("x = a.0.b")) == "a[0].b")
        #expect(H.render(H.value("x = a.0.1")) == "a[0][1]")
        #expect(H.render(H.value("x = f(1).out[0]")) == "f(1).out[0]")
        #expect(H.value("x = f(1).out")?.traversal == nil)
        #expect(H.value("x = var.x")?.traversal?.steps.count == 1)
        let splat = try #require(H.value("x = a[*].id")?.traversal)
        #expect(splat.steps.map(\.range) == [H.range(1, 6, 1, 9), H.range(1, 9, 1, 12)])
    }

    @Test("Function calls, expanded final arguments and provider-namespaced functions")
    func calls() throws {
        #expect(H.render(H.value("x = f(a, b...)")) == "f(a, b...)")
        #expect(H.render(H.value("x = merge(\n  var.tags,\n  { Name = \"x\" },\n)")) == "merge(var.tags, {Name=\"x\"})")
        let namespaced = try #require(H.value("x = provider::aws::arn_parse(\"arn\")"))
        guard case .call(let call) = namespaced.kind else { Issue.record("not a call"); return }
        #expect(call.name == "provider::aws::arn_parse")
        #expect(call.nameRange == H.range(1, 5, 1, 29))
        #expect(call.arguments.first?.literalString == "arn")
        #expect(namespaced.range == H.range(1, 5, 1, 36))
        #expect(H.render(H.value("x = timestamp()")) == "timestamp()")
    }

    @Test("Tuples and objects: every key form, commas or newlines between items")
    func collections() throws {
        #expect(H.render(H.value("x = [1, \"two\", [3],]")) == "[1, \"two\", [3]]")
        #expect(H.render(H.value("x = []")) == "[]")
        let object = try #require(H.value("x = { k = 1, \"q\" = 2, r: 3, (var.k) = 4 }"))
        #expect(H.render(object) == "{k=1, \"q\"=2, r=3, paren(var.k)=4}")
        guard case .object(let items) = object.kind else { Issue.record("not an object"); return }
        #expect(items.map(\.keyName) == ["k", "q", "r", nil])
        #expect(items[1].key.range == H.range(1, 14, 1, 17))
        #expect(items[1].value.range == H.range(1, 20, 1, 21))
        let tags = try #require(H.value("x = {\n  Name = \"web\"\n\n  Env  = var.env\n}\n"))
        #expect(tags.item("Env")?.value.traversal?.path == "var.env")
        #expect(tags.item("Name")?.key.range == H.range(2, 3, 2, 7))
        #expect(tags.range == H.range(1, 5, 5, 2))
        #expect(H.render(H.value("x = {}")) == "{}")
    }

    @Test("For expressions: tuple and object results, key variables, conditions and grouping")
    func forExpressions() throws {
        #expect(H.render(H.value("x = [for k, v in var.m : upper(v) if v != \"\"]")) == "for(k, v in var.m : upper(v) if (v != \"\"))")
        #expect(H.render(H.value("x = {for s in var.l : s.key => s...}")) == "for(s in var.l : s.key => s...)")
        let multiline = try #require(H.value("x = {\n  for name, rule in var.rules :\n  name => rule.port\n  if rule.open\n}\n"))
        guard case .forExpression(let f) = multiline.kind else { Issue.record("not a for expression"); return }
        #expect(f.producesObject)
        #expect(f.keyVariable?.name == "name")
        #expect(f.keyVariable?.range == H.range(2, 7, 2, 11))
        #expect(f.valueVariable.range == H.range(2, 13, 2, 17))
        #expect(f.condition?.range == H.range(4, 6, 4, 15))
        #expect(multiline.range == H.range(1, 5, 5, 2))
        // `for` alone is an ordinary name.
        #expect(H.render(H.value("x = [for]")) == "[for]")
    }

    @Test("Quoted strings: escapes, literal $${ and %%{, interpolations nested in strings")
    func templates() throws {
        #expect(H.value(#"x = "a\n\"b\"\t\\ \u00e9 \U0001F600""#)?.literalString == "a\n\"b\"\t\\ é 😀")
        #expect(H.value(#"x = "$${x} %%{y}""#)?.literalString == "${x} %{y}")
        #expect(H.value(#"x = """#)?.literalString == "")
        let nested = try #require(H.value(#"x = "Hello, ${var.name}! ${upper("x-${local.y}")}""#))
        #expect(H.render(nested) == #"T('Hello, ' ${var.name} '! ' ${upper(T('x-' ${local.y}))})"#)
        guard case .template(let template) = nested.kind else { Issue.record("not a template"); return }
        #expect(template.parts.map(\.range) == [H.range(1, 6, 1, 13), H.range(1, 13, 1, 24), H.range(1, 24, 1, 26), H.range(1, 26, 1, 50)])
        #expect(nested.range == H.range(1, 5, 1, 51))
        #expect(nested.literalString == nil)
    }

    @Test("Template directives and strip markers")
    func directives() throws {
        #expect(H.render(H.value(#"x = "%{ if var.on }yes%{ else }no%{ endif }""#)) == "T(%if(var.on){'yes'}else{'no'})")
        #expect(H.render(H.value(#"x = "a %{~ if c ~} b %{~ endif ~} z""#)) == "T('a' %if(c){'b'} 'z')")
        #expect(H.render(H.value(#"x = "${ a ~}  -  ${~ b }""#)) == "T(${a} '-' ${b})")
        let loop = try #require(H.value("x = <<EOT\n%{ for k, v in var.m ~}\n${k}=${v}\n%{ endfor ~}\nend\nEOT\n"))
        #expect(H.render(loop) == "T(%for(k, v in var.m){${k} '=' ${v} '\n'} 'end\n')")
        guard case .template(let template) = loop.kind, case .loop(let l) = template.parts.first else { Issue.record("no loop"); return }
        #expect(l.range == H.range(2, 1, 4, 13))
    }

    @Test("Heredocs: plain ones keep indentation, <<- removes the common indentation")
    func heredocs() throws {
        let body = H.parse("""
            a = <<EOF
              kept
            EOF
            b = <<-EOT
                line1
                  line2

                ${var.x} tail
                EOT
            c = 1
            """)
        #expect(body.attribute("a")?.value.literalString == "  kept\n")
        #expect(body.attribute("a")?.value.range == H.range(1, 5, 3, 4))
        #expect(H.render(body.attribute("b")?.value) == "T('line1\n  line2\n\n' ${var.x} ' tail\n')")
        #expect(body.attribute("b")?.value.range == H.range(4, 5, 9, 8))
        #expect(body.attribute("c")?.nameRange == H.range(10, 1, 10, 2))
        guard case .template(let t) = body.attribute("b")?.value.kind else { Issue.record("not a template"); return }
        #expect(t.heredoc?.marker == "EOT")
        #expect(t.heredoc?.stripsIndentation == true)
        // Heredoc text is not escaped: a backslash is a backslash.
        #expect(H.value("x = <<EOF\n\\n \"q\"\nEOF\n")?.literalString == "\\n \"q\"\n")
        #expect(H.value("x = <<EOF\nEOF\n")?.literalString == "")
        // Only line starts lose indentation, not the text after a directive.
        #expect(H.render(H.value("x = <<-EOT\n  %{ if a }  b\n  %{ endif }\n  EOT\n")) == "T(%if(a){'  b\n'} '\n')")
    }

    @Test("A realistic S3 bucket with the AWS provider v4 split resources")
    func s3SplitResources() throws {
        let body = H.parse("""
            terraform {
              required_providers {
                aws = { source = "hashicorp/aws", version = "~> 5.0" }
              }
            }

            resource "aws_s3_bucket" "logs" {
              bucket = "${var.prefix}-logs"
              tags   = merge(local.tags, { Name = "logs" })
            }

            # palisade:ignore aws-s3-versioning logs are rotated
            resource "aws_s3_bucket_versioning" "logs" {
              bucket = aws_s3_bucket.logs.id
              versioning_configuration {
                status = "Enabled"
              }
            }

            resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
              bucket = aws_s3_bucket.logs.id
              rule {
                apply_server_side_encryption_by_default {
                  sse_algorithm     = "aws:kms"
                  kms_master_key_id = aws_kms_key.logs.arn
                }
              }
            }

            resource "aws_s3_bucket_public_access_block" "logs" {
              bucket                  = aws_s3_bucket.logs.id
              block_public_acls       = true
              block_public_policy     = true
              ignore_public_acls      = var.strict
              restrict_public_buckets = true
            }
            """)
        let resources = body.blocks(type: "resource")
        #expect(resources.map { $0.labels.first?.value ?? "" } == [
            "aws_s3_bucket", "aws_s3_bucket_versioning",
            "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block",
        ])
        #expect(resources.map(\.typeRange.start.line) == [7, 13, 20, 30])
        let versioning = resources[1]
        #expect(versioning.body.attribute("bucket")?.value.traversal?.path == "aws_s3_bucket.logs.id")
        #expect(versioning.body.attribute("bucket")?.value.range == H.range(14, 12, 14, 33))
        let status = versioning.body.blocks(type: "versioning_configuration").first?.body.attribute("status")
        #expect(status?.value.literalString == "Enabled")
        #expect(status?.nameRange == H.range(16, 5, 16, 11))
        let sse = resources[2].body.blocks(type: "rule").first?.body.blocks(type: "apply_server_side_encryption_by_default").first
        #expect(sse?.body.attribute("sse_algorithm")?.value.range == H.range(24, 27, 24, 36))
        #expect(sse?.body.attribute("kms_master_key_id")?.value.traversal?.attributeNames == ["logs", "arn"])
        let pab = resources[3].body
        #expect(pab.attributes.map(\.name) == ["bucket", "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"])
        #expect(pab.attribute("ignore_public_acls")?.value.literalBool == nil)
        #expect(pab.attribute("ignore_public_acls")?.value.traversal?.path == "var.strict")
        #expect(pab.attribute("restrict_public_buckets")?.nameRange == H.range(35, 3, 35, 26))
        let aws = body.blocks(type: "terraform").first?.body.blocks(type: "required_providers").first?.body.attribute("aws")
        #expect(aws?.value.item("version")?.value.literalString == "~> 5.0")
        #expect(resources[0].body.attribute("bucket")?.value.literalString == nil)
    }

    @Test("A realistic security group with for_each, dynamic blocks and a separate rule resource")
    func securityGroupDynamicBlocks() throws {
        let result = HCLParser.parse("""
            variable "ingress" {
              type = map(object({ port = number, cidrs = list(string) }))
              default = {
                ssh = { port = 22, cidrs = ["0.0.0.0/0"] }
              }
            }

            resource "aws_security_group" "web" {
              for_each    = toset(var.environments)
              name        = "web-${each.key}"
              vpc_id      = var.vpc_id

              dynamic "ingress" {
                for_each = var.ingress
                content {
                  from_port   = ingress.value.port
                  to_port     = ingress.value.port
                  protocol    = "tcp"
                  cidr_blocks = ingress.value.cidrs
                }
              }

              egress {
                from_port   = 0
                to_port     = 0
                protocol    = "-1"
                cidr_blocks = ["0.0.0.0/0"] // all out
              }
            }

            resource "aws_vpc_security_group_ingress_rule" "https" {
              count             = var.public ? 1 : 0
              security_group_id = aws_security_group.web["prod"].id
              cidr_ipv6         = "::/0"
              from_port         = 443
              to_port           = 443
              ip_protocol       = "tcp"
            }
            """, file: "sg.tf")
        #expect(result.diagnostic == nil)
        #expect(result.comments.map(\.range) == [H.range(27, 33, 27, 43)])
        let group = try #require(result.body.blocks(type: "resource").first)
        #expect(group.body.attribute("for_each")?.value.range == H.range(9, 17, 9, 40))
        let dynamic = try #require(group.body.blocks(type: "dynamic").first)
        #expect(dynamic.labels.first?.value == "ingress")
        #expect(dynamic.labels.first?.range == H.range(13, 11, 13, 20))
        let content = try #require(dynamic.body.blocks(type: "content").first)
        #expect(content.body.attribute("from_port")?.value.traversal?.path == "ingress.value.port")
        #expect(content.body.attribute("cidr_blocks")?.nameRange == H.range(19, 7, 19, 18))
        let egress = try #require(group.body.blocks(type: "egress").first)
        #expect(egress.body.attribute("cidr_blocks")?.value.elements?.first?.literalString == "0.0.0.0/0")
        #expect(egress.body.attribute("cidr_blocks")?.value.elements?.first?.range == H.range(27, 20, 27, 31))
        let rule = try #require(result.body.blocks(type: "resource").last)
        #expect(H.render(rule.body.attribute("count")?.value) == "(var.public ? 1 : 0)")
        #expect(rule.body.attribute("security_group_id")?.value.traversal?.path == "aws_security_group.web[\"prod\"].id")
        #expect(rule.body.attribute("to_port")?.value.literalNumber == 443)
        let defaults = result.body.blocks(type: "variable").first?.body.attribute("default")?.value
        #expect(defaults?.item("ssh")?.value.item("port")?.value.literalNumber == 22)
        #expect(defaults?.item("ssh")?.value.item("cidrs")?.value.range == H.range(4, 32, 4, 45))
    }
}

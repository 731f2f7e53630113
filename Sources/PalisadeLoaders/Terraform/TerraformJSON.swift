import PalisadeCore

/// Terraform's JSON syntax (`*.tf.json`), read into the same syntax tree as native HCL so one
/// evaluator serves both. Top-level keys are block types with their labels as nested object keys
/// (`{"resource": {"aws_s3_bucket": {"logs": {...}}}}`); inside a body every key is an attribute,
/// and a nested block is an object (or a list of objects) under its type, which is how the cloud
/// adapters read blocks anyway. Strings are templates: `"${var.name}-logs"` is parsed as HCL, its
/// parts placed at the string's position. `"//"` keys are comments.
enum TerraformJSON {
    static func parse(_ bytes: [UInt8], file: String) -> HCLParseResult {
        var root: Node?
        var diagnostic = YAMLLoader().load(bytes, file: file) { node, index in
            if index == 0 { root = node }
        }
        let empty = HCLBody(items: [], range: SourceRange(line: 1, column: 1))
        guard diagnostic == nil, let root else { return HCLParseResult(body: empty, comments: [], diagnostic: diagnostic) }
        guard let entries = root.entries else {
            diagnostic = Diagnostic(code: "hcl-syntax", level: .error, file: file, position: root.range.start,
                                    message: "a Terraform JSON file holds an object at the top level")
            return HCLParseResult(body: empty, comments: [], diagnostic: diagnostic)
        }
        var items: [HCLBodyItem] = []
        for entry in entries {
            guard let type = entry.key.scalar?.text, type != "//" else { continue }
            let labelCount: Int
            switch type {
            case "resource", "data": labelCount = 2
            case "variable", "output", "module", "provider": labelCount = 1
            case "locals", "terraform", "moved", "import", "check", "removed": labelCount = 0
            default: continue
            }
            blocks(type: type, typeRange: entry.key.range, labels: [], remaining: labelCount, node: entry.value, into: &items)
        }
        return HCLParseResult(body: HCLBody(items: items, range: root.range), comments: [], diagnostic: nil)
    }

    /// Descends `remaining` levels of label keys, then reads the body (an object, or a list of
    /// objects for repeated blocks such as two `provider "aws"` with aliases).
    static func blocks(type: String, typeRange: SourceRange, labels: [HCLLabel], remaining: Int, node: Node, into items: inout [HCLBodyItem]) {
        if remaining > 0 {
            for entry in node.entries ?? [] {
                guard let name = entry.key.scalar?.text, name != "//" else { continue }
                let label = HCLLabel(value: name, range: entry.key.range, isQuoted: true)
                blocks(type: type, typeRange: typeRange, labels: labels + [label], remaining: remaining - 1, node: entry.value, into: &items)
            }
            return
        }
        let bodies = node.items ?? [node]
        for body in bodies where body.entries != nil {
            // The block is placed where its last label (or its type) is written.
            let at = labels.last?.range ?? typeRange
            items.append(.block(HCLBlock(type: type, typeRange: at, labels: labels, body: Self.body(body))))
        }
    }

    static func body(_ node: Node) -> HCLBody {
        var items: [HCLBodyItem] = []
        for entry in node.entries ?? [] {
            guard let name = entry.key.scalar?.text, name != "//" else { continue }
            items.append(.attribute(HCLAttribute(name: name, nameRange: entry.key.range, value: expression(entry.value))))
        }
        return HCLBody(items: items, range: node.range)
    }

    static func expression(_ node: Node) -> HCLExpression {
        switch node.value {
        case .mapping(let entries):
            let items = entries.compactMap { entry -> HCLObjectItem? in
                guard let key = entry.key.scalar?.text, key != "//" else { return nil }
                let keyExpression = HCLExpression(kind: .template(HCLTemplate(parts: [.literal(key, entry.key.range)], heredoc: nil)), range: entry.key.range)
                return HCLObjectItem(key: keyExpression, value: expression(entry.value))
            }
            return HCLExpression(kind: .object(items), range: node.range)
        case .sequence(let elements):
            return HCLExpression(kind: .tuple(elements.map(expression)), range: node.range)
        case .scalar(let scalar):
            if scalar.style == .plain {
                switch scalar.text {
                case "true": return HCLExpression(kind: .bool(true), range: node.range)
                case "false": return HCLExpression(kind: .bool(false), range: node.range)
                case "null": return HCLExpression(kind: .null, range: node.range)
                default:
                    if Double(scalar.text) != nil { return HCLExpression(kind: .number(scalar.text), range: node.range) }
                }
            }
            return template(scalar.text, range: node.range)
        }
    }

    /// A JSON string as a template: literal, or parsed as an HCL template with every part placed at the string.
    static func template(_ text: String, range: SourceRange) -> HCLExpression {
        let literal = HCLExpression(kind: .template(HCLTemplate(parts: [.literal(text, range)], heredoc: nil)), range: range)
        guard text.contains("${") || text.contains("%{") else { return literal }
        var quoted = "x = \""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        let parsed = HCLParser.parse(quoted + "\"\n", file: "")
        guard parsed.diagnostic == nil, let value = parsed.body.attribute("x")?.value else { return literal }
        return value.relocated(to: range)
    }
}

extension HCLExpression {
    /// The same expression with every range replaced by `range`: for expressions parsed out of a
    /// string, whose own positions mean nothing in the file.
    func relocated(to range: SourceRange) -> HCLExpression {
        func relocate(_ parts: [HCLTemplatePart]) -> [HCLTemplatePart] {
            parts.map { part in
                switch part {
                case .literal(let text, _): .literal(text, range)
                case .interpolation(var i):
                    { i.expression = i.expression.relocated(to: range); i.range = range; return .interpolation(i) }()
                case .conditional(var c):
                    {
                        c.condition = c.condition.relocated(to: range)
                        c.thenParts = relocate(c.thenParts)
                        c.elseParts = c.elseParts.map(relocate)
                        c.range = range
                        return .conditional(c)
                    }()
                case .loop(var l):
                    { l.collection = l.collection.relocated(to: range); l.body = relocate(l.body); l.range = range; return .loop(l) }()
                }
            }
        }
        func step(_ s: HCLTraversalStep) -> HCLTraversalStep {
            switch s {
            case .attribute(let name, _): .attribute(name, range)
            case .index(let key, _): .index(key.relocated(to: range), range)
            case .attributeSplat: .attributeSplat(range)
            case .fullSplat: .fullSplat(range)
            }
        }
        let kind: Kind
        switch self.kind {
        case .number, .bool, .null, .variable: kind = self.kind
        case .template(var t):
            t.parts = relocate(t.parts)
            kind = .template(t)
        case .traversal(let base, let steps): kind = .traversal(base.relocated(to: range), steps.map(step))
        case .call(var call):
            call.arguments = call.arguments.map { $0.relocated(to: range) }
            call.nameRange = range
            kind = .call(call)
        case .tuple(let elements): kind = .tuple(elements.map { $0.relocated(to: range) })
        case .object(let items): kind = .object(items.map { HCLObjectItem(key: $0.key.relocated(to: range), value: $0.value.relocated(to: range)) })
        case .forExpression(var loop):
            loop.collection = loop.collection.relocated(to: range)
            loop.key = loop.key?.relocated(to: range)
            loop.value = loop.value.relocated(to: range)
            loop.condition = loop.condition?.relocated(to: range)
            kind = .forExpression(loop)
        case .unary(let op, let operand): kind = .unary(op, operand.relocated(to: range))
        case .binary(let op, let a, let b): kind = .binary(op, a.relocated(to: range), b.relocated(to: range))
        case .conditional(let c, let a, let b): kind = .conditional(c.relocated(to: range), a.relocated(to: range), b.relocated(to: range))
        case .parenthesized(let inner): kind = .parenthesized(inner.relocated(to: range))
        }
        return HCLExpression(kind: kind, range: range)
    }
}

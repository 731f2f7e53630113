import PalisadeCore

// The syntax tree of a Terraform (HCL native syntax) file. Every node carries the range it was read
// from, so a finding can point at an attribute's key, at its value or at a block's label. Nothing
// here is evaluated: `var.x` is a traversal, `"${a}-b"` a template with two parts.

/// A parsed `.tf` (or `.tfvars`) file: its top-level body and every comment in it.
public struct HCLParseResult: Sendable {
    /// The top-level body. When `diagnostic` is set it holds the top-level items that ended before
    /// the error (parsing stops at the first error), so a caller can tell how far the file was read.
    public var body: HCLBody
    /// Every `#`, `//` and `/* */` comment outside strings, in file order, for suppression comments.
    public var comments: [HCLComment]
    /// The syntax (or encoding) error that stopped parsing, if any.
    public var diagnostic: Diagnostic?
}

/// A comment, kept with its range because `# palisade:ignore` comments are matched by line.
public struct HCLComment: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// `# ...`
        case hash
        /// `// ...`
        case doubleSlash
        /// `/* ... */`, which may span lines.
        case block
    }

    /// The comment's full text, markers included (`# note`, `/* note */`), without the line break.
    public var text: String
    public var style: Style
    public var range: SourceRange
}

/// A sequence of attributes and blocks, in source order.
public struct HCLBody: Sendable, Hashable {
    public var items: [HCLBodyItem]
    /// The braces of a block's body, braces included; the whole file for the top level.
    public var range: SourceRange

    /// The first attribute named `name`. Terraform rejects repeated attributes, so the first is the one.
    public func attribute(_ name: String) -> HCLAttribute? {
        for case .attribute(let attribute) in items where attribute.name == name { return attribute }
        return nil
    }

    /// The blocks of one type (`resource`, `ingress`, `dynamic`...) in source order.
    public func blocks(type: String) -> [HCLBlock] {
        items.compactMap { if case .block(let block) = $0, block.type == type { block } else { nil } }
    }

    public var attributes: [HCLAttribute] {
        items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
    }

    public var blocks: [HCLBlock] {
        items.compactMap { if case .block(let block) = $0 { block } else { nil } }
    }
}

/// One item of a body.
public enum HCLBodyItem: Sendable, Hashable {
    case attribute(HCLAttribute)
    case block(HCLBlock)

    public var range: SourceRange {
        switch self {
        case .attribute(let attribute): attribute.range
        case .block(let block): block.range
        }
    }
}

/// `name = value`. The key and the value have ranges of their own: a finding about a missing
/// setting points at the key, one about a bad value at the value.
public struct HCLAttribute: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var value: HCLExpression

    /// From the start of the name to the end of the value.
    public var range: SourceRange { SourceRange(start: nameRange.start, end: value.range.end) }
}

/// `type "label" label2 { body }`.
public struct HCLBlock: Sendable, Hashable {
    public var type: String
    public var typeRange: SourceRange
    public var labels: [HCLLabel]
    public var body: HCLBody

    /// From the start of the type to the end of the closing brace.
    public var range: SourceRange { SourceRange(start: typeRange.start, end: body.range.end) }
}

/// A block label: a quoted literal string (`"aws_s3_bucket"`) or a bare identifier.
public struct HCLLabel: Sendable, Hashable {
    /// The label's value, escapes resolved, quotes removed.
    public var value: String
    /// The label as written, quotes included when quoted.
    public var range: SourceRange
    public var isQuoted: Bool
}

/// A name introduced by the syntax itself, such as a for expression's `k` and `v`.
public struct HCLIdentifier: Sendable, Hashable {
    public var name: String
    public var range: SourceRange
}

/// An expression and the range it covers.
public struct HCLExpression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// A number as written (`1`, `0.5`, `1e3`); `literalNumber` reads it.
        case number(String)
        case bool(Bool)
        case null
        /// A quoted string or a heredoc; a plain string is a template of one literal part.
        case template(HCLTemplate)
        /// A bare name at the root of a reference: `var`, `local`, `aws_s3_bucket`, `each`.
        case variable(String)
        /// An expression followed by attribute, index and splat steps: `var.x`, `a[0].b`, `f().x`.
        case traversal(HCLExpression, [HCLTraversalStep])
        case call(HCLFunctionCall)
        case tuple([HCLExpression])
        case object([HCLObjectItem])
        case forExpression(HCLForExpression)
        case unary(HCLUnaryOperator, HCLExpression)
        case binary(HCLBinaryOperator, HCLExpression, HCLExpression)
        /// `condition ? then : else`.
        case conditional(HCLExpression, HCLExpression, HCLExpression)
        case parenthesized(HCLExpression)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// One step after a traversal's base. Each step's range covers its punctuation (`.id`, `[0]`, `.*`).
///
/// Splats follow HCL: after an attribute splat `a.*`, the attribute steps that follow apply to each
/// element and the first index step applies to the resulting list; after a full splat `a[*]` every
/// following step applies to each element.
public enum HCLTraversalStep: Sendable, Hashable {
    case attribute(String, SourceRange)
    /// `[key]`; the legacy `a.0` form is an index with a number key.
    case index(HCLExpression, SourceRange)
    /// `.*`
    case attributeSplat(SourceRange)
    /// `[*]`
    case fullSplat(SourceRange)

    public var range: SourceRange {
        switch self {
        case .attribute(_, let range), .index(_, let range), .attributeSplat(let range), .fullSplat(let range): range
        }
    }
}

/// `name(arguments...)`, with a provider namespace kept in the name (`provider::aws::arn_parse`).
public struct HCLFunctionCall: Sendable, Hashable {
    public var name: String
    public var nameRange: SourceRange
    public var arguments: [HCLExpression]
    /// The last argument ends in `...`: its elements are passed as separate arguments.
    public var expandsFinalArgument: Bool
}

/// `key = value` or `key: value` in an object constructor.
public struct HCLObjectItem: Sendable, Hashable {
    /// A bare name key is `.variable(name)` and means the literal string `name`, as in HCL; to use a
    /// variable's value as a key it must be parenthesised (`.parenthesized`).
    public var key: HCLExpression
    public var value: HCLExpression

    /// The key as a string when it is a bare name or a literal string.
    public var keyName: String? {
        if case .variable(let name) = key.kind { return name }
        return key.literalString
    }
}

/// `[for k, v in collection : value if condition]` or `{for k, v in collection : key => value... if condition}`.
public struct HCLForExpression: Sendable, Hashable {
    public var keyVariable: HCLIdentifier?
    public var valueVariable: HCLIdentifier
    public var collection: HCLExpression
    /// The `key =>` expression; set exactly when the result is an object.
    public var key: HCLExpression?
    public var value: HCLExpression
    public var condition: HCLExpression?
    /// `...` after the value: values with the same key are grouped into lists.
    public var groupsByKey: Bool
    public var producesObject: Bool { key != nil }
}

public enum HCLUnaryOperator: String, Sendable, Hashable {
    case not = "!"
    case negate = "-"
}

public enum HCLBinaryOperator: String, Sendable, Hashable {
    case multiply = "*", divide = "/", modulo = "%"
    case add = "+", subtract = "-"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    case and = "&&"
    case or = "||"

    /// HCL's precedence: higher binds tighter; all binary operators associate to the left.
    public var precedence: Int {
        switch self {
        case .multiply, .divide, .modulo: 6
        case .add, .subtract: 5
        case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        case .equal, .notEqual: 3
        case .and: 2
        case .or: 1
        }
    }
}

/// A quoted string or heredoc: literal text, interpolations and directives. Strip markers (`~`)
/// have already been applied to the literal parts' text; ranges are those of the source.
public struct HCLTemplate: Sendable, Hashable {
    public var parts: [HCLTemplatePart]
    /// Set for heredocs.
    public var heredoc: HCLHeredoc?

    /// The text when every part is literal (no `${ }` or `%{ }`); `""` for an empty string.
    public var literalString: String? {
        var text = ""
        for part in parts {
            guard case .literal(let piece, _) = part else { return nil }
            text += piece
        }
        return text
    }
}

/// How a heredoc was opened: `<<EOF` or `<<-EOF` (whose common indentation is removed).
public struct HCLHeredoc: Sendable, Hashable {
    public var marker: String
    public var stripsIndentation: Bool
}

public enum HCLTemplatePart: Sendable, Hashable {
    /// Text with escapes resolved (quoted strings) and heredoc indentation removed.
    case literal(String, SourceRange)
    case interpolation(HCLInterpolation)
    /// `%{ if c }...%{ else }...%{ endif }`
    case conditional(HCLTemplateConditional)
    /// `%{ for k, v in c }...%{ endfor }`
    case loop(HCLTemplateLoop)

    public var range: SourceRange {
        switch self {
        case .literal(_, let range): range
        case .interpolation(let part): part.range
        case .conditional(let part): part.range
        case .loop(let part): part.range
        }
    }
}

/// `${ expression }`, range from `${` to `}`.
public struct HCLInterpolation: Sendable, Hashable {
    public var expression: HCLExpression
    /// `${~`: whitespace before the interpolation was removed.
    public var stripsBefore: Bool
    /// `~}`: whitespace after the interpolation was removed.
    public var stripsAfter: Bool
    public var range: SourceRange
}

public struct HCLTemplateConditional: Sendable, Hashable {
    public var condition: HCLExpression
    public var thenParts: [HCLTemplatePart]
    public var elseParts: [HCLTemplatePart]?
    /// From `%{ if` to the end of `%{ endif }`.
    public var range: SourceRange
}

public struct HCLTemplateLoop: Sendable, Hashable {
    public var keyVariable: HCLIdentifier?
    public var valueVariable: HCLIdentifier
    public var collection: HCLExpression
    public var body: [HCLTemplatePart]
    /// From `%{ for` to the end of `%{ endfor }`.
    public var range: SourceRange
}

/// A reference rooted at a name: `aws_s3_bucket.logs.id` is root `aws_s3_bucket`, steps `.logs`, `.id`.
public struct HCLTraversal: Sendable, Hashable {
    public var root: String
    public var rootRange: SourceRange
    public var steps: [HCLTraversalStep]

    /// The attribute names after the root, stopping at the first index or splat: `["logs", "id"]`.
    public var attributeNames: [String] {
        var names: [String] = []
        for step in steps {
            guard case .attribute(let name, _) = step else { break }
            names.append(name)
        }
        return names
    }

    /// The reference as written in canonical form: `a.b[0]["k"].*.c[*]`; a computed index is `[…]`.
    public var path: String {
        var text = root
        for step in steps {
            switch step {
            case .attribute(let name, _): text += "." + name
            case .attributeSplat: text += ".*"
            case .fullSplat: text += "[*]"
            case .index(let key, _):
                if case .number(let number) = key.kind { text += "[\(number)]" }
                else if let string = key.literalString { text += "[\"\(string)\"]" }
                else { text += "[…]" }
            }
        }
        return text
    }
}

extension HCLExpression {
    /// The value of a string with no interpolation or directive.
    public var literalString: String? {
        if case .template(let template) = kind { return template.literalString }
        return nil
    }

    public var literalBool: Bool? {
        if case .bool(let value) = kind { return value }
        return nil
    }

    /// The value of a number literal, also when negated or parenthesised (`-1`, `(2)`).
    public var literalNumber: Double? {
        switch kind {
        case .number(let text): Double(text)
        case .unary(.negate, let operand): operand.literalNumber.map { -$0 }
        case .parenthesized(let inner): inner.literalNumber
        default: nil
        }
    }

    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// The reference this expression is, when it is a name or a name followed by steps.
    public var traversal: HCLTraversal? {
        switch kind {
        case .variable(let name):
            return HCLTraversal(root: name, rootRange: range, steps: [])
        case .traversal(let base, let steps):
            guard case .variable(let name) = base.kind else { return nil }
            return HCLTraversal(root: name, rootRange: base.range, steps: steps)
        default:
            return nil
        }
    }

    /// The item under `key` when this is an object constructor (`tags = { Name = "x" }`).
    public func item(_ key: String) -> HCLObjectItem? {
        guard case .object(let items) = kind else { return nil }
        return items.first { $0.keyName == key }
    }

    /// The elements when this is a tuple constructor.
    public var elements: [HCLExpression]? {
        if case .tuple(let elements) = kind { return elements }
        return nil
    }
}

import PalisadeCore

/// Parses Terraform's HCL native syntax into `HCLBody` with a range on every node.
///
/// Our own parser because no maintained Swift HCL parser exists, and because scanning hostile
/// input needs guarantees a port would not give: time linear in the input, nesting bounded by
/// `maxDepth` (an error, never a stack overflow), every comment kept for suppression comments.
/// Parsing stops at the first error, which is reported with file, line and column; the top-level
/// items before it are kept in the result's body.
public enum HCLParser {
    /// How deeply blocks, brackets, braces, parentheses, interpolations, directives and unary
    /// operators may nest. Real Terraform rarely passes 10; deeper input is an `hcl-syntax` error.
    public static let maxDepth = 512

    public static func parse(_ text: String, file: String) -> HCLParseResult {
        parse(Array(text.utf8), file: file)
    }

    public static func parse(_ bytes: [UInt8], file: String) -> HCLParseResult {
        let empty = HCLBody(items: [], range: SourceRange(line: 1, column: 1))
        let problem = TextInput.problem(bytes, file: file, namedLike: "Terraform") { bad in
            "invalid UTF-8: byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) does not start a valid character"
        }
        if let problem { return HCLParseResult(body: empty, comments: [], diagnostic: problem) }
        return DedicatedThread.run(stackSize: stackSize) {
            var parser = HCLSyntaxParser(bytes: bytes)
            var items: [HCLBodyItem] = []
            var diagnostic: Diagnostic?
            do throws(HCLSyntaxError) {
                try parser.parseItems(into: &items, opener: nil)
            } catch {
                diagnostic = Diagnostic(code: "hcl-syntax", level: .error, file: file, position: error.position, message: error.message)
            }
            let end = parser.lexer.cursor.position
            let body = HCLBody(items: items, range: SourceRange(start: SourcePosition(line: 1, column: 1), end: end))
            return HCLParseResult(body: body, comments: parser.lexer.comments, diagnostic: diagnostic)
        }
    }

    /// The parse thread's stack: room for `maxDepth` levels of recursion in a debug build, with
    /// a wide margin (only the pages touched are committed).
    static let stackSize = 64 << 20
}

struct HCLSyntaxError: Error {
    var position: SourcePosition
    var message: String
}

/// Recursive descent over the lexer's tokens. Every construct that nests goes through `enter`, so
/// recursion is bounded by `HCLParser.maxDepth` whatever the input.
struct HCLSyntaxParser {
    var lexer: HCLLexer
    private var depth = 0
    /// A `~}` just closed an interpolation or directive: the next literal loses its leading whitespace.
    private var stripNextLiteral = false

    init(bytes: [UInt8]) {
        lexer = HCLLexer(bytes: bytes)
    }

    // MARK: Bodies

    /// Reads attributes and blocks until the end of the file (top level) or the `}` matching
    /// `opener`, which is left for the caller.
    mutating func parseItems(into items: inout [HCLBodyItem], opener: HCLToken?) throws(HCLSyntaxError) {
        while true {
            lexer.ignoresNewlines = false
            let token = lexer.peek()
            switch token.kind {
            case .newline:
                lexer.advance()
            case .eof:
                if let opener {
                    throw fail(opener, "this '{' is never closed: the file ends at line \(token.start.line) before its '}'")
                }
                return
            case .closeBrace:
                if opener != nil { return }
                throw fail(token, "unexpected '}': no block is open here")
            case .identifier:
                items.append(try parseItem())
            default:
                throw unexpected(token, expecting: "an attribute name or a block type")
            }
        }
    }

    private mutating func parseItem() throws(HCLSyntaxError) -> HCLBodyItem {
        let nameToken = lexer.advance()
        let name = lexer.text(nameToken)
        if lexer.peek().kind == .equals {
            lexer.advance()
            let value = try parseExpression()
            try expectLineEnd(after: "the value of '\(name)'")
            return .attribute(HCLAttribute(name: name, nameRange: nameToken.range, value: value))
        }
        var labels: [HCLLabel] = []
        while true {
            let token = lexer.peek()
            if token.kind == .identifier {
                lexer.advance()
                labels.append(HCLLabel(value: lexer.text(token), range: token.range, isQuoted: false))
            } else if token.kind == .quote {
                let label = try parseQuoted(token)
                guard let value = label.literalString else {
                    throw fail(token, "a block label must be a literal string; '${' and '%{' are not allowed in labels")
                }
                labels.append(HCLLabel(value: value, range: label.range, isQuoted: true))
            } else {
                break
            }
        }
        let open = lexer.peek()
        guard open.kind == .openBrace else {
            throw unexpected(open, expecting: labels.isEmpty ? "'=' or a block body '{' after '\(name)'" : "'{' to open the '\(name)' block's body")
        }
        try enter(open)
        defer { depth -= 1 }
        lexer.advance()
        var items: [HCLBodyItem] = []
        try parseItems(into: &items, opener: open)
        let close = lexer.advance()
        try expectLineEnd(after: "the '\(name)' block")
        let body = HCLBody(items: items, range: SourceRange(start: open.start.position, end: close.end.position))
        return .block(HCLBlock(type: name, typeRange: nameToken.range, labels: labels, body: body))
    }

    /// An attribute or block ends at a newline, at the end of the file, or before the `}` of a
    /// one-line block (`a { b = 1 }`).
    private mutating func expectLineEnd(after what: String) throws(HCLSyntaxError) {
        lexer.ignoresNewlines = false
        let token = lexer.peek()
        switch token.kind {
        case .newline: lexer.advance()
        case .eof, .closeBrace: return
        default: throw unexpected(token, expecting: "a newline after \(what)")
        }
    }

    // MARK: Expressions

    mutating func parseExpression() throws(HCLSyntaxError) -> HCLExpression {
        let condition = try parseBinary(minimumPrecedence: 1)
        let question = lexer.peek()
        guard question.kind == .question else { return condition }
        try enter(question)
        defer { depth -= 1 }
        lexer.advance()
        let yes = try parseExpression()
        let colon = lexer.peek()
        guard colon.kind == .colon else {
            throw unexpected(colon, expecting: "':' in the conditional expression whose '?' is at line \(question.start.line), column \(question.start.column)")
        }
        lexer.advance()
        let no = try parseExpression()
        return HCLExpression(kind: .conditional(condition, yes, no), range: SourceRange(start: condition.range.start, end: no.range.end))
    }

    /// Precedence climbing: one loop per precedence level in use, left-associative.
    private mutating func parseBinary(minimumPrecedence: Int) throws(HCLSyntaxError) -> HCLExpression {
        var left = try parseUnary()
        while let op = Self.binaryOperator(lexer.peek().kind), op.precedence >= minimumPrecedence {
            lexer.advance()
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = HCLExpression(kind: .binary(op, left, right), range: SourceRange(start: left.range.start, end: right.range.end))
        }
        return left
    }

    private static func binaryOperator(_ kind: HCLToken.Kind) -> HCLBinaryOperator? {
        switch kind {
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        case .plus: .add
        case .minus: .subtract
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .equal: .equal
        case .notEqual: .notEqual
        case .and: .and
        case .or: .or
        default: nil
        }
    }

    private mutating func parseUnary() throws(HCLSyntaxError) -> HCLExpression {
        let token = lexer.peek()
        let op: HCLUnaryOperator? = token.kind == .bang ? .not : token.kind == .minus ? .negate : nil
        guard let op else { return try parsePostfix() }
        try enter(token)
        defer { depth -= 1 }
        lexer.advance()
        let operand = try parseUnary()
        return HCLExpression(kind: .unary(op, operand), range: SourceRange(start: token.start.position, end: operand.range.end))
    }

    /// A primary expression and its attribute, index and splat steps.
    private mutating func parsePostfix() throws(HCLSyntaxError) -> HCLExpression {
        let base = try parsePrimary()
        var steps: [HCLTraversalStep] = []
        while true {
            let token = lexer.peek()
            if token.kind == .dot {
                lexer.advance()
                let name = lexer.advance()
                let range = SourceRange(start: token.start.position, end: name.end.position)
                switch name.kind {
                case .identifier:
                    steps.append(.attribute(lexer.text(name), range))
                case .star:
                    steps.append(.attributeSplat(range))
                case .number:
                    // Legacy index `a.0`; `a.0.1` arrives as the number 0.1 and is two indexes.
                    for index in lexer.text(name).split(separator: ".") {
                        guard index.allSatisfy(\.isNumber) else { throw unexpected(name, expecting: "an attribute name or an index after '.'") }
                        steps.append(.index(HCLExpression(kind: .number(String(index)), range: name.range), range))
                    }
                default:
                    throw unexpected(name, expecting: "an attribute name after '.'")
                }
            } else if token.kind == .openBracket {
                try enter(token)
                let saved = lexer.ignoresNewlines
                lexer.ignoresNewlines = true
                lexer.advance()
                if lexer.peek().kind == .star {
                    lexer.advance()
                    let close = try expect(.closeBracket, "']' after '[*'")
                    steps.append(.fullSplat(SourceRange(start: token.start.position, end: close.end.position)))
                } else {
                    let key = try parseExpression()
                    let close = try expect(.closeBracket, "']' to close the index opened at line \(token.start.line), column \(token.start.column)")
                    steps.append(.index(key, SourceRange(start: token.start.position, end: close.end.position)))
                }
                lexer.ignoresNewlines = saved
                depth -= 1
            } else {
                break
            }
        }
        guard let last = steps.last else { return base }
        return HCLExpression(kind: .traversal(base, steps), range: SourceRange(start: base.range.start, end: last.range.end))
    }

    private mutating func parsePrimary() throws(HCLSyntaxError) -> HCLExpression {
        let token = lexer.peek()
        switch token.kind {
        case .number:
            lexer.advance()
            return HCLExpression(kind: .number(lexer.text(token)), range: token.range)
        case .identifier:
            lexer.advance()
            let name = lexer.text(token)
            switch name {
            case "true": return HCLExpression(kind: .bool(true), range: token.range)
            case "false": return HCLExpression(kind: .bool(false), range: token.range)
            case "null": return HCLExpression(kind: .null, range: token.range)
            default: break
            }
            let next = lexer.peek().kind
            if next == .openParen || next == .doubleColon { return try parseCall(token) }
            return HCLExpression(kind: .variable(name), range: token.range)
        case .quote:
            return try parseQuoted(token)
        case .heredoc:
            return try parseHeredoc(token)
        case .openBracket, .openBrace:
            return try parseCollection(token)
        case .openParen:
            try enter(token)
            defer { depth -= 1 }
            let saved = lexer.ignoresNewlines
            lexer.ignoresNewlines = true
            lexer.advance()
            let inner = try parseExpression()
            let close = try expect(.closeParen, "')' to close the '(' at line \(token.start.line), column \(token.start.column)")
            lexer.ignoresNewlines = saved
            return HCLExpression(kind: .parenthesized(inner), range: SourceRange(start: token.start.position, end: close.end.position))
        default:
            throw unexpected(token, expecting: "an expression")
        }
    }

    /// `f(a, b...)` and `provider::aws::f(a)`; `first` is the (first part of the) name.
    private mutating func parseCall(_ first: HCLToken) throws(HCLSyntaxError) -> HCLExpression {
        var name = lexer.text(first)
        var nameEnd = first.end
        while lexer.peek().kind == .doubleColon {
            lexer.advance()
            let part = lexer.advance()
            guard part.kind == .identifier else { throw unexpected(part, expecting: "a name after '::'") }
            name += "::" + lexer.text(part)
            nameEnd = part.end
        }
        let open = try expect(.openParen, "'(' after the function name '\(name)'")
        try enter(open)
        defer { depth -= 1 }
        let saved = lexer.ignoresNewlines
        lexer.ignoresNewlines = true
        var arguments: [HCLExpression] = []
        var expands = false
        let opened = "the call to '\(name)' opened at line \(open.start.line), column \(open.start.column)"
        while lexer.peek().kind != .closeParen {
            arguments.append(try parseExpression())
            let token = lexer.peek()
            if token.kind == .ellipsis {
                lexer.advance()
                expands = true
                guard lexer.peek().kind == .closeParen else { throw unexpected(lexer.peek(), expecting: "')' right after '...', which only the last argument may have, in \(opened)") }
            } else if token.kind == .comma {
                lexer.advance()
            } else if token.kind != .closeParen {
                throw unexpected(token, expecting: "',' or ')' in \(opened)")
            }
        }
        let close = lexer.advance()
        lexer.ignoresNewlines = saved
        let call = HCLFunctionCall(
            name: name, nameRange: SourceRange(start: first.start.position, end: nameEnd.position),
            arguments: arguments, expandsFinalArgument: expands
        )
        return HCLExpression(kind: .call(call), range: SourceRange(start: first.start.position, end: close.end.position))
    }

    /// Tuples `[...]`, objects `{...}` and the for expressions that either may open.
    private mutating func parseCollection(_ open: HCLToken) throws(HCLSyntaxError) -> HCLExpression {
        try enter(open)
        defer { depth -= 1 }
        let isObject = open.kind == .openBrace
        let closing: HCLToken.Kind = isObject ? .closeBrace : .closeBracket
        let opened = "the \(isObject ? "object" : "tuple") opened at line \(open.start.line), column \(open.start.column)"
        let saved = lexer.ignoresNewlines
        defer { lexer.ignoresNewlines = saved }
        lexer.ignoresNewlines = true
        lexer.advance()
        if startsForExpression() { return try parseFor(open, closing: closing, opened: opened) }
        if !isObject {
            var elements: [HCLExpression] = []
            while lexer.peek().kind != .closeBracket {
                elements.append(try parseExpression())
                let token = lexer.peek()
                if token.kind == .comma { lexer.advance() } else if token.kind != .closeBracket {
                    throw unexpected(token, expecting: "',' or ']' in \(opened)")
                }
            }
            let close = lexer.advance()
            return HCLExpression(kind: .tuple(elements), range: SourceRange(start: open.start.position, end: close.end.position))
        }
        // Inside an object, newlines separate items as commas do.
        lexer.ignoresNewlines = false
        var items: [HCLObjectItem] = []
        while true {
            while lexer.peek().kind == .newline { lexer.advance() }
            if lexer.peek().kind == .closeBrace { break }
            let key = try parseBinary(minimumPrecedence: 1)
            let separator = lexer.peek()
            guard separator.kind == .equals || separator.kind == .colon else {
                throw unexpected(separator, expecting: "'=' or ':' after the key in \(opened)")
            }
            lexer.advance()
            let value = try parseExpression()
            items.append(HCLObjectItem(key: key, value: value))
            let token = lexer.peek()
            if token.kind == .comma || token.kind == .newline { lexer.advance() } else if token.kind != .closeBrace {
                throw unexpected(token, expecting: "',', a newline or '}' after an item in \(opened)")
            }
        }
        let close = lexer.advance()
        return HCLExpression(kind: .object(items), range: SourceRange(start: open.start.position, end: close.end.position))
    }

    /// `for` followed by a name: `[for = 1]`-like oddities stay ordinary expressions.
    private mutating func startsForExpression() -> Bool {
        let token = lexer.peek()
        guard token.kind == .identifier, lexer.text(token) == "for" else { return false }
        let saved = lexer.cursor
        lexer.advance()
        let next = lexer.peek().kind
        lexer.rewind(to: saved)
        return next == .identifier
    }

    private mutating func parseFor(_ open: HCLToken, closing: HCLToken.Kind, opened: String) throws(HCLSyntaxError) -> HCLExpression {
        lexer.advance()  // for
        let (keyVariable, valueVariable) = try parseLoopVariables()
        let collection = try parseExpression()
        _ = try expect(.colon, "':' after the collection of the for expression in \(opened)")
        var key: HCLExpression?
        if closing == .closeBrace {
            key = try parseExpression()
            _ = try expect(.arrow, "'=>' between the key and the value of the for expression in \(opened)")
        }
        let value = try parseExpression()
        var grouping = false
        if key != nil, lexer.peek().kind == .ellipsis {
            lexer.advance()
            grouping = true
        }
        var condition: HCLExpression?
        let ifToken = lexer.peek()
        if ifToken.kind == .identifier, lexer.text(ifToken) == "if" {
            lexer.advance()
            condition = try parseExpression()
        }
        let close = try expect(closing, "'\(closing == .closeBrace ? "}" : "]")' to close \(opened)")
        let loop = HCLForExpression(
            keyVariable: keyVariable, valueVariable: valueVariable, collection: collection,
            key: key, value: value, condition: condition, groupsByKey: grouping
        )
        return HCLExpression(kind: .forExpression(loop), range: SourceRange(start: open.start.position, end: close.end.position))
    }

    /// `v in` or `k, v in`, for for expressions and `%{ for }` directives.
    private mutating func parseLoopVariables() throws(HCLSyntaxError) -> (HCLIdentifier?, HCLIdentifier) {
        let first = try expect(.identifier, "a variable name after 'for'")
        var key: HCLIdentifier?
        var value = HCLIdentifier(name: lexer.text(first), range: first.range)
        if lexer.peek().kind == .comma {
            lexer.advance()
            let second = try expect(.identifier, "a second variable name after ','")
            key = value
            value = HCLIdentifier(name: lexer.text(second), range: second.range)
        }
        let inToken = lexer.peek()
        guard inToken.kind == .identifier, lexer.text(inToken) == "in" else {
            throw unexpected(inToken, expecting: "'in' after the for variable names")
        }
        lexer.advance()
        return (key, value)
    }

    // MARK: Templates

    private enum TemplateMode {
        case quoted
        /// Heredoc text ends at the closing marker's line, at `end`; `indent` columns are removed
        /// from the start of each line (`<<-`).
        case heredoc(end: Int, indent: Int)
    }

    /// A `%{ else }`, `%{ endif }` or `%{ endfor }` that ended a directive's parts.
    private struct DirectiveEnd {
        var keyword: String
        var start: HCLCursor
        var end: HCLCursor
    }

    private mutating func parseQuoted(_ open: HCLToken) throws(HCLSyntaxError) -> HCLExpression {
        lexer.advance()
        let (parts, _) = try parseTemplateParts(.quoted, opener: open, directive: nil)
        let template = HCLTemplate(parts: parts, heredoc: nil)
        return HCLExpression(kind: .template(template), range: SourceRange(start: open.start.position, end: lexer.cursor.position))
    }

    private mutating func parseHeredoc(_ open: HCLToken) throws(HCLSyntaxError) -> HCLExpression {
        let written = lexer.text(open)
        let strips = written.hasPrefix("<<-")
        let marker = String(written.dropFirst(strips ? 3 : 2))
        lexer.advance()
        if lexer.byte() == 0x0D && lexer.byte(ahead: 1) == 0x0A { lexer.step() }
        guard !lexer.atEnd, lexer.byte() == 0x0A else {
            throw fail(open, "the heredoc marker \(written) must end its line; the text starts on the next line")
        }
        lexer.step()
        guard case let (closing, markerEnd, indent)? = findHeredocEnd(marker: Array(marker.utf8), from: lexer.cursor.offset) else {
            throw fail(open, "the heredoc \(written) has no closing line '\(marker)'; the file ends first")
        }
        let (parts, _) = try parseTemplateParts(.heredoc(end: closing, indent: strips ? indent : 0), opener: open, directive: nil)
        while lexer.cursor.offset < markerEnd { lexer.step() }
        let template = HCLTemplate(parts: parts, heredoc: HCLHeredoc(marker: marker, stripsIndentation: strips))
        return HCLExpression(kind: .template(template), range: SourceRange(start: open.start.position, end: lexer.cursor.position))
    }

    /// Finds the line holding only `marker` (spaces and tabs around it allowed): the offset where
    /// that line starts, where the marker ends, and the smallest indentation of the non-blank
    /// lines before it.
    private func findHeredocEnd(marker: [UInt8], from start: Int) -> (Int, Int, Int)? {
        let bytes = lexer.bytes
        var lineStart = start
        var indent = Int.max
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            var last = lineEnd
            while last > first, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 || bytes[last - 1] == 0x0D { last -= 1 }
            if last - first == marker.count, bytes[first..<last].elementsEqual(marker) {
                return (lineStart, last, indent == Int.max ? 0 : indent)
            }
            if last > first { indent = min(indent, first - lineStart) }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// Reads template text up to its end (closing quote, heredoc end, or the `%{ else/endif/endfor }`
    /// of the enclosing `directive`), which it consumes.
    private mutating func parseTemplateParts(
        _ mode: TemplateMode, opener: HCLToken, directive: DirectiveEnd?
    ) throws(HCLSyntaxError) -> ([HCLTemplatePart], DirectiveEnd?) {
        lexer.forgetPeek()
        var parts: [HCLTemplatePart] = []
        var text: [UInt8] = []
        var literalStart = lexer.cursor
        // Directive bodies start mid-line; heredoc text starts a line.
        var atLineStart = lexer.cursor.column == 1

        func flush(_ parser: inout HCLSyntaxParser, trimTrailing: Bool, end: HCLCursor) {
            var slice = text[...]
            if parser.stripNextLiteral { slice = slice.drop(while: Self.isTemplateSpace) }
            if trimTrailing { while let last = slice.last, Self.isTemplateSpace(last) { slice = slice.dropLast() } }
            parser.stripNextLiteral = false
            if !slice.isEmpty {
                let range = SourceRange(start: literalStart.position, end: end.position)
                parts.append(.literal(String(decoding: slice, as: UTF8.self), range))
            }
            text.removeAll(keepingCapacity: true)
        }

        while true {
            switch mode {
            case .quoted:
                if lexer.atEnd || lexer.byte() == 0x0A || (lexer.byte() == 0x0D && lexer.byte(ahead: 1) == 0x0A) {
                    throw fail(opener, lexer.atEnd
                        ? "this string is never closed: the file ends before its closing quote"
                        : "this string is not closed on its line; a quoted string cannot span lines (use a heredoc)")
                }
                if lexer.byte() == 0x22 {
                    flush(&self, trimTrailing: false, end: lexer.cursor)
                    if let directive { throw unclosed(directive) }
                    lexer.step()
                    return (parts, nil)
                }
                if lexer.byte() == 0x5C {
                    text.append(contentsOf: try parseEscape())
                    continue
                }
            case .heredoc(let end, let indent):
                if lexer.cursor.offset >= end {
                    flush(&self, trimTrailing: false, end: lexer.cursor)
                    if let directive { throw unclosed(directive) }
                    return (parts, nil)
                }
                if atLineStart {
                    atLineStart = false
                    var skipped = 0
                    while skipped < indent, lexer.byte() == 0x20 || lexer.byte() == 0x09 {
                        lexer.step()
                        skipped += 1
                    }
                    continue
                }
            }
            let b = lexer.byte()
            let next = lexer.byte(ahead: 1)
            if (b == 0x24 || b == 0x25) && next == b && lexer.byte(ahead: 2) == 0x7B {
                // `$${` and `%%{` are the literal `${` and `%{`.
                text.append(contentsOf: [b, 0x7B])
                lexer.step(); lexer.step(); lexer.step()
                continue
            }
            if (b == 0x24 || b == 0x25) && next == 0x7B {
                let start = lexer.cursor
                lexer.step(); lexer.step()
                let stripsBefore = lexer.byte() == 0x7E
                if stripsBefore { lexer.step() }
                flush(&self, trimTrailing: stripsBefore, end: start)
                if b == 0x24 {
                    parts.append(.interpolation(try parseInterpolation(start: start, stripsBefore: stripsBefore)))
                } else if let ended = try parseDirective(start: start, mode: mode, opener: opener, into: &parts, inside: directive) {
                    return (parts, ended)
                }
                if case .heredoc(let end, _) = mode, lexer.cursor.offset > end {
                    throw fail(opener, "an interpolation or directive in this heredoc runs past its closing marker")
                }
                literalStart = lexer.cursor
                continue
            }
            text.append(b)
            lexer.step()
            if b == 0x0A { atLineStart = true }
        }
    }

    private static func isTemplateSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// A backslash escape in a quoted string; the cursor is on the backslash.
    private mutating func parseEscape() throws(HCLSyntaxError) -> [UInt8] {
        let start = lexer.cursor
        lexer.step()
        let c = lexer.byte()
        switch c {
        case UInt8(ascii: "n"): lexer.step(); return [0x0A]
        case UInt8(ascii: "r"): lexer.step(); return [0x0D]
        case UInt8(ascii: "t"): lexer.step(); return [0x09]
        case UInt8(ascii: "\""): lexer.step(); return [0x22]
        case UInt8(ascii: "\\"): lexer.step(); return [0x5C]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = c == UInt8(ascii: "u") ? 4 : 8
            lexer.step()
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = Self.hexValue(lexer.byte()), !lexer.atEnd else {
                    throw HCLSyntaxError(position: start.position, message: "'\\\(Character(Unicode.Scalar(c)))' must be followed by \(count) hexadecimal digits")
                }
                value = value * 16 + digit
                lexer.step()
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw HCLSyntaxError(position: start.position, message: "the escape \\\(Character(Unicode.Scalar(c))) names U+\(String(value, radix: 16, uppercase: true)), which is not a Unicode character")
            }
            return Array(String(Character(scalar)).utf8)
        default:
            let shown = lexer.atEnd ? "the end of the file" : lexer.scalar(at: lexer.cursor.offset).map { lexer.describe($0.0) } ?? "?"
            throw HCLSyntaxError(position: start.position, message: "unknown escape sequence: a backslash followed by \(shown); strings know \\n \\r \\t \\\" \\\\ \\uNNNN and \\UNNNNNNNN")
        }
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        default: nil
        }
    }

    /// `${ expression }`; the cursor is after `${` (and its `~`).
    private mutating func parseInterpolation(start: HCLCursor, stripsBefore: Bool) throws(HCLSyntaxError) -> HCLInterpolation {
        let opener = HCLToken(kind: .eof, start: start, end: start)
        try enter(opener)
        defer { depth -= 1 }
        let saved = lexer.ignoresNewlines
        lexer.ignoresNewlines = true
        let expression = try parseExpression()
        let close = try closeMarker(opened: start, what: "interpolation '${'")
        lexer.ignoresNewlines = saved
        return HCLInterpolation(
            expression: expression, stripsBefore: stripsBefore, stripsAfter: close.kind == .tildeCloseBrace,
            range: SourceRange(start: start.position, end: close.end.position)
        )
    }

    /// The `}` or `~}` that closes an interpolation or directive.
    private mutating func closeMarker(opened start: HCLCursor, what: String) throws(HCLSyntaxError) -> HCLToken {
        let close = lexer.peek()
        guard close.kind == .closeBrace || close.kind == .tildeCloseBrace else {
            throw unexpected(close, expecting: "'}' to close the \(what) at line \(start.line), column \(start.column)")
        }
        lexer.advance()
        lexer.forgetPeek()
        stripNextLiteral = close.kind == .tildeCloseBrace
        return close
    }

    /// `%{ if }`, `%{ for }` and their ends; the cursor is after `%{` (and its `~`). Appends a
    /// finished directive to `parts`, or returns the `else`/`endif`/`endfor` that ends `inside`.
    private mutating func parseDirective(
        start: HCLCursor, mode: TemplateMode, opener: HCLToken, into parts: inout [HCLTemplatePart], inside: DirectiveEnd?
    ) throws(HCLSyntaxError) -> DirectiveEnd? {
        let saved = lexer.ignoresNewlines
        defer { lexer.ignoresNewlines = saved }
        lexer.ignoresNewlines = true
        let keywordToken = lexer.peek()
        guard keywordToken.kind == .identifier else {
            throw unexpected(keywordToken, expecting: "if, for, else, endif or endfor after '%{'")
        }
        let keyword = lexer.text(keywordToken)
        lexer.advance()
        let what = "'%{ \(keyword)' directive"
        switch keyword {
        case "if":
            let condition = try parseExpression()
            _ = try closeMarker(opened: start, what: what)
            let me = DirectiveEnd(keyword: "if", start: start, end: start)
            try enter(keywordToken)
            defer { depth -= 1 }
            let (thenParts, firstEnd) = try parseTemplateParts(mode, opener: opener, directive: me)
            var elseParts: [HCLTemplatePart]?
            var end = firstEnd!
            if end.keyword == "else" {
                let (parts, secondEnd) = try parseTemplateParts(mode, opener: opener, directive: me)
                elseParts = parts
                end = secondEnd!
            }
            guard end.keyword == "endif" else { throw mismatched(end, for: me) }
            let conditional = HCLTemplateConditional(
                condition: condition, thenParts: thenParts, elseParts: elseParts,
                range: SourceRange(start: start.position, end: end.end.position)
            )
            parts.append(.conditional(conditional))
            return nil
        case "for":
            let (keyVariable, valueVariable) = try parseLoopVariables()
            let collection = try parseExpression()
            _ = try closeMarker(opened: start, what: what)
            let me = DirectiveEnd(keyword: "for", start: start, end: start)
            try enter(keywordToken)
            defer { depth -= 1 }
            let (body, end) = try parseTemplateParts(mode, opener: opener, directive: me)
            guard end!.keyword == "endfor" else { throw mismatched(end!, for: me) }
            let loop = HCLTemplateLoop(
                keyVariable: keyVariable, valueVariable: valueVariable, collection: collection, body: body,
                range: SourceRange(start: start.position, end: end!.end.position)
            )
            parts.append(.loop(loop))
            return nil
        case "else", "endif", "endfor":
            _ = try closeMarker(opened: start, what: what)
            guard inside != nil else {
                throw HCLSyntaxError(position: start.position, message: "'%{ \(keyword) }' with no '%{ if }' or '%{ for }' open")
            }
            return DirectiveEnd(keyword: keyword, start: start, end: lexer.cursor)
        default:
            throw fail(keywordToken, "unknown template directive '\(keyword)'; expected if, for, else, endif or endfor")
        }
    }

    private func unclosed(_ directive: DirectiveEnd) -> HCLSyntaxError {
        let end = directive.keyword == "if" ? "endif" : "endfor"
        return HCLSyntaxError(position: directive.start.position, message: "this '%{ \(directive.keyword) }' has no '%{ \(end) }'")
    }

    private func mismatched(_ end: DirectiveEnd, for directive: DirectiveEnd) -> HCLSyntaxError {
        HCLSyntaxError(
            position: end.start.position,
            message: "'%{ \(end.keyword) }' cannot close the '%{ \(directive.keyword) }' at line \(directive.start.line), column \(directive.start.column)"
        )
    }

    // MARK: Helpers

    private mutating func enter(_ token: HCLToken) throws(HCLSyntaxError) {
        depth += 1
        if depth > HCLParser.maxDepth {
            throw fail(token, "nesting too deep: more than \(HCLParser.maxDepth) levels of blocks, brackets, braces, parentheses or templates")
        }
    }

    private mutating func expect(_ kind: HCLToken.Kind, _ what: String) throws(HCLSyntaxError) -> HCLToken {
        let token = lexer.peek()
        guard token.kind == kind else { throw unexpected(token, expecting: what) }
        return lexer.advance()
    }

    private func fail(_ token: HCLToken, _ message: String) -> HCLSyntaxError {
        HCLSyntaxError(position: token.start.position, message: message)
    }

    private func unexpected(_ token: HCLToken, expecting what: String) -> HCLSyntaxError {
        if case .invalid(let problem) = token.kind { return fail(token, lexer.message(problem, at: token)) }
        return fail(token, "expected \(what), found \(describe(token))")
    }

    private func describe(_ token: HCLToken) -> String {
        switch token.kind {
        case .eof: "the end of the file"
        case .newline: "a newline"
        case .number: "the number \(shortText(token))"
        case .quote: "a string"
        case .heredoc: "a heredoc"
        case .invalid(let problem): lexer.message(problem, at: token)
        default: "'\(shortText(token))'"
        }
    }

    /// A token's text for a message, cut short: a hostile 10 MB name must not become a 10 MB message.
    private func shortText(_ token: HCLToken) -> String {
        let text = lexer.text(token)
        return text.count > 40 ? text.prefix(40) + "…" : text
    }
}

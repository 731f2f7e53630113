import PalisadeCore

/// A place in the bytes being read: the byte offset and its 1-based line and column (columns count
/// Unicode scalars, as the YAML loader's do).
struct HCLCursor: Sendable {
    var offset: Int
    var line: Int
    var column: Int

    var position: SourcePosition { SourcePosition(line: line, column: column) }
}

/// Why the lexer could not make a token. A payload-free enum keeps `HCLToken` a plain value: a
/// token is copied at every look-ahead, and a `String` in it made each copy retain and release.
enum HCLLexProblem: Equatable, Sendable {
    case unclosedComment, unexpectedCharacter, heredocMarker
}

struct HCLToken: Sendable {
    enum Kind: Equatable, Sendable {
        case identifier, number, quote, heredoc, newline, eof
        case openBrace, closeBrace, openBracket, closeBracket, openParen, closeParen
        case comma, dot, ellipsis, equals, colon, doubleColon, question, arrow
        case plus, minus, star, slash, percent, bang, and, or
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        /// `~}`, closing an interpolation or directive with a strip marker.
        case tildeCloseBrace
        case invalid(HCLLexProblem)
    }

    var kind: Kind
    var start: HCLCursor
    var end: HCLCursor

    var range: SourceRange { SourceRange(start: start.position, end: end.position) }
}

/// Splits HCL source into tokens on demand. The parser drives it: it says whether newlines matter
/// where it is (`ignoresNewlines` inside brackets and parentheses) and reads template text byte by
/// byte itself, so the lexer needs no mode stack. Comments are recorded as they are skipped.
struct HCLLexer {
    let bytes: [UInt8]
    private(set) var cursor: HCLCursor
    var ignoresNewlines = false
    private(set) var comments: [HCLComment] = []
    private var peeked: (token: HCLToken, ignoringNewlines: Bool)?

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        cursor = HCLCursor(offset: bom, line: 1, column: 1)
    }

    var atEnd: Bool { cursor.offset >= bytes.count }

    /// The byte at `cursor + ahead`, or 0 past the end (callers check `atEnd` before trusting a 0).
    func byte(ahead: Int = 0) -> UInt8 {
        let offset = cursor.offset + ahead
        return offset < bytes.count ? bytes[offset] : 0
    }

    /// Moves over one byte, keeping line and column.
    mutating func step() {
        let byte = bytes[cursor.offset]
        cursor.offset += 1
        if byte == 0x0A {
            cursor.line += 1
            cursor.column = 1
        } else if byte & 0xC0 != 0x80 {
            cursor.column += 1
        }
    }

    /// Forgets a looked-ahead token before the parser reads bytes itself.
    mutating func forgetPeek() { peeked = nil }

    mutating func rewind(to saved: HCLCursor) {
        cursor = saved
        peeked = nil
    }

    func text(_ token: HCLToken) -> String {
        String(decoding: bytes[token.start.offset..<token.end.offset], as: UTF8.self)
    }

    mutating func peek() -> HCLToken {
        if let peeked, peeked.ignoringNewlines == ignoresNewlines { return peeked.token }
        let saved = cursor
        let token = scan()
        cursor = saved
        peeked = (token, ignoresNewlines)
        return token
    }

    @discardableResult
    mutating func advance() -> HCLToken {
        let token = peek()
        cursor = token.end
        peeked = nil
        return token
    }

    // MARK: Scanning

    private mutating func scan() -> HCLToken {
        if let problem = skipTrivia() { return problem }
        let start = cursor
        guard !atEnd else { return HCLToken(kind: .eof, start: start, end: start) }
        let kind = scanKind()
        return HCLToken(kind: kind, start: start, end: cursor)
    }

    /// Skips spaces, tabs, comments and (when they do not matter here) newlines. A line comment
    /// stops before its newline, which still ends an attribute.
    private mutating func skipTrivia() -> HCLToken? {
        while !atEnd {
            let b = byte()
            if b == 0x20 || b == 0x09 || (b == 0x0D && byte(ahead: 1) != 0x0A) {
                step()
            } else if b == 0x0A || (b == 0x0D && byte(ahead: 1) == 0x0A) {
                guard ignoresNewlines else { return nil }
                step()
            } else if b == 0x23 || (b == 0x2F && byte(ahead: 1) == 0x2F) {
                let start = cursor
                while !atEnd, byte() != 0x0A, !(byte() == 0x0D && byte(ahead: 1) == 0x0A) { step() }
                record(from: start, style: b == 0x23 ? .hash : .doubleSlash)
            } else if b == 0x2F && byte(ahead: 1) == 0x2A {
                let start = cursor
                step(); step()
                while !atEnd, !(byte() == 0x2A && byte(ahead: 1) == 0x2F) { step() }
                if atEnd { return HCLToken(kind: .invalid(.unclosedComment), start: start, end: start) }
                step(); step()
                record(from: start, style: .block)
            } else {
                return nil
            }
        }
        return nil
    }

    /// Records a comment once, however often the parser looks ahead across it.
    private mutating func record(from start: HCLCursor, style: HCLComment.Style) {
        if let last = comments.last, last.range.start >= start.position { return }
        let text = String(decoding: bytes[start.offset..<cursor.offset], as: UTF8.self)
        comments.append(HCLComment(text: text, style: style, range: SourceRange(start: start.position, end: cursor.position)))
    }

    private mutating func scanKind() -> HCLToken.Kind {
        let b = byte()
        let next = byte(ahead: 1)
        if b == 0x0A || b == 0x0D {
            if b == 0x0D { step() }
            step()
            return .newline
        }
        if isDigit(b) { return scanNumber() }
        if let s = scalar()?.0, isIdentifierStart(s) {
            scanIdentifierRest()
            return .identifier
        }
        func one(_ kind: HCLToken.Kind) -> HCLToken.Kind { step(); return kind }
        func two(_ kind: HCLToken.Kind) -> HCLToken.Kind { step(); step(); return kind }
        switch b {
        case UInt8(ascii: "\""): return one(.quote)
        case UInt8(ascii: "{"): return one(.openBrace)
        case UInt8(ascii: "}"): return one(.closeBrace)
        case UInt8(ascii: "["): return one(.openBracket)
        case UInt8(ascii: "]"): return one(.closeBracket)
        case UInt8(ascii: "("): return one(.openParen)
        case UInt8(ascii: ")"): return one(.closeParen)
        case UInt8(ascii: ","): return one(.comma)
        case UInt8(ascii: "?"): return one(.question)
        case UInt8(ascii: "+"): return one(.plus)
        case UInt8(ascii: "-"): return one(.minus)
        case UInt8(ascii: "*"): return one(.star)
        case UInt8(ascii: "/"): return one(.slash)
        case UInt8(ascii: "%"): return one(.percent)
        case UInt8(ascii: "."):
            if next == 0x2E && byte(ahead: 2) == 0x2E { step(); return two(.ellipsis) }
            return one(.dot)
        case UInt8(ascii: ":"): return next == 0x3A ? two(.doubleColon) : one(.colon)
        case UInt8(ascii: "="):
            if next == 0x3D { return two(.equal) }
            if next == 0x3E { return two(.arrow) }
            return one(.equals)
        case UInt8(ascii: "!"): return next == 0x3D ? two(.notEqual) : one(.bang)
        case UInt8(ascii: ">"): return next == 0x3D ? two(.greaterOrEqual) : one(.greater)
        case UInt8(ascii: "<"):
            if next == 0x3D { return two(.lessOrEqual) }
            if next == 0x3C { return scanHeredocMarker() }
            return one(.less)
        case UInt8(ascii: "&") where next == 0x26: return two(.and)
        case UInt8(ascii: "|") where next == 0x7C: return two(.or)
        case UInt8(ascii: "~") where next == 0x7D: return two(.tildeCloseBrace)
        default:
            return .invalid(.unexpectedCharacter)
        }
    }

    private mutating func scanNumber() -> HCLToken.Kind {
        while isDigit(byte()) { step() }
        if byte() == 0x2E && isDigit(byte(ahead: 1)) {
            step()
            while isDigit(byte()) { step() }
        }
        if byte() | 0x20 == 0x65 {
            let sign = byte(ahead: 1) == 0x2B || byte(ahead: 1) == 0x2D
            if isDigit(byte(ahead: sign ? 2 : 1)) {
                step()
                if sign { step() }
                while isDigit(byte()) { step() }
            }
        }
        return .number
    }

    /// `<<EOF` or `<<-EOF`; the parser reads the heredoc's lines itself.
    private mutating func scanHeredocMarker() -> HCLToken.Kind {
        let dash = byte(ahead: 2) == 0x2D
        let markerStart = cursor.offset + (dash ? 3 : 2)
        guard let first = scalar(at: markerStart)?.0, isIdentifierStart(first) else {
            step()
            return .invalid(.heredocMarker)
        }
        step(); step()
        if dash { step() }
        scanIdentifierRest()
        return .heredoc
    }

    private mutating func scanIdentifierRest() {
        while case let (s, length)? = scalar(), isIdentifierContinue(s) {
            for _ in 0..<length { step() }
        }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private func scalar() -> (Unicode.Scalar, Int)? { scalar(at: cursor.offset) }

    /// The scalar starting at `offset` and its length in bytes; the input was validated as UTF-8.
    func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        guard offset < bytes.count else { return nil }
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard offset + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (0x7F >> length)
        for k in 1..<length { value = value << 6 | UInt32(bytes[offset + k] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    private func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_" }
        return s.properties.isIDStart
    }

    private func isIdentifierContinue(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "-" }
        return s.properties.isIDContinue
    }

    /// What went wrong at an invalid token, for the error message.
    func message(_ problem: HCLLexProblem, at token: HCLToken) -> String {
        switch problem {
        case .unclosedComment: "this /* comment is never closed with */"
        case .unexpectedCharacter: "unexpected character \(scalar(at: token.start.offset).map { describe($0.0) } ?? "?")"
        case .heredocMarker: "'<<' must be followed by a heredoc marker such as <<EOF or <<-EOF"
        }
    }

    /// A character for a message: printable ones quoted, others as their code point.
    func describe(_ s: Unicode.Scalar) -> String {
        s.properties.generalCategory == .control || s.value < 0x20
            ? "U+\(String(s.value, radix: 16, uppercase: true))"
            : "'\(Character(s))'"
    }
}

import PalisadeCore

/// Where each byte of a YAML scalar's value sits in the file, so a finding can point inside a
/// `run:` script at the exact `${{ ... }}` expression. libyaml gives a scalar's text and the range
/// it spans, not a map from one to the other, so it is rebuilt here from the file's bytes:
///
/// each line of the scalar's source (after a block scalar's `|`/`>` header line, inside a quoted
/// scalar's quotes) is cut into pieces, blanks trimmed, escapes decoded (`''` in single quotes,
/// backslash escapes in double quotes); the pieces must then appear in the value in order,
/// separated only by blanks and line breaks, which is what indentation stripping, line folding and
/// chomping leave of them in every style. Each piece becomes one segment of a `LogicalText`. When
/// the pieces do not line up (something this reading does not know), the result is nil and the
/// caller places the whole value at the scalar's start: never a wrong position inside it.
struct ScalarSource {
    let bytes: [UInt8]
    /// Byte offset of the start of each line (line 1 at index 0).
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The byte offset of a position (columns count Unicode scalars), or nil outside the file.
    func offset(of position: SourcePosition) -> Int? {
        guard position.line >= 1, position.line <= lineStarts.count else { return nil }
        var i = lineStarts[position.line - 1]
        var column = 1
        while column < position.column {
            guard i < bytes.count, bytes[i] != 0x0A else { return nil }
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        return i
    }

    /// The map from `scalar`'s text to the file, or nil when it cannot be rebuilt exactly.
    func text(of scalar: Scalar, range: SourceRange) -> LogicalText? {
        guard let start = offset(of: range.start), let end = offset(of: range.end), start <= end, end <= bytes.count else { return nil }
        let text = Array(scalar.text.utf8)
        var from = start, to = end
        var line = range.start.line
        switch scalar.style {
        case .literal, .folded:
            // Content starts on the line after the header (`|`, `>-`, `|2`, and a comment).
            while from < end && bytes[from] != 0x0A { from += 1 }
            from += 1
            line += 1
        case .singleQuoted, .doubleQuoted:
            from += 1
            to -= 1
        case .plain:
            break
        }
        guard from <= to || text.isEmpty else { return nil }
        var segments: [LogicalText.Segment] = []
        var cursor = 0
        var lineStart = lineStarts[min(line, lineStarts.count) - 1]
        var i = from
        var counted = (offset: lineStart, column: 1)
        // Matches `piece` (decoded bytes, first one at file offset `at`) at the cursor, after blanks.
        func match(_ piece: ArraySlice<UInt8>, at: Int) -> Bool {
            while true {
                if cursor + piece.count <= text.count, text[cursor..<(cursor + piece.count)].elementsEqual(piece) { break }
                guard cursor < text.count, Self.isSeparator(text[cursor]) else { return false }
                cursor += 1
            }
            // Pieces of a line come left to right: count only the bytes since the previous one.
            if at < counted.offset || counted.offset < lineStart { counted = (lineStart, 1) }
            counted = (at, counted.column + Self.scalarCount(bytes[counted.offset..<at]))
            let column = counted.column
            segments.append(LogicalText.Segment(offset: cursor, line: line, column: column))
            cursor += piece.count
            return true
        }
        while i < to {
            // One source line: [i, lineEnd).
            var lineEnd = i
            while lineEnd < to && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var k = i
            while k < lineEnd {
                while k < lineEnd && Self.isBlank(bytes[k]) { k += 1 }
                guard k < lineEnd else { break }
                // A run up to the next escape (or the line's end), trailing blanks trimmed.
                var runEnd = k
                while runEnd < lineEnd && !isEscape(at: runEnd, scalar.style) { runEnd += 1 }
                var trimmed = runEnd
                while trimmed > k && Self.isBlank(bytes[trimmed - 1]) { trimmed -= 1 }
                if trimmed > k, !match(bytes[k..<trimmed], at: k) { return nil }
                k = runEnd
                guard k < lineEnd else { break }
                // An escape: `''`, or a backslash sequence.
                if scalar.style == .singleQuoted {
                    if !match([UInt8(ascii: "'")][...], at: k) { return nil }
                    k += 2
                    continue
                }
                guard let (decoded, length) = decodeEscape(at: k, lineEnd: lineEnd) else { return nil }
                if !decoded.isEmpty, !match(decoded[...], at: k) { return nil }
                k += length
            }
            i = lineEnd + 1
            line += 1
            lineStart = i
        }
        // Whatever is left is the blanks and line breaks folding and chomping made.
        guard text[cursor...].allSatisfy(Self.isSeparator) else { return nil }
        if segments.isEmpty { segments = [LogicalText.Segment(offset: 0, line: range.start.line, column: range.start.column)] }
        return LogicalText(bytes: text, segments: segments)
    }

    private func isEscape(at i: Int, _ style: Scalar.Style) -> Bool {
        switch style {
        case .singleQuoted: bytes[i] == UInt8(ascii: "'") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "'")
        case .doubleQuoted: bytes[i] == UInt8(ascii: "\\")
        default: false
        }
    }

    /// The bytes a double-quoted escape stands for and its length in the source; an escaped line
    /// break stands for nothing. nil for an escape YAML does not have (libyaml would have failed).
    private func decodeEscape(at i: Int, lineEnd: Int) -> ([UInt8], Int)? {
        guard i + 1 < lineEnd else { return ([], 1) }  // `\` at the end of a line: the break is escaped
        let c = bytes[i + 1]
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "0"): 0, UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "t"): 9, 9: 9,
            UInt8(ascii: "n"): 10, UInt8(ascii: "v"): 11, UInt8(ascii: "f"): 12, UInt8(ascii: "r"): 13, UInt8(ascii: "e"): 27,
            UInt8(ascii: " "): 32, UInt8(ascii: "\""): 34, UInt8(ascii: "/"): 47, UInt8(ascii: "\\"): 92,
        ]
        if let byte = simple[c] { return ([byte], 2) }
        let unicode: [UInt8: UInt32] = [UInt8(ascii: "N"): 0x85, UInt8(ascii: "_"): 0xA0, UInt8(ascii: "L"): 0x2028, UInt8(ascii: "P"): 0x2029]
        if let value = unicode[c] { return (Self.utf8(value), 2) }
        let digits: Int
        switch c {
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: return nil
        }
        guard i + 2 + digits <= lineEnd,
              let value = UInt32(String(decoding: bytes[(i + 2)..<(i + 2 + digits)], as: UTF8.self), radix: 16) else { return nil }
        return (Self.utf8(value), 2 + digits)
    }

    private static func utf8(_ value: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(value) else { return [] }
        return Array(String(Character(scalar)).utf8)
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
    private static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }
}

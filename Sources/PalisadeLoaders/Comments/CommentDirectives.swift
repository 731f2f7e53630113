#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PalisadeCore

/// A comment whose first word is `palisade:ignore`, found in a file's bytes, before any format
/// decides what it covers.
public struct CommentCandidate: Sendable {
    public let directive: SuppressionComment.Directive
    /// The line the comment is on.
    public let line: Int
    /// Byte offsets of the line's first byte and of its end (the line feed, or the end of the file).
    public let lineStart: Int
    public let lineEnd: Int
    /// Only blanks before the comment starter: the comment is a line of its own.
    public let ownLine: Bool

    public var position: SourcePosition { directive.range.start }
}

/// Finds suppression comments in bytes, for every format with line comments: YAML, HCL, Dockerfile
/// and workflow files all use `#` (HCL also `//`). Formats differ only in what a comment covers and
/// in what hides a comment starter (a quoted string): that is the format loader's business.
public enum CommentDirectives {
    private static let marker = Array(SuppressionComment.marker.utf8)

    /// Whether the marker occurs in the bytes at all: the prefilter every loader runs first, so
    /// files without suppression comments cost one `memchr`-driven pass and nothing else.
    public static func mayContain(_ bytes: [UInt8]) -> Bool {
        firstMarker(in: bytes, from: 0) != nil
    }

    /// Every comment that begins (after blanks) with the marker: a starter at the start of a line
    /// or after a blank, then blanks, then `palisade:ignore` and a blank or the end of the line.
    /// A starter inside a quoted string looks the same here; the format loader tells them apart.
    public static func find(in bytes: [UInt8], starters: [String] = ["#"]) -> [CommentCandidate] {
        let starters = starters.map { Array($0.utf8) }
        var result: [CommentCandidate] = []
        var line = 1
        var counted = 0  // bytes before this offset have had their line feeds counted
        var lineStart = 0
        var from = 0
        while let found = firstMarker(in: bytes, from: from) {
            from = found + marker.count
            for i in counted..<found where bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            counted = found
            var k = found
            while k > lineStart && isBlank(bytes[k - 1]) { k -= 1 }
            guard let starter = starters.first(where: { s in
                k - s.count >= lineStart && bytes[(k - s.count)..<k].elementsEqual(s)
            }) else { continue }
            let starterStart = k - starter.count
            guard starterStart == lineStart || isBlank(bytes[starterStart - 1]) else { continue }
            var lineEnd = from
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let column = scalarCount(bytes[lineStart..<starterStart]) + 1
            let text = String(decoding: bytes[k..<lineEnd], as: UTF8.self)
            let comment = SourcePosition(line: line, column: column)
            let textStart = SourcePosition(line: line, column: column + scalarCount(bytes[starterStart..<k]))
            guard let directive = SuppressionComment.Directive(text: Substring(text), comment: comment, start: textStart) else { continue }
            let ownLine = bytes[lineStart..<starterStart].allSatisfy(isBlank)
            result.append(CommentCandidate(directive: directive, line: line, lineStart: lineStart, lineEnd: lineEnd, ownLine: ownLine))
        }
        return result
    }

    /// The offset of the next marker at or after `from`: `memchr` for its rarest byte (`g`), then a
    /// comparison around each hit.
    private static func firstMarker(in bytes: [UInt8], from: Int) -> Int? {
        let anchor = 10  // "palisade:ignore"[10] == "g"
        guard bytes.count - from >= marker.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var at = from + anchor
            let last = buffer.count - (marker.count - anchor)  // the last offset `g` can have
            while at <= last {
                guard let hit = memchr(base + at, Int32(UInt8(ascii: "g")), last - at + 1) else { return nil }
                let g = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let start = g - anchor
                if buffer[start..<start + marker.count].elementsEqual(marker) { return start }
                at = g + 1
            }
            return nil
        }
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    private static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }
}

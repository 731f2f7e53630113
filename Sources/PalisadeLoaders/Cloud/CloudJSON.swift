import PalisadeCore

/// Reads JSON text held in a string value (a policy in a heredoc, `jsondecode`'s argument) into a
/// structured value. Positions: when the string is a heredoc (its site spans lines), each element
/// gets its own line (the heredoc body starts on the line after `<<EOF`) and its column as written;
/// otherwise every element points at the string itself. Depth is bounded; invalid JSON gives nil.
public enum CloudJSON {
    public static func parse(_ text: String, site: CloudSite) -> CloudValue? {
        var parser = Parser(bytes: Array(text.utf8), site: site)
        parser.skipSpace()
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipSpace()
        return parser.index == parser.bytes.count ? value : nil
    }

    static let maxDepth = 256

    struct Parser {
        let bytes: [UInt8]
        let site: CloudSite
        let heredoc: Bool
        var index = 0
        var line = 0
        var lineStart = 0

        init(bytes: [UInt8], site: CloudSite) {
            self.bytes = bytes
            self.site = site
            self.heredoc = site.range.end.line > site.range.start.line + 1
        }

        func here(_ start: (Int, Int), _ end: (Int, Int)) -> CloudSite {
            guard heredoc else { return site }
            let base = site.range.start.line + 1
            return CloudSite(file: site.file, range: SourceRange(
                start: SourcePosition(line: base + start.0, column: start.1 + 1),
                end: SourcePosition(line: base + end.0, column: end.1 + 1)))
        }

        var position: (Int, Int) { (line, index - lineStart) }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D: index += 1
                case 0x0A:
                    index += 1
                    line += 1
                    lineStart = index
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> CloudValue? {
            guard depth < CloudJSON.maxDepth, index < bytes.count else { return nil }
            let start = position
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [CloudValue.Member] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return CloudValue(.object([]), site: here(start, position)) }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                    index += 1
                    skipSpace()
                    guard let element = value(depth: depth + 1) else { return nil }
                    members.removeAll { $0.key == key }
                    members.append(.init(key: key, value: element))
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    return nil
                }
                return CloudValue(.object(members), site: here(start, position))
            case UInt8(ascii: "["):
                index += 1
                var items: [CloudValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return CloudValue(.list([]), site: here(start, position)) }
                while true {
                    skipSpace()
                    guard let element = value(depth: depth + 1) else { return nil }
                    items.append(element)
                    skipSpace()
                    guard index < bytes.count else { return nil }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                    return nil
                }
                return CloudValue(.list(items), site: here(start, position))
            case UInt8(ascii: "\""):
                guard let text = string() else { return nil }
                return CloudValue(.string(text), site: here(start, position))
            case UInt8(ascii: "t"): return word("true", .bool(true), start)
            case UInt8(ascii: "f"): return word("false", .bool(false), start)
            case UInt8(ascii: "n"): return word("null", .null, start)
            default:
                let from = index
                while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == UInt8(ascii: "-")
                    || bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                    index += 1
                }
                guard index > from, let number = Double(String(decoding: bytes[from..<index], as: UTF8.self)) else { return nil }
                return CloudValue(.number(number), site: here(start, position))
            }
        }

        mutating func word(_ text: String, _ kind: CloudValue.Kind, _ start: (Int, Int)) -> CloudValue? {
            let expected = Array(text.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else { return nil }
            index += expected.count
            return CloudValue(kind, site: here(start, position))
        }

        /// A string starting at the opening quote; escapes resolved.
        mutating func string() -> String? {
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else { return nil }
                        index += 4
                        out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
                    default: out.append(escaped)
                    }
                case 0x0A: return nil
                default: out.append(byte)
                }
            }
            return nil
        }
    }
}

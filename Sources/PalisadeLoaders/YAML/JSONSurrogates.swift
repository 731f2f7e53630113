/// JSON writes characters outside the Basic Multilingual Plane as UTF-16 surrogate pairs
/// (`"\ud83d\ude00"`, as Python's `json.dumps` does by default); libyaml, reading JSON as YAML,
/// rejects each half. This rewrites every pair in a JSON text to YAML's 8-digit escape
/// (`\U0001F600`) and pads the two bytes saved with spaces after the string's closing quote, so
/// every line and column outside the string stays where it was.
enum JSONSurrogates {
    /// The rewritten text, or nil when there is nothing to rewrite (the common case, checked cheaply).
    static func rewrite(_ bytes: [UInt8]) -> [UInt8]? {
        guard looksLikeJSON(bytes), containsSurrogateEscape(bytes) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false
        var padding = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if !inString {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { inString = true }
                i += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                out.append(byte)
                out += Array(repeating: UInt8(ascii: " "), count: padding)
                padding = 0
                inString = false
                i += 1
            } else if byte == UInt8(ascii: "\\"), i + 1 < bytes.count {
                if bytes[i + 1] == UInt8(ascii: "u"), let high = hex4(bytes, i + 2), (0xD800...0xDBFF).contains(high),
                   i + 11 < bytes.count, bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u"),
                   let low = hex4(bytes, i + 8), (0xDC00...0xDFFF).contains(low)
                {
                    let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    let digits = Array(String(scalar, radix: 16, uppercase: true).utf8)
                    out += Array("\\U".utf8) + Array(repeating: UInt8(ascii: "0"), count: 8 - digits.count) + digits
                    padding += 2
                    i += 12
                } else {
                    out.append(byte)
                    out.append(bytes[i + 1])
                    i += 2
                }
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }

    private static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): return true
            default: return false
            }
        }
        return false
    }

    /// `\uD8`..`\uDB` in either case: the start of a high surrogate escape.
    private static func containsSurrogateEscape(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for i in 0..<(bytes.count - 3) where bytes[i] == UInt8(ascii: "\\") && bytes[i + 1] == UInt8(ascii: "u") {
            let d = bytes[i + 2] | 0x20, next = bytes[i + 3] | 0x20
            if d == UInt8(ascii: "d") && (UInt8(ascii: "8")...UInt8(ascii: "9")).contains(next) || d == UInt8(ascii: "d") && (UInt8(ascii: "a")...UInt8(ascii: "b")).contains(next) {
                return true
            }
        }
        return false
    }

    private static func hex4(_ bytes: [UInt8], _ start: Int) -> Int? {
        guard start + 4 <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<start + 4] {
            guard let digit = Int(String(UnicodeScalar(byte)), radix: 16) else { return nil }
            value = value * 16 + digit
        }
        return value
    }
}

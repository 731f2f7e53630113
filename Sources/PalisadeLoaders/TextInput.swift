#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PalisadeCore

/// The checks every text format of our own (Dockerfile, HCL) makes before parsing, so a binary or
/// mis-encoded file is one input error with its position, never a parse of garbage. YAML gets the
/// same verdicts from libyaml's reader.
public enum TextInput {
    /// A NUL byte in the first 8 KiB: what every scanner takes for a binary file.
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            return memchr(base, 0, min(b.count, 8192)) != nil
        }
    }

    /// `binary-file` for a NUL byte in the first 8 KiB, `invalid-encoding` at the first byte that
    /// is not UTF-8 (`encoding` words the message from that offset), or nil for good text.
    public static func problem(_ bytes: [UInt8], file: String, namedLike what: String, encoding: (Int) -> String) -> Diagnostic? {
        if let nul = bytes.prefix(8192).firstIndex(of: 0) {
            return Diagnostic(code: "binary-file", level: .error, file: file, position: YAMLLoader.position(ofOffset: nul, in: bytes),
                              message: "binary content (a NUL byte) in a file named like \(what); not scanned")
        }
        if let bad = firstInvalidUTF8(bytes) {
            return Diagnostic(code: "invalid-encoding", level: .error, file: file, position: YAMLLoader.position(ofOffset: bad, in: bytes),
                              message: encoding(bad))
        }
        return nil
    }

    /// The offset where the first byte sequence that is not UTF-8 starts (overlong forms,
    /// surrogates and values past U+10FFFF included), or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let second = bytes[i + 1]
            guard second >= low && second <= high else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}

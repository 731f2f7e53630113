#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks that tell a credential from something shaped like one: entropy, placeholders and
/// checksums. All over bytes, no allocation on the common path.
public enum SecretFilters {
    /// Shannon entropy in bits per byte.
    public static func entropy(_ bytes: some Collection<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for b in bytes { counts[Int(b)] += 1 }
            let n = Double(bytes.count)
            var h = 0.0
            for c in counts where c > 0 {
                let p = Double(c) / n
                h -= p * log2(p)
            }
            return h
        }
    }

    /// Words that mark a value as a placeholder, documentation or a test value, lower case.
    static let placeholderWords: [[UInt8]] = [
        "example", "changeme", "change_me", "change-me", "dummy", "placeholder", "sample", "your_", "your-", "yourtoken",
        "yourkey", "yourpass", "xxxx", "****", "...", "redacted", "replace", "insert", "notreal", "not_real", "not-real",
        "fakefake", "fake_", "_fake", "-fake", "fake-", "secret_here", "token_here", "key_here", "password_here", "here>",
        "<your", "<insert", "${", "{{", "%(", "$(", "<%", "lorem", "foobar", "abcdefgh", "12345678", "0123456789",
        "qwerty", "testtest", "s3cr3t", "mypassword", "passw0rd", "password1", "p@ssw0rd", "todo",
    ].map { Array($0.utf8) }

    /// Whether `value` looks like a placeholder rather than a credential: a placeholder word, a
    /// template (`${VAR}`, `{{ .Values.x }}`, `<token>`), a run of one character, an ascending or
    /// descending run (`123456`, `abcdef`), or too few distinct characters.
    public static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        guard !value.isEmpty else { return true }
        let lower = value.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        for w in placeholderWords where contains(lower, w) { return true }
        if value.first == UInt8(ascii: "<") && value.last == UInt8(ascii: ">") { return true }
        if value.first == UInt8(ascii: "$") { return true }  // $VAR, ${VAR}
        if value.first == UInt8(ascii: "{") && value.last == UInt8(ascii: "}") { return true }  // {name}, f-strings
        // One repeated character, or very few distinct ones for the length.
        var seen = ByteSet()
        var distinct = 0
        for b in value where !seen.contains(b) {
            seen.insert(b)
            distinct += 1
        }
        if distinct <= 2 || (value.count >= 16 && distinct <= 4) { return true }
        if knownPublic.contains(String(decoding: value, as: UTF8.self)) { return true }
        // Runs: ascending or descending (`123456`, `abcdef`) or one character repeated.
        var run = 1, longest = 1, step = 0
        var same = 1, longestSame = 1
        for k in lower.indices.dropFirst() {
            let d = Int(lower[k]) - Int(lower[k - 1])
            if abs(d) <= 1 && (run == 1 || d == step) {
                run += 1
                step = d
            } else if abs(d) <= 1 {
                run = 2
                step = d
            } else {
                run = 1
            }
            longest = max(longest, run)
            // `A` runs are base64 of zero bytes, which real formats hold (Dropbox, X, Firebase).
            if d == 0 && lower[k] != UInt8(ascii: "a") { same += 1 } else { same = 1 }
            longestSame = max(longestSame, same)
        }
        // Eight of one character is a mask (`00000000`).
        if longestSame >= 8 { return true }
        return longest >= 6 && longest * 3 >= value.count
    }

    /// Credentials published on purpose: documentation keys and emulator defaults.
    static let knownPublic: Set<String> = [
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        // Azurite and the Azure Storage emulator's well-known account key.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    ]

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    // MARK: Checksums

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static let base62Digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `value` in base 62, left-padded with `0` to `width` digits.
    public static func base62(_ value: UInt32, width: Int) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v > 0 {
            out.append(base62Digits[Int(v % 62)])
            v /= 62
        }
        while out.count < width { out.append(UInt8(ascii: "0")) }
        return out.reversed()
    }

    /// GitHub's and npm's token checksum: the last six characters are the CRC32 of the random part
    /// before them, in base 62. `token` is the whole token; `prefix` the length of the fixed
    /// prefix (`ghp_`, `npm_`).
    public static func hasValidCRC32Suffix(_ token: ArraySlice<UInt8>, prefix: Int) -> Bool {
        guard token.count > prefix + 6 else { return false }
        let body = token.dropFirst(prefix).dropLast(6)
        return base62(crc32(body), width: 6).elementsEqual(token.suffix(6))
    }

    // MARK: Base64

    static let base64Values: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = Int8(i) }
        t[Int(UInt8(ascii: "-"))] = 62  // URL-safe alphabet too
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// Decodes base64 (standard or URL-safe, padding optional); nil when it is not base64.
    public static func base64Decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        var padding = 0
        for c in text {
            if c == UInt8(ascii: "=") { padding += 1; continue }
            guard padding == 0 else { return nil }
            let v = base64Values[Int(c)]
            guard v >= 0 else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return padding > 2 ? nil : out
    }

    /// Whether the bytes are printable text (ASCII or UTF-8 letters, no control bytes but
    /// whitespace): what a decoded credential is.
    public static func isPrintable(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        for b in bytes where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return false }
        return !bytes.contains(0x7F)
    }
}

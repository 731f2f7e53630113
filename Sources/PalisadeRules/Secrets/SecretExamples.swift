/// Fills the holes of a detector's example templates with deterministic random values, so every
/// example looks like a real credential (entropy, checksums) yet is the same on every run:
///
/// - `{}`: a value drawn from the detector pattern's secret group;
/// - `{gh:PREFIX}`: a GitHub-style token with a valid CRC32 suffix (`ghp_`, `npm_`);
/// - `{jwt}`: a signed-looking JSON Web Token;
/// - `{basic}`: base64 of `user:password`;
/// - `{b64pw}`: base64 of a random password;
/// - `{pem:LABEL}`: a PEM block with that label, over several lines;
/// - `{openssh}`: an unencrypted OpenSSH key block;
/// - `{rand:N}`: N random letters and digits.
public enum SecretExamples {
    static let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    static let b64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func seed(_ id: String, _ index: Int, salt: UInt64 = 0) -> SplitMix {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return SplitMix(seed: h ^ UInt64(index) &* 0x9E37_79B9 ^ salt)
    }

    static func random(_ n: Int, _ r: inout SplitMix, from alphabet: [UInt8] = alnum) -> String {
        String(decoding: (0..<n).map { _ in alphabet[r.next(alphabet.count)] }, as: UTF8.self)
    }

    public static func githubToken(_ prefix: String, _ r: inout SplitMix) -> String {
        let body = random(30, &r)
        return prefix + body + String(decoding: SecretFilters.base62(SecretFilters.crc32(Array(body.utf8)), width: 6), as: UTF8.self)
    }

    static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            out.append(b64[Int(v >> 18 & 63)])
            out.append(b64[Int(v >> 12 & 63)])
            out.append(n > 1 ? b64[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? b64[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func base64url(_ text: String) -> String {
        String(base64(Array(text.utf8)).filter { $0 != "=" }.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    public static func jwt(_ r: inout SplitMix) -> String {
        let header = base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
        let payload = base64url("{\"sub\":\"\(r.next(1_000_000))\",\"name\":\"svc-\(random(6, &r))\",\"iat\":17\(r.next(100_000_000))}")
        let signature = base64url(random(32, &r))
        return header + "." + payload + "." + signature
    }

    static func pemBody(_ r: inout SplitMix, bytes: Int = 600, prefix: [UInt8] = []) -> [String] {
        let raw = prefix + (0..<bytes).map { _ in UInt8(truncatingIfNeeded: r.next()) }
        let text = base64(raw)
        var lines: [String] = []
        var s = Substring(text)
        while !s.isEmpty {
            lines.append(String(s.prefix(64)))
            s = s.dropFirst(64)
        }
        return lines
    }

    /// Replaces the holes of `template`.
    public static func fill(_ template: String, detector: SecretDetector, _ r: inout SplitMix, degenerate: Bool = false) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            out += rest[..<open]
            let hole = String(rest[rest.index(after: open)..<close])
            if hole.contains(where: { $0 == "{" || $0 == "\"" }) || (hole.contains(" ") && !hole.hasPrefix("pem:")) {
                // A brace of the text itself (JSON), not a hole.
                out += "{"
                rest = rest[rest.index(after: open)...]
                continue
            }
            out += value(hole, detector, &r, degenerate: degenerate) ?? "{\(hole)}"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static func value(_ hole: String, _ detector: SecretDetector, _ r: inout SplitMix, degenerate: Bool) -> String? {
        if hole.isEmpty, case .pattern(let p) = detector.matcher { return p.sampleSecret(&r, degenerate: degenerate) }
        if hole.hasPrefix("gh:") { return degenerate ? String(hole.dropFirst(3)) + String(repeating: "x", count: 36) : githubToken(String(hole.dropFirst(3)), &r) }
        if hole == "jwt" { return jwt(&r) }
        if hole == "basic" { return base64(Array("deploy:\(random(14, &r))".utf8)) }
        if hole == "b64pw" { return base64(Array(random(20, &r).utf8)) }
        if hole.hasPrefix("rand:"), let n = Int(hole.dropFirst(5)) { return degenerate ? String(repeating: "x", count: n) : random(n, &r) }
        if hole.hasPrefix("pem:") {
            let label = String(hole.dropFirst(4))
            return (["-----BEGIN \(label)-----"] + pemBody(&r) + ["-----END \(label)-----"]).joined(separator: "\n")
        }
        if hole == "openssh" {
            var prefix = Array("openssh-key-v1\0".utf8)
            prefix += [0, 0, 0, 4] + Array("none".utf8) + [0, 0, 0, 4] + Array("none".utf8)
            return (["-----BEGIN OPENSSH PRIVATE KEY-----"] + pemBody(&r, prefix: prefix) + ["-----END OPENSSH PRIVATE KEY-----"]).joined(separator: "\n")
        }
        if hole == "openssh-encrypted" {
            var prefix = Array("openssh-key-v1\0".utf8)
            prefix += [0, 0, 0, 10] + Array("aes256-ctr".utf8) + [0, 0, 0, 6] + Array("bcrypt".utf8)
            return (["-----BEGIN OPENSSH PRIVATE KEY-----"] + pemBody(&r, prefix: prefix) + ["-----END OPENSSH PRIVATE KEY-----"]).joined(separator: "\n")
        }
        return nil
    }

    /// The detector's examples, filled: what the rule's bad examples show and the tests run.
    public static func examples(_ detector: SecretDetector, salt: UInt64 = 0) -> [String] {
        detector.examples.enumerated().map { i, t in
            var r = seed(detector.id, i, salt: salt)
            return fill(t, detector: detector, &r)
        }
    }

    /// The detector's decoys, filled, plus each example made a placeholder (every random
    /// character the same).
    public static func decoys(_ detector: SecretDetector) -> [String] {
        var result = detector.decoys.enumerated().map { i, t in
            var r = seed(detector.id, 100 + i)
            return fill(t, detector: detector, &r)
        }
        if let first = detector.examples.first, first.contains("{}") || first.contains("{gh:") || first.contains("{rand:"),
           !["{basic}", "{jwt}", "{b64pw}", "{pem:", "{openssh"].contains(where: first.contains) {
            var r = seed(detector.id, 0)
            result.append(fill(first, detector: detector, &r, degenerate: true).replacingMarker())
        }
        return result
    }
}

extension String {
    func replacingMarker() -> String { String(filter { $0 != "↓" }) }
}

import PalisadeCore

/// The detectors, as data. Most are one of two shapes:
///
/// - `token`: a format with a fixed, distinctive prefix (`ghp_`, `xoxb-`, `sk_live_`): found wherever
///   it stands, the prefix is the prefilter keyword;
/// - `keyed`: a format without one (32 hex digits...): found only as the value of a name that
///   contains the vendor's word (`TWILIO_AUTH_TOKEN = "..."`), the word is the keyword.
///
/// Order matters once: of two specific detectors reporting the same bytes, the first one stays.
public enum SecretCatalogue {
    public static let all: [SecretDetector] = cloud + sourceHosting + ai + communication + payments + devops
        + observability + productivity + more + keys + structured + generic

    /// Where a finding stops being a match: not a character the token could continue with.
    static let end = #"(?:[^0-9A-Za-z_\-]|$)"#
    static let endKeyed = #"(?:["'`\s;,)}\]]|\\n|$)"#

    /// A token with a distinctive prefix, found anywhere. `body` is the whole token's pattern.
    static func token(_ id: String, _ name: String, _ body: String, keywords: [String], entropy: Double = 3.0,
                      severity: Severity = .high, validation: SecretDetector.Validation = .none,
                      examples: [String] = ["value = \"↓{}\""], decoys: [String] = [], reference: String? = nil) -> SecretDetector {
        let starts = body.first.map { $0.isLetter || $0.isNumber } ?? false
        return SecretDetector(id, name, keywords: keywords, pattern: (starts ? #"\b("# : "(") + body + ")" + end,
                              entropy: entropy, severity: severity, validation: validation,
                              examples: examples, decoys: decoys, reference: reference)
    }

    /// Each letter matching either case, `_` matching `_`, `-`, `.` or nothing: a name as code,
    /// configuration and environment variables spell it.
    static func name(_ word: String) -> String {
        var out = ""
        for c in word.unicodeScalars {
            if c.isASCII, c.properties.isAlphabetic {
                let lower = Unicode.Scalar(UInt8(c.value) | 0x20), upper = Unicode.Scalar(UInt8(c.value) & ~0x20)
                out.unicodeScalars.append(contentsOf: ["[", lower, upper, "]"])
            } else if c.properties.isAlphabetic {
                out += "[\(Character(c).lowercased())\(Character(c).uppercased())]"
            } else if c == "_" || c == "-" {
                out += #"[_.\-]?"#
            } else if c == "." {
                out += #"\."#
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A value without a distinctive shape, found as the value of a name containing one of `words`.
    static func keyed(_ id: String, _ name: String, words: [String], value: String, entropy: Double = 3.0,
                      severity: Severity = .high, validation: SecretDetector.Validation = .none, keywords: [String]? = nil,
                      examples: [String]? = nil, decoys: [String] = [], reference: String? = nil) -> SecretDetector {
        let names = words.map(Self.name).joined(separator: "|")
        let pattern = "(?:" + names + #")[\w.\-]{0,30}["']?\s{0,5}(?:=|:=|:|=>|,)\s{0,5}["'`]?("# + value + ")" + endKeyed
        let variable = words[0].uppercased().replacingOccurrences("-", "_").replacingOccurrences(".", "_")
        let suffix = variable.hasSuffix("KEY") || variable.hasSuffix("TOKEN") || variable.hasSuffix("SECRET") || variable.hasSuffix("PASSWORD") ? "" : "_API_KEY"
        // The keyword is each word's longest part: `TWILIO_AUTH_TOKEN`, `twilioAuthToken` and
        // `twilio-auth-token` all contain `twilio`.
        let keys = keywords ?? words.map { w in
            let parts: [Substring] = w.lowercased().split(whereSeparator: { (c: Character) in c == "_" || c == "-" || c == "." })
            return parts.max { $0.count < $1.count }.map(String.init) ?? w
        }
        return SecretDetector(id, name, keywords: Array(Set(keys)).sorted(),
                              pattern: pattern, entropy: entropy, severity: severity, validation: validation,
                              examples: examples ?? ["\(variable)\(suffix) = \"↓{}\"", "\(words[0].lowercased())\(suffix.lowercased()): ↓{}"],
                              decoys: decoys + ["\(variable)\(suffix) = \"${\(variable)\(suffix)}\""], reference: reference)
    }

    static let uuid = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    static func hex(_ n: Int) -> String { "[a-fA-F0-9]{\(n)}" }
    static func an(_ n: Int) -> String { "[A-Za-z0-9]{\(n)}" }
    static func an(_ lo: Int, _ hi: Int) -> String { "[A-Za-z0-9]{\(lo),\(hi)}" }
    static func url(_ n: Int) -> String { #"[A-Za-z0-9_\-]{"# + "\(n)}" }
    static func url(_ lo: Int, _ hi: Int) -> String { #"[A-Za-z0-9_\-]{"# + "\(lo),\(hi)}" }
}

extension String {
    /// Every `a` replaced by `b`, matched on UTF-8 bytes (the catalogue builds hundreds of
    /// patterns with it at start-up).
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        let needle = Array(a.utf8)
        guard !needle.isEmpty else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        var i = 0
        while let hit = bytes.firstOccurrence(of: needle, from: i) {
            out += bytes[i..<hit]
            out += b.utf8
            i = hit + needle.count
        }
        out += bytes[i...]
        return String(decoding: out, as: UTF8.self)
    }
}

import PalisadeCore

/// One kind of credential, as data: how to find it (keywords for the prefilter, then a pattern or
/// a matcher of its own), how to tell it from look-alikes (entropy, placeholders, a checksum), and
/// examples that run as tests. Each detector is reported under its own rule id, `secret-<id>`.
public struct SecretDetector: Sendable {
    /// What finds the secret once a keyword was seen.
    public enum Matcher: Sendable {
        /// A pattern run over the keyword's line (bounded); its first group is the secret.
        case pattern(SecretPattern)
        /// A PEM, OpenSSH or PGP private key block (several lines) whose label is one of these
        /// (`RSA PRIVATE KEY`...).
        case privateKey(labels: [String])
        /// A PuTTY private key file (`PuTTY-User-Key-File-2:`).
        case puttyKey
        /// An assignment whose name says it holds a credential, with a high-entropy value.
        case generic
        /// A Kubernetes Secret's `data:` (base64) and `stringData:` values.
        case kubernetesSecret
    }

    /// A check a match must pass beyond entropy and placeholders.
    public enum Validation: Sendable {
        case none
        /// GitHub-style CRC32 base62 checksum over the token after a prefix of this length.
        case crc32Suffix(prefix: Int)
        /// A JSON Web Token: the header decodes to JSON with an `alg`.
        case jwt
        /// `Authorization: Basic`: the value decodes to printable `user:password`.
        case basicAuth
        /// A URL's `user:password@`: the password part is not a placeholder or a variable.
        case urlPassword
        /// The value decodes from base64 to at least this many bytes.
        case base64(minBytes: Int)
    }

    public let id: String
    public let name: String
    public let keywords: [String]
    public let matcher: Matcher
    /// Minimum Shannon entropy (bits per byte) of the secret; 0 for none.
    public let minEntropy: Double
    public let severity: Severity
    public let validation: Validation
    /// Generic detectors give way to a specific one that reports the same bytes.
    public let isGeneric: Bool
    /// Lines holding a secret, `↓` right before it; written with `{an:N}`-style holes that
    /// `SecretExamples` fills deterministically (see there).
    public let examples: [String]
    /// Near misses the detector must not report.
    public let decoys: [String]
    /// Where to revoke or rotate it, when the vendor documents it.
    public let reference: String?
    /// Skip the placeholder filter (formats whose bytes are fixed, such as a key header).
    public let skipsPlaceholderCheck: Bool

    public init(_ id: String, _ name: String, keywords: [String], _ matcher: Matcher, entropy: Double = 0,
                severity: Severity = .high, validation: Validation = .none, generic: Bool = false,
                examples: [String], decoys: [String] = [], reference: String? = nil, skipsPlaceholderCheck: Bool = false) {
        self.id = id
        self.name = name
        self.keywords = keywords.map { $0.lowercased() }
        self.matcher = matcher
        self.minEntropy = entropy
        self.severity = severity
        self.validation = validation
        self.isGeneric = generic
        self.examples = examples
        self.decoys = decoys
        self.reference = reference
        self.skipsPlaceholderCheck = skipsPlaceholderCheck
    }

    /// A detector found by a pattern. The pattern is ours and fixed: a pattern that does not
    /// compile is a programming error, caught by the catalogue's tests.
    public init(_ id: String, _ name: String, keywords: [String], pattern: String, entropy: Double = 0,
                severity: Severity = .high, validation: Validation = .none, generic: Bool = false,
                examples: [String], decoys: [String] = [], reference: String? = nil) {
        let compiled: SecretPattern
        do { compiled = try SecretPattern(pattern) } catch { fatalError("secret detector \(id): \(error)") }
        self.init(id, name, keywords: keywords, .pattern(compiled), entropy: entropy, severity: severity,
                  validation: validation, generic: generic, examples: examples, decoys: decoys, reference: reference)
    }

    public var ruleId: String { "secret-" + id }
}

/// A credential a detector found in bytes.
public struct SecretMatch: Sendable {
    /// The detector, by index into the engine's list.
    public var detector: Int
    /// Byte offsets of the span reported: the secret itself, or the encoded value it came from.
    public var start: Int
    public var end: Int
    /// The secret (decoded when it came from base64).
    public var secret: [UInt8]
    /// Said after the masked value: "base64-decoded", "encrypted".
    public var note: String?
    public var severity: Severity?
}

/// How a secret is shown: never in full. At most the first two and last two characters for
/// secrets of 12 characters or more, the first and last for 6 to 11, nothing for shorter ones.
public enum SecretMask {
    public static func mask(_ secret: [UInt8]) -> String {
        let scalars = Array(String(decoding: secret, as: UTF8.self).unicodeScalars)
        let keep = scalars.count >= 12 ? 2 : scalars.count >= 6 ? 1 : 0
        func text(_ s: ArraySlice<Unicode.Scalar>) -> String {
            var out = ""
            for c in s {
                // Keep only visible ASCII, so a control character never reaches a terminal.
                out.unicodeScalars.append(c.value > 0x20 && c.value < 0x7F ? c : "?")
            }
            return out
        }
        return text(scalars.prefix(keep)) + "…" + text(scalars.suffix(keep))
    }
}

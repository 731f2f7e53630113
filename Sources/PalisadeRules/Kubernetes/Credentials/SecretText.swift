/// Plain-Swift recognisers for secrets: which names hold credentials, which values look like
/// well-known credential formats, and how to refer to a value without revealing it. No regex engine;
/// every scan is one pass over the text.
enum SecretText {
    /// Name parts that mark a credential (`DB_PASSWORD`, `apiToken`, `client-secret`).
    static let secretTokens: Set<String> = [
        "PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PWD", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "TOKENS",
        "APIKEY", "APITOKEN", "AUTHTOKEN", "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "PRIVATEKEY",
        "ACCESSKEY", "SECRETKEY", "PASSCODE", "PIN",
    ]

    /// Pairs of name parts that mark a credential (`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`).
    static let secretPairs: Set<String> = [
        "API KEY", "PRIVATE KEY", "ACCESS KEY", "SIGNING KEY", "ENCRYPTION KEY", "MASTER KEY", "CLIENT KEY",
        "LICENSE KEY", "SESSION KEY", "WEBHOOK KEY", "HMAC KEY",
    ]

    /// Last name parts that say the variable is about a credential, not the credential itself
    /// (`TOKEN_TTL`, `PASSWORD_FILE`, `SECRET_NAME`, `AUTH_URL`, `AWS_ACCESS_KEY_ID`).
    static let describingSuffixes: Set<String> = [
        "FILE", "FILES", "PATH", "DIR", "LOCATION", "MOUNT", "URL", "URI", "ENDPOINT", "HOST", "HOSTNAME", "PORT",
        "TTL", "EXPIRY", "EXPIRES", "EXPIRATION", "EXPIRE", "TIMEOUT", "LIFETIME", "DURATION", "INTERVAL", "AGE",
        "SECONDS", "SECS", "SEC", "MINUTES", "MINS", "HOURS", "DAYS", "MS", "LENGTH", "LEN", "SIZE", "COUNT", "LIMIT",
        "MIN", "MAX", "ENABLED", "ENABLE", "DISABLED", "DISABLE", "REQUIRED", "TYPE", "MODE", "METHOD", "METHODS",
        "STRATEGY", "NAME", "REF", "HEADER", "PROVIDER", "ISSUER", "AUDIENCE", "SCOPE", "SCOPES", "REALM", "USER",
        "USERNAME", "ID", "VERSION", "ALGORITHM", "ALG", "FORMAT", "POLICY", "ROTATION", "NAMESPACE", "SERVICE",
        "SERVER", "DOMAIN", "REGION", "LEVEL", "KIND", "FIELD", "PREFIX", "SUFFIX", "PARAM", "COOKIE", "HEADERS",
        "BACKEND", "SOURCE", "MECHANISM", "DB", "DATABASE", "STORE", "ARN", "VAULT", "BUCKET", "KEYRING", "ROLE",
        "GROUP", "ENV", "ENVIRONMENT", "STATUS", "FLAG", "FLAGS", "CLASS", "ENCODING", "CHARSET", "COMPLEXITY",
        "STRENGTH", "PATTERN", "REGEX", "RULES", "HASHER", "PROPERTY", "CALLBACK", "REDIRECT",
    ]

    /// The upper-cased parts of a name, split at `_`, `-`, `.` and camelCase boundaries.
    static func tokens(_ name: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
            if !(character.isLetter || character.isNumber) {
                if !current.isEmpty { result.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase && previousLower && !current.isEmpty {
                result.append(current)
                current = ""
            }
            current += character.uppercased()
            previousLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Whether a variable or key name says it holds a credential.
    static func nameLooksSecret(_ name: String) -> Bool {
        let parts = tokens(name)
        guard let last = parts.last, !describingSuffixes.contains(last) else { return false }
        if parts == ["PWD"] || parts == ["PIN"] { return false }
        for (index, part) in parts.enumerated() {
            if secretTokens.contains(part) { return true }
            if index > 0, secretPairs.contains(parts[index - 1] + " " + part) { return true }
        }
        return false
    }

    /// Whether a value is resolved by some later tool: `$(VAR)`, `${VAR}`, `{{ .Values.x }}`, `<%= %>`.
    static func isReference(_ value: String) -> Bool {
        value.contains("$(") || value.contains("${") || value.contains("{{") || value.contains("}}") || value.contains("<%")
    }

    /// Values that are settings rather than secrets: flags, absolute file paths, plain URLs (no
    /// token or key in the query), and placeholders for a human to fill in (`<your-api-key>`).
    static func isClearlyNotSecret(_ value: String) -> Bool {
        if value.count > 2, value.first == "<", value.last == ">", !value.dropFirst().dropLast().contains(where: { $0 == "<" || $0 == ">" }) {
            return true
        }
        switch value.lowercased() {
        case "true", "false", "yes", "no", "on", "off", "0", "1", "none", "null", "enabled", "disabled", "required", "optional":
            return true
        default: break
        }
        let lower = value.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://"),
           !["token=", "key=", "secret=", "password=", "passwd=", "sig=", "signature="].contains(where: { lower.contains($0) }) {
            // A plain address (an issuer, a callback) names a service; credentials in it are found by shape.
            return true
        }
        if value.hasPrefix("/"), value.utf8.allSatisfy({ isWordByte($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".") }) {
            return true
        }
        return false
    }

    /// A value's first and last character with its length, never more (nothing for short values).
    static func hint(_ value: String) -> String {
        let count = value.count
        guard count >= 8, let first = value.first, let last = value.last else { return count == 1 ? "1 character" : "\(count) characters" }
        return "\(first)…\(last), \(count) characters"
    }

    // MARK: - Shapes of well-known credentials

    /// What well-known kind of credential the value holds, or nil.
    static func shape(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        if value.contains("-----BEGIN "), value.contains("PRIVATE KEY") { return "a private key" }
        if let kind = tokenShape(bytes) { return kind }
        if hasURLPassword(bytes) { return "a URL with an embedded password" }
        return nil
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    private static func isUpperOrDigit(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) }
    private static func isAlnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    private static func hasPrefix(_ run: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return run.count >= p.count && run.prefix(p.count).elementsEqual(p)
    }

    /// Splits the value into maximal runs of token characters (`A-Za-z0-9_-.`) and checks each run
    /// once, so the scan is linear.
    private static func tokenShape(_ bytes: [UInt8]) -> String? {
        var start = 0
        while start < bytes.count {
            guard isWordByte(bytes[start]) || bytes[start] == UInt8(ascii: ".") else { start += 1; continue }
            var end = start
            while end < bytes.count, isWordByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            if let kind = runShape(bytes[start..<end]) { return kind }
            start = end
        }
        return nil
    }

    private static func runShape(_ run: ArraySlice<UInt8>) -> String? {
        // A JSON Web Token: three base64url parts, the header a JSON object (`eyJ` is `{"`).
        if hasPrefix(run, "eyJ") {
            let parts = run.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            if parts.count == 3, parts[0].count >= 10, parts[1].count >= 2, parts[2].count >= 10 { return "a JSON Web Token" }
        }
        // Dots end the other formats.
        for word in run.split(separator: UInt8(ascii: ".")) {
            if word.count == 20, hasPrefix(word, "AKIA") || hasPrefix(word, "ASIA"), word.allSatisfy(isUpperOrDigit) {
                return "an AWS access key id"
            }
            for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where hasPrefix(word, prefix) {
                if word.count >= 40, word.dropFirst(4).allSatisfy(isAlnum) { return "a GitHub token" }
            }
            if hasPrefix(word, "github_pat_"), word.count >= 11 + 22 { return "a GitHub token" }
            if word.count >= 15, hasPrefix(word, "xox"), let kind = word.dropFirst(3).first,
               [UInt8(ascii: "b"), UInt8(ascii: "a"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "s")].contains(kind),
               word.dropFirst(4).first == UInt8(ascii: "-") {
                return "a Slack token"
            }
            if word.count >= 24, hasPrefix(word, "sk_live_") || hasPrefix(word, "rk_live_"), word.dropFirst(8).allSatisfy(isAlnum) {
                return "a Stripe live key"
            }
        }
        return nil
    }

    /// `scheme://user:password@host`: a non-empty password in the URL's user information that is
    /// not itself a reference.
    private static func hasURLPassword(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i + 2 < bytes.count {
            guard bytes[i] == UInt8(ascii: ":"), bytes[i + 1] == UInt8(ascii: "/"), bytes[i + 2] == UInt8(ascii: "/") else { i += 1; continue }
            var j = i + 3
            var colon: Int?
            while j < bytes.count {
                let b = bytes[j]
                if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") || b == UInt8(ascii: " ") { break }
                if b == UInt8(ascii: ":"), colon == nil { colon = j }
                if b == UInt8(ascii: "@") {
                    if let colon, colon > i + 3, j > colon + 1 {
                        let password = String(decoding: bytes[(colon + 1)..<j], as: UTF8.self)
                        if !isReference(password), !password.hasPrefix("$") { return true }
                    }
                    break
                }
                j += 1
            }
            i = max(j, i + 3)
        }
        return false
    }
}

import PalisadeCore

/// Private key blocks: `-----BEGIN <label>-----`, a body of base64 (over several lines, or on one
/// line with `\n` escapes as in JSON), `-----END <label>-----`.
enum PrivateKeyMatcher {
    static let begin = Array("-----BEGIN ".utf8)
    static let end = Array("-----END".utf8)
    static let dashes = Array("-----".utf8)
    /// How far a key's END may lie from its BEGIN.
    static let maxBlock = 64 << 10

    static func match(_ buffer: UnsafeBufferPointer<UInt8>, at: Int, labels: [String], detector: Int) -> SecretMatch? {
        guard has(buffer, begin, at: at, caseless: false) else { return nil }
        // The label: upper-case letters, digits and spaces up to the closing dashes.
        var i = at + begin.count
        let labelStart = i
        while i < buffer.count && i - labelStart < 40, isLabelByte(buffer[i]) { i += 1 }
        guard has(buffer, dashes, at: i, caseless: false) else { return nil }
        let label = String(decoding: buffer[labelStart..<i], as: UTF8.self)
        guard labels.contains(label) else { return nil }
        i += dashes.count
        // The body, to the END line.
        let bodyStart = i
        let limit = min(buffer.count, at + maxBlock)
        var body: [UInt8] = []
        var encrypted = false
        var blockEnd: Int?
        var k = bodyStart
        while k < limit {
            let b = buffer[k]
            if b == UInt8(ascii: "-") && has(buffer, end, at: k, caseless: false) {
                var e = k + end.count
                while e < limit && buffer[e] != UInt8(ascii: "\n") && !(buffer[e] == UInt8(ascii: "-") && has(buffer, dashes, at: e, caseless: false)) { e += 1 }
                if e < limit && buffer[e] == UInt8(ascii: "-") { e += dashes.count }
                blockEnd = e
                break
            }
            if b == UInt8(ascii: "\\") && k + 1 < limit && buffer[k + 1] == UInt8(ascii: "n") {
                k += 2  // an escaped line break
                continue
            }
            if b == UInt8(ascii: ":") {
                // A header line inside the block (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: ...`, `Version: ...`):
                // drop what was read of it.
                var s = body.count
                while s > 0 && isBase64(body[s - 1]) { s -= 1 }
                body.removeSubrange(s...)
                var e = k
                while e < limit && buffer[e] != UInt8(ascii: "\n") && !(buffer[e] == UInt8(ascii: "\\") && e + 1 < limit && buffer[e + 1] == UInt8(ascii: "n")) { e += 1 }
                if String(decoding: buffer[k..<e], as: UTF8.self).contains("ENCRYPTED") { encrypted = true }
                k = e
                continue
            }
            if isBase64(b) { body.append(b) }
            k += 1
        }
        guard body.count >= 64 || (blockEnd == nil && body.count >= 200) else { return nil }
        // A key's base64 is close to random; documentation uses `...`, `xxxx` or a short stub.
        guard SecretFilters.entropy(body) >= 4.8, !SecretFilters.isPlaceholder(body[...]) else { return nil }
        if label.contains("ENCRYPTED") { encrypted = true }
        if label == "OPENSSH PRIVATE KEY", let cipher = openSSHCipher(body), cipher != "none" { encrypted = true }
        let stop = blockEnd ?? k
        return SecretMatch(detector: detector, start: at, end: stop, secret: body, note: encrypted ? "encrypted with a passphrase" : nil,
                           severity: encrypted ? .medium : nil)
    }

    /// The cipher an OpenSSH key is encrypted with, read from its decoded header.
    static func openSSHCipher(_ body: [UInt8]) -> String? {
        guard let decoded = SecretFilters.base64Decode(body.prefix(64 / 4 * 4)), decoded.count >= 20 else { return nil }
        let magic = Array("openssh-key-v1\0".utf8)
        guard decoded.starts(with: magic) else { return nil }
        let n = magic.count
        let length = Int(decoded[n]) << 24 | Int(decoded[n + 1]) << 16 | Int(decoded[n + 2]) << 8 | Int(decoded[n + 3])
        guard length > 0, n + 4 + length <= decoded.count else { return nil }
        return String(decoding: decoded[(n + 4)..<(n + 4 + length)], as: UTF8.self)
    }

    /// `PuTTY-User-Key-File-2: ssh-rsa` then `Encryption: none|aes256-cbc`, ..., `Private-Lines: N`
    /// and N lines of base64.
    static func putty(_ buffer: UnsafeBufferPointer<UInt8>, at: Int, detector: Int) -> SecretMatch? {
        let limit = min(buffer.count, at + maxBlock)
        var lines: [(start: Int, end: Int)] = []
        var s = at
        while s < limit && lines.count < 64 {
            var e = s
            while e < limit && buffer[e] != 0x0A { e += 1 }
            lines.append((s, e > s && buffer[e - 1] == 0x0D ? e - 1 : e))
            s = e + 1
        }
        func text(_ l: (start: Int, end: Int)) -> String { String(decoding: buffer[l.start..<l.end], as: UTF8.self) }
        var encrypted = false
        var body: [UInt8] = []
        var end = at
        var k = 0
        while k < lines.count {
            let line = text(lines[k])
            if line.hasPrefix("Encryption:") { encrypted = !line.hasSuffix(" none") }
            if line.hasPrefix("Private-Lines:"), let n = Int(line.dropFirst("Private-Lines:".count).trimmingSpaces) {
                for j in (k + 1)..<min(lines.count, k + 1 + n) {
                    body += buffer[lines[j].start..<lines[j].end].filter(isBase64)
                    end = lines[j].end
                }
                break
            }
            k += 1
        }
        guard body.count >= 64, SecretFilters.entropy(body) >= 4.8 else { return nil }
        return SecretMatch(detector: detector, start: at, end: end, secret: body, note: encrypted ? "encrypted with a passphrase" : nil,
                           severity: encrypted ? .medium : nil)
    }

    static func isLabelByte(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x20 }

    static func isBase64(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2F || b == 0x3D
    }

    static func has(_ buffer: UnsafeBufferPointer<UInt8>, _ word: [UInt8], at: Int, caseless: Bool) -> Bool {
        guard at >= 0, at + word.count <= buffer.count else { return false }
        for (j, w) in word.enumerated() {
            let b = buffer[at + j]
            if b != w && !(caseless && KeywordScanner.fold(b) == w) { return false }
        }
        return true
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// An assignment whose name says it holds a credential (`DB_PASSWORD = "..."`,
/// `apiKey: ...`, `"client_secret": "..."`, `export TOKEN=...`), with a value that looks random.
enum GenericMatcher {
    /// Words of names that describe a credential rather than hold one (a name's words are split
    /// at `_`, `-`, `.` and lower-to-upper case changes), lower case.
    static let stopWords: Set<String> = [
        "file", "filename", "path", "dir", "url", "uri", "endpoint", "name", "type", "length", "len", "size", "count",
        "field", "header", "prefix", "suffix", "format", "policy", "expiry", "expires", "expiration", "ttl", "timeout", "time",
        "date", "version", "id", "hash", "digest", "salt", "regex", "pattern", "mode", "enabled", "enable", "required",
        "strength", "min", "max", "label", "placeholder", "hint", "prompt", "message", "error", "reset", "forgot", "confirm",
        "validator", "tokenizer", "tokens", "tokenize", "csrf", "xsrf", "kind", "class", "param", "option", "location",
        "provider", "source", "manager", "rotation", "ref", "arn", "template", "public", "pubkey", "index", "helper",
        "command", "cmd", "script", "lifetime", "scope", "scopes", "issuer", "audience", "algorithm", "alg", "cache",
        "generator", "var", "env", "key_id", "input", "len", "policy", "rule", "validation", "check", "example", "sample",
        "last", "used", "ciphertext", "blob", "encrypted", "hashed", "changed", "age", "history",
    ]

    /// With `token`: names of tokens that only page, deduplicate or lock (AWS `NextToken`,
    /// `ClientToken`, `ChangeToken`, `LockToken`...).
    static let notCredentialTokens: Set<String> = [
        "next", "change", "lock", "page", "pagination", "continuation", "cursor", "idempotency", "client", "request", "update",
        "sync", "resume", "marker", "export", "verification", "delete", "start", "end", "last", "prev", "previous",
    ]

    /// The words of an identifier: `dbPassword_FILE` -> db, password, file.
    static func words(_ name: ArraySlice<UInt8>) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var previousLower = false
        for b in name {
            let isUpper = b >= 0x41 && b <= 0x5A
            let isAlnum = isUpper || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            if !isAlnum || (isUpper && previousLower) {
                if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
                current = []
            }
            if isAlnum { current.append(KeywordScanner.fold(b)) }
            previousLower = isAlnum && !isUpper
        }
        if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
        return result
    }

    static func isIdent(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E
    }

    static func match(_ buffer: UnsafeBufferPointer<UInt8>, keywordAt at: Int, length: Int, window: Range<Int>, detector: Int) -> SecretMatch? {
        // The whole name around the keyword.
        var ns = at
        while ns > window.lowerBound && isIdent(buffer[ns - 1]) { ns -= 1 }
        var ne = at + length
        while ne < window.upperBound && isIdent(buffer[ne]) { ne += 1 }
        guard ne - ns <= 64 else { return nil }
        // The keyword must end a word of the name: `secretsmanager` and `passwords` are not a
        // secret and a password (a lower-case letter may not continue it; an upper-case one starts
        // the next camel-case word). Words may run into it (`dbpassword`, `authToken`).
        let after = at + length
        if after < ne, buffer[after] >= 0x61 && buffer[after] <= 0x7A { return nil }
        let nameWords = words(Array(buffer[ns..<ne])[...])
        for w in nameWords where stopWords.contains(w) { return nil }
        // Tokens that are not credentials: pagination, idempotency, locks, sync state.
        if PrivateKeyMatcher.has(buffer, Array("token".utf8), at: at, caseless: true), nameWords.contains(where: notCredentialTokens.contains) { return nil }
        // Inside an ARN, a URL or a path (`arn:aws:secretsmanager:...:secret:name`) it is no name.
        if ns > window.lowerBound, [UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: "=")].contains(buffer[ns - 1]) { return nil }
        // A name in a comment or prose: the assignment must follow it.
        var i = ne
        let quotedName = i < window.upperBound && (buffer[i] == UInt8(ascii: "\"") || buffer[i] == UInt8(ascii: "'"))
        if quotedName { i += 1 }
        if i < window.upperBound, buffer[i] == UInt8(ascii: "]") { i += 1 }
        while i < window.upperBound && (buffer[i] == 0x20 || buffer[i] == 0x09) { i += 1 }
        guard i < window.upperBound else { return nil }
        let op = buffer[i]
        if op == UInt8(ascii: ":") {
            i += 1
            if i < window.upperBound && buffer[i] == UInt8(ascii: "=") {
                i += 1
            } else if !quotedName && !(i < window.upperBound && (buffer[i] == 0x20 || buffer[i] == 0x09)) {
                // `key: value` needs the blank (YAML), `"key":value` the quotes (JSON).
                return nil
            }
        } else if op == UInt8(ascii: "=") {
            i += 1
            if i < window.upperBound && buffer[i] == UInt8(ascii: "=") { return nil }  // a comparison
            if i < window.upperBound && buffer[i] == UInt8(ascii: ">") { i += 1 }
        } else {
            return nil
        }
        while i < window.upperBound && (buffer[i] == 0x20 || buffer[i] == 0x09) { i += 1 }
        guard i < window.upperBound else { return nil }
        let quote = buffer[i]
        var vs: Int, ve: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "`") {
            vs = i + 1
            ve = vs
            while ve < window.upperBound && buffer[ve] != quote && ve - vs <= 200 {
                if buffer[ve] == UInt8(ascii: "\\") { return nil }  // escapes: not a plain literal
                ve += 1
            }
            guard ve < window.upperBound, buffer[ve] == quote else { return nil }
        } else {
            vs = i
            ve = vs
            while ve < window.upperBound, !isValueEnd(buffer[ve]), ve - vs <= 200 { ve += 1 }
            // An unquoted value must not be code: a call, an attribute, an operator.
            let value = buffer[vs..<ve]
            if value.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") }) { return nil }
            if ve < window.upperBound, buffer[ve] == UInt8(ascii: "(") || buffer[ve] == UInt8(ascii: "[") { return nil }
            // A dotted name (`ed25519.Ed25519PrivateKey`, `settings.SECRET_2`): a type or a reference.
            if value.contains(UInt8(ascii: ".")) && value.allSatisfy(isIdent)
                && value.split(separator: UInt8(ascii: ".")).allSatisfy({ s in s.first.map { !($0 >= 0x30 && $0 <= 0x39) } ?? false }) { return nil }
        }
        let value = Array(buffer[vs..<ve])
        guard value.count >= 8, value.count <= 200, !value.contains(0x20) else { return nil }
        // Identifiers of things, not credentials: UUIDs and ARNs; and paths into data (`Jobs[-1].JobId`).
        if isUUID(value) || value.starts(with: Array("arn:".utf8)) { return nil }
        if SecretFilters.contains(value, Array("].".utf8)) || SecretFilters.contains(value, Array(").".utf8)) { return nil }
        guard looksRandom(value) else { return nil }
        return SecretMatch(detector: detector, start: vs, end: ve, secret: value)
    }

    static func isUUID(_ v: [UInt8]) -> Bool {
        guard v.count == 36 else { return false }
        for (i, b) in v.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != UInt8(ascii: "-") { return false }
            } else if !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)) {
                return false
            }
        }
        return true
    }

    static func isValueEnd(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ",") || b == UInt8(ascii: ";")
            || b == UInt8(ascii: "#") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: ")")
            || b == UInt8(ascii: "}") || b == UInt8(ascii: "]")
    }

    /// Mixed character classes and entropy: what generated credentials and strong passwords have,
    /// and identifiers, words, paths and version strings lack.
    static func looksRandom(_ value: [UInt8]) -> Bool {
        var lower = false, upper = false, digit = false, symbol = false
        for b in value {
            switch b {
            case 0x61...0x7A: lower = true
            case 0x41...0x5A: upper = true
            case 0x30...0x39: digit = true
            default: symbol = true
            }
        }
        let classes = [lower, upper, digit, symbol].filter { $0 }.count
        if value.first == UInt8(ascii: "/") || value.starts(with: Array("http".utf8)) || value.contains(UInt8(ascii: "/")) && value.filter({ $0 == UInt8(ascii: "/") }).count > 2 { return false }
        // An identifier (SOME_SETTING, some.setting, someSetting) is a reference, not a value.
        if !digit && value.allSatisfy(isIdent) { return false }
        let h = SecretFilters.entropy(value)
        if value.count >= 16 { return classes >= 2 && h >= 3.5 }
        return classes >= 3 && h >= 2.9
    }
}

/// A Kubernetes Secret's values: `data:` decoded from base64 and checked with every detector
/// (reported at the encoded value), and values whose key names a credential reported as such.
enum KubernetesSecretMatcher {
    static let credentialNames: [[UInt8]] = ["password", "passwd", "pass", "pwd", "secret", "token", "key", "credential", "auth", "apikey", "private"]
        .map { Array($0.utf8) }

    /// The YAML document around `at` (a `kind: Secret` keyword hit): from the line after the `---`
    /// before it (or the file's start) to the next `---` line (or the end). Only that document can
    /// be the Secret, so a file of many documents is walked once per Secret in it, not whole.
    static func document(_ buffer: UnsafeBufferPointer<UInt8>, around at: Int) -> Range<Int> {
        func isSeparator(_ lineStart: Int) -> Bool {
            lineStart + 3 <= buffer.count && buffer[lineStart] == UInt8(ascii: "-") && buffer[lineStart + 1] == UInt8(ascii: "-")
                && buffer[lineStart + 2] == UInt8(ascii: "-")
        }
        var start = at
        while start > 0 && buffer[start - 1] != 0x0A { start -= 1 }
        while start > 0 {
            // `start` is a line start: look at the line before it.
            var previous = start - 1
            while previous > 0 && buffer[previous - 1] != 0x0A { previous -= 1 }
            if isSeparator(previous) { break }
            start = previous
        }
        var end = at
        while end < buffer.count {
            while end < buffer.count && buffer[end] != 0x0A { end += 1 }
            if end < buffer.count { end += 1 }
            if isSeparator(end) { break }
        }
        return start..<end
    }

    /// The Secret's values in the document around `at`, and where that document ends.
    static func matches(_ buffer: UnsafeBufferPointer<UInt8>, around at: Int, engine: SecretEngine, detector: Int) -> (matches: [SecretMatch], end: Int) {
        let document = document(buffer, around: at)
        var result: [SecretMatch] = []
        var isSecret = false
        // Key (its bytes, quotes trimmed) and value of each entry under `data:` or `stringData:`.
        var pending: [(key: Range<Int>, start: Int, end: Int, encoded: Bool)] = []
        var block: (indent: Int, encoded: Bool)?
        func check(_ p: (key: Range<Int>, start: Int, end: Int, encoded: Bool)) {
            var raw = buffer[p.start..<p.end]
            if let q = raw.first, (q == UInt8(ascii: "\"") || q == UInt8(ascii: "'")), raw.count >= 2, raw.last == q { raw = raw.dropFirst().dropLast() }
            let value: [UInt8]
            func key() -> String { String(decoding: buffer[p.key], as: UTF8.self) }
            if p.encoded {
                guard let decoded = SecretFilters.base64Decode(raw), SecretFilters.isPrintable(decoded) else { return }
                value = decoded
                let inner = decoded.withUnsafeBufferPointer { engine.scan($0, depth: 1) }.matches
                if !inner.isEmpty {
                    let note = "base64-decoded from Secret data '\(key())'"
                    for m in inner {
                        result.append(SecretMatch(detector: m.detector, start: p.start, end: p.end, secret: m.secret,
                                                  note: note, severity: m.severity))
                    }
                    return
                }
            } else {
                value = Array(raw)
            }
            guard value.count >= 6, !value.contains(0x0A) || p.encoded, namesCredential(buffer[p.key]) else { return }
            result.append(SecretMatch(detector: detector, start: p.start, end: p.end, secret: value,
                                      note: p.encoded ? "base64-decoded from Secret data '\(key())'" : "in Secret stringData '\(key())'"))
        }
        var s = document.lowerBound
        while s < document.upperBound {
            var e = s
            while e < document.upperBound && buffer[e] != 0x0A { e += 1 }
            var lineEnd = e
            if lineEnd > s && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            var indent = 0
            while s + indent < lineEnd && buffer[s + indent] == 0x20 { indent += 1 }
            let content = s + indent
            // Bytes, not strings: most lines of a manifest are none of these.
            func starts(_ word: StaticString) -> Bool {
                let n = word.utf8CodeUnitCount
                guard content + n <= lineEnd else { return false }
                let w = word.utf8Start
                for k in 0..<n where buffer[content + k] != w[k] { return false }
                return true
            }
            func rest(after n: Int) -> Bool {
                // Only blanks (and an optional comment) after the word.
                var k = content + n
                while k < lineEnd && (buffer[k] == 0x20 || buffer[k] == 0x09) { k += 1 }
                return k == lineEnd || buffer[k] == UInt8(ascii: "#")
            }
            if content < lineEnd && buffer[content] != UInt8(ascii: "#") {
                if let b = block, indent <= b.indent { block = nil }
                if indent == 0 && starts("kind:") {
                    var k = content + 5
                    while k < lineEnd && (buffer[k] == 0x20 || buffer[k] == UInt8(ascii: "\"") || buffer[k] == UInt8(ascii: "'")) { k += 1 }
                    let kind: StaticString = "Secret"
                    let n = kind.utf8CodeUnitCount
                    if k + n <= lineEnd && (0..<n).allSatisfy({ buffer[k + $0] == kind.utf8Start[$0] }) {
                        var j = k + n
                        while j < lineEnd && (buffer[j] == 0x20 || buffer[j] == UInt8(ascii: "\"") || buffer[j] == UInt8(ascii: "'")) { j += 1 }
                        if j == lineEnd { isSecret = true }
                    }
                }
                if starts("data:") && rest(after: 5) {
                    block = (indent, true)
                } else if starts("stringData:") && rest(after: 11) {
                    block = (indent, false)
                } else if let b = block, indent > b.indent, let colon = (content..<lineEnd).first(where: { buffer[$0] == UInt8(ascii: ":") }) {
                    var ks = content, ke = colon
                    while ks < ke && (buffer[ks] == UInt8(ascii: "\"") || buffer[ks] == UInt8(ascii: "'")) { ks += 1 }
                    while ke > ks && (buffer[ke - 1] == UInt8(ascii: "\"") || buffer[ke - 1] == UInt8(ascii: "'")) { ke -= 1 }
                    var vs = colon + 1
                    while vs < lineEnd && buffer[vs] == 0x20 { vs += 1 }
                    var ve = lineEnd
                    while ve > vs && (buffer[ve - 1] == 0x20 || buffer[ve - 1] == 0x09) { ve -= 1 }
                    if ve > vs && buffer[vs] != UInt8(ascii: "|") && buffer[vs] != UInt8(ascii: ">") {
                        pending.append((ks..<ke, vs, ve, b.encoded))
                    }
                }
            }
            s = e + 1
        }
        if isSecret { for p in pending { check(p) } }
        return (result, document.upperBound)
    }

    /// Whether a key names a credential (`DB_PASSWORD`, `tls.key`), not a public part (`id_rsa.pub`).
    static func namesCredential(_ key: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let lower = key.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        func contains(_ word: [UInt8]) -> Bool {
            guard lower.count >= word.count else { return false }
            for i in 0...(lower.count - word.count) where lower[i] == word[0] {
                if lower[i..<(i + word.count)].elementsEqual(word) { return true }
            }
            return false
        }
        let pub = Array(".pub".utf8)
        if lower.count >= pub.count && lower.suffix(pub.count).elementsEqual(pub) { return false }
        return !contains(Array("public".utf8)) && credentialNames.contains(where: contains)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

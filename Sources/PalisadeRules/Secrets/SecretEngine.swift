import PalisadeCore

/// Runs a set of detectors over a file's bytes: one keyword pass over every byte (the prefilter),
/// then, only around keyword hits, each interested detector's matcher over the hit's line,
/// bounded to `before` bytes before the hit and `after` after it. A file without a keyword costs
/// that one pass and nothing else.
public struct SecretEngine: Sendable {
    public let detectors: [SecretDetector]
    let keywords: KeywordScanner
    /// Keyword id -> the detectors that listen for it.
    let listeners: [[Int32]]
    /// How far around a hit a matcher looks, on the hit's line.
    public static let before = 512
    public static let after = 4096
    /// The most secrets reported in one file; the rest are counted in a note.
    public static let maxPerFile = 100

    public init(_ detectors: [SecretDetector]) {
        self.detectors = detectors
        var words: [String] = []
        var index: [String: Int] = [:]
        var listeners: [[Int32]] = []
        for (d, detector) in detectors.enumerated() {
            for k in detector.keywords {
                let id: Int
                if let known = index[k] {
                    id = known
                } else {
                    id = words.count
                    index[k] = id
                    words.append(k)
                    listeners.append([])
                }
                if !listeners[id].contains(Int32(d)) { listeners[id].append(Int32(d)) }
            }
        }
        self.keywords = KeywordScanner(words)
        self.listeners = listeners
    }

    /// The secrets in `bytes`, in no particular order, capped at `maxPerFile` (`dropped` says how
    /// many more there were).
    public func scan(_ bytes: [UInt8]) -> (matches: [SecretMatch], dropped: Int) {
        bytes.withUnsafeBufferPointer { scan($0, depth: 0) }
    }

    func scan(_ buffer: UnsafeBufferPointer<UInt8>, depth: Int) -> (matches: [SecretMatch], dropped: Int) {
        var hits: [KeywordScanner.Hit] = []
        keywords.scan(buffer, into: &hits)
        guard !hits.isEmpty else { return ([], 0) }
        var found: [SecretMatch] = []
        var starts = Set<Int64>()  // detector << 32 | start: one report per place
        var covered = [Int](repeating: -1, count: detectors.count)
        var dropped = 0
        hits: for hit in hits {
            let at = Int(hit.start)
            for d32 in listeners[Int(hit.keyword)] {
                let d = Int(d32)
                // A hit well inside the window this detector already searched adds nothing.
                if at + 256 < covered[d] { continue }
                let detector = detectors[d]
                var local: [SecretMatch] = []
                switch detector.matcher {
                case .pattern(let pattern):
                    let (ws, we) = Self.window(buffer, around: at)
                    covered[d] = we
                    for m in pattern.matches(in: buffer, from: ws, to: we) where m.secretEnd > m.secretStart {
                        if case .urlPassword = detector.validation, Self.isDocumentationHost(buffer, after: m.secretEnd) { continue }
                        local.append(SecretMatch(detector: d, start: m.secretStart, end: m.secretEnd,
                                                 secret: Array(buffer[m.secretStart..<m.secretEnd])))
                    }
                case .privateKey(let labels):
                    if let m = PrivateKeyMatcher.match(buffer, at: at, labels: labels, detector: d) {
                        covered[d] = m.end
                        local.append(m)
                    }
                case .puttyKey:
                    if let m = PrivateKeyMatcher.putty(buffer, at: at, detector: d) {
                        covered[d] = m.end
                        local.append(m)
                    }
                case .generic:
                    let (ws, we) = Self.window(buffer, around: at, before: 128, after: 512)
                    covered[d] = at + 1
                    if let m = GenericMatcher.match(buffer, keywordAt: at, length: keywords.keywords[Int(hit.keyword)].count,
                                                     window: ws..<we, detector: d) {
                        local.append(m)
                    }
                case .kubernetesSecret:
                    guard depth == 0 else { continue }
                    let (matches, end) = KubernetesSecretMatcher.matches(buffer, around: at, engine: self, detector: d)
                    covered[d] = end + 256  // every later hit in the same document is skipped
                    local += matches
                }
                for m in local where accept(m, detectors[m.detector]) {
                    guard starts.insert(Int64(m.detector) << 32 | Int64(m.start)).inserted else { continue }
                    // Keep enough to survive overlap resolution; count the rest.
                    found.append(m)
                    if found.count >= 4 * Self.maxPerFile {
                        // A file this full of secrets is generated: stop looking, say so.
                        dropped += 1
                        break hits
                    }
                }
            }
        }
        var kept = Self.resolveOverlaps(found, detectors)
        if kept.count > Self.maxPerFile {
            kept.sort { $0.start < $1.start }
            dropped += kept.count - Self.maxPerFile
            kept.removeLast(kept.count - Self.maxPerFile)
        }
        return (kept, dropped)
    }

    /// The hit's line, bounded around the hit.
    static func window(_ buffer: UnsafeBufferPointer<UInt8>, around at: Int, before: Int = before, after: Int = after) -> (Int, Int) {
        var s = at
        let lowest = max(0, at - before)
        while s > lowest && buffer[s - 1] != 0x0A { s -= 1 }
        var e = at
        let highest = min(buffer.count, at + after)
        while e < highest && buffer[e] != 0x0A { e += 1 }
        return (s, e)
    }

    func accept(_ m: SecretMatch, _ detector: SecretDetector) -> Bool {
        let secret = m.secret[...]
        if detector.minEntropy > 0 && SecretFilters.entropy(secret) < detector.minEntropy { return false }
        if !detector.skipsPlaceholderCheck && SecretFilters.isPlaceholder(secret) { return false }
        switch detector.validation {
        case .none: return true
        case .crc32Suffix(let prefix): return SecretFilters.hasValidCRC32Suffix(secret, prefix: prefix)
        case .jwt: return Self.isJWT(secret)
        case .basicAuth:
            guard let decoded = SecretFilters.base64Decode(secret), SecretFilters.isPrintable(decoded),
                  let colon = decoded.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon < decoded.count - 1 else { return false }
            let password = decoded[(colon + 1)...]
            return !SecretFilters.isPlaceholder(password) && !Self.commonPasswordWords.contains(String(decoding: password, as: UTF8.self).lowercased())
        case .urlPassword:
            return !secret.contains(UInt8(ascii: "$")) && !secret.contains(UInt8(ascii: "{")) && !secret.contains(UInt8(ascii: "<"))
                && !SecretFilters.isPlaceholder(secret) && !Self.commonPasswordWords.contains(String(decoding: secret, as: UTF8.self).lowercased())
        case .base64(let minBytes):
            return (SecretFilters.base64Decode(secret)?.count ?? 0) >= minBytes
        }
    }

    /// Whether the host after a URL's `password@` is one reserved for documentation and tests
    /// (RFC 2606: `example.com`, `.example`, `.test`, `.invalid`).
    static func isDocumentationHost(_ buffer: UnsafeBufferPointer<UInt8>, after at: Int) -> Bool {
        guard at < buffer.count, buffer[at] == UInt8(ascii: "@") else { return false }
        var e = at + 1
        while e < buffer.count, e - at < 256, GenericMatcher.isIdent(buffer[e]) { e += 1 }
        let host = String(decoding: buffer[(at + 1)..<e].map(KeywordScanner.fold), as: UTF8.self)
        let labels = host.split(separator: ".")
        guard let last = labels.last else { return false }
        if ["example", "test", "invalid"].contains(last) { return true }
        return labels.count >= 2 && labels[labels.count - 2] == "example" && ["com", "org", "net"].contains(last)
    }

    /// Passwords in URLs of documentation and local setups.
    static let commonPasswordWords: Set<String> = ["password", "pass", "passwd", "pwd", "secret", "user", "root", "admin", "guest", "test", "postgres", "mysql", "redis", "changeme"]

    /// A JWT's header is base64url JSON with an `alg` member, and there are three parts.
    static func isJWT(_ token: ArraySlice<UInt8>) -> Bool {
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count >= 8, let header = SecretFilters.base64Decode(parts[0]),
              let payload = SecretFilters.base64Decode(parts[1].prefix(parts[1].count / 4 * 4)) else { return false }
        let h = String(decoding: header, as: UTF8.self)
        guard h.hasPrefix("{"), h.contains("\"alg\"") else { return false }
        if h.contains("\"none\"") && parts[2].isEmpty { return false }
        return payload.first == UInt8(ascii: "{")
    }

    /// A generic match gives way to a specific one over the same bytes; of two specific ones over
    /// the same bytes, the first in the catalogue stays.
    static func resolveOverlaps(_ matches: [SecretMatch], _ detectors: [SecretDetector]) -> [SecretMatch] {
        guard matches.count > 1 else { return matches }
        let sorted = matches.sorted { a, b in
            let ga = detectors[a.detector].isGeneric, gb = detectors[b.detector].isGeneric
            if ga != gb { return !ga }
            return a.detector < b.detector
        }
        var kept: [SecretMatch] = []
        for m in sorted where !kept.contains(where: { $0.start < m.end && m.start < $0.end }) {
            kept.append(m)
        }
        return kept
    }
}

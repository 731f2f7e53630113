/// IAM's wildcards, compiled once: `*` matches any run of characters (`/` and `:` included, unlike
/// a path `Glob`), `?` any one character, case-insensitively (`s3:Get*` covers `s3:GetObject`,
/// `arn:aws:s3:::logs/*` covers `arn:aws:s3:::logs/2026/12/app.log`).
public struct IAMPattern: Sendable, Hashable {
    /// The pattern, lower-cased.
    public let pattern: String
    private let bytes: [UInt8]
    /// No `*` or `?`: it names exactly one value.
    public let isLiteral: Bool

    public init(_ pattern: String) {
        let lower = pattern.lowercased()
        self.pattern = lower
        bytes = Array(lower.utf8)
        isLiteral = !bytes.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
    }

    /// Whether `value` (already lower-cased: the callers' actions and ARNs are) matches.
    public func matches(lowercased value: String) -> Bool {
        if isLiteral { return pattern == value }
        var value = value
        return value.withUTF8 { Self.match(bytes, $0) }
    }

    public func matches(_ value: String) -> Bool { matches(lowercased: value.lowercased()) }

    /// Star matching with one backtrack point: O(pattern × value) at worst, never exponential.
    /// `?` takes one byte, which is one character for the ASCII names IAM uses.
    private static func match(_ p: [UInt8], _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0, j = 0
        var star = -1, resume = 0
        while j < s.count {
            if i < p.count && (p[i] == UInt8(ascii: "?") || p[i] == s[j]) {
                i += 1
                j += 1
            } else if i < p.count && p[i] == UInt8(ascii: "*") {
                star = i
                resume = j
                i += 1
            } else if star >= 0 {
                i = star + 1
                resume += 1
                j = resume
            } else {
                return false
            }
        }
        while i < p.count && p[i] == UInt8(ascii: "*") { i += 1 }
        return i == p.count
    }
}

/// A statement's `Action` (or `NotAction`, or `Resource`) patterns, compiled: asking whether one
/// covers a value costs a set look-up and the few wildcard patterns, not parsing.
public struct IAMPatterns: Sendable {
    public private(set) var exact: Set<String> = []
    public private(set) var wildcards: [IAMPattern] = []
    /// `*` is among them.
    public private(set) var any = false

    public init<S: Sequence>(_ patterns: S) where S.Element == String {
        for pattern in patterns {
            let compiled = IAMPattern(pattern)
            if compiled.pattern == "*" { any = true } else if compiled.isLiteral { exact.insert(compiled.pattern) } else { wildcards.append(compiled) }
        }
    }

    public init(_ patterns: [CloudEvidence<String>]) { self.init(patterns.lazy.map(\.value)) }

    public var isEmpty: Bool { !any && exact.isEmpty && wildcards.isEmpty }

    /// Whether `value` (lower-cased) matches one of the patterns.
    public func matches(lowercased value: String) -> Bool {
        any || exact.contains(value) || wildcards.contains { $0.matches(lowercased: value) }
    }
}

/// A statement's `Action` and `NotAction`, compiled: the actions it covers, read as AWS reads them
/// (`NotAction` covers every action it does not name; a statement with neither covers nothing).
public struct IAMActions: Sendable {
    public let actions: IAMPatterns
    public let notActions: IAMPatterns

    public init(_ statement: PolicyStatement) {
        actions = IAMPatterns(statement.actions)
        notActions = IAMPatterns(statement.notActions)
    }

    /// Whether the statement covers `action` (lower-cased).
    public func covers(_ action: String) -> Bool {
        if !actions.isEmpty { return actions.matches(lowercased: action) }
        if !notActions.isEmpty { return !notActions.matches(lowercased: action) }
        return false
    }
}

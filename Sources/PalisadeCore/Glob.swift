/// A glob pattern matched against a whole string, for the ignore file's `rule`, `path` and `resource`
/// and for rule ids in suppression comments and annotations.
///
/// - `*` matches any run of characters other than `/`, `?` one character other than `/`;
/// - `**` as a whole `/`-separated segment matches any number of segments, none included:
///   `deploy/**` is everything under `deploy`, `**/test/**` a `test` folder at any depth,
///   `Deployment/**/web` a Deployment named `web` with or without a namespace;
/// - every other character matches itself, case-sensitively (no character classes, no escapes).
///
/// Matching backtracks over at most one star per level (segments, then characters in a segment),
/// so it is O(pattern × subject) at worst, never exponential, whatever a stranger writes.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    /// The pattern has no wildcard, so it names exactly one string (compared as such: rule ids
    /// in comments and annotations nearly always are).
    public let isLiteral: Bool
    private let segments: [Segment]

    private enum Segment: Sendable, Hashable {
        /// `**`: any number of segments.
        case any
        case characters([Unicode.Scalar])
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        isLiteral = !pattern.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
        segments = isLiteral ? [] : pattern.split(separator: "/", omittingEmptySubsequences: false).map {
            $0 == "**" ? .any : .characters(Array($0.unicodeScalars))
        }
    }

    public var description: String { pattern }

    public func matches(_ subject: String) -> Bool {
        isLiteral ? pattern == subject : Self.match(segments[...], Self.split(subject)[...])
    }

    /// Matches a path, or any folder leading to it, as `.gitignore` does: `deploy/agents` and
    /// `deploy/*` both cover `deploy/agents/ds.yaml`.
    public func matchesPath(_ path: String) -> Bool {
        if isLiteral { return path == pattern || path.hasPrefix(pattern + "/") }
        let parts = Self.split(path)
        return parts.indices.contains { Self.match(segments[...], parts[...$0]) }
    }

    private static func split(_ s: String) -> [[Unicode.Scalar]] {
        s.split(separator: "/", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    }

    /// Segments against segments; `**` is the star.
    private static func match(_ pattern: ArraySlice<Segment>, _ subject: ArraySlice<[Unicode.Scalar]>) -> Bool {
        wildcard(pattern, subject, isStar: { $0 == .any }, matchesOne: { p, s in
            if case .characters(let c) = p { return matchSegment(c[...], s[...]) }
            return false
        })
    }

    /// Characters against characters inside one segment; `*` is the star, `?` any one character.
    private static func matchSegment(_ pattern: ArraySlice<Unicode.Scalar>, _ subject: ArraySlice<Unicode.Scalar>) -> Bool {
        wildcard(pattern, subject, isStar: { $0 == "*" }, matchesOne: { p, s in p == "?" || p == s })
    }

    /// The classic linear backtracking wildcard match: on a mismatch, only the last star takes one
    /// more element, which is enough when every other pattern element matches exactly one element.
    private static func wildcard<P, S>(_ pattern: ArraySlice<P>, _ subject: ArraySlice<S>,
                                       isStar: (P) -> Bool, matchesOne: (P, S) -> Bool) -> Bool {
        var p = pattern.startIndex, s = subject.startIndex
        var star: (p: Int, s: Int)?
        while s < subject.endIndex {
            if p < pattern.endIndex && isStar(pattern[p]) {
                star = (p, s)
                p += 1
            } else if p < pattern.endIndex && matchesOne(pattern[p], subject[s]) {
                p += 1
                s += 1
            } else if let last = star {
                star = (last.p, last.s + 1)
                p = last.p + 1
                s = last.s + 1
            } else {
                return false
            }
        }
        while p < pattern.endIndex && isStar(pattern[p]) { p += 1 }
        return p == pattern.endIndex
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclude pattern. A pattern without a slash matches a file or folder name at any depth
/// (`vendor`, `*.generated.yaml`); a pattern with one matches a path relative to the scanned root
/// (or the path as reports show it), segment by segment: `*`, `?` and `[...]` stay inside one
/// segment and `**` matches any number of folders (`k8s/*`, `**/test/**`). A folder that matches
/// is not entered, so `k8s/legacy` excludes everything under it.
public struct PathGlob: Sendable, Hashable {
    public let pattern: String
    /// The pattern, when it matches names rather than paths.
    private let name: String?
    /// The pattern's segments, when it matches paths.
    private let segments: [String]
    private let absolute: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var p = Substring(pattern)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        absolute = p.hasPrefix("/")
        let parts = p.split(separator: "/").map(String.init)
        segments = parts.count > 1 || absolute ? parts : []
        name = parts.count == 1 && !absolute ? parts[0] : nil
    }

    /// Whether `path` (relative to the scanned root, or as reports show it) matches by itself;
    /// a name pattern looks at its last segment.
    public func matches(path: String) -> Bool {
        matches(path.split(separator: "/"), isAbsolute: path.hasPrefix("/"), orAncestor: false)
    }

    /// Whether `path` (segments, relative to the root or as displayed) matches; with `orAncestor`,
    /// also when one of the folders above it does (a file reached without walking its folders).
    func matches(_ path: [Substring], isAbsolute: Bool, orAncestor: Bool) -> Bool {
        if let name {
            let candidates = orAncestor ? path[...] : path.suffix(1)
            return candidates.contains { fnmatch(name, String($0), 0) == 0 }
        }
        guard isAbsolute == absolute else { return false }
        if !orAncestor { return Self.match(segments[...], path[...]) }
        return (1...max(path.count, 1)).contains { Self.match(segments[...], path.prefix($0)) }
    }

    /// Segment matching with `**` as zero or more segments: the greedy algorithm for `*` in
    /// wildcard matching, lifted to segments, so it backtracks only to the last `**` (no blow-up).
    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<Substring>) -> Bool {
        let p = Array(pattern), s = Array(path)
        var pi = 0, si = 0
        var star: (p: Int, s: Int)? = nil
        while si < s.count {
            if pi < p.count && p[pi] == "**" {
                star = (pi, si)
                pi += 1
            } else if pi < p.count && fnmatch(p[pi], String(s[si]), 0) == 0 {
                pi += 1
                si += 1
            } else if let (sp, ss) = star {
                pi = sp + 1
                si = ss + 1
                star = (sp, ss + 1)
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "**" { pi += 1 }
        return pi == p.count
    }
}

import PalisadeCore

/// An exclude pattern, matched with the same `Glob` as the ignore file's paths. A pattern without a
/// slash matches a file or folder name at any depth (`vendor`, `*.generated.yaml`); a pattern with
/// one matches a path relative to the scanned root (or the path as reports show it), segment by
/// segment: `*` and `?` stay inside one segment and `**` matches any number of folders (`k8s/*`,
/// `**/test/**`). A folder that matches is not entered, so `k8s/legacy` excludes everything under it.
public struct PathGlob: Sendable, Hashable {
    public let pattern: String
    private let glob: Glob
    /// The pattern matches names rather than paths.
    private let isName: Bool
    private let absolute: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var p = Substring(pattern)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        absolute = p.hasPrefix("/")
        let parts = p.split(separator: "/")
        isName = parts.count == 1 && !absolute
        glob = Glob(parts.joined(separator: "/"))
    }

    /// Whether `path` (relative to the scanned root, or as reports show it) matches by itself;
    /// a name pattern looks at its last segment.
    public func matches(path: String) -> Bool {
        matches(path.split(separator: "/"), isAbsolute: path.hasPrefix("/"), orAncestor: false)
    }

    /// Whether `path` (segments, relative to the root or as displayed) matches; with `orAncestor`,
    /// also when one of the folders above it does (a file reached without walking its folders).
    func matches(_ path: [Substring], isAbsolute: Bool, orAncestor: Bool) -> Bool {
        if isName {
            let candidates = orAncestor ? path[...] : path.suffix(1)
            return candidates.contains { glob.matches(String($0)) }
        }
        guard isAbsolute == absolute else { return false }
        let joined = path.joined(separator: "/")
        return orAncestor ? glob.matchesPath(joined) : glob.matches(joined)
    }
}

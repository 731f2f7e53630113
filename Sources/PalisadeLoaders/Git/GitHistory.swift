/// The lines every commit of a repository added, file by file, read from `git log -p --all`
/// (no shell: `posix_spawnp` through `Subprocess`), for the secret rules to check: a credential
/// committed and removed later is still in the history, and still valid until revoked.
public enum GitHistory {
    /// The lines one commit added to one file: their text joined by line feeds, and the line each
    /// has in the file as that commit left it.
    public struct Added: Sendable {
        public let commit: String
        public let path: String
        public let text: [UInt8]
        public let lines: [Int]
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Every commit's added lines, in `git log` order (newest first), for the repository at `root`.
    public static func added(root: String) throws(Failure) -> [Added] {
        let out: [UInt8]
        do {
            out = try GitChanges.git(["log", "-p", "--all", "--no-color", "--no-ext-diff", "--no-renames", "--unified=0",
                                      "--format=commit %H", "--diff-filter=AMC", "--text"], in: root,
                                     failure: { "--git-history: git log failed: \($0)" })
        } catch {
            throw Failure(description: String(describing: error))
        }
        return parse(out)
    }

    /// Parses `git log -p --unified=0 --format='commit %H'` output.
    public static func parse(_ out: [UInt8]) -> [Added] {
        var result: [Added] = []
        var commit = ""
        var path: String?
        var text: [UInt8] = []
        var lines: [Int] = []
        var next = 0
        func flush() {
            if let path, !lines.isEmpty { result.append(Added(commit: commit, path: path, text: text, lines: lines)) }
            text = []
            lines = []
        }
        var s = 0
        while s < out.count {
            var e = s
            while e < out.count && out[e] != 0x0A { e += 1 }
            let line = out[s..<e]
            if line.starts(with: Array("commit ".utf8)) && line.count == 47 {
                flush()
                path = nil
                commit = String(decoding: line.dropFirst(7), as: UTF8.self)
            } else if line.starts(with: Array("diff --git ".utf8)) {
                flush()
                path = nil
            } else if line.starts(with: Array("+++ ".utf8)) {
                flush()
                let name = GitChanges.unquote(line.dropFirst(4))
                path = name.hasPrefix("b/") ? String(name.dropFirst(2)) : nil
            } else if line.starts(with: Array("@@ ".utf8)), let header = GitChanges.hunkHeader(line) {
                next = header.new.start
            } else if path != nil, line.first == UInt8(ascii: "+") {
                if !lines.isEmpty { text.append(0x0A) }
                text += line.dropFirst()
                lines.append(next)
                next += 1
            }
            s = e + 1
        }
        flush()
        return result
    }
}

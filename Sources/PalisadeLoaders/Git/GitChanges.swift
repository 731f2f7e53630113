import PalisadeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What changed in the user's repository since a revision, for `palisade scan --changed-since`:
/// committed, staged and unstaged changes (`git diff -U0 REF`, which compares the working tree with
/// REF) and untracked files git does not ignore (`git ls-files --others --exclude-standard`).
///
/// Runs the user's own `git` on their repository, locally: no fetch, nothing from the scanned
/// content is ever run (external diff drivers and textconv filters are switched off, and so is
/// an fsmonitor hook), and `--no-optional-locks` keeps git from rewriting the index meanwhile.
public enum GitChanges {
    /// Why the changes could not be found: no git, not a repository, or a revision git does not know.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The changes since `revision` in the repository holding `root` (canonical), by project path:
    /// each git path made relative to `root`, as discovery makes scanned files' project paths.
    public static func since(_ revision: String, root: String) throws -> ChangeSet {
        guard !revision.isEmpty, !revision.hasPrefix("-") else {
            throw Failure(description: "--changed-since: '\(revision)' is not a git revision")
        }
        let topOutput = try git(["rev-parse", "--show-toplevel"], in: root) { _ in
            "--changed-since needs a git repository, and \(root) is not in one"
        }
        let topText = String(decoding: topOutput, as: UTF8.self).trimmingNewlines()
        let top = ProjectRoot.canonical(topText) ?? topText
        _ = try git(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: top) { _ in
            "--changed-since: git does not know the revision '\(revision)' in \(top)"
        }
        let diff = try git(["diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames",
                            "--src-prefix=a/", "--dst-prefix=b/", revision, "--"], in: top, failure: failed("diff"))
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], in: top,
                                failure: failed("ls-files"))
        var changes = ChangeSet()
        let project = { (gitPath: String) in
            let absolute = top == "/" ? "/" + gitPath : top + "/" + gitPath
            return ProjectRoot.relative(absolute, to: root) ?? absolute
        }
        for (path, change) in hunks(inDiff: diff) { changes.files[project(path)] = change }
        for name in untracked.split(separator: 0) {
            changes.files[project(String(decoding: name, as: UTF8.self))] = .whole
        }
        return changes
    }

    private static func failed(_ command: String) -> (String) -> String {
        { "--changed-since: git \(command) failed: \($0)" }
    }

    /// The new-side hunks of each file in `git diff -U0` output, by the path git prints (relative
    /// to the top level; C-quoted names unquoted). Deleted files are left out: they have no
    /// findings. Hunk bodies are skipped by their line counts, so content that looks like a header
    /// is never read as one.
    public static func hunks(inDiff bytes: [UInt8]) -> [String: ChangeSet.Change] {
        var files: [String: [ChangeSet.Hunk]] = [:]
        var current: String?
        var body = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if body > 0 {
                if line.first != UInt8(ascii: "\\") { body -= 1 }  // "\ No newline at end of file"
                continue
            }
            if line.starts(with: "diff --git ".utf8) {
                current = nil
            } else if line.starts(with: "+++ ".utf8) {
                let path = unquote(line.dropFirst(4))
                current = path.hasPrefix("b/") ? String(path.dropFirst(2)) : nil
                if let current { files[current, default: []] = [] }
            } else if line.starts(with: "@@ ".utf8), let header = hunkHeader(line) {
                body = header.oldCount + header.new.count
                if let current { files[current]?.append(header.new) }
            }
        }
        return files.mapValues { .hunks($0) }
    }

    /// `@@ -a[,b] +c[,d] @@`: the old side's line count and the new side's hunk.
    static func hunkHeader(_ line: ArraySlice<UInt8>) -> (oldCount: Int, new: ChangeSet.Hunk)? {
        let fields = line.split(separator: UInt8(ascii: " "))
        guard fields.count >= 3, fields[1].first == UInt8(ascii: "-"), fields[2].first == UInt8(ascii: "+"),
              let old = range(fields[1].dropFirst()), let new = range(fields[2].dropFirst()) else { return nil }
        return (old.count, ChangeSet.Hunk(start: new.start, count: new.count))
    }

    /// `start[,count]`, the count 1 when left out.
    private static func range(_ text: ArraySlice<UInt8>) -> (start: Int, count: Int)? {
        let parts = text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard parts.count <= 2, let start = Int(String(decoding: parts[0], as: UTF8.self)) else { return nil }
        guard parts.count == 2 else { return (start, 1) }
        guard let count = Int(String(decoding: parts[1], as: UTF8.self)) else { return nil }
        return (start, count)
    }

    /// A path as git prints it: as is, or in double quotes with C escapes (`\t`, `\"`, `\\`, and
    /// octal bytes such as `\303\251`) when it holds unusual characters.
    static func unquote(_ text: ArraySlice<UInt8>) -> String {
        guard text.count >= 2, text.first == UInt8(ascii: "\""), text.last == UInt8(ascii: "\"") else {
            return String(decoding: text, as: UTF8.self)
        }
        var out: [UInt8] = []
        var i = text.startIndex + 1
        let end = text.endIndex - 1
        while i < end {
            let b = text[i]
            i += 1
            guard b == UInt8(ascii: "\\"), i < end else { out.append(b); continue }
            let e = text[i]
            i += 1
            switch e {
            case UInt8(ascii: "a"): out.append(7)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "v"): out.append(11)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(e - UInt8(ascii: "0"))
                for _ in 0..<2 where i < end && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(text[i]) {
                    value = value * 8 + Int(text[i] - UInt8(ascii: "0"))
                    i += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs `git -C dir ARGS` and returns its standard output; a non-zero exit throws
    /// `failure(stderr)`, and a git that cannot be started says so.
    static func git(_ arguments: [String], in dir: String, failure: (String) -> String) throws -> [UInt8] {
        let command = ["git", "-C", dir, "--no-pager", "--no-optional-locks", "-c", "core.quotePath=false",
                       "-c", "core.fsmonitor=false"] + arguments
        guard let run = Subprocess.run(command) else {
            throw Failure(description: "--changed-since needs git, and git could not be run (is it installed and on PATH?)")
        }
        guard run.status == 0 else {
            throw Failure(description: failure(String(decoding: run.stderr, as: UTF8.self).trimmingNewlines()))
        }
        return run.stdout
    }
}

extension String {
    func trimmingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == "\r" || last == "\r\n" { s = s.dropLast() }
        return String(s)
    }
}

/// Runs a program found on PATH with standard input from /dev/null and collects its standard output
/// and error, without Foundation (whose `Process` would cost every run its start-up time).
enum Subprocess {
    struct Run {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    /// nil when the program cannot be started (not found, not executable).
    static func run(_ arguments: [String]) -> Run? {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { return nil }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            return nil
        }
        // Only the child's 1 and 2 (dup2 clears the flag on them) are left open in git.
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        defer { close(outPipe[0]); close(errPipe[0]) }
        guard spawned == 0 else { return nil }

        // Both pipes are drained together, so neither can fill up and stall the child.
        var stdout: [UInt8] = [], stderr: [UInt8] = []
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
                   pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var open = 2
        while open > 0 {
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for k in fds.indices where fds[k].fd >= 0 && fds[k].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if k == 0 { stdout += buffer[..<n] } else { stderr += buffer[..<n] }
                } else if n == 0 || errno != EINTR {
                    fds[k].fd = -1
                    open -= 1
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        let exited = status & 0x7f == 0
        return Run(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: stdout, stderr: stderr)
    }
}

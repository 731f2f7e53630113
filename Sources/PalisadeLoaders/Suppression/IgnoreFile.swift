import PalisadeCore

/// The ignore file, `.palisadeignore.yaml` at the project root (or `--ignore-file FILE`): accepted
/// findings kept apart from the manifests, for files a team cannot or will not annotate (rendered
/// charts, vendored manifests). A list of entries:
///
///     - rule: k8s-privileged-container            # rule id or glob (required)
///       path: "deploy/agents/**"                    # glob on the project path (optional)
///       resource: DaemonSet/monitoring/node-agent   # Kind/namespace/name, globs allowed (optional)
///       reason: "node agent needs the host (SEC-42)"  # required
///       expires: 2027-03-01                         # optional: the last day (UTC) it accepts findings
///
/// Globs are `Glob`s. `path` is matched against the project path (relative to the project root),
/// and a folder covers what is under it; `resource` against `Kind/namespace/name` as reports show
/// it (`Kind/name` without a namespace; `Kind/**/name` matches both). The file is configuration:
/// anything wrong in it (bad YAML, an unknown key, a missing reason, a bad date) is a `Problem` with
/// file, line and column, and the CLI refuses to scan (exit 2) rather than guess.
public enum IgnoreFile {
    public static let name = ".palisadeignore.yaml"
    static let keys = ["rule", "path", "resource", "reason", "expires"]

    /// Something wrong in an ignore file, where it is.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let file: String
        public let position: SourcePosition?
        public let message: String

        public var description: String {
            position.map { "\(file):\($0.line):\($0.column): \(message)" } ?? "\(file): \(message)"
        }
    }

    /// Every problem of one file.
    public struct Failure: Error, Sendable {
        public let problems: [Problem]
    }

    /// Reads and parses the file at `path`, shown as `display`.
    public static func load(path: String, display: String) -> Result<[SuppressionEntry], Failure> {
        switch FileSystem.read(path, limit: 16 << 20) {
        case .failure(.notFound): return .failure(Failure(problems: [Problem(file: display, position: nil, message: "no such ignore file")]))
        case .failure(let error): return .failure(Failure(problems: [Problem(file: display, position: nil, message: error.message)]))
        case .success(let bytes): return parse(bytes, file: display)
        }
    }

    /// Parses an ignore file's bytes; every problem is collected, not just the first.
    public static func parse(_ bytes: [UInt8], file: String) -> Result<[SuppressionEntry], Failure> {
        var problems: [Problem] = []
        func problem(_ at: SourcePosition?, _ message: String) { problems.append(Problem(file: file, position: at, message: message)) }
        var roots: [Node] = []
        if let error = YAMLLoader().load(bytes, file: file, document: { root, _ in roots.append(root) }) {
            return .failure(Failure(problems: [Problem(file: file, position: error.position, message: error.message)]))
        }
        if roots.count > 1 { problem(roots[1].range.start, "one YAML document expected, found \(roots.count)") }
        guard let root = roots.first, !root.isNull else { return problems.isEmpty ? .success([]) : .failure(Failure(problems: problems)) }
        guard let items = root.items else {
            problem(root.range.start, "expected a list of entries (- rule: ... reason: ...)")
            return .failure(Failure(problems: problems))
        }
        var entries: [SuppressionEntry] = []
        for item in items {
            guard let fields = item.entries else {
                problem(item.range.start, "an entry must be a mapping with rule and reason")
                continue
            }
            var values: [String: (text: String, node: Node)] = [:]
            for field in fields {
                let key = field.key.string ?? ""
                guard keys.contains(key) else {
                    problem(field.key.range.start, "unknown key '\(key)' (expected \(keys.joined(separator: ", ")))")
                    continue
                }
                guard values[key] == nil else {
                    problem(field.key.range.start, "'\(key)' is given twice in this entry")
                    continue
                }
                guard let text = field.value.string, field.value.scalar != nil else {
                    problem(field.value.range.start, "'\(key)' must be a string")
                    continue
                }
                let trimmed = trim(text)
                guard !trimmed.isEmpty else {
                    problem(field.value.range.start, "'\(key)' is empty")
                    continue
                }
                values[key] = (trimmed, field.value)
            }
            for key in ["rule", "reason"] where values[key] == nil && !fields.contains(where: { $0.key.string == key }) {
                problem(item.range.start, key == "reason"
                    ? "entry has no reason: say why the risk is accepted (reason: ...)"
                    : "entry has no rule (rule: <rule-id or glob>)")
            }
            var expires: CalendarDay?
            if let e = values["expires"] {
                expires = CalendarDay(e.text)
                if expires == nil { problem(e.node.range.start, "expires '\(e.text)' is not a date (YYYY-MM-DD)") }
            }
            guard let rule = values["rule"], let reason = values["reason"], expires != nil || values["expires"] == nil else { continue }
            let start = item.range.start
            let suppression = Suppression(kind: .ignoreFile, reason: reason.text,
                                          location: SourceLocation(file: file, range: SourceRange(start: start, end: item.range.end)),
                                          expires: expires)
            entries.append(SuppressionEntry(
                rule: Glob(rule.text), written: SourceLocation(file: file, range: rule.node.range),
                scope: .matching(path: values["path"].map { Glob(normalisedPath($0.text)) }, resource: values["resource"].map { Glob($0.text) }),
                suppression: suppression))
        }
        return problems.isEmpty ? .success(entries) : .failure(Failure(problems: problems))
    }

    private static func trim(_ s: String) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// `./deploy/`, `/deploy` and `deploy` name the same folder of the project.
    static func normalisedPath(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.hasPrefix("/") { p = p.dropFirst() }
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    /// The ignore file a scan uses: `explicit` (always returned; reading it says whether it
    /// exists), or `.palisadeignore.yaml` in `root` (canonical) when there is one. Returns the path
    /// to read and how reports show it: relative to the current folder (`../../.palisadeignore.yaml`
    /// from a subfolder of the root), else absolute.
    public static func locate(explicit: String?, root: String) -> (path: String, display: String)? {
        if let explicit { return (explicit, explicit) }
        let path = root == "/" ? "/" + name : root + "/" + name
        guard case .success = FileSystem.status(path) else { return nil }
        guard let cwd = ProjectRoot.canonical("."), let below = ProjectRoot.relative(cwd, to: root) else { return (path, path) }
        let up = below == "." ? 0 : below.split(separator: "/").count
        return (path, String(repeating: "../", count: up) + name)
    }
}

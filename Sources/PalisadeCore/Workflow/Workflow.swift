/// A parsed GitHub Actions workflow (a YAML file under `.github/workflows/`): its triggers, its
/// permissions and environment, and its jobs with their runners and steps, every key and value
/// with its place in the file. Built by `WorkflowLoader` (PalisadeLoaders) from our YAML `Node`s;
/// read by `WorkflowRule`s. A class, so rules share one copy.
public final class Workflow: Sendable {
    /// The file as reports show it.
    public let file: String
    /// The file's path relative to the project root, for fingerprints (see `ScanFile.projectPath`).
    public let projectPath: String
    /// `name:`, when given.
    public let name: Value?
    /// The events under `on:`, in the order written (string, list and map forms alike).
    public let triggers: [Trigger]
    /// The `on` key, where findings about the triggers as a whole point.
    public let onKey: SourceRange
    /// Top-level `permissions:`; nil when absent (every job then gets the repository's default token).
    public let permissions: Permissions?
    /// Top-level `env:`.
    public let env: [Variable]
    public let jobs: [Job]
    /// The document's root mapping, for what the model does not name.
    public let root: Node
    /// The `# palisade:ignore` comments of the file, placed on the YAML nodes below them.
    public let suppressionComments: [SuppressionComment]
    /// The identity of every finding: kind `Workflow`, name the file's base name.
    public let ref: ObjectRef

    public init(file: String, projectPath: String? = nil, name: Value?, triggers: [Trigger], onKey: SourceRange,
                permissions: Permissions?, env: [Variable], jobs: [Job], root: Node, suppressionComments: [SuppressionComment] = []) {
        self.file = file
        self.projectPath = projectPath ?? file
        self.name = name
        self.triggers = triggers
        self.onKey = onKey
        self.permissions = permissions
        self.env = env
        self.jobs = jobs
        self.root = root
        self.suppressionComments = suppressionComments
        self.ref = ObjectRef(ciFile: file, projectPath: projectPath, kind: Self.kind, root: root)
    }

    /// The resource kind of every workflow finding.
    public static let kind = "Workflow"

    /// The trigger named `event`, if the workflow has it.
    public func trigger(_ event: String) -> Trigger? { triggers.first { $0.event == event } }

    /// Whether the workflow runs on any of `events`.
    public func runs(on events: Set<String>) -> Bool { triggers.contains { events.contains($0.event) } }
}

extension Workflow {
    /// A scalar string of the workflow, with where it is written and where each of its bytes is:
    /// `text` is the value as YAML reads it (block scalars unfolded, quotes and escapes resolved),
    /// `source` maps its bytes back to the file, so an expression inside a `run:` block is located
    /// exactly.
    public struct Value: Sendable {
        public let text: String
        /// The whole scalar, from its indicator or quote to its end.
        public let range: SourceRange
        /// `text`'s bytes with their file positions.
        public let source: LogicalText

        public init(text: String, range: SourceRange, source: LogicalText) {
            self.text = text
            self.range = range
            self.source = source
        }

        /// A value whose bytes all sit at the scalar's start (what a caller builds when it has no
        /// better map).
        public init(text: String, range: SourceRange) {
            self.init(text: text, range: range, source: LogicalText(
                bytes: Array(text.utf8), segments: [LogicalText.Segment(offset: 0, line: range.start.line, column: range.start.column)]))
        }

        /// The file range of bytes `start..<end` of `text`.
        public func range(_ start: Int, _ end: Int) -> SourceRange { source.range(start, end) }

        /// Every `${{ ... }}` expression in the value, in order, with its inner text trimmed.
        public var expressions: [Expression] { Expression.all(in: source) }
    }

    /// A `${{ ... }}` expression inside a value.
    public struct Expression: Sendable {
        /// What stands between `${{` and `}}`, blanks trimmed: `github.event.issue.title`.
        public let text: String
        /// Byte offsets of `${{` and just after `}}` in the value's text.
        public let start: Int
        public let end: Int
        /// Where the expression (from `$` to the last `}`) is written.
        public let range: SourceRange

        /// Every expression in `source`, scanning the bytes once; quotes inside an expression
        /// (`'}}'`) do not end it. An unterminated `${{` ends the search.
        static func all(in source: LogicalText) -> [Expression] {
            let b = source.bytes
            var result: [Expression] = []
            // Starts and ends come in increasing order: one cursor locates them all in one pass.
            var cursor = LogicalText.Cursor(source)
            var i = 0
            while i + 2 < b.count {
                guard b[i] == UInt8(ascii: "$"), b[i + 1] == UInt8(ascii: "{"), b[i + 2] == UInt8(ascii: "{") else { i += 1; continue }
                var j = i + 3
                var quoted = false
                var close: Int?
                while j < b.count {
                    if b[j] == UInt8(ascii: "'") { quoted.toggle() }
                    else if !quoted, b[j] == UInt8(ascii: "}"), j + 1 < b.count, b[j + 1] == UInt8(ascii: "}") { close = j; break }
                    j += 1
                }
                guard let close else { break }
                let inner = b[(i + 3)..<close].drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }
                var trimmed = inner[...]
                while let last = trimmed.last, last == 0x20 || last == 0x09 || last == 0x0A { trimmed = trimmed.dropLast() }
                let from = cursor.position(at: i)
                let to = cursor.position(at: close + 2)
                result.append(Expression(text: String(decoding: trimmed, as: UTF8.self), start: i, end: close + 2,
                                         range: SourceRange(start: from, end: to)))
                i = close + 2
            }
            return result
        }
    }

    /// One event under `on:`.
    public struct Trigger: Sendable {
        /// `push`, `pull_request_target`, `workflow_run`...
        public let event: String
        /// Where the event's name is written (the list item, the scalar or the map key).
        public let range: SourceRange
        /// Its configuration in the map form (`branches:`, `types:`...); nil otherwise.
        public let configuration: Node?

        public init(event: String, range: SourceRange, configuration: Node?) {
            self.event = event
            self.range = range
            self.configuration = configuration
        }
    }

    /// A `permissions:` block of the workflow or of a job.
    public struct Permissions: Sendable {
        public enum Kind: Sendable, Equatable {
            /// `read-all`.
            case readAll
            /// `write-all`.
            case writeAll
            /// A map of scopes (`{}` grants nothing).
            case scopes
            /// Anything else (an expression, a typo): GitHub rejects it; the rules say nothing.
            case other(String)
        }

        /// One scope of the map form: `contents: write`.
        public struct Scope: Sendable {
            public let name: String
            /// `read`, `write` or `none` as written (an expression stays as written).
            public let access: String
            public let key: SourceRange
            public let value: SourceRange

            public init(name: String, access: String, key: SourceRange, value: SourceRange) {
                self.name = name
                self.access = access
                self.key = key
                self.value = value
            }
        }

        public let kind: Kind
        public let scopes: [Scope]
        /// The `permissions` key.
        public let key: SourceRange
        /// Its value (the scalar, or the whole map).
        public let value: SourceRange

        public init(kind: Kind, scopes: [Scope], key: SourceRange, value: SourceRange) {
            self.kind = kind
            self.scopes = scopes
            self.key = key
            self.value = value
        }

        /// The scopes granted `write`.
        public var writeScopes: [Scope] { scopes.filter { $0.access == "write" } }
    }

    /// An `env:` entry (workflow, job or step), or an input under `with:`.
    public struct Variable: Sendable {
        public let name: String
        public let key: SourceRange
        /// nil when the value is not a scalar (a map or list, which GitHub rejects).
        public let value: Value?

        public init(name: String, key: SourceRange, value: Value?) {
            self.name = name
            self.key = key
            self.value = value
        }
    }

    /// `runs-on:`: labels (a string or a list), or a runner group with labels (a map).
    public struct RunsOn: Sendable {
        /// The labels, each with its place; expressions stay as written.
        public let labels: [Value]
        /// `group:` of the map form.
        public let group: Value?
        public let key: SourceRange
        public let value: SourceRange

        public init(labels: [Value], group: Value?, key: SourceRange, value: SourceRange) {
            self.labels = labels
            self.group = group
            self.key = key
            self.value = value
        }

        /// The runner is one of the repository's or organisation's own machines: the
        /// `self-hosted` label, or a runner group (groups hold self-hosted runners, or larger
        /// GitHub-hosted ones, which a group alone cannot tell apart; the rule says so).
        public var selfHosted: Value? {
            labels.first { $0.text.lowercased() == "self-hosted" }
        }
    }

    /// One job under `jobs:`.
    public struct Job: Sendable {
        /// The job's key: `build`.
        public let id: String
        public let key: SourceRange
        public let name: Value?
        public let runsOn: RunsOn?
        public let condition: Value?
        /// `needs:`, a string or a list.
        public let needs: [String]
        public let permissions: Permissions?
        public let env: [Variable]
        public let steps: [Step]
        /// `uses:` of a job that calls a reusable workflow (`org/repo/.github/workflows/x.yml@ref`).
        public let uses: Value?
        /// `with:` of a reusable-workflow call.
        public let with: [Variable]
        /// `secrets:` of a reusable-workflow call: `inherit` (a scalar) or a map.
        public let secrets: Node.Entry?
        /// The job's mapping, for what the model does not name (`container`, `services`...).
        public let node: Node

        public init(id: String, key: SourceRange, name: Value?, runsOn: RunsOn?, condition: Value?, needs: [String],
                    permissions: Permissions?, env: [Variable], steps: [Step], uses: Value?, with: [Variable],
                    secrets: Node.Entry?, node: Node) {
            self.id = id
            self.key = key
            self.name = name
            self.runsOn = runsOn
            self.condition = condition
            self.needs = needs
            self.permissions = permissions
            self.env = env
            self.steps = steps
            self.uses = uses
            self.with = with
            self.secrets = secrets
            self.node = node
        }

        /// `jobs.ID`, the prefix of every finding path in the job.
        public var path: String { "jobs.\(id)" }
    }

    /// One step of a job.
    public struct Step: Sendable {
        /// 0-based, in the job.
        public let index: Int
        public let id: Value?
        public let name: Value?
        /// `uses:`: an action (`owner/repo@ref`, `owner/repo/path@ref`, `./local`, `docker://image`).
        public let uses: Value?
        /// `run:`: a script.
        public let run: Value?
        public let shell: Value?
        public let condition: Value?
        public let with: [Variable]
        public let env: [Variable]
        /// The step's mapping (the list item).
        public let node: Node

        public init(index: Int, id: Value?, name: Value?, uses: Value?, run: Value?, shell: Value?, condition: Value?,
                    with: [Variable], env: [Variable], node: Node) {
            self.index = index
            self.id = id
            self.name = name
            self.uses = uses
            self.run = run
            self.shell = shell
            self.condition = condition
            self.with = with
            self.env = env
            self.node = node
        }

        /// The input `name` under `with:`.
        public func input(_ name: String) -> Variable? { with.last { $0.name == name } }

        /// The action the step uses, parsed; nil for `run:` steps.
        public var action: ActionReference? { uses.map { ActionReference($0.text) } }

        /// How a finding path names the step: `steps[ID]` by its `id`, else its `name`, else the
        /// action it uses (without the ref, so pinning it keeps the path), else the first line of
        /// its script (shortened), else its position.
        public var pathName: String {
            if let id = id?.text, !id.isEmpty { return id }
            if let name = name?.text, !name.isEmpty { return name }
            if let action { return action.name }
            if let run = run?.text {
                // The first line with content, found without splitting the whole script.
                var rest = run[...]
                while !rest.isEmpty {
                    let end = rest.firstIndex(of: "\n") ?? rest.endIndex
                    let trimmed = String(rest[..<end]).trimmingBlanks
                    if !trimmed.isEmpty { return trimmed.count > 40 ? String(trimmed.prefix(40)) + "…" : trimmed }
                    rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
                }
            }
            return "\(index)"
        }
    }

    /// What `uses:` names: a local action, a Docker image, or an action in a repository at a ref.
    public struct ActionReference: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// `./path`: an action of this repository, at the checked-out commit.
            case local
            /// `docker://image[:tag][@digest]`.
            case docker
            /// `owner/repo[/path]@ref` (an action or, in `jobs.X.uses`, a reusable workflow).
            case repository
        }

        public let kind: Kind
        /// As written.
        public let written: String
        /// Without the ref: `actions/checkout`, `owner/repo/sub/dir`, the image for Docker.
        public let name: String
        /// `owner` of a repository reference, lower-cased.
        public let owner: String
        /// After `@`: a tag, a branch or a commit SHA; for Docker, the digest (`sha256:...`) or nil.
        public let ref: String?

        public init(_ written: String) {
            self.written = written
            if written.hasPrefix("./") || written.hasPrefix(".\\") || written == "." {
                kind = .local
                name = written
                owner = ""
                ref = nil
            } else if written.lowercased().hasPrefix("docker://") {
                kind = .docker
                let image = written.dropFirst("docker://".count)
                if let at = image.firstIndex(of: "@") {
                    name = String(image[..<at])
                    ref = String(image[image.index(after: at)...])
                } else {
                    name = String(image)
                    ref = nil
                }
                owner = ""
            } else {
                kind = .repository
                if let at = written.lastIndex(of: "@") {
                    name = String(written[..<at])
                    ref = String(written[written.index(after: at)...])
                } else {
                    name = written
                    ref = nil
                }
                owner = name.split(separator: "/").first.map { $0.lowercased() } ?? ""
            }
        }

        /// Pinned to a full commit SHA (40 hexadecimal digits; 64 for SHA-256 repositories).
        public var pinnedToCommit: Bool {
            guard kind == .repository, let ref else { return false }
            return (ref.count == 40 || ref.count == 64) && ref.utf8.allSatisfy { Self.isHex($0) }
        }

        /// A Docker image pinned by digest (`@sha256:...`).
        public var pinnedByDigest: Bool {
            guard kind == .docker, let ref else { return false }
            return ref.hasPrefix("sha256:") && ref.count == 71 && ref.utf8.dropFirst(7).allSatisfy { Self.isHex($0) }
        }

        /// `owner/repo`, lower-cased: the repository the action lives in.
        public var repository: String {
            name.lowercased().split(separator: "/").prefix(2).joined(separator: "/")
        }

        /// GitHub's own actions (`actions/*`, `github/*`): maintained by the platform that runs
        /// the workflow, so trusted as far as the runner itself is.
        public var isFirstParty: Bool { kind == .repository && (owner == "actions" || owner == "github") }

        static func isHex(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
        }
    }
}

extension ObjectRef {
    /// The identity of a CI file's findings: `KIND/<file name>` (stable when the workflow's
    /// `name:` changes), spanning the file's document.
    convenience init(ciFile file: String, projectPath: String?, kind: String, root: Node) {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        self.init(file: file, projectPath: projectPath, identity: ResourceIdentity(kind: kind, name: base),
                  lines: root.range.start.line...max(root.range.start.line, root.range.end.line))
    }
}

extension String {
    /// Without leading and trailing blanks (spaces, tabs, line breaks).
    var trimmingBlanks: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

import PalisadeCore

/// Reads a GitHub Actions workflow (`.github/workflows/*.yml`) into a `Workflow`: our YAML loader
/// gives the nodes and their ranges, this gives them their meaning. A file GitHub would refuse to
/// run because of its shape (no `on:`, `jobs:` not a mapping, a step that is not a mapping...) is
/// a `workflow-syntax` input error at the offending key or value, with no findings: the rules
/// reason about what runs, and that workflow does not. Keys the model does not name are ignored,
/// as GitHub ignores nothing but reports them; that is the job of GitHub's own validation.
public struct WorkflowLoader: Sendable {
    public var yaml: YAMLLoader

    public init(yaml: YAMLLoader = YAMLLoader()) {
        self.yaml = yaml
    }

    /// A workflow, or the input error that stops it from being one.
    public enum Outcome: Sendable {
        case success(Workflow)
        case failure(Diagnostic)
    }

    /// Parses `bytes`. `warning` gets the `# palisade:ignore` comments that suppress nothing
    /// (no rule, no reason, a bad date) or cover nothing.
    public func load(_ bytes: [UInt8], file: String, projectPath: String? = nil,
                     warning: (Diagnostic) -> Void = { _ in }) -> Outcome {
        var root: Node?
        var extra: Node?
        var comments = YAMLSuppressionComments(bytes, file: file)
        var placed: [SuppressionComment] = []
        let error = yaml.load(bytes, file: file) { node, _ in
            if root == nil, !node.isNull {
                root = node
                placed = comments?.comments(for: node) ?? []
            } else if root != nil, extra == nil, !node.isNull {
                extra = node
            }
        }
        if let error { return .failure(error) }
        guard let root else {
            return .failure(Diagnostic(code: "workflow-syntax", level: .error, file: file, position: SourcePosition(line: 1, column: 1),
                                       message: "empty workflow: GitHub needs `on:` and `jobs:`"))
        }
        if let extra {
            return .failure(Self.error(file, extra.range, "a workflow is one YAML document; this file has another one here"))
        }
        let valid = Self.validComments(placed, rest: &comments, file: file, warning: warning)
        var builder = Builder(file: file, values: ScalarValues(source: ScalarSource(bytes)))
        do {
            return .success(try builder.workflow(root, projectPath: projectPath, comments: valid))
        } catch let failure as Builder.Failure {
            return .failure(Self.error(file, failure.range, failure.message))
        } catch {
            return .failure(Diagnostic(code: "internal", level: .error, file: file, message: "\(error)"))
        }
    }

    /// The placed comments that can suppress something; `warning` gets the others (no rule, no
    /// reason, a bad date) and those that cover no node (`rest`, once the document is placed).
    static func validComments(_ placed: [SuppressionComment], rest comments: inout YAMLSuppressionComments?, file: String,
                              warning: (Diagnostic) -> Void) -> [SuppressionComment] {
        var valid: [SuppressionComment] = []
        for comment in placed {
            if comment.directive.isValid {
                valid.append(comment)
            } else {
                warning(Diagnostic(code: "invalid-suppression", level: .warning, file: file, position: comment.directive.range.start,
                                   message: "`\(SuppressionComment.marker)` comment needs rule ids and a reason (and a valid expires= date): it suppresses nothing"))
            }
        }
        for candidate in comments?.unplaced() ?? [] {
            warning(Diagnostic(code: "unused-suppression", level: .warning, file: file, position: candidate.position,
                               message: "`\(SuppressionComment.marker)` comment covers nothing in the file (no key below it): remove it"))
        }
        return valid
    }

    static func error(_ file: String, _ range: SourceRange, _ message: String) -> Diagnostic {
        Diagnostic(code: "workflow-syntax", level: .error, file: file, position: range.start, message: message)
    }
}

/// Builds the model from the nodes, throwing at the first shape GitHub would refuse.
private struct Builder {
    struct Failure: Error {
        let range: SourceRange
        let message: String
    }

    let file: String
    let values: ScalarValues

    func value(_ node: Node) -> Workflow.Value? { values.value(node) }
    func variables(_ entry: Node.Entry?) -> [Workflow.Variable] { values.variables(entry) }

    mutating func workflow(_ root: Node, projectPath: String?, comments: [SuppressionComment]) throws -> Workflow {
        guard root.isMapping else { throw Failure(range: root.range, message: "a workflow is a mapping with `on:` and `jobs:`") }
        guard let on = root.entry("on") else {
            throw Failure(range: SourceRange(line: root.range.start.line, column: root.range.start.column), message: "the workflow has no `on:`: nothing triggers it")
        }
        guard let jobsEntry = root.entry("jobs") else {
            throw Failure(range: SourceRange(line: root.range.start.line, column: root.range.start.column), message: "the workflow has no `jobs:`")
        }
        guard let jobEntries = jobsEntry.value.entries else {
            throw Failure(range: jobsEntry.value.range, message: "`jobs` must be a mapping of job ids to jobs")
        }
        var jobs: [Workflow.Job] = []
        for entry in jobEntries {
            jobs.append(try job(entry))
        }
        return Workflow(
            file: file, projectPath: projectPath, name: root["name"].flatMap(value), triggers: try triggers(on.value), onKey: on.key.range,
            permissions: try permissions(root.entry("permissions")), env: variables(root.entry("env")), jobs: jobs, root: root,
            suppressionComments: comments)
    }

    func triggers(_ node: Node) throws -> [Workflow.Trigger] {
        switch node.value {
        case .scalar(let s):
            return [Workflow.Trigger(event: s.text, range: node.range, configuration: nil)]
        case .sequence(let items):
            return try items.map { item in
                guard let s = item.string else { throw Failure(range: item.range, message: "an event under `on:` must be a name") }
                return Workflow.Trigger(event: s, range: item.range, configuration: nil)
            }
        case .mapping(let entries):
            return try entries.map { entry in
                guard let s = entry.key.string else { throw Failure(range: entry.key.range, message: "an event under `on:` must be a name") }
                return Workflow.Trigger(event: s, range: entry.key.range, configuration: entry.value.isNull ? nil : entry.value)
            }
        }
    }

    func permissions(_ entry: Node.Entry?) throws -> Workflow.Permissions? {
        guard let entry else { return nil }
        let node = entry.value
        switch node.value {
        case .scalar:
            let text = node.string ?? ""
            let kind: Workflow.Permissions.Kind = text == "read-all" ? .readAll : text == "write-all" ? .writeAll : .other(text)
            return Workflow.Permissions(kind: kind, scopes: [], key: entry.key.range, value: node.range)
        case .mapping(let entries):
            let scopes = entries.compactMap { e -> Workflow.Permissions.Scope? in
                guard let name = e.key.string else { return nil }
                return Workflow.Permissions.Scope(name: name, access: e.value.string ?? "", key: e.key.range, value: e.value.range)
            }
            return Workflow.Permissions(kind: .scopes, scopes: scopes, key: entry.key.range, value: node.range)
        case .sequence:
            throw Failure(range: node.range, message: "`permissions` must be `read-all`, `write-all` or a mapping of scopes to read, write or none")
        }
    }

    func job(_ entry: Node.Entry) throws -> Workflow.Job {
        guard let id = entry.key.string else { throw Failure(range: entry.key.range, message: "a job id must be a name") }
        let node = entry.value
        guard node.isMapping else { throw Failure(range: node.range, message: "job '\(id)' must be a mapping (runs-on, steps...)") }
        var steps: [Workflow.Step] = []
        if let stepsNode = node["steps"] {
            guard let items = stepsNode.items else { throw Failure(range: stepsNode.range, message: "`steps` of job '\(id)' must be a list of steps") }
            for (index, item) in items.enumerated() {
                guard item.isMapping else { throw Failure(range: item.range, message: "step \(index + 1) of job '\(id)' must be a mapping (uses or run...)") }
                steps.append(Workflow.Step(
                    index: index, id: item["id"].flatMap(value), name: item["name"].flatMap(value), uses: item["uses"].flatMap(value),
                    run: item["run"].flatMap(value), shell: item["shell"].flatMap(value), condition: item["if"].flatMap(value),
                    with: variables(item.entry("with")), env: variables(item.entry("env")), node: item))
            }
        }
        var needs: [String] = []
        if let n = node["needs"] {
            needs = n.string.map { [$0] } ?? (n.items ?? []).compactMap(\.string)
        }
        return Workflow.Job(
            id: id, key: entry.key.range, name: node["name"].flatMap(value), runsOn: runsOn(node.entry("runs-on")),
            condition: node["if"].flatMap(value), needs: needs, permissions: try permissions(node.entry("permissions")),
            env: variables(node.entry("env")), steps: steps, uses: node["uses"].flatMap(value), with: variables(node.entry("with")),
            secrets: node.entry("secrets"), node: node)
    }

    func runsOn(_ entry: Node.Entry?) -> Workflow.RunsOn? {
        guard let entry else { return nil }
        let node = entry.value
        var labels: [Workflow.Value] = []
        var group: Workflow.Value?
        switch node.value {
        case .scalar:
            labels = value(node).map { [$0] } ?? []
        case .sequence(let items):
            labels = items.compactMap(value)
        case .mapping:
            group = node["group"].flatMap(value)
            if let l = node["labels"] {
                labels = l.items?.compactMap(value) ?? value(l).map { [$0] } ?? []
            }
        }
        return Workflow.RunsOn(labels: labels, group: group, key: entry.key.range, value: node.range)
    }
}

/// Scalars as `Workflow.Value`s, with the map from their text to the file when it can be rebuilt.
struct ScalarValues {
    let source: ScalarSource

    /// A scalar that is not null.
    func value(_ node: Node) -> Workflow.Value? {
        guard let scalar = node.scalar, !node.isNull else { return nil }
        if let text = source.text(of: scalar, range: node.range) {
            return Workflow.Value(text: scalar.text, range: node.range, source: text)
        }
        return Workflow.Value(text: scalar.text, range: node.range)
    }

    /// `env:`/`with:`/`variables:` entries; GitLab's `KEY: {value: x}` form gives its `value`.
    func variables(_ entry: Node.Entry?) -> [Workflow.Variable] {
        guard let entries = entry?.value.entries else { return [] }
        return entries.compactMap { e in
            guard let name = e.key.string else { return nil }
            return Workflow.Variable(name: name, key: e.key.range, value: value(e.value) ?? e.value["value"].flatMap(value))
        }
    }
}

import PalisadeCore

/// Reads a GitLab CI configuration (`.gitlab-ci.yml`) into a `GitLabPipeline` with our YAML loader.
/// GitLab accepts many shapes and merges `include:`d files and `extends:` before running; this reads
/// the file as written and never fetches what it includes. A root that is not a mapping is a
/// `gitlab-ci-syntax` input error; values of an unexpected shape are skipped, not guessed at.
public struct GitLabLoader: Sendable {
    public var yaml: YAMLLoader

    public init(yaml: YAMLLoader = YAMLLoader()) {
        self.yaml = yaml
    }

    public enum Outcome: Sendable {
        case success(GitLabPipeline)
        case failure(Diagnostic)
    }

    public func load(_ bytes: [UInt8], file: String, projectPath: String? = nil,
                     warning: (Diagnostic) -> Void = { _ in }) -> Outcome {
        var root: Node?
        var comments = YAMLSuppressionComments(bytes, file: file)
        var placed: [SuppressionComment] = []
        let error = yaml.load(bytes, file: file) { node, _ in
            guard root == nil, !node.isNull else { return }
            root = node
            placed = comments?.comments(for: node) ?? []
        }
        if let error { return .failure(error) }
        guard let root, root.isMapping else {
            return .failure(Diagnostic(code: "gitlab-ci-syntax", level: .error, file: file, position: root?.range.start ?? SourcePosition(line: 1, column: 1),
                                       message: "a GitLab CI configuration is a mapping of jobs and keywords"))
        }
        let valid = WorkflowLoader.validComments(placed, rest: &comments, file: file, warning: warning)
        let values = ScalarValues(source: ScalarSource(bytes))
        let defaults = root["default"]
        var jobs: [GitLabPipeline.Job] = []
        for entry in root.entries ?? [] {
            guard let id = entry.key.string, !GitLabPipeline.reservedKeys.contains(id), entry.value.isMapping else { continue }
            let node = entry.value
            let scripts = ["before_script", "script", "after_script"].flatMap { key -> [Workflow.Value] in
                guard let n = node[key] else { return [] }
                return n.items.map { $0.compactMap(values.value) } ?? values.value(n).map { [$0] } ?? []
            }
            jobs.append(GitLabPipeline.Job(id: id, key: entry.key.range, image: image(node["image"], values),
                                           services: (node["services"]?.items ?? []).compactMap { image($0, values) },
                                           variables: values.variables(node.entry("variables")), scripts: scripts, node: node))
        }
        return .success(GitLabPipeline(
            file: file, projectPath: projectPath, image: image(root["image"] ?? defaults?["image"], values),
            services: ((root["services"] ?? defaults?["services"])?.items ?? []).compactMap { image($0, values) },
            variables: values.variables(root.entry("variables")), includes: includes(root["include"], values), jobs: jobs, root: root,
            suppressionComments: valid))
    }

    private func image(_ node: Node?, _ values: ScalarValues) -> GitLabPipeline.Image? {
        guard let node else { return nil }
        return (values.value(node) ?? node["name"].flatMap(values.value)).map(GitLabPipeline.Image.init)
    }

    private func includes(_ node: Node?, _ values: ScalarValues) -> [GitLabPipeline.Include] {
        guard let node else { return [] }
        let items = node.items ?? [node]
        return items.compactMap { item in
            if let value = values.value(item) {
                return GitLabPipeline.Include(kind: value.text.contains("://") ? "remote" : "local", key: value.range, value: value, ref: nil)
            }
            for kind in ["remote", "project", "local", "template", "component"] {
                if let entry = item.entry(kind), let value = values.value(entry.value) {
                    return GitLabPipeline.Include(kind: kind, key: entry.key.range, value: value, ref: item["ref"].flatMap(values.value))
                }
            }
            return nil
        }
    }
}

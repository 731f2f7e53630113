import PalisadeCore

/// Recognises a CI configuration by its content, for input whose name says nothing (standard
/// input: `cat .github/workflows/ci.yml | palisade scan -`). Files on disk are recognised by their
/// path (`Discovery.isWorkflowPath`, `.gitlab-ci.yml`), never by this.
public enum CIContent {
    /// `.workflow` for a GitHub Actions workflow (one YAML document, a mapping with `on:` and
    /// `jobs:`, and a job that has `runs-on`, `steps` or a reusable workflow's `uses`), `.gitlabCI`
    /// for a GitLab CI configuration (a job mapping with `script` or `trigger`, or `include` beside
    /// `stages`, `workflow` or `default`), nil for anything else. A Kubernetes object (`apiVersion`
    /// and `kind`) is never either; a document that does not parse is left to the manifest path.
    public static func format(of bytes: [UInt8], yaml: YAMLLoader = YAMLLoader()) -> ScanFile.Format? {
        // Cheap first: every CI file has one of these words; most Kubernetes streams have none.
        guard contains(bytes, "jobs") || contains(bytes, "script") || contains(bytes, "include") || contains(bytes, "trigger") else { return nil }
        var root: Node?
        var documents = 0
        let error = yaml.load(bytes, file: "<stdin>") { node, _ in
            guard !node.isNull else { return }
            documents += 1
            if root == nil { root = node }
        }
        guard error == nil, documents == 1, let root, root.isMapping, root["apiVersion"] == nil, root["kind"] == nil else { return nil }
        if isGitHubWorkflow(root) { return .workflow }
        if isGitLabCI(root) { return .gitlabCI }
        return nil
    }

    static func isGitHubWorkflow(_ root: Node) -> Bool {
        guard root.entry("on") != nil, let jobs = root["jobs"]?.entries else { return false }
        return jobs.contains { job in job.value["runs-on"] != nil || job.value["steps"] != nil || job.value["uses"] != nil }
    }

    static func isGitLabCI(_ root: Node) -> Bool {
        guard root.entry("on") == nil, let entries = root.entries else { return false }
        let hasJob = entries.contains { entry in
            guard let id = entry.key.string, !GitLabPipeline.reservedKeys.contains(id), entry.value.isMapping else { return false }
            return entry.value["script"] != nil || entry.value["trigger"] != nil
        }
        return hasJob || (root["include"] != nil && (root["stages"] != nil || root["workflow"] != nil || root["default"] != nil))
    }

    private static func contains(_ bytes: [UInt8], _ word: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

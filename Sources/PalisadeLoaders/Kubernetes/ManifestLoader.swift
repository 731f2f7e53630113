import PalisadeCore

/// Reads Kubernetes manifests: multi-document YAML or JSON, `List` kinds expanded into their items.
/// Documents that are not Kubernetes objects (no `apiVersion` and `kind`) are counted and skipped.
public struct ManifestLoader: Sendable {
    public var yaml: YAMLLoader

    public init(yaml: YAMLLoader = YAMLLoader()) {
        self.yaml = yaml
    }

    /// Calls `object` for every Kubernetes object in `bytes`, in order; returns the counts of documents
    /// and objects and the
    /// error that stopped parsing, if any (objects before it have been delivered).
    /// `projectPath` is the file's path relative to the project root (defaults to `file`).
    public func load(_ bytes: [UInt8], file: String, projectPath: String? = nil, object: (KubernetesObject) -> Void) -> (ScanStatistics, Diagnostic?) {
        var counts = ScanStatistics()
        var sources = SourceComments(bytes)
        var error = yaml.load(bytes, file: file) { root, index in
            counts.documents += 1
            let renderedFrom = sources.source(for: root.range)
            guard let o = KubernetesObject(root: root, file: file, projectPath: projectPath, documentIndex: index, renderedFrom: renderedFrom) else {
                if !root.isNull { counts.otherDocuments += 1 }
                return
            }
            for item in o.isList ? o.listItems() : [o] {
                counts.objects += 1
                counts.count(item.identity)
                object(item)
            }
        }
        if var e = error, e.code == "yaml-syntax", Self.looksTemplated(bytes) {
            e.code = "unrendered-template"
            e.message += " (this looks like an unrendered Helm or Go template: render it first, e.g. helm template CHART | palisade scan -)"
            error = e
        }
        return (counts, error)
    }

    private static func looksTemplated(_ bytes: [UInt8]) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "{") && previous == UInt8(ascii: "{") { return true }
            previous = byte
        }
        return false
    }
}

/// Helm's `# Source: chart/templates/x.yaml` comments, which `helm template` writes above each
/// document, so findings in rendered output can name the template they came from.
struct SourceComments {
    private var comments: [(line: Int, path: String)] = []
    private var cursor = 0
    private var previousEnd = 0

    init(_ bytes: [UInt8]) {
        let marker = Array("# Source: ".utf8)
        var line = 1
        var lineStart = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            if i - lineStart > marker.count, bytes[lineStart..<lineStart + marker.count].elementsEqual(marker) {
                let end = bytes[i - 1] == 0x0D ? i - 1 : i
                comments.append((line, String(decoding: bytes[(lineStart + marker.count)..<end], as: UTF8.self)))
            }
            line += 1
            lineStart = i + 1
        }
    }

    /// The last comment between the previous document and this one, if any. Documents must be
    /// asked about in file order; each call is amortised constant time.
    mutating func source(for range: SourceRange) -> String? {
        var found: String?
        while cursor < comments.count && comments[cursor].line < range.start.line {
            if comments[cursor].line > previousEnd { found = comments[cursor].path }
            cursor += 1
        }
        previousEnd = range.end.line
        return found
    }
}

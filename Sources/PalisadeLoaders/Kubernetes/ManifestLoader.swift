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
    public func load(_ bytes: [UInt8], file: String, object: (KubernetesObject) -> Void) -> (ScanStatistics, Diagnostic?) {
        var counts = ScanStatistics()
        var error = yaml.load(bytes, file: file) { root, index in
            counts.documents += 1
            guard let o = KubernetesObject(root: root, file: file, documentIndex: index) else {
                if !root.isNull { counts.otherDocuments += 1 }
                return
            }
            if o.isList {
                for item in o.listItems() {
                    counts.objects += 1
                    object(item)
                }
            } else {
                counts.objects += 1
                object(o)
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

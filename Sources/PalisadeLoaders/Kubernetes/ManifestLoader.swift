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
    /// Each object carries the `# palisade:ignore` comments that cover it; `warning` gets one
    /// `unused-suppression` for each comment that covers no object, and one `invalid-suppression`
    /// for each whose expiry is not a date.
    public func load(_ bytes: [UInt8], file: String, projectPath: String? = nil,
                     warning: (Diagnostic) -> Void = { _ in }, object: (KubernetesObject) -> Void) -> (ScanStatistics, Diagnostic?) {
        var counts = ScanStatistics()
        var sources = SourceComments(bytes)
        var comments = YAMLSuppressionComments(bytes, file: file)
        var error = yaml.load(bytes, file: file) { root, index in
            counts.documents += 1
            let renderedFrom = sources.source(for: root.range)
            var covering = comments?.comments(for: root) ?? []
            if !covering.isEmpty {
                // A bad expiry date is reported here, since no rule is about dates; the comment suppresses nothing.
                for c in covering where Self.hasOnlyBadExpiry(c) { warning(Self.badExpiry(c)) }
                covering.removeAll(where: Self.hasOnlyBadExpiry)
            }
            guard let o = KubernetesObject(root: root, file: file, projectPath: projectPath, documentIndex: index, renderedFrom: renderedFrom) else {
                if !root.isNull { counts.otherDocuments += 1 }
                covering.forEach { warning(Self.coversNothing($0.location)) }
                return
            }
            let items = o.isList ? o.listItems() : [o]
            let placed = covering.isEmpty ? [] : Self.distribute(covering, over: items)
            for (i, var item) in items.enumerated() {
                counts.objects += 1
                counts.count(item.identity)
                if !covering.isEmpty { item.suppressionComments = placed[i] }
                object(item)
            }
            if !covering.isEmpty {
                var anywhere = Set<ObjectIdentifier>()
                for list in placed { for c in list { anywhere.insert(ObjectIdentifier(c)) } }
                for c in covering where !anywhere.contains(ObjectIdentifier(c)) { warning(Self.coversNothing(c.location)) }
            }
        }
        // After a syntax error the documents that follow were never read: no verdict on their comments.
        if error == nil, var rest = comments {
            rest.unplaced().forEach { warning(Self.coversNothing(SourceLocation(file: file, range: $0.directive.range))) }
        }
        if var e = error, e.code == "yaml-syntax", Self.looksTemplated(bytes) {
            e.code = "unrendered-template"
            e.message += " (this looks like an unrendered Helm or Go template: render it first, e.g. helm template CHART | palisade scan -)"
            error = e
        }
        return (counts, error)
    }

    /// The comments covering part of each object (objects in file order, as a `List`'s items are):
    /// the objects a comment's scope overlaps, found by binary search. A comment without a rule or
    /// a reason (which suppresses nothing and is `k8s-ignore-without-reason`'s finding) goes to
    /// the first object it covers only, so it is reported once.
    private static func distribute(_ comments: [SuppressionComment], over objects: [KubernetesObject]) -> [[SuppressionComment]] {
        var result = [[SuppressionComment]](repeating: [], count: objects.count)
        for c in comments {
            var low = 0, high = objects.count
            while low < high {
                let mid = (low + high) / 2
                if objects[mid].root.range.end <= c.scope.start { low = mid + 1 } else { high = mid }
            }
            while low < objects.count && objects[low].root.range.start < c.scope.end {
                result[low].append(c)
                if !c.directive.isValid { break }
                low += 1
            }
        }
        return result
    }

    private static func hasOnlyBadExpiry(_ c: SuppressionComment) -> Bool {
        c.directive.badExpiry != nil && !c.directive.rules.isEmpty && !c.directive.reason.isEmpty
    }

    private static func badExpiry(_ c: SuppressionComment) -> Diagnostic {
        let bad = c.directive.badExpiry!
        return Diagnostic(code: "invalid-suppression", level: .warning, file: c.file, position: bad.range.start,
                          message: "`\(SuppressionComment.marker)` comment: '\(bad.text)' is not an expiry date (expires=YYYY-MM-DD, once), so the comment suppresses nothing")
    }

    static func coversNothing(_ location: SourceLocation) -> Diagnostic {
        Diagnostic(code: "unused-suppression", level: .warning, file: location.file, position: location.range.start,
                   message: "`\(SuppressionComment.marker)` comment covers no Kubernetes object (nothing below it in its document): remove it")
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

import PalisadeCore

/// `# palisade:ignore` comments in a YAML file, resolved to what they cover, document by document
/// as the loader hands documents out. libyaml drops comments, so they are found in the bytes
/// (`CommentDirectives`) and placed with the documents' node ranges:
///
/// - a `#` inside a scalar (a quoted string, a block scalar's text) is not a comment: dropped;
/// - a comment after content covers the findings that start on its line;
/// - a comment on a line of its own covers the node that starts on the next line that is neither
///   blank nor a comment: a mapping entry from its key to the end of its value, or a sequence item;
///   the document's first line, `---`, or `apiVersion`/`kind`/`metadata` of an object mean the
///   whole object (a `List` item is an object too); a line where no node starts means that line.
///
/// Comments that reach no document (the end of the file) are returned by `unplaced()`.
struct YAMLSuppressionComments {
    private struct Pending {
        let candidate: CommentCandidate
        /// The line the comment points at: its own line, or the next line with content; nil at
        /// the end of the file.
        let anchor: Int?
        /// The anchor line is a document start (`---`): the comment covers the next document.
        let documentStart: Bool
        var dropped = false
    }

    let file: String
    private var pending: [Pending] = []
    private var cursor = 0

    /// nil when the bytes hold no marker: the common case costs the prefilter's pass only.
    init?(_ bytes: [UInt8], file: String) {
        guard CommentDirectives.mayContain(bytes) else { return nil }
        self.file = file
        for candidate in CommentDirectives.find(in: bytes, starters: ["#"]) {
            var anchor: Int? = candidate.line
            var documentStart = Self.isDocumentStart(bytes[candidate.lineStart..<candidate.lineEnd])
            if candidate.ownLine {
                anchor = nil
                var line = candidate.line, start = candidate.lineEnd + 1
                while start < bytes.count {
                    var end = start
                    while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                    line += 1
                    let content = bytes[start..<end].drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                    if let first = content.first, first != UInt8(ascii: "#") {
                        anchor = line
                        documentStart = Self.isDocumentStart(bytes[start..<end])
                        break
                    }
                    start = end + 1
                }
            }
            pending.append(Pending(candidate: candidate, anchor: anchor, documentStart: documentStart))
        }
        if pending.isEmpty { return nil }
    }

    /// `---` at the start of the line, followed by a blank or the end of the line.
    private static func isDocumentStart(_ line: ArraySlice<UInt8>) -> Bool {
        let dashes = Array("---".utf8)
        guard line.count >= 3, line.prefix(3).elementsEqual(dashes) else { return false }
        let rest = line.dropFirst(3)
        return rest.first.map { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ?? true
    }

    /// The comments of the document whose root is `root` (documents must come in file order),
    /// each with the range it covers.
    mutating func comments(for root: Node) -> [SuppressionComment] {
        let range = root.range
        // An empty document (`---` then `---`) has an empty root where the next document starts.
        if range.start == range.end { return [] }
        // A `#` inside one of this document's scalars is text, wherever it would point.
        var j = cursor
        while j < pending.count && pending[j].candidate.position < range.end {
            if pending[j].candidate.position >= range.start && Self.insideScalar(pending[j].candidate.position, root) {
                pending[j].dropped = true
            }
            j += 1
        }
        var result: [SuppressionComment] = []
        while cursor < pending.count {
            let p = pending[cursor]
            if p.dropped { cursor += 1; continue }
            guard let anchor = p.anchor else { break }  // points past the last document
            let scope: SourceRange?
            if p.documentStart {
                guard anchor <= range.start.line else { break }  // the next document's `---`
                scope = range
            } else {
                guard anchor <= range.end.line else { break }
                // Before the root but not at a `---` (a directive, `...`): it covers nothing.
                scope = anchor < range.start.line ? nil : Self.scope(of: p.candidate, anchor: anchor, in: root)
            }
            if let scope {
                result.append(SuppressionComment(file: file, directive: p.candidate.directive, scope: scope))
            } else {
                unplacedComments.append(p.candidate)
            }
            cursor += 1
        }
        return result
    }

    private var unplacedComments: [CommentCandidate] = []

    /// The comments no document took (after the last one, or pointing at no node), in order.
    mutating func unplaced() -> [CommentCandidate] {
        let rest = pending[cursor...].filter { !$0.dropped }.map(\.candidate)
        cursor = pending.count
        defer { unplacedComments = [] }
        return unplacedComments + rest
    }

    /// Whether `position` lies inside a scalar (key or value) of the tree: then the `#` is text.
    /// Descends along the nodes that contain the position, without recursion.
    private static func insideScalar(_ position: SourcePosition, _ root: Node) -> Bool {
        func contains(_ n: Node) -> Bool { n.range.start <= position && position < n.range.end }
        var node = root
        while contains(node) {
            switch node.value {
            case .scalar: return true
            case .mapping(let entries):
                guard let next = entries.lazy.flatMap({ [$0.key, $0.value] }).first(where: contains) else { return false }
                node = next
            case .sequence(let items):
                guard let next = items.first(where: contains) else { return false }
                node = next
            }
        }
        return false
    }

    /// The range a comment pointing at line `anchor` covers, inside the document `root`.
    private static func scope(of candidate: CommentCandidate, anchor: Int, in root: Node) -> SourceRange {
        let line = SourceRange(start: SourcePosition(line: anchor, column: 1), end: SourcePosition(line: anchor + 1, column: 1))
        guard candidate.ownLine else { return line }
        if root.range.start.line == anchor { return root.range }
        var node = root
        // Descend towards the node that starts on the anchor line: at each level, the child that
        // starts there, or else the last child starting above it.
        while true {
            var above: Node?
            var aboveStart = SourcePosition(line: 0, column: 0)
            switch node.value {
            case .scalar:
                return line
            case .mapping(let entries):
                // Merged (`<<`) entries come last but sit elsewhere: compare positions, not order.
                for e in entries {
                    let start = e.key.range.start
                    if start.line == anchor {
                        if isObject(node), let key = e.key.string, ["apiVersion", "kind", "metadata"].contains(key) { return node.range }
                        return SourceRange(start: start, end: max(e.key.range.end, e.value.range.end))
                    }
                    if start.line < anchor && start > aboveStart { above = e.value; aboveStart = start }
                }
            case .sequence(let items):
                for item in items {
                    if item.range.start.line == anchor { return item.range }
                    if item.range.start.line < anchor && item.range.start > aboveStart { above = item; aboveStart = item.range.start }
                }
            }
            guard let next = above, next.range.end.line >= anchor else { return line }
            node = next
        }
    }

    /// A mapping with `apiVersion` and `kind`: a document's object or a `List` item.
    private static func isObject(_ node: Node) -> Bool { node["apiVersion"] != nil && node["kind"] != nil }
}

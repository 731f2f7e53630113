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
        // The comments this document may decide: those on its lines or above them.
        var last = cursor
        while last < pending.count && pending[last].candidate.line <= range.end.line { last += 1 }
        guard last > cursor else { return [] }
        let walk = Self.walk(root, comments: pending[cursor..<last])
        for i in walk.dropped { pending[i].dropped = true }
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
                if anchor < range.start.line {
                    scope = nil  // before the root but not at a `---` (a directive, `...`): nothing
                } else if !p.candidate.ownLine {
                    scope = Self.line(anchor)
                } else if anchor == range.start.line {
                    scope = range
                } else {
                    scope = walk.starts[anchor]?.scope ?? Self.line(anchor)
                }
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

    private static func line(_ n: Int) -> SourceRange {
        SourceRange(start: SourcePosition(line: n, column: 1), end: SourcePosition(line: n + 1, column: 1))
    }

    /// One pass over a document for its comments: which of them sit inside a scalar (key or value:
    /// the `#` is text), and, for each line an own-line comment points at, the outermost node that
    /// starts there (the leftmost on the line): a mapping entry from key to end of value (an
    /// object's `apiVersion`, `kind` or `metadata`: the whole object) or a sequence item. No
    /// recursion, and a node's children are only entered when they lie inside it, so aliased and
    /// merged content (which points elsewhere) is not walked again: linear in the document.
    private static func walk(_ root: Node, comments: ArraySlice<Pending>) -> (dropped: [Int], starts: [Int: (key: SourcePosition, scope: SourceRange)]) {
        let positions = comments.indices.map { (comments[$0].candidate.position, $0) }  // in file order
        let lines = Set(comments.lazy.filter { $0.candidate.ownLine && !$0.documentStart }.compactMap(\.anchor))
        var dropped: [Int] = []
        var starts: [Int: (key: SourcePosition, scope: SourceRange)] = [:]
        func record(_ key: SourcePosition, _ scope: SourceRange) {
            if let known = starts[key.line], known.key <= key { return }
            starts[key.line] = (key, scope)
        }
        func inside(_ child: Node, _ parent: Node) -> Bool {
            parent.range.start <= child.range.start && child.range.end <= parent.range.end
        }
        var stack = [root]
        while let node = stack.popLast() {
            switch node.value {
            case .scalar:
                // The comments at or after the scalar's start and before its end: binary search.
                var low = 0, high = positions.count
                while low < high {
                    let mid = (low + high) / 2
                    if positions[mid].0 < node.range.start { low = mid + 1 } else { high = mid }
                }
                while low < positions.count && positions[low].0 < node.range.end {
                    dropped.append(positions[low].1)
                    low += 1
                }
            case .mapping(let entries):
                for e in entries where inside(e.key, node) {
                    let start = e.key.range.start
                    if lines.contains(start.line) {
                        let top = e.key.string.map { ["apiVersion", "kind", "metadata"].contains($0) } ?? false
                        record(start, top && isObject(node) ? node.range : SourceRange(start: start, end: max(e.key.range.end, e.value.range.end)))
                    }
                    stack.append(e.key)
                    if inside(e.value, node) { stack.append(e.value) }
                }
            case .sequence(let items):
                for item in items where inside(item, node) {
                    if lines.contains(item.range.start.line) { record(item.range.start, item.range) }
                    stack.append(item)
                }
            }
        }
        return (dropped, starts)
    }

    /// A mapping with `apiVersion` and `kind`: a document's object or a `List` item.
    private static func isObject(_ node: Node) -> Bool { node["apiVersion"] != nil && node["kind"] != nil }
}

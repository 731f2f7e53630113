import CYaml
import PalisadeCore

/// Turns YAML (and JSON, which libyaml reads as flow YAML) into position-aware `Node`s.
///
/// It reads libyaml's event stream directly (Yams ships libyaml as its `CYaml` module) and builds
/// our own nodes with an explicit stack, so no input can overflow the call stack. Documents are
/// handed out one at a time as they end, so memory follows the largest document, not the file.
public struct YAMLLoader: Sendable {
    /// libyaml's nesting bound (its built-in default, a process-wide setting left alone): deeper
    /// input is a `too-deep` input error.
    public static let maxDepth = 1000

    public struct Limits: Sendable {
        /// How many nodes aliases may expand to in one document before it counts as an alias bomb.
        public var maxAliasExpansion = 1_000_000

        public init() {}
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses `bytes`, calling `document` with each document's root and its index. Returns the
    /// error that stopped parsing, if any; the documents before it have been delivered.
    @discardableResult
    public func load(
        _ bytes: [UInt8], file: String, document: (Node, Int) -> Void
    ) -> Diagnostic? {
        if let nul = bytes.prefix(8192).firstIndex(of: 0), !Self.isUTF16(bytes) {
            return Diagnostic(
                code: "binary-file", level: .error, file: file, position: Self.position(ofOffset: nul, in: bytes),
                message: "binary content (a NUL byte) in a file named like YAML or JSON; not scanned"
            )
        }
        let bytes = JSONSurrogates.rewrite(bytes) ?? bytes
        return bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return Diagnostic(code: "internal", level: .error, file: file, message: "could not start the YAML parser")
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            var builder = Builder(limits: limits)
            var documentIndex = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return Self.diagnostic(for: parser, bytes: buffer, file: file)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                do {
                    if let root = try builder.consume(event) {
                        document(root, documentIndex)
                        documentIndex += 1
                    }
                } catch let error as Builder.Failure {
                    return Diagnostic(code: error.code, level: .error, file: file, position: error.position, message: error.message)
                } catch {
                    return Diagnostic(code: "internal", level: .error, file: file, message: "\(error)")
                }
            }
        }
    }

    private static func isUTF16(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
    }

    /// The line and column (in Unicode scalars) of a byte offset in UTF-8 text.
    static func position(ofOffset offset: Int, in bytes: some Collection<UInt8>) -> SourcePosition {
        var line = 1, column = 1, index = 0
        for byte in bytes {
            if index >= offset { break }
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: line, column: column)
    }

    private static func diagnostic(for parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        switch parser.error {
        case YAML_READER_ERROR:
            // libyaml points at the bad byte inside a sequence; report where the character starts.
            var offset = min(parser.problem_offset, bytes.count)
            for back in 1...3 where offset - back >= 0 {
                let byte = bytes[offset - back]
                if byte >= 0xC0 { offset -= back; break }
                if byte & 0xC0 != 0x80 { break }
            }
            let position = position(ofOffset: offset, in: bytes)
            let what = problem.contains("UTF") || problem.contains("octet") ? "invalid UTF-8: \(problem)" : problem
            return Diagnostic(code: "invalid-encoding", level: .error, file: file, position: position, message: what)
        case YAML_MEMORY_ERROR:
            return Diagnostic(code: "yaml-syntax", level: .error, file: file, message: "out of memory while parsing")
        default:
            let position = SourcePosition(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
            if problem.hasPrefix("Maximum nesting level") {
                return Diagnostic(code: "too-deep", level: .error, file: file, position: position,
                                  message: "nesting deeper than \(maxDepth) levels")
            }
            var message = problem
            if let context = parser.context.map({ String(cString: $0) }) {
                let c = parser.context_mark
                message = "\(problem) \(context) started at line \(c.line + 1), column \(c.column + 1)"
            }
            return Diagnostic(code: "yaml-syntax", level: .error, file: file, position: position, message: message)
        }
    }
}

/// Builds nodes from events with an explicit stack: one header per open collection and one shared
/// stack of finished children, sliced off when their collection ends.
private struct Builder {
    struct Failure: Error {
        var code: String
        var position: SourcePosition
        var message: String
    }

    private struct Open {
        var isMapping: Bool
        var start: SourcePosition
        var anchor: String?
        var tag: String?
        /// Where this collection's children begin in `children`.
        var firstChild: Int
        /// Nodes in this collection with aliases expanded, for the alias-bomb bound.
        var size: Int
    }

    let limits: YAMLLoader.Limits
    private var open: [Open] = []
    private var children: [Node] = []
    private var anchors: [String: (node: Node, size: Int)] = [:]
    private var expanded = 0
    private var root: Node?

    init(limits: YAMLLoader.Limits) {
        self.limits = limits
    }

    /// Feeds one event; returns a document's root when the document ends.
    mutating func consume(_ event: yaml_event_t) throws -> Node? {
        let start = SourcePosition(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        let end = SourcePosition(line: event.end_mark.line + 1, column: event.end_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            open.removeAll(keepingCapacity: true)
            children.removeAll(keepingCapacity: true)
            anchors.removeAll()
            expanded = 0
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            defer { root = nil; anchors.removeAll() }
            return root ?? Node(.scalar(Scalar("")), range: SourceRange(start: start, end: start))
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let style: Scalar.Style = switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            let node = Node(.scalar(Scalar(text, style: style)), range: SourceRange(start: start, end: end), tag: Self.string(s.tag))
            add(node, size: 1, anchor: Self.string(s.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            open.append(Open(isMapping: false, start: start, anchor: Self.string(s.anchor), tag: Self.string(s.tag), firstChild: children.count, size: 1))
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            open.append(Open(isMapping: true, start: start, anchor: Self.string(m.anchor), tag: Self.string(m.tag), firstChild: children.count, size: 1))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let collection = open.popLast() else { break }
            let range = SourceRange(start: collection.start, end: end)
            let node: Node
            if collection.isMapping {
                var entries: [Node.Entry] = []
                entries.reserveCapacity((children.count - collection.firstChild) / 2)
                var i = collection.firstChild
                while i + 1 < children.count {
                    entries.append(Node.Entry(key: children[i], value: children[i + 1]))
                    i += 2
                }
                node = Node(.mapping(Self.applyMergeKeys(entries)), range: range, tag: collection.tag)
            } else {
                node = Node(.sequence(Array(children[collection.firstChild...])), range: range, tag: collection.tag)
            }
            children.removeSubrange(collection.firstChild...)
            add(node, size: collection.size, anchor: collection.anchor)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw Failure(code: "yaml-syntax", position: start, message: "unknown alias *\(name)")
            }
            expanded = Self.sum(expanded, target.size)
            if expanded > limits.maxAliasExpansion {
                throw Failure(code: "alias-bomb", position: start,
                              message: "aliases expand to more than \(limits.maxAliasExpansion) nodes (a YAML alias bomb); not scanned")
            }
            // The alias points where it is written, but carries the anchored content (shared, not copied).
            var node = target.node
            node.range = SourceRange(start: start, end: end)
            add(node, size: target.size, anchor: nil)
        default:
            break
        }
        return nil
    }

    private mutating func add(_ node: Node, size: Int, anchor: String?) {
        if let anchor { anchors[anchor] = (node, size) }
        if open.isEmpty {
            root = node
        } else {
            children.append(node)
            open[open.count - 1].size = Self.sum(open[open.count - 1].size, size)
        }
    }

    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? Int.max : r
    }

    /// YAML 1.1 merge keys (`<<: *defaults`), as Kubernetes' YAML decoder applies them: entries
    /// written in the mapping win over merged ones, and earlier merged mappings win over later ones.
    private static func applyMergeKeys(_ entries: [Node.Entry]) -> [Node.Entry] {
        guard entries.contains(where: { $0.key.scalar == Scalar("<<") }) else { return entries }
        var own: [Node.Entry] = []
        var sources: [Node] = []
        for entry in entries {
            if entry.key.scalar == Scalar("<<") {
                if entry.value.isMapping { sources.append(entry.value) } else { sources += entry.value.items ?? [] }
            } else {
                own.append(entry)
            }
        }
        var seen = Set(own.compactMap { $0.key.scalar?.text })
        var result = own
        for source in sources {
            for entry in source.entries ?? [] where entry.key.scalar.map({ seen.insert($0.text).inserted }) ?? true {
                result.append(entry)
            }
        }
        return result
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}

import PalisadeCore

/// A file a command reads besides the manifests (a baseline, a JSON report) that cannot be read or
/// is not what it should be: which file, where, and why.
public struct InputFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition?
    public var message: String

    public init(file: String, position: SourcePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String {
        guard let position else { return "\(file): \(message)" }
        return "\(file):\(position.line):\(position.column): \(message)"
    }
}

/// Reads one JSON document that Palisade wrote, through the YAML loader, so every value keeps its
/// position and a wrong one is an error naming its key, line and column.
struct JSONInput {
    let file: String

    /// The file's single document. Files over `limit` bytes are refused rather than read.
    static func load(_ path: String, limit: Int = 1 << 30) throws -> (JSONInput, Node) {
        let input = JSONInput(file: path)
        let bytes: [UInt8]
        switch FileSystem.read(path, limit: limit) {
        case .failure(.notFound): throw InputFileError(file: path, position: nil, message: "does not exist")
        case .failure(let failure): throw InputFileError(file: path, position: nil, message: failure.message)
        case .success(let b): bytes = b
        }
        return (input, try input.parse(bytes))
    }

    func parse(_ bytes: [UInt8]) throws -> Node {
        var documents: [Node] = []
        if let error = YAMLLoader().load(bytes, file: file, document: { root, _ in documents.append(root) }) {
            throw InputFileError(file: file, position: error.position, message: error.message)
        }
        guard documents.count == 1, let root = documents.first, !root.isNull else {
            throw InputFileError(file: file, position: documents.dropFirst().first?.range.start,
                                 message: documents.count > 1 ? "holds more than one document" : "is empty")
        }
        return root
    }

    func error(at node: Node, _ message: String) -> InputFileError {
        InputFileError(file: file, position: node.range.start, message: message)
    }

    /// The mapping at `node`; `what` names it in the error.
    func mapping(_ node: Node, _ what: String) throws -> Node {
        guard node.isMapping else { throw error(at: node, "\(what) must be an object") }
        return node
    }

    /// The array under `key`.
    func array(_ node: Node, _ key: String) throws -> [Node] {
        guard let value = node[key] else { throw error(at: node, "'\(key)' is missing") }
        guard let items = value.items else { throw error(at: value, "'\(key)' must be an array") }
        return items
    }

    /// The object under `key`.
    func object(_ node: Node, _ key: String) throws -> Node {
        guard let value = node[key] else { throw error(at: node, "'\(key)' is missing") }
        return try mapping(value, "'\(key)'")
    }

    /// The string under `key`; nil when absent or null and `required` is false.
    func string(_ node: Node, _ key: String, required: Bool = true) throws -> String? {
        guard let value = node[key], required || !value.isNull else {
            if required { throw error(at: node, "'\(key)' is missing") }
            return nil
        }
        guard let s = value.string else { throw error(at: value, "'\(key)' must be a string") }
        return s
    }

    /// The integer under `key`.
    func int(_ node: Node, _ key: String) throws -> Int {
        guard let value = node[key] else { throw error(at: node, "'\(key)' is missing") }
        guard let i = value.int else { throw error(at: value, "'\(key)' must be an integer") }
        return i
    }

    /// The fingerprint under `key`: 32 hex digits.
    func fingerprint(_ node: Node, _ key: String = "fingerprint") throws -> Digest128 {
        let text = try string(node, key)!
        guard let digest = Digest128(hex: text) else {
            throw error(at: node[key]!, "'\(key)' must be 32 hex digits, not '\(text)'")
        }
        return digest
    }

    /// Checks a `major.minor` version string under `key`: this reader knows major `major`.
    func version(_ node: Node, _ key: String, major: String, what: String) throws {
        let text = try string(node, key)!
        guard text.split(separator: ".").first.map(String.init) == major else {
            throw error(at: node[key]!, "\(what) version \(text) is not one this palisade reads (\(major).x)")
        }
    }
}

/// A position-aware YAML/JSON value. Every node knows where it starts and ends in its file;
/// mapping entries additionally know where their key is, so a finding can point at the key.
public struct Node: Sendable {
    public enum Value: Sendable {
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([Node])
    }

    public struct Entry: Sendable {
        public var key: Node
        public var value: Node

        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    public var value: Value
    public var range: SourceRange
    /// An explicit tag such as `!!str`, or nil.
    public var tag: String?

    public init(_ value: Value, range: SourceRange, tag: String? = nil) {
        self.value = value
        self.range = range
        self.tag = tag
    }
}

public struct Scalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

// MARK: - Typed access

extension Node {
    public var scalar: Scalar? {
        if case .scalar(let s) = value { return s }
        return nil
    }

    public var entries: [Entry]? {
        if case .mapping(let e) = value { return e }
        return nil
    }

    public var items: [Node]? {
        if case .sequence(let i) = value { return i }
        return nil
    }

    public var isMapping: Bool { entries != nil }

    /// The entry whose key is the scalar `key`; the last one wins, as in Kubernetes' decoder.
    public func entry(_ key: String) -> Entry? {
        guard case .mapping(let entries) = value else { return nil }
        var found: Entry?
        for e in entries where e.key.scalar?.text == key { found = e }
        return found
    }

    public subscript(key: String) -> Node? { entry(key)?.value }

    /// Follows a chain of mapping keys.
    public subscript(path: [String]) -> Node? {
        var node: Node? = self
        for key in path { node = node?[key] }
        return node
    }

    /// The text of a scalar that is a string in YAML's eyes (any scalar not resolved to null).
    public var string: String? {
        guard let s = scalar, !isNull else { return nil }
        return s.text
    }

    /// YAML null: `~`, `null` in any of its cases, or an empty plain scalar.
    public var isNull: Bool {
        guard let s = scalar, s.style == .plain, tag == nil || tag == "tag:yaml.org,2002:null" else { return false }
        switch s.text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// Booleans as Kubernetes tools read them: YAML 1.1 plain scalars (`true`, `yes`, `on` and their
    /// negatives, in lower, title or upper case). Quoted scalars are strings, never booleans.
    /// An explicit `!!bool` tag makes any style a boolean (`!!bool "true"` is true), as in
    /// Kubernetes' decoder, so quoting cannot hide a flag from a rule.
    public var bool: Bool? {
        guard let s = scalar else { return nil }
        if let tag, tag != "tag:yaml.org,2002:bool" { return nil }
        guard s.style == .plain || tag != nil else { return nil }
        switch s.text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// Integers in decimal, `0x` hexadecimal or `0o` octal, with an optional sign, from plain scalars
    /// or scalars tagged `!!int`.
    public var int: Int? {
        guard let s = scalar else { return nil }
        if let tag, tag != "tag:yaml.org,2002:int" { return nil }
        guard s.style == .plain || tag != nil else { return nil }
        var text = Substring(s.text.filter { $0 != "_" })
        var negative = false
        if text.first == "-" || text.first == "+" {
            negative = text.first == "-"
            text = text.dropFirst()
        }
        var radix = 10
        if text.hasPrefix("0x") { radix = 16; text = text.dropFirst(2) }
        else if text.hasPrefix("0o") { radix = 8; text = text.dropFirst(2) }
        guard !text.isEmpty, let magnitude = Int(text, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }
}

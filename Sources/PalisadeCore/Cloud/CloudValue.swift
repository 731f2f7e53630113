/// Where a value was written: a file of the cloud sources table and a range in it. Values flow
/// between files (a local in `locals.tf` used in `main.tf`), so each carries its own file.
public struct CloudSite: Sendable, Hashable {
    /// Index into `CloudSources.files`; -1 when the value has no place in a file (a default).
    public var file: Int32
    public var range: SourceRange

    public init(file: Int32, range: SourceRange) {
        self.file = file
        self.range = range
    }

    public static let none = CloudSite(file: -1, range: SourceRange(line: 1, column: 1))
}

/// The files cloud resources were read from, indexed by `CloudSite.file`.
public final class CloudSources: Sendable {
    public struct File: Sendable, Hashable {
        public var display: String
        public var projectPath: String
        public init(display: String, projectPath: String) {
            self.display = display
            self.projectPath = projectPath
        }
    }

    public let files: [File]
    public init(_ files: [File]) { self.files = files }
}

/// A statically evaluated value: what Terraform would compute without running anything, or
/// `unknown` where that takes a real deployment (an id, an ARN, a data source, a file's content).
/// A rule never treats unknown as bad.
public struct CloudValue: Sendable {
    public indirect enum Kind: Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case list([CloudValue])
        case object([Member])
        /// A string whose text is the JSON encoding of the value (`jsonencode({...})`, or a JSON
        /// heredoc read back): rules read the structure, which keeps each element's position.
        case json(CloudValue)
        /// Not known before deployment.
        case unknown
        /// Not known, but known to be an attribute of another resource (`aws_s3_bucket.logs.id`):
        /// the address of that resource and the attribute. Joins between split resources use it.
        case reference(address: String, attribute: String)
    }

    public struct Member: Sendable {
        public var key: String
        public var value: CloudValue
        public init(key: String, value: CloudValue) {
            self.key = key
            self.value = value
        }
    }

    public var kind: Kind
    public var site: CloudSite

    public init(_ kind: Kind, site: CloudSite) {
        self.kind = kind
        self.site = site
    }

    public static func unknown(_ site: CloudSite) -> CloudValue { CloudValue(.unknown, site: site) }

    // MARK: Reading

    public var isKnown: Bool {
        switch kind {
        case .unknown, .reference: false
        default: true
        }
    }

    /// The string, also a number or bool spelled as Terraform converts them; nil otherwise.
    public var string: String? {
        switch kind {
        case .string(let text): text
        case .number(let number): Self.format(number)
        case .bool(let flag): flag ? "true" : "false"
        case .json(let inner): inner.jsonText
        default: nil
        }
    }

    public var bool: Bool? {
        switch kind {
        case .bool(let flag): flag
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    public var number: Double? {
        switch kind {
        case .number(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    public var int: Int? {
        guard let number, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }

    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// The elements of a list (a single non-list value is not a list).
    public var list: [CloudValue]? {
        if case .list(let items) = kind { return items }
        return nil
    }

    /// A list's elements, or the value itself as a list of one: many attributes take either
    /// (`Action: "s3:*"` or `Action: ["s3:*"]`). Null and unknown give nil.
    public var elements: [CloudValue]? {
        switch kind {
        case .list(let items): items
        case .null, .unknown, .reference: nil
        default: [self]
        }
    }

    public var members: [Member]? {
        switch kind {
        case .object(let members): members
        case .json(let inner): inner.members
        default: nil
        }
    }

    /// The structured value of a JSON string (`jsonencode` or parsed), else the value itself.
    public var document: CloudValue {
        if case .json(let inner) = kind { return inner }
        return self
    }

    public subscript(key: String) -> CloudValue? {
        guard let members else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The nested blocks of one type, as a resource's attributes hold them (a list of objects).
    public func blocks(_ type: String) -> [CloudValue] {
        guard let value = self[type] else { return [] }
        if case .list(let items) = value.kind { return items.filter { $0.members != nil } }
        return value.members != nil ? [value] : []
    }

    /// The value at a dotted path of object keys, descending into the first block of each type.
    public func at(_ path: String) -> CloudValue? {
        // Every rule reads settings this way, for every resource: the path is walked in place,
        // not split into an array of new strings.
        var current = self
        var rest = Substring(path)
        while !rest.isEmpty {
            let dot = rest.utf8.firstIndex(of: 0x2E)
            let key = dot.map { rest[..<$0] } ?? rest
            rest = dot.map { rest[rest.utf8.index(after: $0)...] } ?? ""
            if key.isEmpty { continue }
            guard let members = current.members, var next = members.first(where: { $0.key == key })?.value else { return nil }
            if case .list(let items) = next.kind, let first = items.first, first.members != nil { next = first }
            current = next
        }
        return current
    }

    /// The JSON text Terraform's `jsonencode` would produce (keys sorted, as Terraform does).
    public var jsonText: String? {
        switch kind {
        case .string(let text): return Self.quote(text)
        case .number(let number): return Self.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .json(let inner): return inner.jsonText.map(Self.quote)
        case .list(let items):
            var parts: [String] = []
            for item in items {
                guard let text = item.jsonText else { return nil }
                parts.append(text)
            }
            return "[" + parts.joined(separator: ",") + "]"
        case .object(let members):
            var parts: [String] = []
            for member in members.sorted(by: { $0.key < $1.key }) {
                guard let text = member.value.jsonText else { return nil }
                parts.append(Self.quote(member.key) + ":" + text)
            }
            return "{" + parts.joined(separator: ",") + "}"
        case .unknown, .reference: return nil
        }
    }

    public static func format(_ number: Double) -> String {
        if number.rounded() == number && abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

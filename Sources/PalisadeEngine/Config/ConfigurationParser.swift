import PalisadeCore
import PalisadeLoaders
import PalisadeRules

/// Reads a `.palisade.yaml` (schema `docs/config-schema.json`) with the project's own YAML loader,
/// so every error names the file, the key, the line and the column. Strict: an unknown key, a
/// value of the wrong type, an unknown rule, profile, format or severity is an error, never ignored.
public enum ConfigurationParser {
    /// The keys of the top-level mapping, in the order `palisade init` writes them.
    public static let keys = ["version", "profile", "rules", "exclude", "fail-on", "strict", "formats",
                              "trusted-registries", "privileged-namespaces", "crown-jewels", "trusted-entries"]
    static let ruleKeys = ["enable", "disable", "severity"]
    static let crownJewelKeys = ["kind", "namespace", "name"]
    /// Configuration files are small; anything larger is a mistake, not a configuration.
    static let sizeLimit = 1 << 20

    /// Reads and parses `file` (as the user or the locator spells it).
    public static func load(file: String) throws(ConfigurationErrors) -> Configuration {
        switch FileReader.read(path: file, limit: sizeLimit) {
        case .failure(let error): throw ConfigurationErrors([ConfigurationError(.file(SourceLocation(file: file, range: SourceRange(line: 1, column: 1)), key: nil), "cannot read the configuration: \(error.message)")])
        case .success(let bytes): return try parse(bytes, file: file)
        }
    }

    /// Parses configuration text. An empty file is an empty configuration (every default).
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigurationErrors) -> Configuration {
        var reader = Reader(file: file)
        var root: Node?
        let error = YAMLLoader().load(bytes, file: file) { node, index in
            if index == 0 {
                root = node
            } else if index == 1 {
                reader.fail(node, nil, "a configuration is one YAML document; remove the second (from this '---' on)")
            }
        }
        if let error {
            let at = SourceLocation(file: file, range: SourceRange(start: error.position ?? SourcePosition(line: 1, column: 1), end: error.position ?? SourcePosition(line: 1, column: 1)))
            reader.errors.append(ConfigurationError(.file(at, key: nil), error.message))
        }
        var configuration = Configuration()
        configuration.file = file
        if let root, !root.isNull { reader.read(root, into: &configuration) }
        if !reader.errors.isEmpty {
            // In the file's order, whatever order the checks ran in.
            let start = { (e: ConfigurationError) in e.origin?.location?.range.start ?? SourcePosition(line: 0, column: 0) }
            throw ConfigurationErrors(reader.errors.sorted { start($0) < start($1) })
        }
        return configuration
    }

    /// Walks the document, collecting every error rather than stopping at the first.
    struct Reader {
        let file: String
        var errors: [ConfigurationError] = []

        /// The configuration file's folder: relative report files in `formats` are placed there.
        var folder: String { Discovery.parent(file) }

        func origin(_ node: Node, _ key: String?) -> Origin {
            .file(SourceLocation(file: file, range: node.range), key: key)
        }

        mutating func fail(_ node: Node, _ key: String?, _ message: String) {
            errors.append(ConfigurationError(origin(node, key), message))
        }

        /// The entries of a mapping, each key known and given once; nil (after an error) otherwise.
        mutating func entries(_ node: Node, _ key: String?, known: [String]) -> [(String, Node)]? {
            guard let entries = node.entries else {
                fail(node, key, "must be a mapping (key: value lines)")
                return nil
            }
            var seen: [String: Node] = [:]
            var result: [(String, Node)] = []
            for entry in entries {
                guard let name = entry.key.string else {
                    fail(entry.key, key, "keys must be plain names")
                    continue
                }
                let path = key.map { "\($0).\(name)" } ?? name
                if !known.isEmpty && !known.contains(name) {
                    let hint = Suggestions.hint(for: name, in: known)
                    fail(entry.key, path, "unknown key '\(name)'" + (hint.isEmpty ? "; known keys: \(known.joined(separator: ", "))" : hint))
                    continue
                }
                if let first = seen[name] {
                    fail(entry.key, path, "given twice (first at line \(first.range.start.line)); keep one")
                    continue
                }
                seen[name] = entry.key
                result.append((name, entry.value))
            }
            return result
        }

        mutating func string(_ node: Node, _ key: String) -> String? {
            guard let text = node.string else {
                fail(node, key, node.isNull ? "needs a value" : "must be a string")
                return nil
            }
            return text
        }

        /// A list of strings; nil (after an error) when it is not one, so a wrong list never half-applies.
        mutating func strings(_ node: Node, _ key: String) -> [(String, Node)]? {
            guard let items = node.items else {
                fail(node, key, "must be a list (- item lines, or [a, b])")
                return nil
            }
            var result: [(String, Node)] = []
            let before = errors.count
            for item in items {
                if let text = string(item, key) {
                    if text.isEmpty { fail(item, key, "an empty entry") } else { result.append((text, item)) }
                }
            }
            return errors.count == before ? result : nil
        }

        /// A list of strings, each made into a value by `make` (which throws what is wrong with it).
        mutating func list<T>(_ node: Node, _ key: String, _ make: (String) throws(ConfigurationError) -> T) -> [Setting<T>]? {
            guard let items = strings(node, key) else { return nil }
            var result: [Setting<T>] = []
            for (text, item) in items {
                do throws(ConfigurationError) {
                    result.append(Setting(try make(text), origin(item, key)))
                } catch {
                    fail(item, key, error.message)
                }
            }
            return result.count == items.count ? result : nil
        }

        mutating func severity(_ node: Node, _ key: String, allowInfo: Bool) -> Severity? {
            guard let text = string(node, key) else { return nil }
            guard let severity = Severity(name: text), allowInfo || severity != .info else {
                let names = Severity.allCases.filter { allowInfo || $0 != .info }.map(\.name)
                fail(node, key, "'\(text)' is not a severity; use \(names.joined(separator: ", "))")
                return nil
            }
            return severity
        }

        mutating func read(_ root: Node, into c: inout Configuration) {
            guard let entries = entries(root, nil, known: ConfigurationParser.keys) else { return }
            for (key, value) in entries where !value.isNull {
                switch key {
                case "version":
                    if value.int != 1 { fail(value, key, "must be 1 (the only version so far)") }
                case "profile":
                    guard let text = string(value, key) else { break }
                    c.profile = RuleProfile(rawValue: text)
                    if c.profile == nil {
                        fail(value, key, "'\(text)' is not a profile; use \(RuleProfile.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                case "rules": readRules(value, into: &c)
                case "exclude": c.exclude = list(value, key) { $0 }
                case "fail-on": c.failOn = severity(value, key, allowInfo: false)
                case "strict":
                    c.strict = value.bool
                    if c.strict == nil { fail(value, key, "must be true or false (unquoted)") }
                case "formats":
                    let folder = folder
                    c.formats = list(value, key) { text throws(ConfigurationError) in try ReportDestination.parse(text, folder: folder) }
                case "trusted-registries": c.trustedRegistries = strings(value, key)?.map(\.0)
                case "privileged-namespaces": c.privilegedNamespaces = strings(value, key)?.map(\.0)
                case "crown-jewels": c.crownJewels = crownJewels(value, key)
                case "trusted-entries": c.trustedEntries = crownJewels(value, key)
                default: break
                }
            }
        }

        mutating func readRules(_ node: Node, into c: inout Configuration) {
            guard let entries = entries(node, "rules", known: ConfigurationParser.ruleKeys) else { return }
            for (name, value) in entries where !value.isNull {
                let key = "rules." + name
                switch name {
                case "enable":
                    c.enable = list(value, key, RuleSelector.init)
                    if c.enable?.isEmpty == true {
                        fail(value, key, "is empty, so no rule would run; remove it to run every rule of the profile")
                    }
                case "disable": c.disable = list(value, key, RuleSelector.init)
                case "severity":
                    guard let overrides = self.entries(value, key, known: []) else { break }
                    var result: [Setting<SeverityOverride>] = []
                    for (id, severityNode) in overrides {
                        let at = "\(key).\(id)"
                        guard let severity = severity(severityNode, at, allowInfo: true) else { continue }
                        do throws(ConfigurationError) {
                            result.append(Setting(SeverityOverride(selector: try RuleSelector(id), severity: severity), origin(severityNode, at)))
                        } catch {
                            fail(severityNode, at, error.message)
                        }
                    }
                    if result.count == overrides.count { c.severity = result }
                default: break
                }
            }
        }

        mutating func crownJewels(_ node: Node, _ key: String) -> [CrownJewel]? {
            guard let items = node.items else {
                fail(node, key, "must be a list of {kind, namespace, name} selectors")
                return nil
            }
            var result: [CrownJewel] = []
            for item in items {
                guard let entries = entries(item, key, known: ConfigurationParser.crownJewelKeys) else { continue }
                var jewel = CrownJewel()
                for (name, value) in entries {
                    let text = string(value, "\(key).\(name)")
                    switch name {
                    case "kind": jewel.kind = text
                    case "namespace": jewel.namespace = text
                    default: jewel.name = text
                    }
                }
                if jewel == CrownJewel() {
                    fail(item, key, "needs at least one of kind, namespace, name")
                } else {
                    result.append(jewel)
                }
            }
            return result.count == items.count ? result : nil
        }
    }
}

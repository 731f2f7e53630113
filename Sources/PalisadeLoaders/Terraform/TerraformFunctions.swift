import PalisadeCore

/// Terraform's built-in functions that can be computed before deployment. Functions that read
/// files, the clock or randomness, and any function not listed, give unknown.
enum TerraformFunctions {
    static func call(_ call: HCLFunctionCall, evaluator: ModuleInstance, scope: ModuleInstance.Scope, site: CloudSite) -> CloudValue {
        var args = call.arguments.map { evaluator.evaluate($0, scope) }
        if call.expandsFinalArgument, let last = args.last {
            guard let items = last.list else { return .unknown(site) }
            args.removeLast()
            args += items
        }
        // `try` and `can` look at whether evaluation succeeds, so they take unknowns.
        switch call.name {
        case "try":
            return args.first(where: { $0.isKnown }) ?? .unknown(site)
        case "can":
            return args.first?.isKnown == true ? CloudValue(.bool(true), site: site) : .unknown(site)
        case "jsonencode":
            guard let value = args.first else { return .unknown(site) }
            return CloudValue(.json(value), site: site)
        case "sensitive", "nonsensitive", "tostring", "tolist", "tomap", "toset":
            guard var value = args.first else { return .unknown(site) }
            if call.name == "toset", let items = value.list { value = CloudValue(.list(distinct(items)), site: value.site) }
            if call.name == "tostring", value.isKnown, value.list == nil, value.members == nil, let text = value.string { return CloudValue(.string(text), site: value.site) }
            return value
        case "coalesce":
            return args.first(where: { $0.isKnown && !$0.isNull && $0.string != "" }) ?? .unknown(site)
        case "coalescelist":
            return args.first(where: { ($0.list?.isEmpty == false) }) ?? .unknown(site)
        default: break
        }
        guard args.allSatisfy({ isFullyKnown($0) }) else { return .unknown(site) }
        func string(_ i: Int) -> String? { i < args.count ? args[i].string : nil }
        func list(_ i: Int) -> [CloudValue]? { i < args.count ? args[i].list : nil }
        func number(_ i: Int) -> Double? { i < args.count ? args[i].number : nil }
        func value(_ kind: CloudValue.Kind) -> CloudValue { CloudValue(kind, site: site) }
        func text(_ s: String) -> CloudValue { value(.string(s)) }
        switch call.name {
        case "jsondecode":
            guard let json = string(0) else { return .unknown(site) }
            return CloudJSON.parse(json, site: args[0].site) ?? .unknown(site)
        case "merge":
            var members: [CloudValue.Member] = []
            for arg in args {
                if arg.isNull { continue }
                guard let more = arg.members else { return .unknown(site) }
                for member in more {
                    members.removeAll { $0.key == member.key }
                    members.append(member)
                }
            }
            return value(.object(members))
        case "concat":
            var items: [CloudValue] = []
            for arg in args {
                guard let more = arg.list else { return .unknown(site) }
                items += more
            }
            return value(.list(items))
        case "flatten":
            guard let items = list(0) else { return .unknown(site) }
            return value(.list(flatten(items)))
        case "distinct":
            guard let items = list(0) else { return .unknown(site) }
            return value(.list(distinct(items)))
        case "compact":
            guard let items = list(0) else { return .unknown(site) }
            return value(.list(items.filter { !$0.isNull && $0.string != "" }))
        case "lookup":
            guard args.count >= 2, let key = string(1) else { return .unknown(site) }
            return args[0][key] ?? (args.count > 2 ? args[2] : .unknown(site))
        case "element":
            guard let items = list(0), !items.isEmpty, let i = args.count > 1 ? args[1].int : nil else { return .unknown(site) }
            return items[((i % items.count) + items.count) % items.count]
        case "one":
            guard let items = list(0) else { return .unknown(site) }
            return items.count == 1 ? items[0] : items.isEmpty ? value(.null) : .unknown(site)
        case "length":
            if let items = list(0) { return value(.number(Double(items.count))) }
            if let members = args.first?.members { return value(.number(Double(members.count))) }
            if let s = string(0) { return value(.number(Double(s.count))) }
            return .unknown(site)
        case "keys":
            guard let members = args.first?.members else { return .unknown(site) }
            return value(.list(members.map { CloudValue(.string($0.key), site: site) }.sorted { $0.string! < $1.string! }))
        case "values":
            guard let members = args.first?.members else { return .unknown(site) }
            return value(.list(members.sorted { $0.key < $1.key }.map(\.value)))
        case "contains":
            guard let items = list(0), args.count > 1, let needle = args[1].jsonText else { return .unknown(site) }
            return value(.bool(items.contains { $0.jsonText == needle }))
        case "zipmap":
            guard let keys = list(0), let values = list(1), keys.count == values.count else { return .unknown(site) }
            var members: [CloudValue.Member] = []
            for (k, v) in zip(keys, values) {
                guard let key = k.string else { return .unknown(site) }
                members.append(.init(key: key, value: v))
            }
            return value(.object(members))
        case "slice":
            guard let items = list(0), let from = args.count > 1 ? args[1].int : nil, let to = args.count > 2 ? args[2].int : nil,
                  from >= 0, from <= to, to <= items.count else { return .unknown(site) }
            return value(.list(Array(items[from..<to])))
        case "reverse":
            guard let items = list(0) else { return .unknown(site) }
            return value(.list(items.reversed()))
        case "sort":
            guard let items = list(0) else { return .unknown(site) }
            let strings = items.compactMap(\.string)
            guard strings.count == items.count else { return .unknown(site) }
            return value(.list(strings.sorted().map(text)))
        case "setunion":
            var items: [CloudValue] = []
            for arg in args {
                guard let more = arg.list else { return .unknown(site) }
                items += more
            }
            return value(.list(distinct(items)))
        case "range":
            let bounds = args.compactMap(\.int)
            guard bounds.count == args.count, !bounds.isEmpty else { return .unknown(site) }
            let (start, end, step) = bounds.count == 1 ? (0, bounds[0], 1) : (bounds[0], bounds[1], bounds.count > 2 ? bounds[2] : 1)
            guard step != 0, abs((end - start) / step) <= 1024 else { return .unknown(site) }
            return value(.list(stride(from: start, to: end, by: step).map { CloudValue(.number(Double($0)), site: site) }))
        case "max", "min":
            let numbers = args.compactMap(\.number)
            guard numbers.count == args.count, !numbers.isEmpty else { return .unknown(site) }
            return value(.number(call.name == "max" ? numbers.max()! : numbers.min()!))
        case "abs": return number(0).map { value(.number(abs($0))) } ?? .unknown(site)
        case "ceil": return number(0).map { value(.number($0.rounded(.up))) } ?? .unknown(site)
        case "floor": return number(0).map { value(.number($0.rounded(.down))) } ?? .unknown(site)
        case "tonumber": return number(0).map { value(.number($0)) } ?? .unknown(site)
        case "tobool": return args.first?.bool.map { value(.bool($0)) } ?? .unknown(site)
        case "lower": return string(0).map { text($0.lowercased()) } ?? .unknown(site)
        case "upper": return string(0).map { text($0.uppercased()) } ?? .unknown(site)
        case "trimspace": return string(0).map { text(trimmed($0)) } ?? .unknown(site)
        case "trimprefix":
            guard let s = string(0), let p = string(1) else { return .unknown(site) }
            return text(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        case "trimsuffix":
            guard let s = string(0), let p = string(1) else { return .unknown(site) }
            return text(s.hasSuffix(p) ? String(s.dropLast(p.count)) : s)
        case "startswith":
            guard let s = string(0), let p = string(1) else { return .unknown(site) }
            return value(.bool(s.hasPrefix(p)))
        case "endswith":
            guard let s = string(0), let p = string(1) else { return .unknown(site) }
            return value(.bool(s.hasSuffix(p)))
        case "strcontains":
            guard let s = string(0), let p = string(1) else { return .unknown(site) }
            return value(.bool(p.isEmpty || s.contains(p)))
        case "substr":
            guard let s = string(0), let offset = args.count > 1 ? args[1].int : nil, let length = args.count > 2 ? args[2].int : nil,
                  offset >= 0, offset <= s.count else { return .unknown(site) }
            let tail = s.dropFirst(offset)
            return text(String(length < 0 ? tail : tail.prefix(length)))
        case "join":
            guard let separator = string(0) else { return .unknown(site) }
            var parts: [String] = []
            for arg in args.dropFirst() {
                guard let items = arg.list else { return .unknown(site) }
                for item in items {
                    guard let piece = item.string else { return .unknown(site) }
                    parts.append(piece)
                }
            }
            return text(parts.joined(separator: separator))
        case "split":
            guard let separator = string(0), let s = string(1), !separator.isEmpty else { return .unknown(site) }
            return value(.list(s.split(separator: separator, omittingEmptySubsequences: false).map { text(String($0)) }))
        case "replace":
            guard let s = string(0), let old = string(1), let new = string(2), !old.isEmpty else { return .unknown(site) }
            if old.hasPrefix("/") && old.hasSuffix("/") && old.count > 1 { return .unknown(site) }  // a regular expression
            return text(s.replacing(old, with: new))
        case "format":
            guard let pattern = string(0) else { return .unknown(site) }
            return format(pattern, Array(args.dropFirst())).map(text) ?? .unknown(site)
        case "cidrsubnet":
            guard let prefix = string(0), let bits = args.count > 1 ? args[1].int : nil, let net = args.count > 2 ? args[2].int : nil else { return .unknown(site) }
            return IPv4.subnet(prefix, newBits: bits, number: net).map(text) ?? .unknown(site)
        case "cidrhost":
            guard let prefix = string(0), let host = args.count > 1 ? args[1].int : nil else { return .unknown(site) }
            return IPv4.host(prefix, number: host).map(text) ?? .unknown(site)
        default:
            return .unknown(site)
        }
    }

    static func isFullyKnown(_ value: CloudValue) -> Bool {
        switch value.kind {
        case .unknown, .reference: false
        case .list(let items): items.allSatisfy(isFullyKnown)
        case .object(let members): members.allSatisfy { isFullyKnown($0.value) }
        case .json(let inner): isFullyKnown(inner)
        default: true
        }
    }

    static func flatten(_ items: [CloudValue]) -> [CloudValue] {
        items.flatMap { item -> [CloudValue] in
            if let inner = item.list { return flatten(inner) }
            return [item]
        }
    }

    static func distinct(_ items: [CloudValue]) -> [CloudValue] {
        var seen: Set<String> = []
        // Values without JSON text (unknown parts) are kept: they may or may not repeat.
        return items.filter { $0.jsonText.map { seen.insert($0).inserted } ?? true }
    }

    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// `format` with the verbs configurations use: `%s`, `%d`, `%v`, `%q`, `%%` (with no flags).
    static func format(_ pattern: String, _ args: [CloudValue]) -> String? {
        var out = ""
        var next = 0
        var chars = pattern.makeIterator()
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            guard let verb = chars.next() else { return nil }
            if verb == "%" { out.append("%"); continue }
            guard next < args.count else { return nil }
            let arg = args[next]
            next += 1
            switch verb {
            case "s", "v", "d":
                guard let piece = arg.string else { return nil }
                out += piece
            case "q":
                guard let piece = arg.string else { return nil }
                out += "\"" + piece + "\""
            default: return nil
            }
        }
        return out
    }
}

/// IPv4 prefix arithmetic for `cidrsubnet` and `cidrhost`.
enum IPv4 {
    static func parse(_ cidr: String) -> (address: UInt32, length: Int)? {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let length = Int(parts[1]), (0...32).contains(length) else { return nil }
        let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        return (octets.reduce(0) { $0 << 8 | $1 }, length)
    }

    static func render(_ address: UInt32) -> String {
        (0..<4).map { String((address >> (24 - 8 * UInt32($0))) & 0xFF) }.joined(separator: ".")
    }

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << (32 - UInt32(length)) }

    static func subnet(_ cidr: String, newBits: Int, number: Int) -> String? {
        guard let (address, length) = parse(cidr), newBits >= 0, length + newBits <= 32, number >= 0, number < 1 << newBits else { return nil }
        let newLength = length + newBits
        let network = (address & mask(length)) | (newLength == 32 ? UInt32(number) : UInt32(number) << (32 - UInt32(newLength)))
        return render(network) + "/" + String(newLength)
    }

    static func host(_ cidr: String, number: Int) -> String? {
        guard let (address, length) = parse(cidr), number >= 0, length == 32 ? number == 0 : number < 1 << (32 - length) else { return nil }
        return render((address & mask(length)) | UInt32(number))
    }
}

/// `data "aws_iam_policy_document"`: computed from its blocks into the JSON document AWS reads,
/// keeping each element's position in the data block.
enum IAMPolicyDocumentData {
    static func json(_ body: CloudValue, site: CloudSite) -> CloudValue {
        var statements: [CloudValue] = []
        for statement in body.blocks("statement") {
            var members: [CloudValue.Member] = []
            func copy(_ from: String, _ to: String) {
                if let value = statement[from], !value.isNull { members.append(.init(key: to, value: value)) }
            }
            copy("sid", "Sid")
            members.append(.init(key: "Effect", value: statement["effect"] ?? CloudValue(.string("Allow"), site: statement.site)))
            copy("actions", "Action")
            copy("not_actions", "NotAction")
            copy("resources", "Resource")
            copy("not_resources", "NotResource")
            for (block, key) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
                let blocks = statement.blocks(block)
                guard !blocks.isEmpty else { continue }
                var principal: [CloudValue.Member] = []
                for entry in blocks {
                    guard let type = entry["type"]?.string, let identifiers = entry["identifiers"] else { continue }
                    if type == "*" {
                        principal = []
                        members.append(.init(key: key, value: CloudValue(.string("*"), site: identifiers.site)))
                        break
                    }
                    principal.append(.init(key: type, value: identifiers))
                }
                if !principal.isEmpty { members.append(.init(key: key, value: CloudValue(.object(principal), site: blocks[0].site))) }
            }
            var conditions: [CloudValue.Member] = []
            for condition in statement.blocks("condition") {
                guard let test = condition["test"]?.string, let variable = condition["variable"]?.string, let values = condition["values"] else { continue }
                conditions.append(.init(key: test, value: CloudValue(.object([.init(key: variable, value: values)]), site: condition.site)))
            }
            if !conditions.isEmpty { members.append(.init(key: "Condition", value: CloudValue(.object(conditions), site: conditions[0].value.site))) }
            statements.append(CloudValue(.object(members), site: statement.site))
        }
        // Documents merged in from elsewhere are known only when they are.
        for key in ["source_policy_documents", "override_policy_documents", "source_json", "override_json"] where body[key] != nil && body[key]?.isNull == false {
            return .unknown(site)
        }
        let document = CloudValue(.object([
            .init(key: "Version", value: body["version"] ?? CloudValue(.string("2012-10-17"), site: site)),
            .init(key: "Statement", value: CloudValue(.list(statements), site: site)),
        ]), site: site)
        return CloudValue(.json(document), site: site)
    }
}

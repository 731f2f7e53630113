import PalisadeCore

/// Evaluates one template statically into cloud resources, the way CloudFormation would resolve
/// it without deploying anything: parameters' defaults, mappings, conditions and the intrinsic
/// functions, in their long form (`{"Fn::Join": ...}`, `{"Ref": ...}`) and as YAML short-form tags
/// (`!Ref`, `!Sub`, `!GetAtt`...). What only a deployment knows (pseudo parameters such as
/// `AWS::AccountId`, parameters without a default or read from SSM, imports, attributes of other
/// resources) stays unknown, or a `.reference` to the resource for joins; a resource whose
/// `Condition` is known false is not created. Malformed parts (a resource without `Type`, an
/// intrinsic with the wrong arguments, a `Ref` to nothing) are `cloudformation-syntax` input
/// errors at their line and column; the rest of the template still loads.
struct CloudFormationEvaluator {
    let root: Node
    let file: Int32
    let display: String
    private(set) var diagnostics: [Diagnostic] = []
    private var parameters: [String: CloudValue] = [:]
    private var conditionNodes: [String: Node] = [:]
    private var conditionValues: [String: Bool?] = [:]
    private var evaluating: Set<String> = []
    private var resourceIDs: Set<String> = []
    private var reported: Set<SourcePosition> = []

    /// Values nest as deeply as the YAML does (libyaml bounds that); conditions that name
    /// conditions are bounded here, so a hostile chain cannot exhaust the stack.
    static let maxDepth = 1_200

    static let pseudoParameters: Set<String> = [
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    ]

    init(template root: Node, file: Int32, display: String) {
        self.root = root
        self.file = file
        self.display = display
        for entry in root["Resources"]?.entries ?? [] { if let id = entry.key.string { resourceIDs.insert(id) } }
        for entry in root["Conditions"]?.entries ?? [] { if let name = entry.key.string { conditionNodes[name] = entry.value } }
        for entry in root["Parameters"]?.entries ?? [] {
            guard let name = entry.key.string else { continue }
            parameters[name] = parameter(entry.value)
        }
    }

    func site(_ node: Node) -> CloudSite { CloudSite(file: file, range: node.range) }

    mutating func error(_ node: Node, _ message: String) {
        guard reported.insert(node.range.start).inserted else { return }
        diagnostics.append(Diagnostic(code: "cloudformation-syntax", level: .error, file: display, position: node.range.start, message: message))
    }

    // MARK: Resources

    /// The template's resources, in source order, less those whose condition is known false.
    mutating func resources(sources: CloudSources) -> [CloudResource] {
        guard let section = root["Resources"] else {
            error(root, "the template has no Resources section")
            return []
        }
        guard let entries = section.entries else {
            error(section, "Resources must be a mapping of logical ids to resources")
            return []
        }
        let globals = serverlessGlobals()
        var resources: [CloudResource] = []
        for entry in entries {
            guard let id = entry.key.string else { continue }
            guard entry.value.isMapping else {
                error(entry.key, "resource \(id) must be a mapping with a Type")
                continue
            }
            guard let typeNode = entry.value["Type"], let type = typeNode.string, typeNode.tag == nil else {
                error(entry.value["Type"] ?? entry.key, "resource \(id) has no Type")
                continue
            }
            if let condition = entry.value["Condition"] {
                if let name = condition.string, condition.tag == nil {
                    if self.condition(name, at: condition, depth: 0) == false { continue }
                } else {
                    error(condition, "the Condition of resource \(id) must name a condition")
                }
            }
            var properties = CloudValue(.object([]), site: site(entry.key))
            if let node = entry.value["Properties"], !node.isNull {
                if let value = value(node, depth: 0) {
                    if value.members != nil || !value.isKnown { properties = value } else {
                        error(node, "the Properties of resource \(id) must be a mapping")
                    }
                }
            }
            if type == "AWS::Serverless::Function", let globals { properties = Self.merge(globals, under: properties) }
            resources.append(CloudResource(type: type, address: id, format: .cloudFormation, site: site(entry.key), attributes: properties,
                                           lines: entry.key.range.start.line...max(entry.key.range.start.line, Self.lastLine(entry.value.range)),
                                           sources: sources))
        }
        return resources
    }

    /// The last line a range covers (a block ends at column 1 of the line after it).
    static func lastLine(_ range: SourceRange) -> Int {
        range.end.column == 1 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line
    }

    /// SAM's `Globals.Function`: properties every serverless function inherits.
    mutating func serverlessGlobals() -> CloudValue? {
        guard let node = root["Globals"]?["Function"], node.isMapping else { return nil }
        return value(node, depth: 0)
    }

    /// SAM's merge of globals under a function's own properties: the function's scalars and lists
    /// win (lists add to the global ones), mappings merge key by key.
    static func merge(_ global: CloudValue, under own: CloudValue) -> CloudValue {
        guard let globalMembers = global.members, var members = own.members, case .object = own.kind else { return own }
        for member in globalMembers {
            if let index = members.firstIndex(where: { $0.key == member.key }) {
                let mine = members[index].value
                if mine.members != nil, member.value.members != nil {
                    members[index].value = merge(member.value, under: mine)
                } else if let items = mine.list, let inherited = member.value.list {
                    members[index].value = CloudValue(.list(inherited + items), site: mine.site)
                }
            } else {
                members.append(member)
            }
        }
        return CloudValue(.object(members), site: own.site)
    }

    // MARK: Parameters

    /// A parameter's value: its `Default`, typed as CloudFormation passes it; unknown without one,
    /// and for SSM parameter types (resolved from Parameter Store at deployment).
    mutating func parameter(_ declaration: Node) -> CloudValue {
        let unknown = CloudValue.unknown(site(declaration))
        guard let node = declaration["Default"], let type = declaration["Type"]?.string else { return unknown }
        if type.hasPrefix("AWS::SSM::") { return unknown }
        guard let value = value(node, depth: 0), let text = value.string else { return unknown }
        if type == "CommaDelimitedList" || type.hasPrefix("List<") {
            let items = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { CloudValue(.string(type == "CommaDelimitedList" ? String($0) : $0.trimmingBlanks), site: value.site) }
            return CloudValue(.list(items), site: value.site)
        }
        if type == "Number", let number = Double(text) { return CloudValue(.number(number), site: value.site) }
        return CloudValue(.string(text), site: value.site)
    }

    // MARK: Values

    /// The value of a node; nil for `AWS::NoValue` (the key or item is removed).
    mutating func value(_ node: Node, depth: Int, inCondition: Bool = false) -> CloudValue? {
        guard depth < Self.maxDepth else { return .unknown(site(node)) }
        if let tag = node.tag, tag.hasPrefix("!"), tag != "!" {
            var argument = node
            argument.tag = nil
            let name = String(tag.dropFirst())
            return intrinsic(name == "Ref" || name == "Condition" ? name : "Fn::" + name, argument, at: node, depth: depth)
        }
        switch node.value {
        case .scalar(let scalar):
            return CloudValue(Self.scalar(node, scalar), site: site(node))
        case .sequence(let items):
            var values: [CloudValue] = []
            values.reserveCapacity(items.count)
            for item in items { if let v = value(item, depth: depth + 1, inCondition: inCondition) { values.append(v) } }
            return CloudValue(.list(values), site: site(node))
        case .mapping(let entries):
            if entries.count == 1, let key = entries[0].key.string, entries[0].key.tag == nil,
               key == "Ref" || key.hasPrefix("Fn::") || (inCondition && key == "Condition" && entries[0].value.scalar != nil) {
                return intrinsic(key, entries[0].value, at: node, depth: depth)
            }
            var members: [CloudValue.Member] = []
            members.reserveCapacity(entries.count)
            for entry in entries {
                guard let key = entry.key.string else { continue }
                guard let v = value(entry.value, depth: depth + 1) else { continue }
                members.removeAll { $0.key == key }
                members.append(CloudValue.Member(key: key, value: v))
            }
            return CloudValue(.object(members), site: site(node))
        }
    }

    /// A scalar as CloudFormation's YAML 1.1 reading types it: quoted text is a string; plain
    /// `true`/`false` (and YAML 1.1's `yes`/`no`...) are booleans, numbers are numbers (not
    /// those with a leading zero, such as account ids, which stay text), `~` and `null` are null.
    static func scalar(_ node: Node, _ scalar: Scalar) -> CloudValue.Kind {
        if let tag = node.tag {
            switch tag {
            case "tag:yaml.org,2002:str": return .string(scalar.text)
            case "tag:yaml.org,2002:bool": return node.bool.map { .bool($0) } ?? .string(scalar.text)
            case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float": return Double(scalar.text).map { .number($0) } ?? .string(scalar.text)
            case "tag:yaml.org,2002:null": return .null
            default: return .string(scalar.text)
            }
        }
        guard scalar.style == .plain else { return .string(scalar.text) }
        if node.isNull { return .null }
        if let flag = node.bool { return .bool(flag) }
        if isNumber(scalar.text), let number = Double(scalar.text) { return .number(number) }
        return .string(scalar.text)
    }

    static func isNumber(_ text: String) -> Bool {
        var digits = Array(text.utf8)
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digits.removeFirst() }
        guard let first = digits.first, first != UInt8(ascii: ".") || digits.count > 1 else { return false }
        if first == UInt8(ascii: "0"), digits.count > 1, digits[1] != UInt8(ascii: ".") { return false }
        var seenDot = false, seenExponent = false, previous: UInt8 = 0
        for byte in digits {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: ".") where !seenDot && !seenExponent: seenDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): if seenExponent { return false }; seenExponent = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if previous != UInt8(ascii: "e") && previous != UInt8(ascii: "E") { return false }
            default: return false
            }
            previous = byte
        }
        return previous >= UInt8(ascii: "0") && previous <= UInt8(ascii: "9") || previous == UInt8(ascii: ".")
    }

    // MARK: Intrinsic functions

    /// One intrinsic function, written at `node`, with its argument.
    mutating func intrinsic(_ name: String, _ argument: Node, at node: Node, depth: Int) -> CloudValue? {
        let here = site(node)
        let unknown = CloudValue.unknown(here)
        switch name {
        case "Ref":
            guard let target = argument.string, argument.tag == nil else {
                error(node, "Ref takes the name of a parameter or resource")
                return unknown
            }
            if target == "AWS::NoValue" { return nil }
            if Self.pseudoParameters.contains(target) { return unknown }
            if let parameter = parameters[target] { return Self.placed(parameter, at: here) }
            if resourceIDs.contains(target) { return CloudValue(.reference(address: target, attribute: ""), site: here) }
            error(node, "Ref to \(target), which is no parameter or resource of the template")
            return unknown

        case "Fn::GetAtt":
            var parts: [String] = []
            if let text = argument.string, argument.tag == nil {
                if let dot = text.firstIndex(of: ".") { parts = [String(text[..<dot]), String(text[text.index(after: dot)...])] }
            } else if let items = argument.items, items.count == 2, let id = items[0].string, items[0].tag == nil {
                guard let attribute = value(items[1], depth: depth + 1)?.string else { return unknown }
                parts = [id, attribute]
            }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                error(node, "Fn::GetAtt takes a resource and an attribute: [Resource, Attribute] or Resource.Attribute")
                return unknown
            }
            guard resourceIDs.contains(parts[0]) else {
                error(node, "Fn::GetAtt of \(parts[0]), which is no resource of the template")
                return unknown
            }
            return CloudValue(.reference(address: parts[0], attribute: parts[1]), site: here)

        case "Fn::Sub":
            var text: String?
            var variables: [String: CloudValue] = [:]
            if let string = argument.string, argument.tag == nil {
                text = string
            } else if let items = argument.items, items.count == 2, let string = items[0].string, items[0].tag == nil {
                text = string
                if let map = value(items[1], depth: depth + 1)?.members {
                    for member in map { variables[member.key] = member.value }
                } else {
                    return unknown
                }
            }
            guard let text else {
                error(node, "Fn::Sub takes a string, or a string and a mapping of variables")
                return unknown
            }
            return substitute(text, variables, at: node)

        case "Fn::Join":
            guard let items = argument.items, items.count == 2, let delimiter = items[0].string else {
                error(node, "Fn::Join takes a delimiter and a list")
                return unknown
            }
            guard let list = value(items[1], depth: depth + 1) else { return unknown }
            guard let elements = list.list else {
                if list.isKnown { error(node, "Fn::Join takes a delimiter and a list") }
                return unknown
            }
            var parts: [String] = []
            for element in elements {
                guard element.isKnown, element.list == nil, element.members == nil, let part = element.string else { return unknown }
                parts.append(part)
            }
            return CloudValue(.string(parts.joined(separator: delimiter)), site: here)

        case "Fn::Select":
            guard let items = argument.items, items.count == 2 else {
                error(node, "Fn::Select takes an index and a list")
                return unknown
            }
            guard let index = value(items[0], depth: depth + 1), let list = value(items[1], depth: depth + 1) else { return unknown }
            guard let position = index.int, let elements = list.list else {
                if index.isKnown && index.int == nil || list.isKnown && list.list == nil { error(node, "Fn::Select takes an index and a list") }
                return unknown
            }
            guard position >= 0, position < elements.count else {
                error(node, "Fn::Select index \(position) is outside the list of \(elements.count)")
                return unknown
            }
            return Self.placed(elements[position], at: here)

        case "Fn::Split":
            guard let items = argument.items, items.count == 2, let delimiter = items[0].string, !delimiter.isEmpty else {
                error(node, "Fn::Split takes a delimiter and a string")
                return unknown
            }
            guard let source = value(items[1], depth: depth + 1), source.isKnown, let text = source.string else { return unknown }
            return CloudValue(.list(text.split(separator: delimiter, omittingEmptySubsequences: false).map { CloudValue(.string(String($0)), site: here) }), site: here)

        case "Fn::If":
            guard let items = argument.items, items.count == 3, let condition = items[0].string else {
                error(node, "Fn::If takes a condition name and two values")
                return unknown
            }
            switch self.condition(condition, at: items[0], depth: depth + 1) {
            case true?: return value(items[1], depth: depth + 1)
            case false?: return value(items[2], depth: depth + 1)
            case nil: return unknown
            }

        case "Fn::FindInMap":
            guard let items = argument.items, items.count == 3 || items.count == 4 else {
                error(node, "Fn::FindInMap takes a mapping name and two keys")
                return unknown
            }
            var keys: [String] = []
            for item in items.prefix(3) {
                guard let key = value(item, depth: depth + 1), key.isKnown, let text = key.string else { return unknown }
                keys.append(text)
            }
            guard let mapping = root["Mappings"]?[keys[0]] else {
                error(node, "Fn::FindInMap: the template has no mapping \(keys[0])")
                return unknown
            }
            guard let found = mapping[keys[1]]?[keys[2]] else {
                if items.count == 4, let fallback = items[3]["DefaultValue"] { return value(fallback, depth: depth + 1).map { Self.placed($0, at: here) } }
                error(node, "Fn::FindInMap: mapping \(keys[0]) has no \(keys[1]).\(keys[2])")
                return unknown
            }
            return value(found, depth: depth + 1).map { Self.placed($0, at: here) }

        case "Fn::Equals":
            guard let items = argument.items, items.count == 2 else {
                error(node, "Fn::Equals takes two values")
                return unknown
            }
            guard let a = value(items[0], depth: depth + 1), let b = value(items[1], depth: depth + 1),
                  a.isKnown, b.isKnown, let left = a.string ?? a.jsonText, let right = b.string ?? b.jsonText else { return unknown }
            return CloudValue(.bool(left == right), site: here)

        case "Fn::And", "Fn::Or":
            guard let items = argument.items, (2...10).contains(items.count) else {
                error(node, "\(name) takes from 2 to 10 conditions")
                return unknown
            }
            let decisive = name == "Fn::Or"
            var allKnown = true
            for item in items {
                switch value(item, depth: depth + 1, inCondition: true)?.bool {
                case decisive?: return CloudValue(.bool(decisive), site: here)
                case nil: allKnown = false
                default: break
                }
            }
            return allKnown ? CloudValue(.bool(!decisive), site: here) : unknown

        case "Fn::Not":
            guard let items = argument.items, items.count == 1 else {
                error(node, "Fn::Not takes a list of one condition")
                return unknown
            }
            guard let flag = value(items[0], depth: depth + 1, inCondition: true)?.bool else { return unknown }
            return CloudValue(.bool(!flag), site: here)

        case "Condition":
            guard let name = argument.string else {
                error(node, "Condition takes a condition name")
                return unknown
            }
            return condition(name, at: argument, depth: depth + 1).map { CloudValue(.bool($0), site: here) } ?? unknown

        case "Fn::Base64":
            guard let source = value(argument, depth: depth + 1), source.isKnown, let text = source.string else { return unknown }
            return CloudValue(.string(Self.base64(Array(text.utf8))), site: here)

        case "Fn::GetAZs", "Fn::ImportValue", "Fn::Cidr":
            // Known only to a deployment: the arguments are still read, for their errors.
            _ = value(argument, depth: depth + 1)
            return unknown

        default:
            // Transforms and the language extensions' functions: not evaluated, never guessed.
            return unknown
        }
    }

    /// A condition's value, evaluated once; nil when unknown (or not defined, or circular).
    mutating func condition(_ name: String, at node: Node, depth: Int) -> Bool? {
        if let known = conditionValues[name] { return known }
        guard let expression = conditionNodes[name] else {
            error(node, "no condition named \(name) in the template's Conditions")
            return nil
        }
        guard depth < 256, evaluating.insert(name).inserted else {
            error(node, "condition \(name) depends on itself, or on too long a chain of conditions")
            return nil
        }
        let flag = value(expression, depth: depth + 1, inCondition: true)?.bool
        evaluating.remove(name)
        conditionValues[name] = flag
        return flag
    }

    /// `Fn::Sub`'s text with `${Name}`, `${Resource.Attribute}` and `${!Literal}` resolved; unknown
    /// as soon as one variable is.
    mutating func substitute(_ text: String, _ variables: [String: CloudValue], at node: Node) -> CloudValue {
        let here = site(node)
        var out = ""
        var rest = Substring(text)
        var known = true
        while let open = rest.firstRange(of: "${") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "}") else {
                out += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(after[..<close])
            rest = after[after.index(after: close)...]
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
                continue
            }
            let value: CloudValue?
            if let variable = variables[name] {
                value = variable
            } else if let parameter = parameters[name] {
                value = parameter
            } else if Self.pseudoParameters.contains(name) || resourceIDs.contains(name) {
                value = nil
            } else if let dot = name.firstIndex(of: "."), resourceIDs.contains(String(name[..<dot])) {
                value = nil
            } else {
                error(node, "Fn::Sub: ${\(name)} names no parameter, resource or variable")
                value = nil
            }
            guard let value, value.isKnown, value.list == nil, value.members == nil, let part = value.string else {
                known = false
                continue
            }
            out += part
        }
        out += rest
        return known ? CloudValue(.string(out), site: here) : .unknown(here)
    }

    /// A value moved to where it is used (a parameter's default, a mapping's entry): findings
    /// point at the property that uses it, inside the resource the user edits.
    static func placed(_ value: CloudValue, at site: CloudSite) -> CloudValue {
        switch value.kind {
        case .list(let items): return CloudValue(.list(items.map { placed($0, at: site) }), site: site)
        case .object(let members):
            return CloudValue(.object(members.map { CloudValue.Member(key: $0.key, value: placed($0.value, at: site)) }), site: site)
        default: return CloudValue(value.kind, site: site)
        }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let a = UInt32(bytes[i]), b = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0, c = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let triple = a << 16 | b << 8 | c
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

fileprivate extension Substring {
    var trimmingBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

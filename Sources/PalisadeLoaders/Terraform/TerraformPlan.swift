import PalisadeCore

/// A Terraform plan as `terraform show -json plan.out` writes it: what will be deployed, with every
/// value Terraform resolved (variables, modules, functions, data sources read at plan time). Its
/// resources are in Terraform's schema, so the same adapter and rules serve it; findings point
/// into the plan file.
public struct TerraformPlan: Sendable {
    public var display: String
    public var projectPath: String
    public var root: Node

    public init(display: String, projectPath: String, root: Node) {
        self.display = display
        self.projectPath = projectPath
        self.root = root
    }
}

public enum TerraformPlanLoader {
    /// A cheap look at the start of a JSON file: plans begin with their format and Terraform
    /// versions (`{"format_version":"1.2","terraform_version":"1.9.5",...`).
    public static func mayBePlan(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(1024)
        guard head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{") else { return false }
        return contains(head, "\"format_version\"") && contains(head, "\"terraform_version\"")
    }

    static func contains(_ bytes: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return false }
        var i = bytes.startIndex
        while i <= bytes.endIndex - n.count {
            if bytes[i] == n[0], bytes[i..<i + n.count].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }

    /// The plan in `bytes`, or nil when the JSON is not a plan (no `planned_values`). A JSON error
    /// is returned as the diagnostic.
    public static func parse(_ bytes: [UInt8], display: String, projectPath: String, yaml: YAMLLoader = YAMLLoader())
        -> (plan: TerraformPlan?, error: Diagnostic?) {
        var root: Node?
        let error = yaml.load(bytes, file: display) { node, index in if index == 0 { root = node } }
        guard let root, root["planned_values"]?.isMapping == true else { return (nil, error) }
        return (TerraformPlan(display: display, projectPath: projectPath, root: root), error)
    }

    /// The plan's resources (managed ones: data sources are already folded into the values that
    /// use them), with their values; attributes only known after apply are taken from the
    /// configuration's references (`bucket = aws_s3_bucket.logs.id`), which joins need.
    static func resources(_ plan: TerraformPlan, file: Int32, sources: CloudSources) -> [CloudResource] {
        var references: [String: [String: CloudValue]] = [:]
        if let configuration = plan.root["configuration"]?["root_module"] {
            collectReferences(configuration, prefix: "", file: file, into: &references)
        }
        var resources: [CloudResource] = []
        guard let module = plan.root["planned_values"]?["root_module"] else { return [] }
        var stack: [Node] = [module]
        while let next = stack.popLast() {
            for item in next["resources"]?.items ?? [] {
                guard item["mode"]?.string == "managed", let type = item["type"]?.string, let address = item["address"]?.string else { continue }
                var attributes = value(item["values"] ?? item, file: file)
                if case .object(var members) = attributes.kind {
                    // Unknown after apply, but known to come from another resource.
                    for (key, reference) in references[configurationAddress(address)] ?? [:] where !members.contains(where: { $0.key == key }) {
                        members.append(.init(key: key, value: reference))
                    }
                    attributes = CloudValue(.object(members), site: attributes.site)
                }
                let at = item.entry("address")?.value.range ?? item.range
                resources.append(CloudResource(type: type, address: address, format: .terraformPlan, site: CloudSite(file: file, range: at),
                                               attributes: attributes, lines: item.range.start.line...item.range.end.line, sources: sources))
            }
            for child in (next["child_modules"]?.items ?? []).reversed() { stack.append(child) }
        }
        return resources
    }

    /// `module.a["x"].aws_s3_bucket.b[0]` as the configuration names it: `module.a.aws_s3_bucket.b`.
    static func configurationAddress(_ address: String) -> String {
        var out = ""
        var depth = 0
        for character in address {
            if character == "[" { depth += 1; continue }
            if character == "]" { depth -= 1; continue }
            if depth == 0 { out.append(character) }
        }
        return out
    }

    /// For each configured resource (by configuration address), the attributes whose expression
    /// references another resource, as references.
    static func collectReferences(_ module: Node, prefix: String, file: Int32, into table: inout [String: [String: CloudValue]]) {
        for resource in module["resources"]?.items ?? [] {
            guard let address = resource["address"]?.string, let expressions = resource["expressions"]?.entries else { continue }
            for entry in expressions {
                guard let key = entry.key.scalar?.text, let refs = entry.value["references"]?.items else { continue }
                // The most specific resource reference: `aws_s3_bucket.logs.id` rather than `aws_s3_bucket.logs`.
                let candidates = refs.compactMap(\.string).compactMap { resourceReference($0, prefix: prefix) }
                guard let best = candidates.max(by: { $0.attribute.count < $1.attribute.count }) else { continue }
                table[prefix + address, default: [:]][key] = CloudValue(.reference(address: best.address, attribute: best.attribute),
                                                                       site: CloudSite(file: file, range: entry.value.range))
            }
        }
        for call in module["module_calls"]?.entries ?? [] {
            guard let name = call.key.scalar?.text, let child = call.value["module"] else { continue }
            collectReferences(child, prefix: prefix + "module." + name + ".", file: file, into: &table)
        }
    }

    /// `aws_s3_bucket.logs.id` → (`aws_s3_bucket.logs`, `id`); variables, locals, data sources,
    /// modules and `count`/`each` are not resources.
    static func resourceReference(_ text: String, prefix: String) -> (address: String, attribute: String)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !["var", "local", "data", "module", "count", "each", "path", "terraform", "self"].contains(parts[0]) else { return nil }
        return (prefix + parts[0] + "." + parts[1], parts.dropFirst(2).joined(separator: "."))
    }

    /// A JSON node as a value, each element at its own position in the plan.
    static func value(_ node: Node, file: Int32) -> CloudValue {
        let site = CloudSite(file: file, range: node.range)
        switch node.value {
        case .mapping(let entries):
            return CloudValue(.object(entries.compactMap { entry in
                entry.key.scalar.map { CloudValue.Member(key: $0.text, value: value(entry.value, file: file)) }
            }), site: site)
        case .sequence(let items):
            return CloudValue(.list(items.map { value($0, file: file) }), site: site)
        case .scalar(let scalar):
            if scalar.style == .plain {
                switch scalar.text {
                case "true": return CloudValue(.bool(true), site: site)
                case "false": return CloudValue(.bool(false), site: site)
                case "null": return CloudValue(.null, site: site)
                default: if let number = Double(scalar.text) { return CloudValue(.number(number), site: site) }
                }
            }
            return CloudValue(.string(scalar.text), site: site)
        }
    }
}

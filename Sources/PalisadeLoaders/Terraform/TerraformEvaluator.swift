import PalisadeCore

/// Evaluates one instance of a module: what Terraform would know before applying anything.
/// Literals, variables (inputs, variable files, defaults), locals, references between resources
/// and the common functions are computed; anything that needs a deployment is `unknown`, or a
/// `reference` when it names another resource. Nothing is executed and no file is read.
///
/// Evaluation is lazy and memoised: a local or an output is computed when first referenced, and
/// a reference cycle gives unknown instead of recursing.
final class ModuleInstance {
    let module: TerraformModule
    /// `module.a.` (or `module.a["k"].`) for a child, empty for a root.
    let prefix: String
    let inputs: [String: CloudValue]
    let depth: Int
    let project: TerraformProject
    private var localValues: [String: CloudValue] = [:]
    private var inProgress: Set<String> = []
    private var children: [String: [(key: CloudValue?, instance: ModuleInstance)]] = [:]

    init(module: TerraformModule, prefix: String, inputs: [String: CloudValue], depth: Int, project: TerraformProject) {
        self.module = module
        self.prefix = prefix
        self.inputs = inputs
        self.depth = depth
        self.project = project
    }

    struct Scope {
        var file: Int32
        var count: CloudValue?
        var each: (key: CloudValue, value: CloudValue)?
        var names: [String: CloudValue] = [:]

        init(file: Int32) { self.file = file }
    }

    // MARK: Variables and locals

    func variable(_ name: String, site: CloudSite) -> CloudValue {
        if let given = inputs[name] { return given }
        if prefix.isEmpty, let value = module.variableValues[name] {
            return evaluate(value.item.value, Scope(file: value.file))
        }
        if let declared = module.variables[name], let fallback = declared.item.body.attribute("default") {
            return evaluate(fallback.value, Scope(file: declared.file))
        }
        return .unknown(site)
    }

    func local(_ name: String, site: CloudSite) -> CloudValue {
        if let known = localValues[name] { return known }
        guard let declared = module.locals[name], inProgress.insert("local." + name).inserted else { return .unknown(site) }
        let value = evaluate(declared.item.value, Scope(file: declared.file))
        inProgress.remove("local." + name)
        localValues[name] = value
        return value
    }

    // MARK: Instances

    /// The instances `count` or `for_each` make of a block: nil key for a single instance. An
    /// unknown count or collection gives one instance whose key is unknown; zero gives none.
    func instances(of body: HCLBody, file: Int32, scope outer: Scope? = nil) -> [(key: CloudValue?, scope: Scope)] {
        let base = outer ?? Scope(file: file)
        if let count = body.attribute("count") {
            let value = evaluate(count.value, base)
            guard let n = value.int else {
                var scope = base
                scope.count = .unknown(CloudSite(file: file, range: count.value.range))
                return [(CloudValue.unknown(CloudSite(file: file, range: count.value.range)), scope)]
            }
            return (0..<min(max(n, 0), Self.maxInstances)).map { i in
                var scope = base
                scope.count = CloudValue(.number(Double(i)), site: CloudSite(file: file, range: count.value.range))
                return (scope.count, scope)
            }
        }
        if let forEach = body.attribute("for_each") {
            let value = evaluate(forEach.value, base)
            let site = CloudSite(file: file, range: forEach.value.range)
            var pairs: [(CloudValue, CloudValue)] = []
            if let members = value.members {
                pairs = members.map { (CloudValue(.string($0.key), site: site), $0.value) }
            } else if let items = value.list {
                pairs = items.map { ($0, $0) }
            } else {
                var scope = base
                scope.each = (.unknown(site), .unknown(site))
                return [(CloudValue.unknown(site), scope)]
            }
            return pairs.prefix(Self.maxInstances).map { key, element in
                var scope = base
                scope.each = (key, element)
                return (key, scope)
            }
        }
        return [(nil, base)]
    }

    /// More instances than this of one block are not expanded (a count of a million is a typo or an attack).
    static let maxInstances = 256

    static func suffix(_ key: CloudValue?) -> String {
        guard let key else { return "" }
        switch key.kind {
        case .number: return "[\(key.string ?? "*")]"
        case .string(let text): return "[\"\(text)\"]"
        default: return "[*]"
        }
    }

    // MARK: Module calls

    func childInstances(_ name: String) -> [(key: CloudValue?, instance: ModuleInstance)] {
        if let known = children[name] { return known }
        guard let found = module.moduleIndex[name], inProgress.insert("module." + name).inserted else { return [] }
        defer { inProgress.remove("module." + name) }
        let call = found.block
        var made: [(CloudValue?, ModuleInstance)] = []
        if let folder = found.localFolder,
           depth < TerraformProject.maxDepth,
           let child = project.module(folder) {
            for (key, scope) in instances(of: call.item.body, file: call.file) {
                var inputs: [String: CloudValue] = [:]
                for attribute in call.item.body.attributes where !Self.moduleMetaArguments.contains(attribute.name) {
                    inputs[attribute.name] = evaluate(attribute.value, scope)
                }
                let childPrefix = prefix + "module." + name + Self.suffix(key) + "."
                made.append((key, ModuleInstance(module: child, prefix: childPrefix, inputs: inputs, depth: depth + 1, project: project)))
            }
        }
        children[name] = made
        return made
    }

    static let moduleMetaArguments: Set<String> = ["source", "version", "count", "for_each", "providers", "depends_on"]

    func output(_ name: String, site: CloudSite) -> CloudValue {
        guard let declared = module.outputs[name], let value = declared.item.body.attribute("value"),
              inProgress.insert("output." + name).inserted else { return .unknown(site) }
        defer { inProgress.remove("output." + name) }
        return evaluate(value.value, Scope(file: declared.file))
    }

    // MARK: Resource attributes

    /// A resource's attribute as another resource sees it: its value when written literally in
    /// the resource's block, else a reference to it.
    func resourceAttribute(_ key: String, instance: CloudValue?, attribute: String, site: CloudSite) -> CloudValue {
        let address = prefix + key + Self.suffix(instance)
        let reference = CloudValue(.reference(address: address, attribute: attribute), site: site)
        guard let declared = module.resourceIndex[key] ?? module.data[key] else { return .unknown(site) }
        let counted = declared.item.body.attribute("count") != nil || declared.item.body.attribute("for_each") != nil
        if counted != (instance != nil) { return reference }
        guard let written = declared.item.body.attribute(attribute), inProgress.insert(address + "." + attribute).inserted else { return reference }
        defer { inProgress.remove(address + "." + attribute) }
        var scope = Scope(file: declared.file)
        if let instance {
            guard let match = instances(of: declared.item.body, file: declared.file).first(where: { same($0.key, instance) }) else { return reference }
            scope = match.scope
        }
        let value = evaluate(written.value, scope)
        return value.isKnown ? value : reference
    }

    private func same(_ a: CloudValue?, _ b: CloudValue) -> Bool {
        guard let a, a.isKnown, b.isKnown else { return false }
        return a.string == b.string
    }

    /// A block's body as a value: attributes by name, nested blocks as lists of objects under their
    /// type (`dynamic` blocks expanded), meta-arguments left out.
    func evaluateBody(_ body: HCLBody, _ scope: Scope, skipping: Set<String> = []) -> CloudValue {
        var members: [CloudValue.Member] = []
        var blockLists: [String: Int] = [:]
        func addBlock(_ type: String, _ value: CloudValue, site: CloudSite) {
            if let index = blockLists[type], case .list(var items) = members[index].value.kind {
                items.append(value)
                members[index].value = CloudValue(.list(items), site: members[index].value.site)
            } else {
                blockLists[type] = members.count
                members.append(.init(key: type, value: CloudValue(.list([value]), site: site)))
            }
        }
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                if skipping.contains(attribute.name) { continue }
                members.append(.init(key: attribute.name, value: evaluate(attribute.value, scope)))
            case .block(let block):
                if skipping.contains(block.type) { continue }
                let site = CloudSite(file: scope.file, range: block.typeRange)
                if block.type == "dynamic", let label = block.labels.first?.value, let content = block.body.blocks(type: "content").first {
                    let iterator = block.body.attribute("iterator")?.value.traversal?.root ?? label
                    let labelSite = CloudSite(file: scope.file, range: block.labels[0].range)
                    for (key, each) in dynamicElements(block.body, scope) {
                        var inner = scope
                        inner.names[iterator] = CloudValue(.object([.init(key: "key", value: key), .init(key: "value", value: each)]), site: labelSite)
                        var value = evaluateBody(content.body, inner)
                        value.site = labelSite
                        addBlock(label, value, site: labelSite)
                    }
                } else {
                    var value = evaluateBody(block.body, scope)
                    value.site = site
                    addBlock(block.type, value, site: site)
                }
            }
        }
        return CloudValue(.object(members), site: CloudSite(file: scope.file, range: body.range))
    }

    private func dynamicElements(_ body: HCLBody, _ scope: Scope) -> [(CloudValue, CloudValue)] {
        guard let forEach = body.attribute("for_each") else { return [] }
        let value = evaluate(forEach.value, scope)
        let site = CloudSite(file: scope.file, range: forEach.value.range)
        if let members = value.members { return members.prefix(Self.maxInstances).map { (CloudValue(.string($0.key), site: site), $0.value) } }
        if let items = value.list { return items.prefix(Self.maxInstances).enumerated().map { (CloudValue(.number(Double($0.offset)), site: site), $0.element) } }
        return [(.unknown(site), .unknown(site))]
    }

    // MARK: Expressions

    func evaluate(_ expression: HCLExpression, _ scope: Scope) -> CloudValue {
        let site = CloudSite(file: scope.file, range: expression.range)
        switch expression.kind {
        case .number(let text): return Double(text).map { CloudValue(.number($0), site: site) } ?? .unknown(site)
        case .bool(let flag): return CloudValue(.bool(flag), site: site)
        case .null: return CloudValue(.null, site: site)
        case .template(let template): return evaluateTemplate(template, scope, site: site)
        case .variable, .traversal:
            return evaluateTraversal(expression, scope, site: site)
        case .call(let call): return TerraformFunctions.call(call, evaluator: self, scope: scope, site: site)
        case .tuple(let elements): return CloudValue(.list(elements.map { evaluate($0, scope) }), site: site)
        case .object(let items):
            var members: [CloudValue.Member] = []
            for item in items {
                let key: String?
                if let name = item.keyName { key = name } else { key = evaluate(item.key, scope).string }
                guard let key else { return .unknown(site) }
                let value = evaluate(item.value, scope)
                if let existing = members.firstIndex(where: { $0.key == key }) { members[existing].value = value } else { members.append(.init(key: key, value: value)) }
            }
            return CloudValue(.object(members), site: site)
        case .forExpression(let loop): return evaluateFor(loop, scope, site: site)
        case .unary(let op, let operand):
            let value = evaluate(operand, scope)
            switch op {
            case .not: return value.bool.map { CloudValue(.bool(!$0), site: site) } ?? .unknown(site)
            case .negate: return value.number.map { CloudValue(.number(-$0), site: site) } ?? .unknown(site)
            }
        case .binary(let op, let left, let right): return evaluateBinary(op, evaluate(left, scope), evaluate(right, scope), site: site)
        case .conditional(let condition, let then, let otherwise):
            let test = evaluate(condition, scope)
            if let flag = test.bool { return evaluate(flag ? then : otherwise, scope) }
            // Unknown condition: known only when both branches agree.
            let (a, b) = (evaluate(then, scope), evaluate(otherwise, scope))
            if a.isKnown, b.isKnown, let ta = a.jsonText, ta == b.jsonText { return a }
            return .unknown(site)
        case .parenthesized(let inner):
            var value = evaluate(inner, scope)
            value.site = site
            return value
        }
    }

    private func evaluateTemplate(_ template: HCLTemplate, _ scope: Scope, site: CloudSite) -> CloudValue {
        // `"${x}"` alone is x (its type and where it was written), as in Terraform.
        if template.heredoc == nil, template.parts.count == 1, case .interpolation(let only) = template.parts[0] {
            return evaluate(only.expression, scope)
        }
        guard let text = render(template.parts, scope) else { return .unknown(site) }
        return CloudValue(.string(text), site: site)
    }

    private func render(_ parts: [HCLTemplatePart], _ scope: Scope) -> String? {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let piece, _): text += piece
            case .interpolation(let interpolation):
                guard let piece = evaluate(interpolation.expression, scope).string else { return nil }
                text += piece
            case .conditional(let conditional):
                guard let flag = evaluate(conditional.condition, scope).bool else { return nil }
                guard let piece = render(flag ? conditional.thenParts : (conditional.elseParts ?? []), scope) else { return nil }
                text += piece
            case .loop(let loop):
                let collection = evaluate(loop.collection, scope)
                guard let pairs = Self.pairs(collection) else { return nil }
                for (key, value) in pairs.prefix(10_000) {
                    var inner = scope
                    if let k = loop.keyVariable { inner.names[k.name] = key }
                    inner.names[loop.valueVariable.name] = value
                    guard let piece = render(loop.body, inner) else { return nil }
                    text += piece
                }
            }
            if text.utf8.count > 1 << 20 { return nil }
        }
        return text
    }

    /// Key and value pairs of a list (index, element) or object (key, value).
    static func pairs(_ collection: CloudValue) -> [(CloudValue, CloudValue)]? {
        if let items = collection.list {
            return items.enumerated().map { (CloudValue(.number(Double($0.offset)), site: collection.site), $0.element) }
        }
        if let members = collection.members {
            return members.map { (CloudValue(.string($0.key), site: $0.value.site), $0.value) }
        }
        return nil
    }

    private func evaluateFor(_ loop: HCLForExpression, _ scope: Scope, site: CloudSite) -> CloudValue {
        let collection = evaluate(loop.collection, scope)
        guard let pairs = Self.pairs(collection) else { return .unknown(site) }
        var items: [CloudValue] = []
        var members: [CloudValue.Member] = []
        for (key, value) in pairs.prefix(10_000) {
            var inner = scope
            if let k = loop.keyVariable { inner.names[k.name] = key }
            inner.names[loop.valueVariable.name] = value
            if let condition = loop.condition {
                guard let keep = evaluate(condition, inner).bool else { return .unknown(site) }
                if !keep { continue }
            }
            let result = evaluate(loop.value, inner)
            if let keyExpression = loop.key {
                guard let name = evaluate(keyExpression, inner).string else { return .unknown(site) }
                if loop.groupsByKey {
                    if let index = members.firstIndex(where: { $0.key == name }), case .list(var grouped) = members[index].value.kind {
                        grouped.append(result)
                        members[index].value = CloudValue(.list(grouped), site: site)
                    } else {
                        members.append(.init(key: name, value: CloudValue(.list([result]), site: site)))
                    }
                } else {
                    members.removeAll { $0.key == name }
                    members.append(.init(key: name, value: result))
                }
            } else {
                items.append(result)
            }
        }
        return loop.producesObject ? CloudValue(.object(members), site: site) : CloudValue(.list(items), site: site)
    }

    private func evaluateBinary(_ op: HCLBinaryOperator, _ a: CloudValue, _ b: CloudValue, site: CloudSite) -> CloudValue {
        switch op {
        case .and, .or:
            if let x = a.bool, let y = b.bool { return CloudValue(.bool(op == .and ? x && y : x || y), site: site) }
            if op == .and, a.bool == false || b.bool == false { return CloudValue(.bool(false), site: site) }
            if op == .or, a.bool == true || b.bool == true { return CloudValue(.bool(true), site: site) }
            return .unknown(site)
        case .equal, .notEqual:
            guard a.isKnown, b.isKnown, let x = a.jsonText, let y = b.jsonText else { return .unknown(site) }
            // Terraform compares a number and its string as different types: keep JSON text equality.
            return CloudValue(.bool((x == y) == (op == .equal)), site: site)
        default:
            guard let x = a.number, let y = b.number else { return .unknown(site) }
            let result: CloudValue.Kind
            switch op {
            case .add: result = .number(x + y)
            case .subtract: result = .number(x - y)
            case .multiply: result = .number(x * y)
            case .divide: result = y == 0 ? .unknown : .number(x / y)
            case .modulo: result = y == 0 ? .unknown : .number(x.truncatingRemainder(dividingBy: y))
            case .less: result = .bool(x < y)
            case .lessOrEqual: result = .bool(x <= y)
            case .greater: result = .bool(x > y)
            case .greaterOrEqual: result = .bool(x >= y)
            default: result = .unknown
            }
            return CloudValue(result, site: site)
        }
    }

    // MARK: References

    private func evaluateTraversal(_ expression: HCLExpression, _ scope: Scope, site: CloudSite) -> CloudValue {
        var base: CloudValue
        var steps: [HCLTraversalStep]
        let rootName: String
        if let traversal = expression.traversal {
            rootName = traversal.root
            steps = traversal.steps
        } else if case .traversal(let inner, let rest) = expression.kind {
            // `f(x).y`, `[...][0]`: evaluate the base, then the steps.
            return apply(rest, to: evaluate(inner, scope), scope, site: site)
        } else {
            return .unknown(site)
        }
        func takeAttribute() -> String? {
            guard case .attribute(let name, _)? = steps.first else { return nil }
            steps.removeFirst()
            return name
        }
        if let named = scope.names[rootName] {
            base = named
        } else {
            switch rootName {
            case "var":
                guard let name = takeAttribute() else { return .unknown(site) }
                base = variable(name, site: site)
            case "local":
                guard let name = takeAttribute() else { return .unknown(site) }
                base = local(name, site: site)
            case "count":
                guard takeAttribute() == "index", let count = scope.count else { return .unknown(site) }
                base = count
            case "each":
                guard let each = scope.each, let name = takeAttribute() else { return .unknown(site) }
                base = name == "key" ? each.key : name == "value" ? each.value : .unknown(site)
            case "path":
                guard let name = takeAttribute() else { return .unknown(site) }
                base = CloudValue(name == "module" ? .string(module.folder) : .string("."), site: site)
            case "terraform":
                guard takeAttribute() == "workspace" else { return .unknown(site) }
                base = CloudValue(.string("default"), site: site)
            case "self", "each_value":
                return .unknown(site)
            case "module":
                guard let name = takeAttribute() else { return .unknown(site) }
                let made = childInstances(name)
                var instance = made.first?.instance
                if made.count != 1 || made.first?.key != nil {
                    guard case .index(let keyExpression, _)? = steps.first else { return .unknown(site) }
                    steps.removeFirst()
                    let key = evaluate(keyExpression, scope)
                    instance = made.first(where: { same($0.key, key) })?.instance
                }
                guard let instance, let output = takeAttribute() else { return .unknown(site) }
                base = instance.output(output, site: site)
            case "data":
                guard let type = takeAttribute(), let name = takeAttribute() else { return .unknown(site) }
                base = dataValue(type: type, name: name, steps: &steps, scope: scope, site: site)
            default:
                // A resource: TYPE.NAME[key].attribute
                guard let name = takeAttribute() else { return .unknown(site) }
                let key = rootName + "." + name
                guard module.resourceIndex[key] != nil else { return .unknown(site) }
                var instance: CloudValue?
                if case .index(let keyExpression, _)? = steps.first {
                    steps.removeFirst()
                    instance = evaluate(keyExpression, scope)
                }
                guard let attribute = takeAttribute() else {
                    return CloudValue(.reference(address: prefix + key + Self.suffix(instance), attribute: ""), site: site)
                }
                base = resourceAttribute(key, instance: instance, attribute: attribute, site: site)
            }
        }
        return apply(steps, to: base, scope, site: site)
    }

    /// A data source's attribute. `aws_iam_policy_document` is computed (its `json` is what most
    /// IAM policies are made of); every other data source is known only after a plan.
    private func dataValue(type: String, name: String, steps: inout [HCLTraversalStep], scope: Scope, site: CloudSite) -> CloudValue {
        let key = type + "." + name
        if type == "aws_iam_policy_document", let declared = module.data[key], declared.item.body.attribute("count") == nil,
           declared.item.body.attribute("for_each") == nil, case .attribute(let attribute, _)? = steps.first,
           attribute == "json" || attribute == "minified_json" {
            steps.removeFirst()
            guard inProgress.insert("data." + key).inserted else { return .unknown(site) }
            defer { inProgress.remove("data." + key) }
            return IAMPolicyDocumentData.json(evaluateBody(declared.item.body, Scope(file: declared.file)), site: site)
        }
        return CloudValue(.reference(address: prefix + "data." + key, attribute: ""), site: site)
    }

    private func apply(_ steps: [HCLTraversalStep], to start: CloudValue, _ scope: Scope, site: CloudSite) -> CloudValue {
        var value = start
        var index = 0
        while index < steps.count {
            let step = steps[index]
            index += 1
            switch step {
            case .attribute(let name, _):
                if case .reference(let address, let attribute) = value.kind {
                    value = CloudValue(.reference(address: address, attribute: attribute.isEmpty ? name : attribute + "." + name), site: site)
                    continue
                }
                guard let next = value[name] else { return .unknown(site) }
                value = next
            case .index(let keyExpression, _):
                let key = evaluate(keyExpression, scope)
                if case .reference = value.kind { return .unknown(site) }
                if let items = value.list, let i = key.int {
                    guard i >= 0 && i < items.count else { return .unknown(site) }
                    value = items[i]
                } else if let name = key.string, let next = value[name] {
                    value = next
                } else {
                    return .unknown(site)
                }
            case .attributeSplat, .fullSplat:
                let rest = Array(steps[index...])
                guard let items = value.elements else { return .unknown(site) }
                return CloudValue(.list(items.map { apply(rest, to: $0, scope, site: site) }), site: site)
            }
        }
        return value
    }
}

/// A scan's Terraform: every module folder read, which of them are roots, and their evaluation.
/// Every folder a local module call reaches is read when the project is made, so evaluation only
/// reads the project and roots are evaluated in parallel.
public final class TerraformProject: @unchecked Sendable {
    /// How deep module calls may nest (a module calling itself ends here).
    static let maxDepth = 16
    /// How many module folders outside the scan are read at most (a generated tree of thousands of
    /// modules is read; an unbounded chain of made-up paths is not).
    static let maxExtraFolders = 10_000

    private var folders: [String: TerraformModule] = [:]
    private var scanned: [String] = []
    private var files: [CloudSources.File] = []
    /// Each folder as a project path (its files' folder relative to the project root): the scope
    /// of a root's resources, so it does not depend on how the scan named the folder.
    private var projectFolders: [String: String] = [:]

    /// `readFolder` loads a module folder that was not among the scanned files (a local module
    /// outside the scanned paths); it returns the folder's parsed `.tf` files.
    public init(files scannedFiles: [TerraformFile], workers: Int = 1, readFolder: (String) -> [TerraformFile]) {
        // The scanned folders' modules are indexed on every core (a tree of hundreds of roots).
        let groups = Dictionary(grouping: scannedFiles, by: \.folder)
        scanned = groups.keys.sorted()
        let numbered = scanned.map { (folder: $0, files: number($0, groups[$0]!)) }
        for (folder, module) in zip(scanned, DedicatedThread.map(numbered, workers: workers) { TerraformModule(folder: $0.folder, files: $0.files) }) {
            folders[folder] = module
        }
        // Every folder reachable through local module calls, breadth first.
        var queue = scanned
        var extra = 0
        while let folder = queue.popLast() {
            guard let module = folders[folder] else { continue }
            for call in module.moduleCalls {
                guard let target = call.localFolder, folders[target] == nil, extra < Self.maxExtraFolders else { continue }
                extra += 1
                let read = readFolder(target).filter { !$0.isVariables }
                if read.isEmpty { continue }
                add(target, read)
                queue.append(target)
            }
        }
    }

    private func add(_ folder: String, _ group: [TerraformFile]) {
        folders[folder] = TerraformModule(folder: folder, files: number(folder, group))
    }

    /// Gives a folder's files their places in the sources table, in name order, and records the
    /// folder's project path.
    private func number(_ folder: String, _ group: [TerraformFile]) -> [(TerraformFile, Int32)] {
        var indexed: [(TerraformFile, Int32)] = []
        for file in group.sorted(by: { $0.display < $1.display }) {
            indexed.append((file, Int32(files.count)))
            files.append(CloudSources.File(display: file.display, projectPath: file.projectPath))
        }
        if let first = group.first?.projectPath {
            projectFolders[folder] = first.lastIndex(of: "/").map { $0 == first.startIndex ? "/" : String(first[..<$0]) } ?? "."
        }
        return indexed
    }

    func module(_ folder: String) -> TerraformModule? { folders[folder] }

    /// Evaluates every root module (a scanned folder no other scanned folder calls as a local module), on
    /// up to `workers` threads, and returns the resources of every module instance in a stable
    /// order (the roots' order, then source order), with the notes and warnings evaluation gave.
    public func evaluate(workers: Int = 2) -> (resources: [CloudResource], sources: CloudSources, diagnostics: [Diagnostic]) {
        // A root is a scanned folder no scanned folder calls (a folder read from disk is never a
        // root, and its calls do not make a scanned folder a child).
        var called: Set<String> = []
        for folder in scanned {
            for call in folders[folder]!.moduleCalls {
                if let target = call.localFolder { called.insert(target) }
            }
        }
        let roots = scanned.filter { !called.contains($0) }
        let sources = CloudSources(files)
        // Threads of their own with large stacks: evaluation recurses as deeply as expressions nest.
        let evaluated = DedicatedThread.map(roots, workers: workers, stackSize: 256 << 20) { [self] folder in
            var items: [Collected] = []
            var diagnostics: [Diagnostic] = []
            let root = ModuleInstance(module: folders[folder]!, prefix: "", inputs: [:], depth: 0, project: self)
            collect(root, into: &items, diagnostics: &diagnostics)
            let scope = projectFolders[folder] ?? folder
            let resources = items.map {
                CloudResource(type: $0.type, address: $0.address, format: .terraform, site: $0.site, attributes: $0.attributes,
                              lines: $0.lines, sources: sources, scope: scope)
            }
            return (resources, diagnostics)
        }
        let resources = evaluated.flatMap(\.0)
        return (resources, sources, evaluated.flatMap(\.1))
    }

    /// What a resource block says to Terraform rather than about the resource.
    private static let resourceMetaArguments: Set<String> = ["count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"]

    private struct Collected {
        var type: String
        var address: String
        var site: CloudSite
        var attributes: CloudValue
        var lines: ClosedRange<Int>
    }

    private func collect(_ instance: ModuleInstance, into collected: inout [Collected], diagnostics: inout [Diagnostic]) {
        let module = instance.module
        for provider in module.providers {
            let block = provider.item
            let alias = block.body.attribute("alias")?.value.literalString
            let name = block.labels[0].value + (alias.map { "." + $0 } ?? "")
            collected.append(Collected(
                type: "provider", address: instance.prefix + "provider." + name,
                site: CloudSite(file: provider.file, range: block.labels[0].range),
                attributes: instance.evaluateBody(block.body, .init(file: provider.file)),
                lines: block.range.start.line...block.range.end.line))
        }
        for (key, located) in module.resources {
            let block = located.item
            for (instanceKey, scope) in instance.instances(of: block.body, file: located.file) {
                collected.append(Collected(
                    type: block.labels[0].value, address: instance.prefix + key + ModuleInstance.suffix(instanceKey),
                    site: CloudSite(file: located.file, range: block.labels[1].range),
                    attributes: instance.evaluateBody(block.body, scope, skipping: Self.resourceMetaArguments),
                    lines: block.range.start.line...block.range.end.line))
            }
        }
        for call in module.moduleCalls {
            let block = call.block.item
            guard let source = call.source else { continue }
            guard let folder = call.localFolder else {
                let file = files[Int(call.block.file)]
                diagnostics.append(Diagnostic(
                    code: "terraform-remote-module", level: .note, file: file.display, position: block.labels[0].range.start,
                    message: "module \"\(call.name)\" comes from \(source), which is never fetched: its resources are not scanned"))
                continue
            }
            let made = instance.childInstances(call.name)
            if made.isEmpty, instance.depth < Self.maxDepth, self.module(folder) == nil {
                let file = files[Int(call.block.file)]
                diagnostics.append(Diagnostic(
                    code: "terraform-module-missing", level: .warning, file: file.display, position: block.labels[0].range.start,
                    message: "module \"\(call.name)\" points at \(source), which holds no .tf file"))
            }
            for child in made { collect(child.instance, into: &collected, diagnostics: &diagnostics) }
        }
    }
}

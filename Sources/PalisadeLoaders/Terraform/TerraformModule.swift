import PalisadeCore

/// One parsed Terraform file: `.tf` (configuration) or `.tfvars` (variable values).
public struct TerraformFile: Sendable {
    public var display: String
    public var projectPath: String
    /// The folder it lies in, as displayed and normalised (`envs/prod`): the module it belongs to.
    public var folder: String
    public var parsed: HCLParseResult
    public var isVariables: Bool
    /// `# palisade:ignore` comments, placed on resources once the module is evaluated.
    public var suppressionCandidates: [CommentCandidate] = []

    public init(display: String, projectPath: String, parsed: HCLParseResult) {
        self.display = display
        self.projectPath = projectPath
        self.folder = TerraformPaths.folder(of: display)
        self.parsed = parsed
        self.isVariables = display.hasSuffix(".tfvars") || display.hasSuffix(".tfvars.json")
    }

    /// Whether Terraform reads the file: every `.tf` of a folder, and of variable files only
    /// `terraform.tfvars` and `*.auto.tfvars` (others are given with `-var-file`).
    public var isAutoLoaded: Bool {
        guard isVariables else { return true }
        let name = TerraformPaths.baseName(display)
        return name == "terraform.tfvars" || name == "terraform.tfvars.json" || name.hasSuffix(".auto.tfvars")
            || name.hasSuffix(".auto.tfvars.json")
    }

    /// Names Terraform reads in a module folder: native syntax and JSON syntax.
    public static func isTerraformName(_ name: String) -> Bool {
        name.hasSuffix(".tf") || name.hasSuffix(".tfvars") || name.hasSuffix(".tf.json") || name.hasSuffix(".tfvars.json")
    }
}

/// A module folder: its configuration files together, since variables, locals and references
/// span files. Blocks are indexed by what references name.
struct TerraformModule: Sendable {
    struct Located<T: Sendable>: Sendable {
        var item: T
        var file: Int32
    }

    let folder: String
    var variables: [String: Located<HCLBlock>] = [:]
    var locals: [String: Located<HCLAttribute>] = [:]
    var outputs: [String: Located<HCLBlock>] = [:]
    /// `TYPE.NAME` of managed resources, in file and source order.
    var resources: [(key: String, block: Located<HCLBlock>)] = []
    var resourceIndex: [String: Located<HCLBlock>] = [:]
    /// `TYPE.NAME` of data sources.
    var data: [String: Located<HCLBlock>] = [:]
    /// A `module` block: its literal `source`, and the folder that is when it is local
    /// (worked out once here: evaluation asks for every instance of every call).
    struct Call {
        var name: String
        var block: Located<HCLBlock>
        var source: String?
        var localFolder: String?
    }

    var moduleCalls: [Call] = []
    var moduleIndex: [String: Call] = [:]
    var providers: [Located<HCLBlock>] = []
    /// Auto-loaded variable files' attributes (later files win, as in Terraform).
    var variableValues: [String: Located<HCLAttribute>] = [:]

    init(folder: String, files: [(TerraformFile, Int32)]) {
        self.folder = folder
        // Terraform reads `.tf` files in name order, then `terraform.tfvars`, then `*.auto.tfvars` in name order.
        for (file, index) in files where !file.isVariables {
            for block in file.parsed.body.blocks {
                let labels = block.labels.map(\.value)
                switch (block.type, labels.count) {
                case ("variable", 1): variables[labels[0]] = Located(item: block, file: index)
                case ("output", 1): outputs[labels[0]] = Located(item: block, file: index)
                case ("locals", 0):
                    for attribute in block.body.attributes { locals[attribute.name] = Located(item: attribute, file: index) }
                case ("resource", 2):
                    let key = labels[0] + "." + labels[1]
                    if resourceIndex[key] == nil {
                        resources.append((key, Located(item: block, file: index)))
                        resourceIndex[key] = Located(item: block, file: index)
                    }
                case ("data", 2): data[labels[0] + "." + labels[1]] = Located(item: block, file: index)
                case ("module", 1):
                    if moduleIndex[labels[0]] == nil {
                        let source = block.body.attribute("source")?.value.literalString
                        let call = Call(name: labels[0], block: Located(item: block, file: index), source: source,
                                        localFolder: source.flatMap { Self.localSource($0, from: folder) })
                        moduleCalls.append(call)
                        moduleIndex[labels[0]] = call
                    }
                case ("provider", 1): providers.append(Located(item: block, file: index))
                default: break
                }
            }
        }
        let variableFiles = files.filter { $0.0.isVariables && $0.0.isAutoLoaded }.sorted { a, b in
            let (na, nb) = (TerraformPaths.baseName(a.0.display), TerraformPaths.baseName(b.0.display))
            let (ta, tb) = (na.hasPrefix("terraform.tfvars"), nb.hasPrefix("terraform.tfvars"))
            if ta != tb { return ta }
            return na < nb
        }
        for (file, index) in variableFiles {
            for attribute in file.parsed.body.attributes { variableValues[attribute.name] = Located(item: attribute, file: index) }
        }
    }

    /// Where a module call's `source` points when it is a local folder (`./x`, `../x`); nil for
    /// registry, git, HTTP and other remote sources, which are never fetched.
    static func localSource(_ source: String, from folder: String) -> String? {
        guard source.hasPrefix("./") || source.hasPrefix("../") else { return nil }
        return TerraformPaths.join(folder, source)
    }
}

/// Lexical path handling for module folders (display paths, never resolved through the file system).
enum TerraformPaths {
    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return LexicalPath.normalise(String(path[..<slash]))
    }

    static func join(_ folder: String, _ relative: String) -> String {
        LexicalPath.normalise(folder == "." ? relative : folder + "/" + relative)
    }
}

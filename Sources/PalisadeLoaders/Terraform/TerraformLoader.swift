import PalisadeCore

/// The Terraform input family's loader: files are parsed one by one as the scan streams them
/// (`parse`), then, when the walk ends, grouped into module folders and evaluated from each root
/// (`evaluate`), for `CloudLoader` to read into the cloud model.
public enum TerraformLoader {
    /// Parses one file, keeping the `# palisade:ignore` (and `//`) comments it holds.
    public static func parse(_ bytes: [UInt8], display: String, projectPath: String) -> TerraformFile {
        if display.hasSuffix(".json") {
            // `*.tf.json` and `*.tfvars.json`: JSON has no comments, so no suppression comments.
            return TerraformFile(display: display, projectPath: projectPath, parsed: TerraformJSON.parse(bytes, file: display))
        }
        var file = TerraformFile(display: display, projectPath: projectPath, parsed: HCLParser.parse(bytes, file: display))
        if CommentDirectives.mayContain(bytes) {
            // A starter inside a string looks like a comment to the byte scan: keep only the
            // candidates the parser saw as comments.
            let comments = Set(file.parsed.comments.map(\.range.start))
            file.suppressionCandidates = CommentDirectives.find(in: bytes, starters: ["#", "//"]).filter { comments.contains($0.directive.range.start) }
        }
        return file
    }

    /// A scan's Terraform, evaluated: the resources, the files their values were read from, and
    /// the suppression comments placed on them. `CloudLoader` reads them into the cloud model.
    struct Evaluated {
        var resources: [CloudResource] = []
        var sources = CloudSources([])
        var diagnostics: [Diagnostic] = []
        /// Suppression comments placed, with the resource whose findings each may accept.
        var suppressions: [(holder: ObjectRef, comment: SuppressionComment)] = []
    }

    /// Evaluates the module folders of `files` (reading local modules outside the scan from disk,
    /// their project paths relative to `root`), roots on up to `workers` threads.
    static func evaluate(_ files: [TerraformFile], root: String?, maxFileSize: Int, workers: Int = 2) -> Evaluated {
        var diagnostics: [Diagnostic] = files.compactMap(\.parsed.diagnostic)
        var extra: [TerraformFile] = []
        let project = TerraformProject(files: files, workers: workers) { folder in
            let read = readFolder(folder, root: root, maxFileSize: maxFileSize)
            extra += read
            return read
        }
        let (resources, sources, notes) = project.evaluate(workers: workers)
        diagnostics += extra.compactMap(\.parsed.diagnostic)
        var seen = Set<String>()
        for diagnostic in notes.sorted(by: Diagnostic.reportOrder) where seen.insert("\(diagnostic.file):\(diagnostic.position?.line ?? 0):\(diagnostic.position?.column ?? 0):\(diagnostic.code)").inserted {
            diagnostics.append(diagnostic)
        }
        var suppressions: [(holder: ObjectRef, comment: SuppressionComment)] = []
        let byDisplay = Dictionary((files + extra).map { ($0.display, $0) }, uniquingKeysWith: { a, _ in a })
        var resourcesByFile: [String: [CloudResource]] = [:]
        for resource in resources { resourcesByFile[resource.ref.file, default: []].append(resource) }
        for (display, file) in byDisplay where !file.suppressionCandidates.isEmpty {
            suppressions += TerraformSuppressionComments.place(file, resources: resourcesByFile[display] ?? []) { diagnostics.append($0) }
        }
        return Evaluated(resources: resources, sources: sources, diagnostics: diagnostics, suppressions: suppressions)
    }

    /// The `.tf` files of a folder outside the scanned paths (a local module's source).
    static func readFolder(_ folder: String, root: String?, maxFileSize: Int) -> [TerraformFile] {
        guard case .success(let entries) = FileSystem.list(folder) else { return [] }
        var files: [TerraformFile] = []
        for entry in entries where entry.name.hasSuffix(".tf") || entry.name.hasSuffix(".tf.json") {
            let path = folder == "." ? entry.name : folder + "/" + entry.name
            guard case .success(let bytes) = FileSystem.read(path, limit: maxFileSize) else { continue }
            var projectPath = path
            if let root, let canonical = ProjectRoot.canonical(path) { projectPath = ProjectRoot.relative(canonical, to: root) ?? canonical }
            files.append(parse(bytes, display: path, projectPath: projectPath))
        }
        return files
    }
}

/// Where `# palisade:ignore` comments apply in Terraform: a comment at the end of a line covers
/// that line; a comment on a line of its own covers the block or attribute that starts next (above
/// a `resource` block, the whole resource). Each is held by the resources whose block holds that scope.
enum TerraformSuppressionComments {
    static func place(_ file: TerraformFile, resources: [CloudResource], warning: (Diagnostic) -> Void) -> [(ObjectRef, SuppressionComment)] {
        var placed: [(ObjectRef, SuppressionComment)] = []
        for candidate in file.suppressionCandidates {
            let directive = candidate.directive
            guard directive.isValid else {
                warning(Diagnostic(code: "invalid-suppression", level: .warning, file: file.display, position: directive.range.start,
                                   message: "`\(SuppressionComment.marker)` comment needs rule ids and a reason (and a valid expires= date): it suppresses nothing"))
                continue
            }
            let scope: SourceRange?
            if candidate.ownLine {
                scope = nextItem(after: candidate.line, in: file.parsed.body)
            } else {
                scope = SourceRange(start: SourcePosition(line: candidate.line, column: 1), end: SourcePosition(line: candidate.line + 1, column: 1))
            }
            let holders = scope.map { scope in resources.filter { $0.ref.lines?.contains(scope.start.line) == true } } ?? []
            guard let scope, !holders.isEmpty else {
                warning(Diagnostic(code: "unused-suppression", level: .warning, file: file.display, position: directive.range.start,
                                   message: "`\(SuppressionComment.marker)` comment covers no resource: remove it"))
                continue
            }
            for holder in holders { placed.append((holder.ref, SuppressionComment(file: file.display, directive: directive, scope: scope))) }
        }
        return placed
    }

    /// The range of the first block or attribute starting after `line`, looking into blocks that span it.
    static func nextItem(after line: Int, in body: HCLBody) -> SourceRange? {
        for item in body.items {
            let range = item.range
            if range.start.line > line { return range }
            if range.start.line <= line, range.end.line > line, case .block(let block) = item {
                return nextItem(after: line, in: block.body)
            }
        }
        return nil
    }
}

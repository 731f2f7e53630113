import PalisadeCore

/// One input to load: a file on disk or standard input.
public struct ScanFile: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case path(String)
        case standardInput
    }

    /// Which input family the file belongs to, which decides the loader and the rules. The seam
    /// every new family (Terraform, CloudFormation, CI workflows) plugs into: Discovery names the
    /// kind, the Scanner dispatches on it, and the family's rules report ordinary findings.
    public enum Format: Sendable, Hashable {
        /// Kubernetes YAML or JSON (and anything named explicitly that is not another family).
        case manifest
        /// A Dockerfile or Containerfile.
        case dockerfile
        /// Terraform configuration (`.tf`) or variable values (`.tfvars`): loaded a module folder at a time.
        case terraform
        /// A GitHub Actions workflow: a YAML file directly under `.github/workflows/`.
        case workflow
        /// A GitLab CI configuration: `.gitlab-ci.yml`.
        case gitlabCI
        /// Any other file: read only for secrets (and skipped there if its bytes are binary).
        case text
        /// A `*.template` file, CloudFormation's conventional name: loaded as a template when its
        /// content is one, else read only for secrets like any other file.
        case template
    }

    /// How the file is shown in reports: the path as the user wrote it, or `<stdin>`.
    public var display: String
    public var source: Source
    /// The path relative to the project root (`ProjectRoot`), which fingerprints, baselines and SARIF
    /// use, so they do not depend on how the scan named the file; the canonical absolute path for a
    /// file outside the root, and the display path when no root is set.
    public var projectPath: String
    public var format: Format
    /// The path's bytes when a name in it is not valid UTF-8: `display` and `projectPath` then show
    /// it escaped (`PathName.escaped`), and these bytes are what opens the file. Nil for every other path.
    public var rawPath: [UInt8]?

    public init(display: String, source: Source, projectPath: String? = nil, format: Format = .manifest, rawPath: [UInt8]? = nil) {
        self.display = display
        self.source = source
        self.projectPath = projectPath ?? display
        self.format = format
        self.rawPath = rawPath
    }
}

/// Walks the given paths and decides what to load: YAML and JSON manifests and Dockerfiles,
/// recursively, honouring excludes, protecting against symlink loops, recognising Helm charts and
/// Kustomize overlays.
public struct Discovery {
    public struct Options: Sendable {
        /// Exclude patterns (`PathGlob`): names, or paths relative to each scanned root.
        public var excludes: [String] = []
        /// The canonical project root (`ProjectRoot.find`) that project paths are relative to; nil
        /// leaves them as display paths.
        public var root: String?
        public init(excludes: [String] = [], root: String? = nil) {
            self.excludes = excludes
            self.root = root
        }
    }

    public struct Result: Sendable {
        public var diagnostics: [Diagnostic] = []
        /// Files looked at and left alone because Palisade reads no such format (yet).
        public var skippedFiles = 0
        /// The exclude patterns that excluded nothing, in the order given: the caller warns about
        /// them where it knows where each was written.
        public var unusedExcludes: [String] = []
    }

    /// Folders never worth descending into.
    static let ignoredDirectories: Set<String> = [".git", ".hg", ".svn", "node_modules", ".terraform", ".build"]
    /// Folders of third-party or generated files: walked for manifests and Dockerfiles, but their
    /// other files are not read for secrets (they are someone else's code, or caches of it).
    static let vendoredDirectories: Set<String> = [
        "vendor", "third_party", "bower_components", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".gradle", ".idea", ".vscode", ".next", ".nuxt", ".yarn", ".pnpm-store", "Pods", "Carthage",
    ]
    /// Extensions of files that are binary by format: never read for secrets (no read, no count
    /// of their bytes); every other file's first 8 KiB decide (a NUL byte is binary).
    static let binaryExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "heic", "avif", "pdf", "zip", "gz", "tgz",
        "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war", "ear", "class", "so", "dylib", "dll", "exe", "o", "a", "lib", "obj",
        "bin", "dat", "db", "sqlite", "sqlite3", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "m4a", "mov", "avi", "mkv",
        "wav", "flac", "ogg", "webm", "pyc", "pyo", "whl", "egg", "iso", "img", "dmg", "deb", "rpm", "apk", "ipa", "aab", "wasm",
        "npy", "npz", "pkl", "pickle", "parquet", "avro", "orc", "h5", "hdf5", "onnx", "pt", "pth", "ckpt", "safetensors",
        "tflite", "mo", "xcf", "sketch", "fig", "glb", "blend", "jks", "keystore", "p12", "pfx", "der",
    ]

    static func isBinaryName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return binaryExtensions.contains(name[name.index(after: dot)...].lowercased())
    }
    /// Palisade's own files, which a walk does not read as manifests.
    static let palisadeFiles: Set<String> = [ConfigurationLocator.fileName, Baseline.defaultFileName]
    static let manifestExtensions: Set<String> = ["yaml", "yml", "json"]
    static let kustomizationNames: Set<String> = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    let options: Options
    private let excludes: [PathGlob]
    /// Which of `excludes` excluded something.
    private var used: [Bool]
    /// The path given on the command line that the walk is under: excludes are relative to it.
    private var root = "."
    /// Called with each file to load, as soon as it is found, so loading can start while the walk
    /// goes on and no list of every file is ever held.
    let found: (ScanFile) -> Void
    private var result = Result()
    private var seenFiles: Set<FileSystem.Identity> = []
    private var seenDirectories: Set<FileSystem.Identity> = []
    private var sawStandardInput = false
    /// The explicitly named path being walked: its display form and its project path, so each file
    /// under it gets its project path by replacing the one prefix (no `realpath` per file).
    private var base: (display: String, project: String) = (".", ".")
    /// Inside a vendored folder (`vendoredDirectories`): other files are not handed out for secrets.
    private var inVendored = false

    init(options: Options, found: @escaping (ScanFile) -> Void) {
        self.options = options
        self.excludes = options.excludes.map(PathGlob.init)
        self.used = options.excludes.map { _ in false }
        self.found = found
    }

    /// Walks `paths`, calling `found` with each file to load in a deterministic order; returns the
    /// diagnostics and the count of skipped files.
    public static func discover(_ paths: [String], options: Options = Options(), found: @escaping (ScanFile) -> Void) -> Result {
        var discovery = Discovery(options: options, found: found)
        for path in paths {
            discovery.root = displayPath(path)
            // A path named on the command line in bytes that are not UTF-8 (`PathName.argument`)
            // hands its bytes down the walk, so no file below it needs a look-up.
            discovery.visit(discovery.root, explicit: true, raw: PathName.registeredBytes(discovery.root))
        }
        var result = discovery.result
        result.unusedExcludes = zip(options.excludes, discovery.used).filter { !$0.1 }.map(\.0)
        return result
    }

    /// Whether an exclude pattern matches `path` (a display path: no leading `./`), relative to the
    /// root or as shown. `orAncestor` also checks the folders above it, for files reached without
    /// walking them (the resources a kustomization lists): below the root only, so the folders a
    /// repository happens to sit in never exclude it.
    private mutating func isExcluded(_ path: String, orAncestor: Bool = false) -> Bool {
        guard !excludes.isEmpty else { return false }
        let shown = path.split(separator: "/")
        let absolute = path.hasPrefix("/")
        let relative = relativeToRoot(path).map { $0.split(separator: "/") }
        var excluded = false
        for (i, glob) in excludes.enumerated() {
            let matches = if let relative {
                glob.matches(relative, isAbsolute: false, orAncestor: orAncestor)
                    || (relative != shown && glob.matches(shown, isAbsolute: absolute, orAncestor: false))
            } else {
                glob.matches(shown, isAbsolute: absolute, orAncestor: orAncestor)
            }
            if matches {
                used[i] = true
                excluded = true
            }
        }
        return excluded
    }

    /// `path` relative to the root being scanned, or nil when it lies outside (`../base/pod.yaml`).
    private func relativeToRoot(_ path: String) -> String? {
        if root == "." { return path.hasPrefix("../") || path.hasPrefix("/") ? nil : path }
        if root == "/" { return String(path.dropFirst()) }
        guard path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    private mutating func visit(_ path: String, explicit: Bool, raw: [UInt8]? = nil) {
        if path == "-" {
            if !sawStandardInput { found(ScanFile(display: "<stdin>", source: .standardInput)) }
            sawStandardInput = true
            return
        }
        if !explicit && isExcluded(path) { return }
        let outer = base
        defer { base = outer }
        if explicit, let root = options.root {
            let canonical = ProjectRoot.canonical(path)
            base = (path, canonical.map { ProjectRoot.relative($0, to: root) ?? $0 } ?? path)
        }
        switch FileSystem.status(path, raw: raw) {
        case .failure(let failure):
            // Only complain about files we would have read; a dangling link to a PNG is not our business.
            if explicit || Self.isManifestName(path) || Self.isDockerfileName(Self.baseName(path)) || TerraformFile.isTerraformName(Self.baseName(path)) {
                result.diagnostics.append(Diagnostic(code: failure.code, level: .error, file: path, message: "\(path) \(failure.message)"))
            }
        case .success(let status):
            switch status.type {
            case .directory:
                if Self.baseName(path) == "templates", case .success = FileSystem.status(Self.parent(path) + "/Chart.yaml") {
                    // The templates of a chart, given directly: they are Go templates, not manifests.
                    result.diagnostics.append(helmChartNote(Self.parent(path)))
                    return
                }
                walk(path, raw: raw, identity: status.identity)
            case .file:
                file(path, raw: raw, identity: status.identity, explicit: explicit)
            case .other:
                if explicit {
                    // A pipe or device named explicitly (`<(helm template ...)`) is read like a file;
                    // its canonical path (`pipe:[...]`) changes every run, so it keeps its name.
                    found(ScanFile(display: path, source: .path(path), rawPath: raw))
                } else {
                    result.skippedFiles += 1
                }
            }
        }
    }

    private func scanFile(_ path: String, format: ScanFile.Format = .manifest, raw: [UInt8]? = nil) -> ScanFile {
        guard options.root != nil else { return ScanFile(display: path, source: .path(path), format: format, rawPath: raw) }
        let project: String
        if path == base.display {
            project = base.project
        } else {
            let rest = base.display == "." ? Substring(path) : path.dropFirst(base.display.count + 1)
            project = base.project == "." ? String(rest) : base.project + (base.project.hasSuffix("/") ? "" : "/") + rest
        }
        return ScanFile(display: path, source: .path(path), projectPath: project, format: format, rawPath: raw)
    }

    /// The file as a workflow when its path, as displayed or relative to the project root (`scan
    /// deploy.yml` from inside the folder), is under `.github/workflows/`.
    private func workflowFile(_ path: String, raw: [UInt8]?) -> ScanFile? {
        let file = scanFile(path, format: .workflow, raw: raw)
        return Self.isWorkflowPath(file.display) || Self.isWorkflowPath(file.projectPath) ? file : nil
    }

    private mutating func file(_ path: String, raw: [UInt8]? = nil, identity: FileSystem.Identity, explicit: Bool) {
        guard seenFiles.insert(identity).inserted else { return }
        let name = Self.baseName(path)
        if Self.kustomizationNames.contains(name) {
            kustomization(path, raw: raw)
        } else if Self.isDockerfileName(name) {
            found(scanFile(path, format: .dockerfile, raw: raw))
        } else if TerraformFile.isTerraformName(name) {
            found(scanFile(path, format: .terraform, raw: raw))
        } else if Self.isManifestName(name), let workflow = workflowFile(path, raw: raw) {
            found(workflow)
        } else if name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml" {
            found(scanFile(path, format: .gitlabCI, raw: raw))
        } else if name.hasSuffix(".template") && !Self.palisadeFiles.contains(name) {
            found(scanFile(path, format: .template, raw: raw))
        } else if explicit || (Self.isManifestName(path) && !Self.palisadeFiles.contains(name)) {
            // Palisade's own files in the tree (configuration, baseline) are not manifests: skipped unless named.
            found(scanFile(path, raw: raw))
        } else if !inVendored && !Self.isBinaryName(name) && !Self.palisadeFiles.contains(name) {
            // Every other file is read for secrets (binary content is skipped when read).
            found(scanFile(path, format: .text, raw: raw))
        } else {
            result.skippedFiles += 1
        }
    }

    /// Depth-first over a tree, with an explicit stack: no recursion, whatever the depth.
    /// `raw` is the folder's path as bytes when a name in it is not valid UTF-8 (`PathName`): every
    /// path below it then carries its bytes too.
    private mutating func walk(_ root: String, raw: [UInt8]? = nil, identity: FileSystem.Identity) {
        var stack: [(path: String, raw: [UInt8]?, identity: FileSystem.Identity, vendored: Bool)] = [(root, raw, identity, inVendored)]
        let outer = inVendored
        defer { inVendored = outer }
        while let (dir, dirRaw, id, vendored) = stack.popLast() {
            inVendored = vendored
            guard seenDirectories.insert(id).inserted else {
                result.diagnostics.append(Diagnostic(
                    code: "directory-revisited", level: .note, file: dir,
                    message: "already scanned through another path (a symlink loop or a second link to the same folder)"
                ))
                continue
            }
            let entries: [FileSystem.DirectoryEntry]
            switch FileSystem.list(dir, raw: dirRaw) {
            case .failure(let failure):
                result.diagnostics.append(Diagnostic(code: failure.code, level: .error, file: dir, message: "cannot list \(dir): \(failure.message)"))
                continue
            case .success(let e): entries = e
            }
            let isChart = entries.contains { $0.name == "Chart.yaml" }
            if isChart { result.diagnostics.append(helmChartNote(dir, raw: dirRaw)) }
            var subdirectories: [(String, [UInt8]?, FileSystem.Identity, Bool)] = []
            for entry in entries {
                let name = entry.name
                let path = dir == "/" ? "/" + name : dir == "." ? name : dir + "/" + name
                let raw = PathName.joined(dir, dirRaw, name, entry.raw)
                if isExcluded(path) { continue }
                if isChart && !Self.chartPartsToScan.contains(name) {
                    // Templates and values are Go-template inputs, not manifests: the chart note covers them.
                    continue
                }
                switch entry.type {
                case .file:
                    // The directory told us it is a regular file: no stat needed.
                    file(path, raw: raw, identity: FileSystem.Identity(device: id.device, inode: entry.inode), explicit: false)
                case .directory where Self.ignoredDirectories.contains(name):
                    continue
                case .directory, nil:
                    switch FileSystem.status(path, raw: raw) {
                    case .success(let status) where status.type == .directory:
                        if Self.ignoredDirectories.contains(name) { continue }
                        subdirectories.append((path, raw, status.identity, vendored || Self.vendoredDirectories.contains(name)))
                    default:
                        visit(path, explicit: false, raw: raw)
                    }
                case .other:
                    // Sockets, FIFOs and devices inside a tree are never read (a FIFO could block).
                    result.skippedFiles += 1
                }
            }
            // Reverse so that popping visits folders in name order.
            stack += subdirectories.reversed()
        }
    }

    /// In a chart folder only these are plain manifests: `crds/` (applied as they are) and
    /// `charts/` (sub-charts, each noted on its own).
    static let chartPartsToScan: Set<String> = ["crds", "charts"]

    /// The note for a Helm chart folder: one per chart, instead of a parse error per template.
    private func helmChartNote(_ chartDir: String, raw: [UInt8]? = nil) -> Diagnostic {
        var name = Self.baseName(chartDir)
        if case .success(let bytes) = FileSystem.read(chartDir + "/Chart.yaml", raw: raw.map { $0 + Array("/Chart.yaml".utf8) }, limit: 1 << 20) {
            YAMLLoader().load(bytes, file: chartDir + "/Chart.yaml") { root, _ in
                if let n = root["name"]?.string { name = n }
            }
        }
        return Diagnostic(
            code: "helm-chart", level: .note, file: chartDir,
            message: "Helm chart '\(name)': its templates are Go templates, not YAML, and are not scanned as they are. "
                + "Scan the rendered chart: helm template \(chartDir) | palisade scan -"
        )
    }

    /// A Kustomize overlay: noted, and the local resources it lists are scanned as they are.
    private mutating func kustomization(_ path: String, raw: [UInt8]? = nil) {
        let dir = Self.parent(path)
        var listed: [(String, SourcePosition)] = []
        switch FileSystem.read(path, raw: raw, limit: 16 << 20) {
        case .failure(let failure):
            result.diagnostics.append(Diagnostic(code: failure.code, level: .error, file: path, message: "\(path) \(failure.message)"))
            return
        case .success(let bytes):
            let error = YAMLLoader().load(bytes, file: path) { root, _ in
                for field in ["resources", "bases", "components", "crds"] {
                    for item in root[field]?.items ?? [] {
                        if let s = item.string { listed.append((s, item.range.start)) }
                    }
                }
            }
            if let error { result.diagnostics.append(error) }
        }
        result.diagnostics.append(Diagnostic(
            code: "kustomization", level: .note, file: path,
            message: "Kustomize overlay: patches, generators and transformers are not applied; the \(listed.count) "
                + "resources it lists are scanned as they are. Scan the built result: kustomize build \(dir) | palisade scan -"
        ))
        for (resource, position) in listed {
            if resource.contains("://") || resource.hasPrefix("github.com/") || resource.contains("?ref=") {
                result.diagnostics.append(Diagnostic(
                    code: "remote-resource", level: .note, file: path, position: position,
                    message: "remote resource \(resource) is not fetched: Palisade never uses the network during a scan"
                ))
                continue
            }
            let target = resource.hasPrefix("/") ? resource : (dir == "." ? resource : dir + "/" + resource)
            // In a folder whose name is not UTF-8, the target's bytes: the folder's, then the entry as written.
            let targetRaw: [UInt8]? = resource.hasPrefix("/") ? nil : raw.map { Array($0[..<($0.lastIndex(of: UInt8(ascii: "/")) ?? 0)]) + Array(("/" + resource).utf8) }
            if case .failure(let failure) = FileSystem.status(target, raw: targetRaw) {
                result.diagnostics.append(Diagnostic(
                    code: "missing-resource", level: .warning, file: path, position: position,
                    message: "lists \(resource), which \(failure.message)"
                ))
                continue
            }
            // A plain path, so a resource listed by an overlay shows as one.
            let resolved = LexicalPath.normalise(target)
            // What the user excluded stays excluded, even when an overlay lists it.
            if isExcluded(resolved, orAncestor: true) { continue }
            visit(resolved, explicit: true, raw: targetRaw)
        }
    }

    /// A path as reports show it: `./k8s/` and `k8s` both become `k8s`, and `.` lists files by their
    /// names alone, so fingerprints do not depend on how the folder was named on the command line.
    static func displayPath(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") && p.count > 2 { p = p.dropFirst(2) }
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    /// `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `api.dockerfile`, `Containerfile`,
    /// `Containerfile.dev` (and the all-lower-case `dockerfile` and `containerfile` the tools also
    /// accept); not ignore files (`Dockerfile.dockerignore`) or templates and notes beside them
    /// (`Dockerfile.j2`, `Dockerfile.md`), nor YAML or JSON (`Dockerfile.yaml` is a manifest name).
    static func isDockerfileName(_ name: String) -> Bool {
        for base in ["Dockerfile", "Containerfile"] {
            if name == base || name == base.lowercased() { return true }
            if name.hasPrefix(base + ".") {
                let suffix = name.dropFirst(base.count + 1).lowercased()
                return !suffix.isEmpty && !notDockerfileSuffixes.contains(suffix) && !isManifestName(name)
            }
        }
        return name.count > 11 && (name.hasSuffix(".Dockerfile") || name.hasSuffix(".dockerfile"))
    }

    /// A workflow GitHub runs: `*.yml` or `*.yaml` directly in a `.github/workflows` folder
    /// (GitHub reads no subfolders of it).
    public static func isWorkflowPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[parts.count - 2] == "workflows", parts[parts.count - 3] == ".github",
              let name = parts.last, name.hasSuffix(".yml") || name.hasSuffix(".yaml") else { return false }
        return true
    }

    /// Extensions that make `Dockerfile.EXT` something other than a Dockerfile.
    static let notDockerfileSuffixes: Set<String> = [
        "dockerignore", "j2", "jinja", "jinja2", "tmpl", "tpl", "template", "erb", "in", "md", "txt", "orig", "bak",
        "rej", "swp", "patch", "diff", "sh",
    ]

    public static func isManifestName(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return manifestExtensions.contains(path[path.index(after: dot)...].lowercased())
    }

    static func baseName(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// The folder `path` is in: `.` for a bare name, `/` for a top-level entry.
    public static func parent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }
}

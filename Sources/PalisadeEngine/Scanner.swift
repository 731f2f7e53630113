import PalisadeCore
import PalisadeGraph
import PalisadeLoaders
import PalisadeRules
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How one scan runs; the CLI fills it from flags and the configuration file (`ScanPlan`).
public struct ScanOptions: Sendable {
    /// Exclude patterns (`PathGlob`): names at any depth, or paths relative to each scanned root.
    public var excludes: [String] = []
    /// Where each exclude pattern was written, when a configuration file gave it: the
    /// `unused-exclude` warning points there (patterns without one came from the command line).
    public var excludeOrigins: [String: SourceLocation] = [:]
    /// Severity per rule id, replacing the rule's own for every finding it reports.
    public var severityOverrides: [String: Severity] = [:]
    /// Files larger than this are reported as input errors instead of being read.
    public var maxFileSize = 256 << 20
    /// Worker threads; 0 means one per core.
    public var jobs = 0
    public var yamlLimits = YAMLLoader.Limits()
    /// What the user told the rules (trusted registries...).
    public var settings = RuleSettings()
    /// The canonical folder project paths (fingerprints, SARIF) are relative to; nil finds it from
    /// the scanned paths (`ProjectRoot.find`).
    public var root: String?
    /// Suppressions kept apart from the scanned files: the ignore file's entries (`IgnoreFile`).
    public var ignoreFile: [SuppressionEntry] = []
    /// The day expiry dates are compared with; nil is today in UTC. Tests and `PALISADE_TODAY` set it.
    public var today: CalendarDay?
    /// Also check every line the git history of the project root added for secrets
    /// (`--git-history`), reporting the commit, so secrets removed since are found too.
    public var gitHistory = false
    /// Keep the joined estate and the cloud model in the result (`ScanResult.estate`, `.cloud`),
    /// for the attack graph.
    public var keepModels = false
    /// Score every finding's risk from the attack graph (`Finding.risk`, `ScanResult.attackPaths`),
    /// and with `sortByRisk` order the findings by it (highest first) instead of by place.
    public var riskRanking = false
    public var sortByRisk = false

    public init() {}
}

/// The pipeline: discovery feeds files to workers that load and evaluate them concurrently, then the
/// results are merged and sorted, so the result never depends on scheduling.
public struct Scanner: Sendable {
    public var options: ScanOptions
    /// Object rules, run on each object as files stream through the workers.
    public let rules: [any KubernetesRule]
    /// Estate rules, run once over the joined facts when the walk ends.
    public let estateRules: [any EstateRule]
    /// Dockerfile rules, run on each Dockerfile as files stream through the workers.
    public let dockerfileRules: [any DockerfileRule]
    /// Cloud rules, run once over the cloud model when the walk ends.
    public let cloudRules: [any CloudRule]
    /// Workflow rules, run on each GitHub Actions workflow.
    public let workflowRules: [any WorkflowRule]
    /// GitLab CI rules, run on each `.gitlab-ci.yml`.
    public let gitlabRules: [any GitLabRule]
    /// Secret rules, run on the bytes of every file read (whatever its family).
    public let secrets: SecretScan
    private let descriptions: [RuleDescription]
    /// The object rules with a scope, and its test: counted per object for the compliance check.
    private let scoped: [(id: String, test: @Sendable (KubernetesObject) -> Bool)]

    public init(options: ScanOptions = ScanOptions(), rules: [any KubernetesRule] = BuiltinRules.kubernetes,
                estateRules: [any EstateRule] = BuiltinRules.estate, dockerfileRules: [any DockerfileRule] = BuiltinRules.dockerfile,
                cloudRules: [any CloudRule] = BuiltinRules.cloud,
                workflowRules: [any WorkflowRule] = BuiltinRules.workflow, gitlabRules: [any GitLabRule] = BuiltinRules.gitlab,
                secretRules: [SecretRule] = BuiltinRules.secrets) {
        self.options = options
        self.rules = rules
        self.estateRules = estateRules
        self.dockerfileRules = dockerfileRules
        self.cloudRules = cloudRules
        self.workflowRules = workflowRules
        self.gitlabRules = gitlabRules
        self.secrets = SecretScan(secretRules)
        self.descriptions = rules.map(\.description) + estateRules.map(\.description) + dockerfileRules.map(\.description)
            + cloudRules.map(\.description) + workflowRules.map(\.description) + gitlabRules.map(\.description) + secretRules.map(\.description)
        self.scoped = rules.compactMap { rule in
            if case .objects(let test)? = rule.description.scope { return (rule.description.id, test) }
            return nil
        }
    }

    /// Scans `paths` (files, folders, `-` for standard input). `progress` is called from worker
    /// threads with the number of files done so far and the number found so far (the walk runs
    /// alongside, so the second number grows until discovery ends).
    public func scan(_ paths: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) -> ScanResult {
        let started = monotonicNanoseconds()
        let workers = self.workers
        let queue = WorkQueue<ScanFile>(capacity: 256)
        // The walk runs on a thread of its own, feeding the workers as it goes: it never holds a list
        // of every file, and no thread pool can starve it.
        let discovery = Mutex<(Discovery.Result, UInt64)?>(nil)
        let root = options.root ?? ProjectRoot.find(for: paths)
        let walker = DedicatedThread { [options] in
            let found = Discovery.discover(paths, options: Discovery.Options(excludes: options.excludes, root: root)) { queue.put($0) }
            queue.close(consumers: workers)
            discovery.withLock { $0 = (found, monotonicNanoseconds() - started) }
        }
        let done = Atomic<Int>(0)
        let finished = Mutex<[FileResult]>([])
        // Workers take files one at a time (a large file doesn't stall a fixed share) and keep one
        // accumulated result each; the final sort makes the order deterministic whatever the
        // scheduling. Threads of their own, with stacks deep enough that the HCL parser runs on
        // them rather than on a thread started for each file.
        let threads = (0..<workers).map { _ in
            DedicatedThread(stackSize: Self.workerStackSize) { [self] in
                var accumulated = FileResult()
                while let file = queue.take() {
                    accumulated.add(scanFile(file))
                    progress?(done.add(1, ordering: .relaxed).newValue, queue.produced)
                }
                finished.withLock { $0.append(accumulated) }
            }
        }
        threads.forEach { $0.join() }
        walker.join()
        let (discovered, discovering) = discovery.withLock { $0! }
        let merging = monotonicNanoseconds()
        var result = ScanResult(diagnostics: discovered.diagnostics + unusedExcludeWarnings(discovered.unusedExcludes), rules: descriptions)
        result.root = root
        result.statistics.filesSkipped = discovered.skippedFiles
        result.timings.discover = discovering
        result.timings.started = started
        // Take the workers' results out (not a copy), so their findings move rather than copy.
        var results = finished.withLock { all in
            defer { all = [] }
            return all
        }
        var merged = FileResult()
        while let fileResult = results.popLast() { merged.add(fileResult) }
        result.findings = merged.findings
        result.diagnostics += merged.diagnostics
        result.statistics.add(merged.counts)
        result.timings.add(merged.timings)
        for (k, rule) in scoped.enumerated() { result.judged[rule.id] = merged.judged.isEmpty ? 0 : merged.judged[k] }
        var ignores = merged.ignores
        let facts = merged.facts
        let cloud = merged.cloud
        merged = FileResult()  // drop its references, so appending to result.findings does not copy
        if options.gitHistory {
            let (found, diagnostics) = historySecrets(root: root)
            result.findings += found
            result.diagnostics += diagnostics
        }
        let estateStarted = monotonicNanoseconds()
        let estate = Estate(consume facts)
        if options.keepModels || options.riskRanking { result.estate = estate }
        result.findings += evaluate(estate)
        for rule in estateRules {
            if case .estate(let count)? = rule.description.scope { result.judged[rule.description.id] = count(estate) }
        }
        let models = cloud.isEmpty ? [] : loadCloud(cloud, root: root, into: &result, ignores: &ignores)
        Teardown.drop(cloud)
        // The attack graph needs only the models: it is built while the cloud rules run.
        let settings = options.settings
        let graph = options.riskRanking ? DedicatedThread.Background { [estate] in
            let building = monotonicNanoseconds()
            let ranking = RiskRanking.Prepared(AttackGraph.build(estate: estate, cloud: models, options: GraphOptions(settings)))
            return (ranking, monotonicNanoseconds() - building)
        } : nil
        if !models.isEmpty { result.findings += checkCloud(models, into: &result) }
        result.timings.estate = monotonicNanoseconds() - estateStarted
        if !ignores.isEmpty || !options.ignoreFile.isEmpty {
            let suppressor = Suppressor(today: options.today ?? CalendarDay(unixTime: time(nil)), ran: Set(descriptions.map(\.id)))
            result.diagnostics += suppressor.apply(inSource: ignores, ignoreFile: options.ignoreFile, to: &result.findings)
        }
        // One secret, one finding: after suppression, so a comment for either rule still counts as used.
        SecretOverlap.merge(&result.findings)
        if !options.severityOverrides.isEmpty { overrideSeverities(&result) }
        result.findings.sortForReport()
        if let (prepared, building) = graph?.wait() {
            let ranking = monotonicNanoseconds()
            prepared.apply(to: &result)
            if options.sortByRisk { RiskRanking.sort(&result.findings) }
            Teardown.drop(prepared)
            result.timings.graph = building + monotonicNanoseconds() - ranking
        }
        if options.keepModels { result.cloud = models } else { Teardown.drop((result.estate, models)); result.estate = nil }
        result.diagnostics.sort(by: Diagnostic.reportOrder)
        result.timings.merge = monotonicNanoseconds() - merging - result.timings.estate
        return result
    }

    /// A worker's stack: reserved, not committed (only the pages touched are). Room for the HCL
    /// parser's deepest nesting (`HCLParser.stackSize`) with a wide margin.
    static let workerStackSize = 128 << 20

    struct FileResult {
        var findings: [Finding] = []
        var diagnostics: [Diagnostic] = []
        var counts = ScanStatistics()
        var timings = PhaseTimings()
        var facts = EstateFacts()
        /// The objects with reasoned suppression comments or annotation entries.
        var ignores: [ObjectIdentifier: Suppressor.InSource] = [:]
        /// Objects each scoped rule judged, in `Scanner.scoped` order; empty until one is counted.
        var judged: [Int] = []
        /// Terraform files, plans and CloudFormation templates, evaluated together when the walk ends.
        var cloud = CloudInputs()

        mutating func add(_ other: FileResult) {
            if judged.isEmpty { judged = other.judged } else { for i in other.judged.indices { judged[i] += other.judged[i] } }
            if findings.isEmpty { findings = other.findings } else { findings += other.findings }
            diagnostics += other.diagnostics
            counts.add(other.counts)
            timings.add(other.timings)
            facts.add(other.facts)
            cloud.add(other.cloud)
            ignores.merge(other.ignores) { a, _ in a }
        }
    }

    func scanFile(_ file: ScanFile) -> FileResult {
        var result = FileResult()
        if file.format == .text && secrets.isEmpty {
            // Read only for secrets, and no secret rule runs.
            result.counts.filesSkipped = 1
            return result
        }
        let bytes: [UInt8]
        let started = monotonicNanoseconds()
        let read = FileReader.read(file, limit: options.maxFileSize)
        let loading = monotonicNanoseconds()
        result.timings.read = loading - started
        switch read {
        case .failure(let error):
            result.diagnostics.append(Diagnostic(code: error.code, level: .error, file: file.display, message: "\(file.display) \(error.message)"))
            return result
        case .success(let b): bytes = b
        }
        let binary = TextInput.looksBinary(bytes)
        if file.format == .template, !binary, CloudFormationLoader.mayContainTemplate(bytes), scanTemplate(bytes, file, into: &result) {
            // A CloudFormation template under its conventional `.template` name, detected by content.
        } else if file.format == .text || file.format == .template {
            // Any other file: only its secrets matter, and only if it is text.
            guard !binary else {
                result.counts.filesSkipped = 1
                return result
            }
            result.counts.filesScanned = 1
        } else {
            scanFamily(bytes, file, into: &result)
        }
        if !binary { scanSecrets(bytes, file, into: &result) }
        return result
    }

    /// The family branch of `scanFile`: Terraform, a Dockerfile, a CI workflow, a plan, a template or a manifest.
    func scanFamily(_ bytes: [UInt8], _ file: ScanFile, into result: inout FileResult) {
        let loading = monotonicNanoseconds()
        if file.format == .terraform {
            let started = monotonicNanoseconds()
            result.cloud.terraform.append(TerraformLoader.parse(bytes, display: file.display, projectPath: file.projectPath))
            result.counts.filesScanned = 1
            result.timings.parse = monotonicNanoseconds() - started
            return
        }
        if file.format == .dockerfile || (!Discovery.isManifestName(file.display) && DockerfileParser.looksLikeDockerfile(bytes)) {
            // Named as a Dockerfile, or given by another name (standard input, `Dockerfile-dev`)
            // and starting like one: YAML and JSON never start with `FROM` or `ARG`.
            scanDockerfile(bytes, file, into: &result)
            return
        }
        if file.format == .workflow || file.format == .gitlabCI {
            scanWorkflow(bytes, file, into: &result)
            return
        }
        // Standard input has no name to go by: a GitHub Actions workflow or a GitLab CI file is
        // recognised by its content (`CIContent`), as a Dockerfile is above.
        if file.source == .standardInput, let format = CIContent.format(of: bytes, yaml: YAMLLoader(limits: options.yamlLimits)) {
            var ci = file
            ci.format = format
            scanWorkflow(bytes, ci, into: &result)
            return
        }
        // A Terraform plan is JSON that starts like one; a file that is not one goes on as a manifest.
        if TerraformPlanLoader.mayBePlan(bytes) {
            let (plan, error) = TerraformPlanLoader.parse(bytes, display: file.display, projectPath: file.projectPath,
                                                         yaml: YAMLLoader(limits: options.yamlLimits))
            if let plan {
                result.cloud.plans.append(plan)
                result.counts.filesScanned = 1
                if let error { result.diagnostics.append(error) }
                result.timings.parse = monotonicNanoseconds() - loading
                return
            }
        }
        // A CloudFormation template is YAML or JSON too: the byte prefilter keeps the check off
        // every file that cannot be one, and a file that is not one goes on as a manifest.
        if CloudFormationLoader.mayContainTemplate(bytes), scanTemplate(bytes, file, into: &result) {
            result.timings.parse = monotonicNanoseconds() - loading
            return
        }
        let loader = ManifestLoader(yaml: YAMLLoader(limits: options.yamlLimits))
        let (counts, error) = loader.load(bytes, file: file.display, projectPath: file.projectPath,
                                          warning: { result.diagnostics.append($0) }) { object in
            let t = monotonicNanoseconds()
            evaluate(object, into: &result.findings)
            if !scoped.isEmpty {
                if result.judged.isEmpty { result.judged = [Int](repeating: 0, count: scoped.count) }
                for (k, rule) in scoped.enumerated() where rule.test(object) { result.judged[k] += 1 }
            }
            if !estateRules.isEmpty || options.keepModels || options.riskRanking { result.facts.extract(object) }
            if IgnoreAnnotation.annotation(object) != nil || !object.suppressionComments.isEmpty {
                let annotation = IgnoreAnnotation.suppressions(object)
                result.diagnostics += annotation.warnings
                let entries = object.suppressionComments.flatMap(\.entries).filter { !TextSuppressionComments.isSecretEntry($0) } + annotation.entries
                if !entries.isEmpty { result.ignores[ObjectIdentifier(object.ref)] = Suppressor.InSource(object: object.ref, entries: entries) }
            }
            result.timings.evaluate += monotonicNanoseconds() - t
        }
        result.timings.parse = monotonicNanoseconds() - loading - result.timings.evaluate
        result.counts = counts
        result.counts.filesScanned = 1
        if let error { result.diagnostics.append(error) }
    }

    /// The secret scan of a file's bytes, whatever its family: findings on the file, and the
    /// file's `palisade:ignore secret-...` comments (same line, or the line above).
    func scanSecrets(_ bytes: [UInt8], _ file: ScanFile, into result: inout FileResult) {
        guard !secrets.isEmpty else { return }
        let started = monotonicNanoseconds()
        result.counts.count(ResourceIdentity(kind: "File"))
        let ref = SecretScan.reference(file: file.display, projectPath: file.projectPath)
        let (found, note) = secrets.findings(in: bytes, on: ref)
        if let note { result.diagnostics.append(note) }
        result.findings += found
        if CommentDirectives.mayContain(bytes) {
            let comments = TextSuppressionComments.place(CommentDirectives.find(in: bytes, starters: TextSuppressionComments.starters),
                                                         file: file.display, warnInvalid: file.format == .text) { result.diagnostics.append($0) }
            let entries = comments.flatMap(\.entries).filter(TextSuppressionComments.isSecretEntry)
            if !entries.isEmpty { result.ignores[ObjectIdentifier(ref)] = Suppressor.InSource(object: ref, entries: entries) }
        }
        result.timings.evaluate += monotonicNanoseconds() - started
    }

    /// The Dockerfile branch of `scanFile`: parse (looking at the build context beside the file),
    /// then every Dockerfile rule. A file that does not parse gives its input error and no findings.
    func scanDockerfile(_ bytes: [UInt8], _ file: ScanFile, into result: inout FileResult) {
        let started = monotonicNanoseconds()
        var context = Dockerfile.BuildContext()
        if case .path(let path) = file.source { context = BuildContextInspector.inspect(dockerfile: path, raw: file.rawPath) }
        result.counts.filesScanned = 1
        switch DockerfileParser().parse(bytes, file: file.display, projectPath: file.projectPath, context: context) {
        case .failure(let error):
            result.diagnostics.append(error)
            result.timings.parse = monotonicNanoseconds() - started
        case .success(let dockerfile):
            // A Dockerfile is one resource of the estate: counted as an object of its own class, so
            // a scan of Dockerfiles alone has read something, and compliance knows they were judged.
            result.counts.objects = 1
            result.counts.count(ResourceIdentity(kind: "Dockerfile"))
            let parsed = monotonicNanoseconds()
            result.timings.parse = parsed - started
            result.findings += evaluate(dockerfile)
            if CommentDirectives.mayContain(bytes) {
                let placed = DockerfileSuppressionComments.place(CommentDirectives.find(in: bytes), in: dockerfile) { result.diagnostics.append($0) }
                for (holder, comments) in Dictionary(grouping: placed, by: { ObjectIdentifier($0.holder) }) {
                    let ref = comments[0].holder
                    result.ignores[holder] = Suppressor.InSource(object: ref, entries: comments.flatMap(\.comment.entries).filter { !TextSuppressionComments.isSecretEntry($0) })
                }
            }
            result.timings.evaluate = monotonicNanoseconds() - parsed
        }
    }

    /// The workflow branch of `scanFile`: load (our YAML loader, then the workflow's shape), then
    /// every workflow rule. A file GitHub would not run gives its input error and no findings.
    func scanWorkflow(_ bytes: [UInt8], _ file: ScanFile, into result: inout FileResult) {
        let started = monotonicNanoseconds()
        result.counts.filesScanned = 1
        let yaml = YAMLLoader(limits: options.yamlLimits)
        var warnings: [Diagnostic] = []
        defer { result.diagnostics += warnings }
        let loaded: (ObjectRef, [SuppressionComment], () -> [Finding])?
        if file.format == .gitlabCI {
            switch GitLabLoader(yaml: yaml).load(bytes, file: file.display, projectPath: file.projectPath, warning: { warnings.append($0) }) {
            case .failure(let error): result.diagnostics.append(error); loaded = nil
            case .success(let pipeline): loaded = (pipeline.ref, pipeline.suppressionComments, { evaluate(pipeline) })
            }
        } else {
            switch WorkflowLoader(yaml: yaml).load(bytes, file: file.display, projectPath: file.projectPath, warning: { warnings.append($0) }) {
            case .failure(let error): result.diagnostics.append(error); loaded = nil
            case .success(let workflow): loaded = (workflow.ref, workflow.suppressionComments, { evaluate(workflow) })
            }
        }
        let parsed = monotonicNanoseconds()
        result.timings.parse = parsed - started
        guard let (ref, comments, findings) = loaded else { return }
        // One resource of its own class, like a Dockerfile (see `scanDockerfile`).
        result.counts.documents = 1
        result.counts.objects = 1
        result.counts.count(ref.identity)
        result.findings += findings()
        let entries = comments.flatMap(\.entries)
        if !entries.isEmpty { result.ignores[ObjectIdentifier(ref)] = Suppressor.InSource(object: ref, entries: entries) }
        result.timings.evaluate = monotonicNanoseconds() - parsed
    }

    /// Runs every GitLab CI rule over one configuration.
    public func evaluate(_ pipeline: GitLabPipeline) -> [Finding] {
        runCI(gitlabRules, \.description) { rule, reporter in rule.check(pipeline, &reporter) }
    }

    /// Runs every workflow rule over one workflow.
    public func evaluate(_ workflow: Workflow) -> [Finding] {
        runCI(workflowRules, \.description) { rule, reporter in rule.check(workflow, &reporter) }
    }

    /// Each rule of a CI family with a reporter of its own; their findings in rule order.
    private func runCI<R>(_ rules: [R], _ description: (R) -> RuleDescription, _ check: (R, inout WorkflowReporter) -> Void) -> [Finding] {
        var findings: [Finding] = []
        for rule in rules {
            var reporter = WorkflowReporter(rule: description(rule), settings: options.settings)
            check(rule, &reporter)
            findings += reporter.findings
        }
        return findings
    }

    /// The CloudFormation branch of `scanFile`: keeps the file's templates for the cloud phase.
    /// False when no document of the file is a template (it is then read as a manifest).
    func scanTemplate(_ bytes: [UInt8], _ file: ScanFile, into result: inout FileResult) -> Bool {
        guard let parsed = CloudFormationLoader.parse(bytes, display: file.display, projectPath: file.projectPath,
                                                      yaml: YAMLLoader(limits: options.yamlLimits)) else { return false }
        result.cloud.cloudFormation += parsed.templates
        result.counts.filesScanned = 1
        result.counts.documents = parsed.documents
        result.counts.otherDocuments = parsed.otherDocuments
        result.diagnostics += parsed.warnings
        if let error = parsed.error { result.diagnostics.append(error) }
        return true
    }

    /// The cloud phase's loading: the scan's Terraform files, grouped into module folders and
    /// evaluated from each root (roots in parallel), its plans and its CloudFormation templates,
    /// read into one cloud model per deployment unit. Runs on a thread with a large stack, since
    /// evaluation recurses as deeply as the (bounded) expressions nest.
    func loadCloud(_ inputs: CloudInputs, root: String, into result: inout ScanResult,
                   ignores: inout [ObjectIdentifier: Suppressor.InSource]) -> [CloudModel] {
        let maxFileSize = options.maxFileSize
        let workers = self.workers
        let loading = monotonicNanoseconds()
        let loaded = DedicatedThread.run(stackSize: 256 << 20) {
            CloudLoader.load(inputs, root: root, maxFileSize: maxFileSize, workers: workers)
        }
        result.diagnostics += loaded.diagnostics
        for model in loaded.models {
            result.statistics.objects += model.resources.count
            result.statistics.count(.cloud, model.resources.count)
        }
        for (holder, comments) in Dictionary(grouping: loaded.suppressions, by: { ObjectIdentifier($0.holder) }) {
            let entries = comments.flatMap(\.comment.entries).filter { !TextSuppressionComments.isSecretEntry($0) }
            ignores[holder] = Suppressor.InSource(object: comments[0].holder, entries: (ignores[holder]?.entries ?? []) + entries)
        }
        result.timings.cloudLoad = monotonicNanoseconds() - loading
        return loaded.models
    }

    /// Every cloud rule on every unit, units on every core (they are independent), with how many
    /// resources each scoped rule judged.
    func checkCloud(_ models: [CloudModel], into result: inout ScanResult) -> [Finding] {
        let checking = monotonicNanoseconds()
        defer { result.timings.cloudRules = monotonicNanoseconds() - checking }
        let scoped = cloudRules.compactMap { rule -> (id: String, count: @Sendable (CloudModel) -> Int)? in
            if case .cloud(let count)? = rule.description.scope { (rule.description.id, count) } else { nil }
        }
        let checked = DedicatedThread.map(models, workers: workers) { [self] model in
            (findings: evaluate(model), judged: scoped.map { $0.count(model) })
        }
        for (k, rule) in scoped.enumerated() { result.judged[rule.id] = checked.reduce(0) { $0 + $1.judged[k] } }
        return checked.flatMap(\.findings)
    }

    /// Threads for the parts of a scan that run on every core.
    var workers: Int { max(options.jobs > 0 ? options.jobs : System.coreCount, 1) }

    /// Runs every cloud rule over the cloud model.
    public func evaluate(_ model: CloudModel) -> [Finding] {
        var findings: [Finding] = []
        for rule in cloudRules {
            var reporter = CloudReporter(rule: rule.description, settings: options.settings, sources: model.sources)
            rule.check(model, &reporter)
            findings += reporter.findings
        }
        return findings
    }

    /// The secrets every commit of the repository at `root` added (`git log -p --all`): findings on
    /// `Commit/<sha>:<path>`, at the line the commit gave them, the commit named in the message.
    /// A secret still in the tree is found there too, on the file.
    func historySecrets(root: String) -> (findings: [Finding], diagnostics: [Diagnostic]) {
        guard !secrets.isEmpty else { return ([], []) }
        let added: [GitHistory.Added]
        do { added = try GitHistory.added(root: root) } catch {
            return ([], [Diagnostic(code: "git-history", level: .error, file: root, message: error.description)])
        }
        var findings: [Finding] = []
        var seen = Set<String>()
        for change in added {
            let ref = ObjectRef(file: change.path, projectPath: change.path,
                                identity: ResourceIdentity(kind: "Commit", name: "\(change.commit.prefix(12)):\(change.path)"))
            for var f in secrets.findings(in: change.text, on: ref).findings {
                // The line the commit gave it, not its line among the added lines.
                let line = change.lines[min(f.range.start.line - 1, change.lines.count - 1)]
                let endLine = change.lines[min(f.range.end.line - 1, change.lines.count - 1)]
                f.range = SourceRange(start: SourcePosition(line: line, column: f.range.start.column),
                                      end: SourcePosition(line: endLine, column: f.range.end.column))
                // One report per secret, file and commit.
                guard seen.insert("\(change.commit) \(change.path) \(f.ruleId) \(f.path)").inserted else { continue }
                f.message += " (added in commit \(change.commit.prefix(12)))"
                findings.append(f)
            }
        }
        return (findings, [])
    }

    /// Runs every Dockerfile rule over one Dockerfile.
    public func evaluate(_ dockerfile: Dockerfile) -> [Finding] {
        var findings: [Finding] = []
        for rule in dockerfileRules {
            var reporter = DockerfileReporter(rule: rule.description, settings: options.settings)
            rule.check(dockerfile, &reporter)
            findings += reporter.findings
        }
        return findings
    }

    /// Runs every object rule over one object.
    public func evaluate(_ object: KubernetesObject) -> [Finding] {
        var findings: [Finding] = []
        evaluate(object, into: &findings)
        return findings
    }

    /// Runs every object rule over one object, appending to `findings` in place: the array is
    /// handed to each rule's reporter and taken back, never copied.
    public func evaluate(_ object: KubernetesObject, into findings: inout [Finding]) {
        // A huge pod (thousands of containers in one document) is one unit of work; split its
        // rules over two threads so both cores share it. The final sort makes the order the same.
        if (object.podSpec?.containers.count ?? 0) >= Self.splitThreshold && rules.count > 1 {
            // Alternate rules between the halves: neighbouring rules tend to cost alike.
            let halves = [0, 1].map { start in stride(from: start, to: rules.count, by: 2).map { rules[$0] } }
            // A thread of its own: a pool nested in the workers' pool would run the half inline.
            let other = Mutex<[Finding]>([])
            let settings = options.settings
            let helper = DedicatedThread {
                var found: [Finding] = []
                Self.run(halves[1], on: object, settings: settings, into: &found)
                other.withLock { $0 = found }
            }
            Self.run(halves[0], on: object, settings: options.settings, into: &findings)
            helper.join()
            findings += other.withLock { all in defer { all = [] }; return all }
            return
        }
        Self.run(rules, on: object, settings: options.settings, into: &findings)
    }

    /// Containers from which one pod's rules are split over two threads.
    static let splitThreshold = 2_000

    static func run(_ rules: [any KubernetesRule], on object: KubernetesObject, settings: RuleSettings, into findings: inout [Finding]) {
        for rule in rules {
            var reporter = FindingReporter(rule: rule.description, object: object, settings: settings, findings: findings)
            findings = []
            rule.check(object, &reporter)
            findings = reporter.takeFindings()
        }
    }

    /// Runs every estate rule over the joined estate.
    public func evaluate(_ estate: Estate) -> [Finding] {
        var findings: [Finding] = []
        for rule in estateRules {
            var reporter = EstateReporter(rule: rule.description, settings: options.settings)
            rule.check(estate, &reporter)
            findings += reporter.findings
        }
        return findings
    }

    /// Gives the overridden rules' findings, and their descriptions, the user's severity.
    func overrideSeverities(_ result: inout ScanResult) {
        let overrides = options.severityOverrides
        result.rules = result.rules.map { rule in overrides[rule.id].map(rule.with(severity:)) ?? rule }
        for i in result.findings.indices {
            if let severity = overrides[result.findings[i].ruleId] { result.findings[i].severity = severity }
        }
    }

    /// A warning for each exclude pattern that excluded nothing: a typo, or a path written relative
    /// to the wrong folder, silently scans what the user meant to leave out.
    func unusedExcludeWarnings(_ patterns: [String]) -> [Diagnostic] {
        patterns.map { pattern in
            let origin = options.excludeOrigins[pattern]
            return Diagnostic(
                code: "unused-exclude", level: .warning, file: origin?.file ?? "<command line>", position: origin?.range.start,
                message: "exclude pattern '\(pattern)' matched no file or folder (a name matches at any depth; "
                    + "a path is relative to the folder scanned, ** for any number of folders)"
            )
        }
    }
}

enum System {
    static var coreCount: Int {
        #if canImport(Glibc)
        return max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
        #else
        return 2
        #endif
    }
}

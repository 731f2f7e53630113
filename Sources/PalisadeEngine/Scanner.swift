import Dispatch
import PalisadeCore
import PalisadeLoaders
import PalisadeRules
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

public struct ScanOptions: Sendable {
    public var excludes: [String] = []
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
    private let descriptions: [RuleDescription]

    public init(options: ScanOptions = ScanOptions(), rules: [any KubernetesRule] = BuiltinRules.kubernetes,
                estateRules: [any EstateRule] = BuiltinRules.estate, dockerfileRules: [any DockerfileRule] = BuiltinRules.dockerfile) {
        self.options = options
        self.rules = rules
        self.estateRules = estateRules
        self.dockerfileRules = dockerfileRules
        self.descriptions = rules.map(\.description) + estateRules.map(\.description) + dockerfileRules.map(\.description)
    }

    /// Scans `paths` (files, folders, `-` for standard input). `progress` is called from worker
    /// threads with the number of files done so far and the number found so far (the walk runs
    /// alongside, so the second number grows until discovery ends).
    public func scan(_ paths: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) -> ScanResult {
        let started = monotonicNanoseconds()
        let workers = max(options.jobs > 0 ? options.jobs : System.coreCount, 1)
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
        // scheduling. The calling thread is one of them.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var accumulated = FileResult()
            while let file = queue.take() {
                accumulated.add(scanFile(file))
                progress?(done.add(1, ordering: .relaxed).newValue, queue.produced)
            }
            finished.withLock { $0.append(accumulated) }
        }
        walker.join()
        let (discovered, discovering) = discovery.withLock { $0! }
        let merging = monotonicNanoseconds()
        var result = ScanResult(diagnostics: discovered.diagnostics, rules: descriptions)
        result.root = root
        result.statistics.filesSkipped = discovered.skippedFiles
        result.timings.discover = discovering
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
        let ignores = merged.ignores
        let facts = merged.facts
        merged = FileResult()  // drop its references, so appending to result.findings does not copy
        let estateStarted = monotonicNanoseconds()
        result.findings += evaluate(Estate(consume facts))
        result.timings.estate = monotonicNanoseconds() - estateStarted
        if !ignores.isEmpty { result.diagnostics += applyIgnores(ignores, to: &result.findings) }
        result.findings.sortForReport()
        result.diagnostics.sort(by: Diagnostic.reportOrder)
        result.timings.merge = monotonicNanoseconds() - merging - result.timings.estate
        return result
    }

    struct FileResult {
        var findings: [Finding] = []
        var diagnostics: [Diagnostic] = []
        var counts = ScanStatistics()
        var timings = PhaseTimings()
        var facts = EstateFacts()
        /// The objects that carry an ignore annotation with at least one reasoned entry.
        var ignores: [ObjectIdentifier: IgnoreEntries] = [:]

        mutating func add(_ other: FileResult) {
            if findings.isEmpty { findings = other.findings } else { findings += other.findings }
            diagnostics += other.diagnostics
            counts.add(other.counts)
            timings.add(other.timings)
            facts.add(other.facts)
            ignores.merge(other.ignores) { a, _ in a }
        }
    }

    /// An object's reasoned ignore entries; holds the object so its identity stays unique.
    struct IgnoreEntries {
        let object: ObjectRef
        let entries: [IgnoreAnnotation.Entry]
    }

    func scanFile(_ file: ScanFile) -> FileResult {
        var result = FileResult()
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
        if file.format == .dockerfile {
            scanDockerfile(bytes, file, into: &result)
            return result
        }
        let loader = ManifestLoader(yaml: YAMLLoader(limits: options.yamlLimits))
        let (counts, error) = loader.load(bytes, file: file.display, projectPath: file.projectPath) { object in
            let t = monotonicNanoseconds()
            evaluate(object, into: &result.findings)
            if !estateRules.isEmpty { result.facts.extract(object) }
            if IgnoreAnnotation.annotation(object) != nil {
                let reasoned = IgnoreAnnotation.entries(object).filter { !($0.reason ?? "").isEmpty }
                if !reasoned.isEmpty { result.ignores[ObjectIdentifier(object.ref)] = IgnoreEntries(object: object.ref, entries: reasoned) }
            }
            result.timings.evaluate += monotonicNanoseconds() - t
        }
        result.timings.parse = monotonicNanoseconds() - loading - result.timings.evaluate
        result.counts = counts
        result.counts.filesScanned = 1
        if let error { result.diagnostics.append(error) }
        return result
    }

    /// The Dockerfile branch of `scanFile`: parse (looking at the build context beside the file),
    /// then every Dockerfile rule. A file that does not parse gives its input error and no findings.
    func scanDockerfile(_ bytes: [UInt8], _ file: ScanFile, into result: inout FileResult) {
        let started = monotonicNanoseconds()
        var context = Dockerfile.BuildContext()
        if case .path(let path) = file.source { context = BuildContextInspector.inspect(dockerfile: path) }
        result.counts.filesScanned = 1
        switch DockerfileParser().parse(bytes, file: file.display, projectPath: file.projectPath, context: context) {
        case .failure(let error):
            result.diagnostics.append(error)
            result.timings.parse = monotonicNanoseconds() - started
        case .success(let dockerfile):
            let parsed = monotonicNanoseconds()
            result.timings.parse = parsed - started
            result.findings += evaluate(dockerfile)
            result.timings.evaluate = monotonicNanoseconds() - parsed
        }
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

    /// Marks the findings that ignore annotations accept, and returns a warning for every entry that
    /// names an unknown rule or matched no finding (stale suppressions hide nothing and rot).
    func applyIgnores(_ ignores: [ObjectIdentifier: IgnoreEntries], to findings: inout [Finding]) -> [Diagnostic] {
        struct Use: Hashable { let object: ObjectIdentifier; let rule: String }
        var used: Set<Use> = []
        for i in findings.indices {
            guard let ignore = ignores[ObjectIdentifier(findings[i].object)],
                  let entry = ignore.entries.first(where: { $0.ruleId == findings[i].ruleId }) else { continue }
            findings[i].suppression = Suppression(kind: .annotation, reason: entry.reason ?? "",
                                                  location: SourceLocation(file: ignore.object.file, range: entry.range))
            used.insert(Use(object: ObjectIdentifier(ignore.object), rule: entry.ruleId))
        }
        let known = Set(descriptions.map(\.id))
        var warnings: [Diagnostic] = []
        for ignore in ignores.values {
            for entry in ignore.entries where !used.contains(Use(object: ObjectIdentifier(ignore.object), rule: entry.ruleId)) {
                let what = known.contains(entry.ruleId) ? "matches no finding on \(ignore.object.identity.display)" : "names no rule Palisade knows"
                warnings.append(Diagnostic(
                    code: "unused-suppression", level: .warning, file: ignore.object.file, position: entry.range.start,
                    message: "\(IgnoreAnnotation.key) entry '\(entry.ruleId)' \(what): remove it"
                ))
            }
        }
        return warnings
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

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
    /// Suppressions kept apart from the scanned files: the ignore file's entries (`IgnoreFile`).
    public var ignoreFile: [SuppressionEntry] = []
    /// The day expiry dates are compared with; nil is today in UTC. Tests and `PALISADE_TODAY` set it.
    public var today: CalendarDay?

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
    private let descriptions: [RuleDescription]

    public init(options: ScanOptions = ScanOptions(), rules: [any KubernetesRule] = BuiltinRules.kubernetes,
                estateRules: [any EstateRule] = BuiltinRules.estate) {
        self.options = options
        self.rules = rules
        self.estateRules = estateRules
        self.descriptions = rules.map(\.description) + estateRules.map(\.description)
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
        result.findings += evaluate(Estate(facts))
        result.timings.estate = monotonicNanoseconds() - estateStarted
        if !ignores.isEmpty || !options.ignoreFile.isEmpty {
            let suppressor = Suppressor(today: options.today ?? CalendarDay(unixTime: time(nil)), ran: Set(descriptions.map(\.id)))
            result.diagnostics += suppressor.apply(inSource: ignores, ignoreFile: options.ignoreFile, to: &result.findings)
        }
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
        /// The objects with reasoned suppression comments or annotation entries.
        var ignores: [ObjectIdentifier: Suppressor.InSource] = [:]

        mutating func add(_ other: FileResult) {
            if findings.isEmpty { findings = other.findings } else { findings += other.findings }
            diagnostics += other.diagnostics
            counts.add(other.counts)
            timings.add(other.timings)
            facts.add(other.facts)
            ignores.merge(other.ignores) { a, _ in a }
        }
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
        let loader = ManifestLoader(yaml: YAMLLoader(limits: options.yamlLimits))
        let (counts, error) = loader.load(bytes, file: file.display, projectPath: file.projectPath,
                                          warning: { result.diagnostics.append($0) }) { object in
            let t = monotonicNanoseconds()
            evaluate(object, into: &result.findings)
            if !estateRules.isEmpty { result.facts.extract(object) }
            if IgnoreAnnotation.annotation(object) != nil || !object.suppressionComments.isEmpty {
                let annotation = IgnoreAnnotation.suppressions(object)
                result.diagnostics += annotation.warnings
                let entries = object.suppressionComments.flatMap(\.entries) + annotation.entries
                if !entries.isEmpty { result.ignores[ObjectIdentifier(object.ref)] = Suppressor.InSource(object: object.ref, entries: entries) }
            }
            result.timings.evaluate += monotonicNanoseconds() - t
        }
        result.timings.parse = monotonicNanoseconds() - loading - result.timings.evaluate
        result.counts = counts
        result.counts.filesScanned = 1
        if let error { result.diagnostics.append(error) }
        return result
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

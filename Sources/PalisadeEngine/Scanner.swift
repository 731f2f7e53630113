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

    public init() {}
}

/// The pipeline: discovery feeds files to workers that load and evaluate them concurrently, then the
/// results are merged and sorted, so the result never depends on scheduling.
public struct Scanner: Sendable {
    public var options: ScanOptions
    public let rules: [any KubernetesRule]
    private let descriptions: [RuleDescription]

    public init(options: ScanOptions = ScanOptions(), rules: [any KubernetesRule] = BuiltinRules.kubernetes) {
        self.options = options
        self.rules = rules
        self.descriptions = rules.map(\.description)
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
        let walker = DedicatedThread { [options] in
            let found = Discovery.discover(paths, options: Discovery.Options(excludes: options.excludes)) { queue.put($0) }
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
        result.statistics.filesSkipped = discovered.skippedFiles
        result.timings.discover = discovering
        for fileResult in finished.withLock({ $0 }) {
            result.findings += fileResult.findings
            result.diagnostics += fileResult.diagnostics
            result.statistics.add(fileResult.counts)
            result.timings.add(fileResult.timings)
        }
        result.findings.sort(by: Finding.reportOrder)
        result.diagnostics.sort(by: Diagnostic.reportOrder)
        result.timings.merge = monotonicNanoseconds() - merging
        return result
    }

    struct FileResult {
        var findings: [Finding] = []
        var diagnostics: [Diagnostic] = []
        var counts = ScanStatistics()
        var timings = PhaseTimings()

        mutating func add(_ other: FileResult) {
            findings += other.findings
            diagnostics += other.diagnostics
            counts.add(other.counts)
            timings.add(other.timings)
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
        let (counts, error) = loader.load(bytes, file: file.display) { object in
            let t = monotonicNanoseconds()
            result.findings += evaluate(object)
            result.timings.evaluate += monotonicNanoseconds() - t
        }
        result.timings.parse = monotonicNanoseconds() - loading - result.timings.evaluate
        result.counts = counts
        result.counts.filesScanned = 1
        if let error { result.diagnostics.append(error) }
        return result
    }

    /// Runs every rule over one object.
    public func evaluate(_ object: KubernetesObject) -> [Finding] {
        var findings: [Finding] = []
        for (rule, description) in zip(rules, descriptions) {
            var reporter = FindingReporter(rule: description, object: object, settings: options.settings)
            rule.check(object, &reporter)
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

import ArgumentParser
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeReport
import PalisadeRules

#if canImport(Glibc)
import Glibc
#endif

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files, folders (recursively) or standard input (-) for security findings.",
        discussion: """
            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage error; \
            3 the scan could not run (or, with --strict, some input could not be read or parsed, or \
            nothing was scanned).

            Formats: text, json, sarif, junit, markdown, html (a self-contained page: attack paths drawn, findings by risk). Give --format several times, each as NAME or \
            NAME=FILE, to write several reports in one run: --format sarif=out.sarif --format text

            Configuration: the nearest .palisade.yaml in the scanned folder or above it (up to the \
            folder with .git) sets defaults; every flag wins over its key. palisade init writes one.
            """
    )

    @Argument(help: "Files or folders to scan; - reads standard input (helm template ... | palisade scan -).")
    var paths: [String] = []

    @OptionGroup(title: "Configuration (flags win over .palisade.yaml)")
    var configured: ConfigurationOptions

    @Option(name: .long, help: ArgumentHelp("Report only findings of these severities (the rules still run; the exit code follows what is shown).", valueName: "list"))
    var severity: String?

    @Flag(name: .long, help: "Report, but never exit 1 for findings (usage and scan failures still exit 2 and 3).")
    var exitZero = false

    @Flag(name: .long, help: "Text report: one line per finding, without the fix lines.")
    var compact = false

    @Flag(name: [.short, .long], help: "No progress display, and no summary line on standard error.")
    var quiet = false

    @Flag(name: .long, help: "No colours in text output (NO_COLOR in the environment does the same).")
    var noColor = false

    @Option(name: .long, help: "Largest file to read, in MiB; larger files are reported as input errors.")
    var maxFileSize: Int = 256

    @Option(name: [.short, .long], help: "Worker threads (default: one per core).")
    var jobs: Int = 0

    @Flag(name: .long, help: "Print where the time went (discover, read, parse, rules, merge, report) and the peak memory to standard error.")
    var timings = false

    @Option(name: .long, help: "Order of findings: risk (default: highest risk first, from severity, exposure and what the attack graph says they lead to) or location (file and line).")
    var sort: String = "risk"

    @Flag(name: .long, help: "Also check every line the project's git history added (git log -p --all) for secrets, naming the commit: secrets removed since are still in the history.")
    var gitHistory = false

    /// --baseline, --show-baseline, --changed-since (ChangeOptions.swift).
    @OptionGroup(title: "Baselines and pull requests")
    var changes: ChangeOptions

    // What review systems read (SARIF for code scanning, Markdown for pull-request comments).

    @Option(name: .long, help: "SARIF automationDetails.id: the category GitHub code scanning tells this run's alerts apart by (one per scanned tree, e.g. k8s-prod).")
    var sarifCategory: String?

    @Option(name: .long, help: "The folder holding the Helm chart, relative to the project root: helm's '# Source:' paths start there, and SARIF locates rendered findings at their template in it.")
    var templateBase: String?

    @Option(name: .long, help: "URL of the full report (a CI artefact, a job log): a Markdown report too long for a pull-request comment is summarised and links it.")
    var markdownLink: String?

    // Suppressions: `# palisade:ignore` comments, palisade.dev/ignore annotations, the ignore file.
    @Option(name: .long, help: "The ignore file of accepted findings (default: .palisadeignore.yaml at the project root, when there is one).")
    var ignoreFile: String?

    @Flag(name: .long, help: "List suppressed findings in text and Markdown, with their reason and where the suppression is written (otherwise one line counts them).")
    var showSuppressed = false

    struct Destination {
        var format: ReportFormat
        var file: String?
    }

    func validate() throws {
        if sort != "risk" && sort != "location" { throw ValidationError("--sort must be risk or location, not '\(sort)'.") }
        if paths.isEmpty { throw ValidationError("Give at least one file, folder or - for standard input.") }
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive.") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more.") }
        if sarifCategory?.isEmpty == true { throw ValidationError("--sarif-category needs a name, such as k8s-prod.") }
        _ = try shownSeverities()
    }

    /// `--severity high,critical` as a set; nil shows every severity.
    func shownSeverities() throws -> Set<Severity>? {
        guard let severity else { return nil }
        var shown: Set<Severity> = []
        for name in severity.split(separator: ",") {
            guard let s = Severity(name: name.trimmingSpaces) else {
                throw ValidationError("--severity takes a comma-separated list of info, low, medium, high, critical, not '\(name)'.")
            }
            shown.insert(s)
        }
        if shown.isEmpty { throw ValidationError("--severity needs at least one severity.") }
        return shown
    }

    func run() throws {
        let starting = monotonicNanoseconds()
        try checkPaths()
        // A bad baseline or an unknown revision fails before the scan, not after it.
        let changes = try self.changes.prepare(for: paths)
        var (result, plan) = try scanned()
        let setup = result.timings.started - starting
        changes.apply(to: &result)
        if let shown = try shownSeverities() { result.keepOnly(shown) }

        // How the run ends is decided before the reports are written, so they can say so
        // (SARIF's executionSuccessful).
        let outcome = Outcome(result, plan, exitZero: exitZero)

        let reporting = monotonicNanoseconds()
        for destination in plan.destinations {
            let colour = destination.file == nil && !noColor && isatty(1) == 1 && getenv("NO_COLOR") == nil
            var options = ReportOptions(failOn: plan.failOn, colour: colour, showBaseline: self.changes.showBaseline, compact: compact)
            options.executionSuccessful = outcome.status != .scanFailed
            options.sarifCategory = sarifCategory
            options.templateBase = templateBase
            options.markdownLink = markdownLink
            options.showSuppressed = showSuppressed
            if let file = destination.file {
                try writeFile(to: file) { fd in try destination.format.write(result, options: options, to: fd) }
            } else {
                // As before, a standard output that cannot be written is not an error of the scan.
                try? destination.format.write(result, options: options, to: 1)
            }
        }
        if timings {
            let t = result.timings
            let ms = { (ns: UInt64) in String(Double(ns / 10_000) / 100) + " ms" }
            printError("""
                timings (summed over workers): setup \(ms(setup)), discover \(ms(t.discover)), read \(ms(t.read)), \
                parse+model \(ms(t.parse)), rules+facts \(ms(t.evaluate)), estate \(ms(t.estate)) \
                (cloud load \(ms(t.cloudLoad)), cloud rules \(ms(t.cloudRules))), graph \(ms(t.graph)), merge+sort \(ms(t.merge)), \
                report \(ms(monotonicNanoseconds() - reporting)); peak memory \(peakMemoryMiB()) MiB
                """)
        }
        Teardown.drop(result)
        try finish(result, plan, outcome)
    }

    /// Says on standard error what the reports may not show on the terminal (nothing scanned; the
    /// one-line summary when every report went to a file), then exits as the outcome says.
    func finish(_ result: ScanResult, _ plan: ScanPlan, _ outcome: Outcome) throws {
        if let nothing = result.nothingScannedReason { printError("palisade: warning: \(nothing)") }
        if !quiet && !plan.destinations.contains(where: { $0.file == nil }) {
            let verdict = result.readNothing ? "" : " " + result.verdict(failOn: plan.failOn)
            printError("palisade: \(result.summaryLine()).\(verdict) Exit \(outcome.status.rawValue)\(outcome.reason.map { " (\($0))" } ?? "").")
        }
        if outcome.status != .clean { throw CLIError(status: outcome.status, description: outcome.reason ?? "") }
    }
}

/// How a scan ends: its exit status, and why when it is not plain from the findings.
struct Outcome {
    var status: ExitStatus
    var reason: String?

    init(_ result: ScanResult, _ plan: ScanPlan, exitZero: Bool) {
        let errors = result.inputErrors.count
        if plan.strict && errors > 0 {
            (status, reason) = (.scanFailed, "\(errors) input error(s) and --strict is set")
        } else if plan.strict && result.readNothing {
            (status, reason) = (.scanFailed, "nothing was scanned and --strict is set")
        } else if result.hasFailing(at: plan.failOn) {
            (status, reason) = exitZero ? (.clean, "--exit-zero") : (.findings, nil)
        } else {
            (status, reason) = (.clean, nil)
        }
    }
}

extension ScanCommand {
    /// A path that does not exist is a usage error (exit 2), before anything runs.
    func checkPaths() throws { try requireExisting(paths) }

    /// Runs the scan the options and configuration describe, with its progress display: what
    /// `scan` reports and `baseline create` records.
    func scanned() throws -> (ScanResult, ScanPlan) {
        var plan = try configured.plan(for: paths)
        plan.options.maxFileSize = maxFileSize << 20
        plan.options.jobs = jobs
        plan.options.gitHistory = gitHistory
        plan.options.riskRanking = true
        plan.options.sortByRisk = sort == "risk"
        try configureSuppressions(&plan.options)
        let progress = ProgressDisplay.forTerminal(enabled: !quiet)
        var update: (@Sendable (Int, Int) -> Void)?
        if let progress { update = { progress.update(done: $0, total: $1) } }
        let result = plan.scanner.scan(paths, progress: update)
        progress?.finish()
        return (result, plan)
    }

    /// The ignore file, and the day expiry dates are compared with: `PALISADE_TODAY=YYYY-MM-DD`
    /// when set (tests, reproducible CI runs), else today in UTC. Either one wrong is a usage error.
    func configureSuppressions(_ options: inout ScanOptions) throws {
        do {
            try options.loadIgnoreFile(ignoreFile, for: paths)
        } catch {
            throw CLIError(status: .usage, description: error.description)
        }
        if let text = getenv("PALISADE_TODAY").map({ String(cString: $0) }) {
            guard let day = CalendarDay(text) else {
                throw CLIError(status: .usage, description: "PALISADE_TODAY must be a date (YYYY-MM-DD), not '\(text)'")
            }
            options.today = day
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// The process's peak resident memory so far, in MiB: the high-water mark of this program's
/// memory (`VmHWM`). Not `getrusage`'s `ru_maxrss`, which Linux carries across `exec`: a process
/// spawned with `vfork` (as `posix_spawn` does) would report its parent's peak when larger.
func peakMemoryMiB() -> Int {
    let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
    var status = [UInt8](repeating: 0, count: 1 << 14)
    let count = fd < 0 ? -1 : status.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if fd >= 0 { close(fd) }
    if count > 0,
       let line = String(decoding: status[..<count], as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kib = Int(line.split(separator: " ").dropFirst().first ?? "") {
        return (kib + 1023) / 1024
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return (Int(usage.ru_maxrss) + 1023) / 1024
}

/// A path that does not exist (and is not a dangling link) is a usage error, before anything runs.
func requireExisting(_ paths: [String]) throws {
    for path in paths where path != "-" {
        var st = stat()
        if PathName.withCString(path, { stat($0, &st) }) != 0 && PathName.withCString(path, { lstat($0, &st) }) != 0 {
            throw CLIError(status: .usage, description: "\(path): no such file or folder")
        }
    }
}

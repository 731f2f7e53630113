import ArgumentParser
import PalisadeCore
import PalisadeEngine
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
            3 the scan could not run (or, with --strict, some input could not be read or parsed).

            Formats: text, json, sarif, junit, markdown. Give --format several times, each as NAME or \
            NAME=FILE, to write several reports in one run: --format sarif=out.sarif --format text
            """
    )

    @Argument(help: "Files or folders to scan; - reads standard input (helm template ... | palisade scan -).")
    var paths: [String] = []

    @Option(name: [.short, .long], help: "Output format NAME or NAME=FILE (text, json, sarif, junit, markdown). Repeatable.")
    var format: [String] = []

    @Option(name: [.short, .long], help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity: low, medium, high, critical.")
    var failOn: String = "high"

    @Flag(name: .long, help: "Exit 3 when any input could not be read or parsed.")
    var strict = false

    @Flag(name: [.short, .long], help: "No progress display.")
    var quiet = false

    @Flag(name: .long, help: "No colours in text output (NO_COLOR in the environment does the same).")
    var noColor = false

    @Option(name: .long, help: "Skip paths or names matching this glob. Repeatable.")
    var exclude: [String] = []

    @Option(name: .long, help: "Rules to run: threat-model (default: the threat catalogue), pss-baseline or pss-restricted (exactly the Pod Security Standards profile).")
    var profile: String = RuleProfile.threatModel.rawValue

    @Option(name: .long, help: "A registry images may come from (host, host/path prefix, or docker.io); repeatable. Images from others are reported.")
    var trustedRegistry: [String] = []

    @Option(name: .long, help: "Largest file to read, in MiB; larger files are reported as input errors.")
    var maxFileSize: Int = 256

    @Option(name: [.short, .long], help: "Worker threads (default: one per core).")
    var jobs: Int = 0

    @Flag(name: .long, help: "Print where the time went (discover, read, parse, rules, merge, report) to standard error.")
    var timings = false

    struct Destination {
        var format: ReportFormat
        var file: String?
    }

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file, folder or - for standard input.") }
        if Severity(name: failOn) == nil || failOn.lowercased() == "info" {
            throw ValidationError("--fail-on must be low, medium, high or critical, not '\(failOn)'.")
        }
        if RuleProfile(rawValue: profile) == nil {
            throw ValidationError("--profile must be one of \(RuleProfile.allCases.map(\.rawValue).joined(separator: ", ")), not '\(profile)'.")
        }
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive.") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more.") }
        _ = try destinations()
    }

    func destinations() throws -> [Destination] {
        var result: [Destination] = []
        for spec in format.isEmpty ? ["text"] : format {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first, let f = ReportFormat(rawValue: name.lowercased()) else {
                throw ValidationError("Unknown format '\(spec)'. Formats: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            var file = parts.count == 2 ? parts[1] : nil
            if file == nil { file = output }
            if file?.isEmpty == true { throw ValidationError("--format \(name)= needs a file name.") }
            result.append(Destination(format: f, file: file))
        }
        let toStdout = result.filter { $0.file == nil }.count
        if toStdout > 1 { throw ValidationError("Only one format can go to standard output; give the others a file: --format NAME=FILE.") }
        let files = result.compactMap(\.file)
        if Set(files).count != files.count { throw ValidationError("Two formats would write the same file.") }
        return result
    }

    func run() throws {
        for path in paths where path != "-" {
            var st = stat()
            if stat(path, &st) != 0 && lstat(path, &st) != 0 {
                throw CLIError(status: .usage, description: "\(path): no such file or folder")
            }
        }
        let threshold = Severity(name: failOn)!
        var options = ScanOptions()
        options.excludes = exclude
        options.maxFileSize = maxFileSize << 20
        options.jobs = jobs
        options.settings.trustedRegistries = trustedRegistry
        let progress = ProgressDisplay.forTerminal(enabled: !quiet)
        var update: (@Sendable (Int, Int) -> Void)?
        if let progress { update = { progress.update(done: $0, total: $1) } }
        let rules = RuleProfile(rawValue: profile)!
        let result = Scanner(options: options, rules: rules.objectRules, estateRules: rules.estateRules, dockerfileRules: rules.dockerfileRules).scan(paths, progress: update)
        progress?.finish()

        let reporting = monotonicNanoseconds()
        for destination in try destinations() {
            let colour = destination.file == nil && !noColor && isatty(1) == 1 && getenv("NO_COLOR") == nil
            let options = ReportOptions(failOn: threshold, colour: colour)
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
                timings (summed over workers): discover \(ms(t.discover)), read \(ms(t.read)), \
                parse+model \(ms(t.parse)), rules+facts \(ms(t.evaluate)), estate \(ms(t.estate)), merge+sort \(ms(t.merge)), \
                report \(ms(monotonicNanoseconds() - reporting))
                """)
        }
        if strict && !result.inputErrors.isEmpty {
            throw CLIError(status: .scanFailed, description: "\(result.inputErrors.count) input error(s) and --strict is set")
        }
        if result.hasFailing(at: threshold) { throw CLIError(status: .findings, description: "") }
    }
}

import ArgumentParser
import PalisadeCompliance
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeReport
import PalisadeRules

#if canImport(Glibc)
import Glibc
#endif

/// `palisade comply`: scans like `palisade scan`, then reads the findings as evidence for the
/// controls of compliance frameworks. The scan and the judgement live in the engine and in
/// `PalisadeCompliance`; this only parses options and writes the report.
struct ComplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comply",
        abstract: "Check compliance coverage: which framework controls the findings show passing, failing, not applicable or not covered.",
        discussion: """
            A control is passing only when a rule that evidences it ran on at least one resource it \
            examines and found nothing; failing when such a rule has a finding that is not \
            suppressed (only suppressed findings: passing with accepted exceptions); not applicable \
            when its rules ran but the scan held nothing they examine; not evaluated when none of its \
            rules ran (left out by --profile, or a rule missing a setting such as --trusted-registry); \
            not covered when no rule evidences it.

            Frameworks: \(Framework.allCases.map(\.rawValue).joined(separator: ", ")), or all (the default). \
            palisade comply --list describes them.

            Exit codes: 0 report written; 1 with --fail-on-failing, when any control of the chosen \
            frameworks is failing (accepted exceptions, not applicable, not evaluated and not covered \
            never fail); 2 usage error; 3 the scan could not run (or, with --strict, some input could \
            not be read or parsed).
            """
    )

    @Argument(help: "Files or folders to scan; - reads standard input.")
    var paths: [String] = []

    @Option(name: .long, help: "A framework id, or all (the default). Repeatable.")
    var framework: [String] = []

    @Flag(name: .long, help: "List the frameworks, their controls and how many are covered, and exit.")
    var list = false

    @Option(name: [.short, .long], help: "text (default), json, markdown or html.")
    var format: String = ComplianceFormat.text.rawValue

    @Option(name: [.short, .long], help: "Write the report to FILE instead of standard output (- is standard output).")
    var output: String?

    @Flag(name: .long, help: "Exit 1 when any control of the chosen frameworks is failing.")
    var failOnFailing = false

    @Flag(name: .long, help: "Exit 3 when any input could not be read or parsed.")
    var strict = false

    @Option(name: .long, help: "Rules to run: all (default: the threat catalogue and both Pod Security Standards profiles, since any of them is evidence), threat-model, pss-baseline or pss-restricted.")
    var profile: String = "all"

    @Option(name: .long, help: "Skip paths or names matching this glob. Repeatable.")
    var exclude: [String] = []

    @Option(name: .long, help: "A registry images may come from; repeatable. Without one, controls evidenced only by k8s-image-untrusted-registry are not evaluated.")
    var trustedRegistry: [String] = []

    @Option(name: .long, help: "Largest file to read, in MiB; larger files are reported as input errors.")
    var maxFileSize: Int = 256

    @Option(name: [.short, .long], help: "Worker threads (default: one per core).")
    var jobs: Int = 0

    @Option(name: .long, help: ArgumentHelp("Read this configuration file instead of looking for .palisade.yaml.", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Ignore any .palisade.yaml.")
    var noConfig = false

    @Flag(name: [.short, .long], help: "No progress display.")
    var quiet = false

    @Flag(name: .long, help: "No colours in text output (NO_COLOR in the environment does the same).")
    var noColor = false

    func validate() throws {
        if !list && paths.isEmpty { throw ValidationError("Give at least one file, folder or - for standard input (or --list).") }
        _ = try frameworks()
        if ComplianceFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format must be one of \(ComplianceFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'.")
        }
        if profile != "all" && RuleProfile(rawValue: profile) == nil {
            throw ValidationError("--profile must be all or one of \(RuleProfile.allCases.map(\.rawValue).joined(separator: ", ")), not '\(profile)'.")
        }
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive.") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more.") }
    }

    /// The chosen frameworks in catalogue order, each once; none given means all.
    func frameworks() throws -> [Framework] {
        var chosen = Set<Framework>()
        for name in framework.isEmpty ? ["all"] : framework {
            if name.lowercased() == "all" {
                chosen.formUnion(Framework.allCases)
            } else if let f = Framework(rawValue: name.lowercased()) {
                chosen.insert(f)
            } else {
                throw ValidationError("Unknown framework '\(name)'. Frameworks: \(Framework.allCases.map(\.rawValue).joined(separator: ", ")), or all.")
            }
        }
        return Framework.allCases.filter(chosen.contains)
    }

    func run() throws {
        let format = ComplianceFormat(rawValue: format.lowercased())!
        if list { return try writeReport(Self.list(format: format)) }
        try requireExisting(paths)
        // The scan's configuration applies, so coverage judges what `palisade scan` judges: its
        // excludes, trusted registries and rule selection (a disabled rule evidences nothing, so
        // its controls read "not evaluated"). Flags win, as for scan. The profile stays comply's.
        let configuration = try readConfiguration(config, ignoring: noConfig, for: paths)
        var options = ScanOptions()
        options.excludes = exclude.isEmpty ? (configuration.exclude ?? []).map(\.value) : exclude
        options.maxFileSize = maxFileSize << 20
        options.jobs = jobs
        options.settings.trustedRegistries = trustedRegistry.isEmpty ? configuration.trustedRegistries ?? [] : trustedRegistry
        let profile = self.profile == "all" ? nil : RuleProfile(rawValue: self.profile)!
        func selected<R>(_ rules: [R], _ description: (R) -> RuleDescription) -> [R] {
            rules.filter { rule in
                let d = description(rule)
                return (configuration.enable?.contains { $0.value.matches(d) } ?? true)
                    && !(configuration.disable?.contains { $0.value.matches(d) } ?? false)
            }
        }
        let objectRules = selected(profile?.objectRules ?? BuiltinRules.allKubernetes, \.description)
        let estateRules = selected(profile?.estateRules ?? BuiltinRules.estate, \.description)
        let dockerfileRules = selected(profile?.dockerfileRules ?? BuiltinRules.dockerfile, \.description)
        let secretRules = selected(profile?.secretRules ?? BuiltinRules.secrets, \.description)
        let cloudRules = selected(profile?.cloudRules ?? BuiltinRules.cloud, \.description)
        let workflowRules = selected(profile?.workflowRules ?? BuiltinRules.workflow, \.description)
        let gitlabRules = selected(profile?.gitlabRules ?? BuiltinRules.gitlab, \.description)
        let progress = ProgressDisplay.forTerminal(enabled: !quiet)
        var update: (@Sendable (Int, Int) -> Void)?
        if let progress { update = { progress.update(done: $0, total: $1) } }
        let scan = Scanner(options: options, rules: objectRules, estateRules: estateRules, dockerfileRules: dockerfileRules, cloudRules: cloudRules,
                           workflowRules: workflowRules, gitlabRules: gitlabRules, secretRules: secretRules)
            .scan(paths, progress: update)
        progress?.finish()

        let result = ComplianceResult(scan, frameworks: try frameworks(), rules: BuiltinRules.descriptions, settings: options.settings)
        let toFile = output != nil && output != "-"
        let colour = !toFile && !noColor && isatty(1) == 1 && getenv("NO_COLOR") == nil
        if toFile, let output {
            try writeFile(to: output) { fd in try format.write(result, colour: colour, to: fd) }
            // The terminal still learns the outcome.
            for f in result.frameworks { writeOut(ComplianceFormat.summaryLine(f) + "\n", to: 1) }
        } else {
            try? format.write(result, colour: colour, to: 1)
        }
        if strict && !scan.inputErrors.isEmpty {
            throw CLIError(status: .scanFailed, description: "\(scan.inputErrors.count) input error(s) and --strict is set")
        }
        if failOnFailing && result.hasFailing { throw CLIError(status: .findings, description: "") }
    }

    /// Writes `text` to --output or standard output.
    func writeReport(_ text: String) throws {
        if let output, output != "-" { try writeFile(text, to: output) } else { writeOut(text, to: 1) }
    }

    /// `--list`: every framework with its catalogue's size and how many controls a rule evidences.
    static func list(format: ComplianceFormat) -> String {
        let rows = Catalogue.all.map { c in
            (c, c.controls.filter { !$0.rules.isEmpty }.count)
        }
        switch format {
        case .json:
            return JSONValue.array(rows.map { c, covered in
                .object([
                    ("id", .string(c.framework.rawValue)), ("title", .string(c.framework.title)), ("version", .string(c.version)),
                    ("controls", .int(c.controls.count)), ("covered", .int(covered)), ("scope", .string(c.scope)),
                ])
            }).rendered()
        default:
            let width = rows.map(\.0.framework.rawValue.count).max() ?? 0
            return rows.map { c, covered in
                let id = c.framework.rawValue + String(repeating: " ", count: width - c.framework.rawValue.count)
                return "\(id)  \(c.framework.title) \(c.version): \(c.controls.count) controls, \(covered) covered by rules\n"
            }.joined()
        }
    }
}

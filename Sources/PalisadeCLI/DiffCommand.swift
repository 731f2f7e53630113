import ArgumentParser
import PalisadeCore
import PalisadeLoaders
import PalisadeReport

/// `palisade diff OLD.json NEW.json`: what a change fixed and what it brought, by fingerprint.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two JSON reports (palisade scan --format json): what is new, what was fixed, how many are unchanged.",
        discussion: """
            Findings are matched by fingerprint (rule, file relative to the project root, resource and \
            path inside it; never a line number). Exit codes: 0 nothing new at or above --fail-on; \
            1 new unsuppressed findings at or above it; 2 usage error or a report that cannot be read.
            """
    )

    @Argument(help: "The earlier JSON report.")
    var old: String

    @Argument(help: "The later JSON report.")
    var new: String

    @Option(name: [.short, .long], help: "text, json or markdown.")
    var format: String = DiffReport.Format.text.rawValue

    @Option(name: [.short, .long], help: "Write to FILE instead of standard output (- is standard output).")
    var output: String?

    @Option(name: .long, help: "Exit 1 when a new finding is at or above this severity: low, medium, high, critical.")
    var failOn: String = "high"

    func validate() throws {
        if DiffReport.Format(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format must be text, json or markdown, not '\(format)'.")
        }
        if Severity(name: failOn) == nil || failOn.lowercased() == "info" {
            throw ValidationError("--fail-on must be low, medium, high or critical, not '\(failOn)'.")
        }
    }

    func run() throws {
        let threshold = Severity(name: failOn)!
        let diff: ReportDiff
        do {
            diff = ReportDiff(old: try ReportFile.findings(old), new: try ReportFile.findings(new))
        } catch let error as InputFileError {
            throw CLIError(status: .usage, description: error.description)
        }
        let text = DiffReport.render(diff, format: DiffReport.Format(rawValue: format.lowercased())!, failOn: threshold)
        if let output, output != "-" { try writeFile(text, to: output) } else { writeOut(text, to: 1) }
        if !diff.failing(at: threshold).isEmpty { throw CLIError(status: .findings, description: "") }
    }
}

import ArgumentParser
import PalisadeCore
import PalisadeReport

/// `palisade baseline`: record today's findings so that later scans report only new ones.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the current findings, so that scans with --baseline report only new ones.",
        subcommands: [BaselineCreateCommand.self]
    )
}

/// `palisade baseline create PATH...`: scans as `scan` does and writes the baseline file.
struct BaselineCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write the current unsuppressed findings, by fingerprint, to a baseline file.",
        discussion: """
            Takes scan's options (rules, profile, trusted registries, excludes...), so give it the ones \
            your scans use. Writes \(Baseline.defaultFileName) at the project root (the git top level, \
            else the folder of .palisade.yaml, else the current folder) unless -o FILE says otherwise; \
            -o - writes to standard output. Fingerprints never include line numbers: moving or \
            re-indenting a resource keeps its findings in the baseline.
            """
    )

    @OptionGroup var scan: ScanCommand

    func validate() throws {
        if !scan.configured.format.isEmpty { throw ValidationError("baseline create writes a baseline file; --format does not apply.") }
        if scan.changes.baseline != nil || scan.changes.changedSince != nil || scan.changes.showBaseline {
            throw ValidationError("baseline create records every current finding; --baseline, --show-baseline and --changed-since do not apply.")
        }
    }

    func run() throws {
        try scan.checkPaths()
        let (result, plan) = try scan.scanned()
        if plan.strict && !result.inputErrors.isEmpty {
            throw CLIError(status: .scanFailed, description: "\(result.inputErrors.count) input error(s) and --strict is set; no baseline written")
        }
        if !result.inputErrors.isEmpty {
            printError("palisade: warning: \(result.inputErrors.count) input error(s); what those files hold is not in the baseline (palisade scan lists the errors)")
        }
        let baseline = Baseline(result)
        let text = BaselineReport.render(baseline)
        let destination = scan.configured.output ?? (result.root ?? ".") + "/" + Baseline.defaultFileName
        if destination == "-" {
            writeOut(text, to: 1)
        } else {
            try writeFile(text, to: destination)
            let n = baseline.entries.count
            printError("palisade: wrote \(n) finding\(n == 1 ? "" : "s") to \(destination)")
        }
    }
}

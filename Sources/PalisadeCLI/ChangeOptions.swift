import ArgumentParser
import PalisadeCore
import PalisadeLoaders

/// `scan`'s options for living with findings in pull requests: report only what a change brings,
/// against a baseline of known findings or the lines changed since a git revision.
struct ChangeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A baseline file (palisade baseline create): findings in it are counted, not listed, and never fail.",
        valueName: "FILE"))
    var baseline: String?

    @Flag(name: .long, help: "List the findings in the baseline in text and Markdown reports instead of only counting them.")
    var showBaseline = false

    @Option(name: .long, help: ArgumentHelp(
        "Report only findings on resources whose lines changed since this git revision (committed, staged, unstaged or untracked).",
        valueName: "REF"))
    var changedSince: String?

    /// The baseline and the changes, read before the scan so that a bad baseline file or an unknown
    /// revision is a usage error at once, not after a long scan.
    struct Prepared {
        var baseline: Baseline?
        var changes: ChangeSet?

        /// Marks findings against the baseline (over the whole scan), then keeps only the changed ones.
        func apply(to result: inout ScanResult) {
            if let baseline { result.apply(baseline) }
            if let changes { result.keepChanged(changes) }
        }
    }

    func prepare(for paths: [String]) throws -> Prepared {
        var prepared = Prepared()
        if let baseline {
            do {
                prepared.baseline = try BaselineFile.load(baseline)
            } catch let error as InputFileError {
                throw CLIError(status: .usage, description: "--baseline: \(error)")
            }
        }
        if let changedSince {
            do {
                prepared.changes = try GitChanges.since(changedSince, root: ProjectRoot.find(for: paths))
            } catch let error as GitChanges.Failure {
                throw CLIError(status: .usage, description: error.description)
            }
        }
        return prepared
    }
}

import PalisadeCore
import PalisadeLoaders

/// Why the ignore file cannot be used: every problem, each naming file, line and column. The CLI
/// makes it a usage error (exit 2): a scan with half an ignore file would fail or pass for the
/// wrong reasons.
public struct IgnoreFileError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

extension ScanOptions {
    /// Reads the scan's ignore file into `ignoreFile`: `explicit` (which must exist), or else
    /// `.palisadeignore.yaml` at the project root of `paths` when there is one. Sets `root` when
    /// unset, since the file's path globs are matched against paths relative to it.
    public mutating func loadIgnoreFile(_ explicit: String?, for paths: [String]) throws(IgnoreFileError) {
        let root = self.root ?? ProjectRoot.find(for: paths)
        self.root = root
        guard let file = IgnoreFile.locate(explicit: explicit, root: root) else { return }
        switch IgnoreFile.load(path: file.path, display: file.display) {
        case .success(let entries): ignoreFile = entries
        case .failure(let failure): throw IgnoreFileError(problems: failure.problems.map(\.description))
        }
    }
}

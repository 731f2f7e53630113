#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the `.palisade.yaml` that applies to a scan: the nearest one in the scanned path's folder
/// or above it, never above the repository top (the folder holding `.git`), so a scan inside one
/// repository never picks up a file from a parent folder or another checkout.
public enum ConfigurationLocator {
    public static let fileName = ".palisade.yaml"

    /// The configuration file for a scan of `path` (a file, a folder, or `-` for the current
    /// folder), shown relative to the current folder when it is in it or above it; nil when none.
    public static func find(from path: String) -> String? {
        var start = path == "-" ? "." : path
        if case .success(let status) = FileSystem.status(start), status.type != .directory {
            start = Discovery.parent(start)
        }
        guard var dir = ProjectRoot.canonical(start) else { return nil }
        while true {
            let candidate = dir == "/" ? "/" + fileName : dir + "/" + fileName
            if case .success(let status) = FileSystem.status(candidate), status.type == .file {
                return display(candidate, folder: dir)
            }
            // `.git` is a folder in a clone and a file in a worktree: either marks the top.
            if case .success = FileSystem.status(dir == "/" ? "/.git" : dir + "/.git") { return nil }
            if dir == "/" { return nil }
            dir = Discovery.parent(dir)
        }
    }

    /// `file` (in `folder`, both absolute) as the user would write it from the current folder:
    /// `.palisade.yaml`, `k8s/.palisade.yaml`, `../../.palisade.yaml`, or absolute otherwise.
    static func display(_ file: String, folder: String) -> String {
        guard let cwd = ProjectRoot.canonical(".") else { return file }
        if folder == cwd { return fileName }
        if file.hasPrefix(cwd + "/") { return String(file.dropFirst(cwd.count + 1)) }
        let above = folder == "/" ? "" : folder
        guard cwd.hasPrefix(above + "/") else { return file }
        let levels = cwd.dropFirst(above.count + 1).split(separator: "/").count
        return String(repeating: "../", count: levels) + fileName
    }
}

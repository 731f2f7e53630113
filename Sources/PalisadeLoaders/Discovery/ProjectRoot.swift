#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder every finding's path is relative to, for fingerprints, baselines and SARIF: the git
/// top level of the first scanned path, or else the nearest folder holding `.palisade.yaml`, or else
/// the current folder. So `palisade scan .`, `palisade scan k8s/` and `palisade scan /abs/repo/k8s`
/// give a file the same project path, and so the same fingerprints, locally and on a CI runner.
/// Found by walking up the file system (git is not run for this).
public enum ProjectRoot {
    /// The canonical, absolute root for a scan of `paths`.
    public static func find(for paths: [String]) -> String {
        let cwd = canonical(".") ?? "/"
        guard let first = paths.first(where: { $0 != "-" }), var dir = canonical(first) else { return cwd }
        if case .success(let status) = FileSystem.status(dir), status.type != .directory { dir = parent(dir) }
        var configFolder: String?
        while true {
            if exists(dir + (dir == "/" ? "" : "/") + ".git") { return dir }
            if configFolder == nil && exists(dir + (dir == "/" ? "" : "/") + ConfigurationLocator.fileName) { configFolder = dir }
            if dir == "/" { break }
            dir = parent(dir)
        }
        return configFolder ?? cwd
    }

    /// The absolute path with every symlink, `.` and `..` resolved, or nil when it does not exist.
    /// A path whose bytes are not valid UTF-8 comes back escaped (`PathName`), and opens still.
    public static func canonical(_ path: String) -> String? {
        guard let resolved = PathName.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        let (shown, raw) = PathName.decode(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
        if let raw { PathName.register(shown, raw) }
        return shown
    }

    /// `path` (canonical) relative to `root` (canonical), or nil when it lies outside the root.
    public static func relative(_ path: String, to root: String) -> String? {
        if path == root { return "." }
        let prefix = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    private static func exists(_ path: String) -> Bool {
        var st = stat()
        return PathName.withCString(path) { lstat($0, &st) } == 0
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}

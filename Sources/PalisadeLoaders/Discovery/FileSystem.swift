#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PalisadeCore

/// Thin, allocation-light wrappers over POSIX file calls. Foundation's FileManager follows symlinks
/// without loop protection and is slow on large trees; these calls give us inode identity for both.
enum FileSystem {
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    enum EntryType { case file, directory, other }

    struct Status {
        var type: EntryType
        var identity: Identity
        var size: Int
    }

    enum Failure: Error {
        case notFound, loop, permissionDenied, isDirectory, tooLarge(Int), other(Int32)

        var message: String {
            switch self {
            case .notFound: "does not exist (a broken symlink?)"
            case .loop: "too many levels of symbolic links (a symlink loop)"
            case .permissionDenied: "permission denied"
            case .isDirectory: "is a directory"
            case .tooLarge(let size): "is \(size) bytes, over the size limit"
            case .other(let code): String(cString: strerror(code))
            }
        }

        var code: String {
            switch self {
            case .loop: "symlink-loop"
            case .tooLarge: "too-large"
            default: "unreadable"
            }
        }

        static func from(errno code: Int32) -> Failure {
            switch code {
            case ENOENT, ENOTDIR: .notFound
            case ELOOP: .loop
            case EACCES, EPERM: .permissionDenied
            case EISDIR: .isDirectory
            default: .other(code)
            }
        }
    }

    /// `stat`, following symlinks.
    static func status(_ path: String) -> Result<Status, Failure> {
        var st = stat()
        guard stat(path, &st) == 0 else { return .failure(.from(errno: errno)) }
        let mode = st.st_mode & S_IFMT
        let type: EntryType = mode == S_IFDIR ? .directory : mode == S_IFREG ? .file : .other
        return .success(Status(
            type: type, identity: Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), size: Int(st.st_size)
        ))
    }

    struct DirectoryEntry {
        var name: String
        /// `.file` or `.directory` when the directory says so without a `stat`; nil for symlinks and
        /// file systems that do not report types, which need a `stat`.
        var type: EntryType?
        var inode: UInt64
    }

    /// The entries of a directory, sorted by name so that discovery order never depends on the file system.
    static func list(_ path: String) -> Result<[DirectoryEntry], Failure> {
        guard let dir = opendir(path) else { return .failure(.from(errno: errno)) }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let type: EntryType? = switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): .file
            case Int32(DT_DIR): .directory
            case Int32(DT_LNK), Int32(DT_UNKNOWN): nil
            default: .other
            }
            entries.append(DirectoryEntry(name: name, type: type, inode: UInt64(entry.pointee.d_ino)))
        }
        return .success(entries.sorted { $0.name < $1.name })
    }

    /// Reads a whole file, refusing files over `limit` bytes.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.from(errno: errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.from(errno: errno)) }
        let mode = st.st_mode & S_IFMT
        if mode == S_IFDIR { return .failure(.isDirectory) }
        if mode == S_IFREG { return readRegular(fd, size: Int(st.st_size), limit: limit) }
        return readAll(fd, limit: limit)
    }

    /// Reads a regular file straight into an array of its size (one allocation, no chunk copies);
    /// falls back to chunked reading if the file grows while we read.
    private static func readRegular(_ fd: Int32, size: Int, limit: Int) -> Result<[UInt8], Failure> {
        if size > limit { return .failure(.tooLarge(size)) }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }
                count += n
            }
        }
        if failure != 0 { return .failure(.from(errno: failure)) }
        if bytes.count < size { return .success(bytes) }
        // The size was right, or the file grew: read whatever follows.
        switch readAll(fd, limit: limit - bytes.count) {
        case .success(let rest): return .success(rest.isEmpty ? bytes : bytes + rest)
        case .failure(let f): return .failure(f)
        }
    }

    /// Reads a descriptor to its end (standard input, pipes, files), refusing more than `limit` bytes.
    static func readAll(_ fd: Int32, limit: Int) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.from(errno: errno))
            }
            if n == 0 { break }
            if bytes.count + n > limit { return .failure(.tooLarge(bytes.count + n)) }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return .success(bytes)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PalisadeCore
import Synchronization

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

    /// `stat`, following symlinks. `raw` is the path's bytes when a name in it is not valid UTF-8
    /// (`path` is then its escaped form, `PathName.escaped`, for display only).
    static func status(_ path: String, raw: [UInt8]? = nil) -> Result<Status, Failure> {
        var st = stat()
        guard PathName.withCString(path, raw: raw, { stat($0, &st) }) == 0 else { return .failure(.from(errno: errno)) }
        let mode = st.st_mode & S_IFMT
        let type: EntryType = mode == S_IFDIR ? .directory : mode == S_IFREG ? .file : .other
        return .success(Status(
            type: type, identity: Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), size: Int(st.st_size)
        ))
    }

    struct DirectoryEntry {
        /// The name, escaped when it is not valid UTF-8 (`PathName.escaped`).
        var name: String
        /// The name's bytes when it is not valid UTF-8 (nil for every ordinary name).
        var raw: [UInt8]? = nil
        /// `.file` or `.directory` when the directory says so without a `stat`; nil for symlinks and
        /// file systems that do not report types, which need a `stat`.
        var type: EntryType?
        var inode: UInt64
    }

    /// The entries of a directory, sorted by name so that discovery order never depends on the file system.
    static func list(_ path: String, raw: [UInt8]? = nil) -> Result<[DirectoryEntry], Failure> {
        guard let dir = PathName.withCString(path, raw: raw, { opendir($0) }) else { return .failure(.from(errno: errno)) }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(dir) {
            let (name, rawName) = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                    name.withMemoryRebound(to: UInt8.self, capacity: 256) { PathName.decode(UnsafeBufferPointer(start: $0, count: strlen(name))) }
                }
            }
            if name == "." || name == ".." { continue }
            let type: EntryType? = switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): .file
            case Int32(DT_DIR): .directory
            case Int32(DT_LNK), Int32(DT_UNKNOWN): nil
            default: .other
            }
            entries.append(DirectoryEntry(name: name, raw: rawName, type: type, inode: UInt64(entry.pointee.d_ino)))
        }
        return .success(entries.sorted { $0.name < $1.name })
    }

    /// Reads a whole file, refusing files over `limit` bytes.
    static func read(_ path: String, raw: [UInt8]? = nil, limit: Int) -> Result<[UInt8], Failure> {
        let fd = PathName.withCString(path, raw: raw) { open($0, O_RDONLY | O_CLOEXEC) }
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
        // The size was right, or the file grew: one byte tells which (most files), and only a
        // file that grew is read on to its end.
        var next: UInt8 = 0
        var n = 0
        repeat { n = Glibc.read(fd, &next, 1) } while n < 0 && errno == EINTR
        if n < 0 { return .failure(.from(errno: errno)) }
        if n == 0 { return .success(bytes) }
        if bytes.count + 1 > limit { return .failure(.tooLarge(bytes.count + 1)) }
        switch readAll(fd, limit: limit - bytes.count - 1) {
        case .success(let rest): return .success(bytes + [next] + rest)
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

/// File names that are not valid UTF-8. A Swift `String` cannot hold such bytes (`String(cString:)`
/// replaces them with U+FFFD, and the file is then never found again), so the walk keeps the raw
/// bytes for the system calls and shows the name escaped: each byte that is not part of a valid
/// UTF-8 sequence becomes `\xHH` (`bad\xFFname.yaml`); every valid name is its own spelling.
public enum PathName {
    /// The name for display, and its raw bytes when they are not valid UTF-8 (nil otherwise).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, [UInt8]?) {
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, nil) }
        return (escaped(bytes), Array(bytes))
    }

    /// `bytes` as text, each byte outside a valid UTF-8 sequence written `\xHH`.
    public static func escaped<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = ""
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        // The parser reports how many bytes an invalid sequence took, not which: they are read
        // again from a copy that advances with every scalar and error.
        var replay = Array(bytes)[...]
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                out.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                replay = replay.dropFirst(encoded.count)
            case .error(let length):
                for byte in replay.prefix(length) {
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                }
                replay = replay.dropFirst(length)
            case .emptyInput:
                return out
            }
        }
    }

    /// Paths given on the command line whose bytes are not valid UTF-8, by their escaped form, and
    /// the canonical forms found for them (`ProjectRoot.canonical`). Written before a scan starts,
    /// read by every file-system call whose path is, or lies below, one of them.
    private static let registered = Mutex<[String: [UInt8]]>([:])
    private static let anyRegistered = Atomic<Bool>(false)

    /// A command-line argument as Palisade shows and passes it on: the text itself when it is valid
    /// UTF-8; else its escaped form (`escaped`), registered so that opening that form opens the
    /// file the bytes name. Swift's `CommandLine.arguments` replaces invalid bytes with U+FFFD,
    /// which names no file: the CLI reads the raw `argv` with this instead.
    public static func argument(_ bytes: [UInt8]) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        let shown = escaped(bytes)
        register(shown, bytes)
        // Discovery shows `./x/` as `x`: the tidied form opens the same file.
        var tidy = bytes[...]
        while tidy.starts(with: [0x2E, 0x2F]) && tidy.count > 2 { tidy = tidy.dropFirst(2) }
        while tidy.count > 1 && tidy.last == 0x2F { tidy = tidy.dropLast() }
        register(escaped(tidy), Array(tidy))
        return shown
    }

    static func register(_ shown: String, _ bytes: [UInt8]) {
        registered.withLock { $0[shown] = bytes }
        anyRegistered.store(true, ordering: .releasing)
    }

    /// The bytes `path` stands for when it is a registered path or lies below one (the longest
    /// such prefix wins); nil for every other path, at the cost of one flag read when none is registered.
    static func registeredBytes(_ path: String) -> [UInt8]? {
        guard anyRegistered.load(ordering: .acquiring), path.contains("\\x") else { return nil }
        return registered.withLock { table in
            if let exact = table[path] { return exact }
            var best: (count: Int, bytes: [UInt8])?
            for (shown, bytes) in table where shown.count > (best?.count ?? 0) && path.hasPrefix(shown) {
                let rest = path.dropFirst(shown.count)
                if rest.first == "/" || shown.hasSuffix("/") { best = (shown.count, bytes + Array(rest.utf8)) }
            }
            return best?.bytes
        }
    }

    /// Calls `body` with the path as C string: the raw bytes when given (or registered, see
    /// `argument`), else the string.
    public static func withCString<R>(_ path: String, raw: [UInt8]? = nil, _ body: (UnsafePointer<CChar>) -> R) -> R {
        guard let raw = raw ?? registeredBytes(path) else { return path.withCString(body) }
        return (raw + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count, body)
        }
    }

    /// `parent/name` as raw bytes, when either part has them.
    static func joined(_ parent: String, _ parentRaw: [UInt8]?, _ name: String, _ nameRaw: [UInt8]?) -> [UInt8]? {
        guard parentRaw != nil || nameRaw != nil else { return nil }
        let dir = parentRaw ?? Array(parent.utf8)
        let separator: [UInt8] = dir == [UInt8(ascii: "/")] ? [] : [UInt8(ascii: "/")]
        return (parent == "." && parentRaw == nil ? [] : dir + separator) + (nameRaw ?? Array(name.utf8))
    }
}

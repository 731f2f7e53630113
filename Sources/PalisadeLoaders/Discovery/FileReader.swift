/// Why a file could not be read, for an input error.
public struct FileReadError: Error, Sendable {
    /// `unreadable`, `symlink-loop` or `too-large`.
    public let code: String
    public let message: String
}

/// Reads the inputs discovery chose, whole, refusing anything over the size limit.
public enum FileReader {
    public static func read(_ file: ScanFile, limit: Int) -> Result<[UInt8], FileReadError> {
        let result = switch file.source {
        case .path(let path): FileSystem.read(path, raw: file.rawPath, limit: limit)
        case .standardInput: FileSystem.readAll(0, limit: limit)
        }
        return result.mapError { FileReadError(code: $0.code, message: $0.message) }
    }

    /// Reads a file by path (a configuration or ignore file), refusing anything over `limit` bytes.
    public static func read(path: String, limit: Int) -> Result<[UInt8], FileReadError> {
        FileSystem.read(path, limit: limit).mapError { FileReadError(code: $0.code, message: $0.message) }
    }
}

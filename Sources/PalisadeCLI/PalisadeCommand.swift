import ArgumentParser
import PalisadeCore
import PalisadeLoaders
import PalisadeReport

#if canImport(Glibc)
import Glibc
#endif

/// Exit codes, as CI reads them.
public enum ExitStatus: Int32, Sendable {
    /// No finding at or above the failure threshold.
    case clean = 0
    /// Findings at or above the failure threshold.
    case findings = 1
    /// The command line was wrong.
    case usage = 2
    /// The scan could not run, or (with --strict) some input could not be read.
    case scanFailed = 3
}

/// A failure the CLI turns into a message and an exit code.
struct CLIError: Error, CustomStringConvertible {
    var status: ExitStatus
    var description: String
}

public struct PalisadeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "palisade",
        abstract: "Threat-model-first security scanner for cloud-native estates.",
        discussion: "Scans Kubernetes manifests (Helm and Kustomize output included), Dockerfiles, Terraform, CloudFormation, GitHub Actions and GitLab CI workflows, and every text file (for committed secrets) for what an attacker would use first, and reports compliance coverage from the same findings.",
        version: PalisadeVersion.current,
        subcommands: [ScanCommand.self, PathsCommand.self, BlastRadiusCommand.self, BaselineCommand.self, DiffCommand.self, RulesCommand.self, ComplyCommand.self, InitCommand.self]
    )

    public init() {}

    /// Parses the arguments, runs, and exits with Palisade's exit codes (never ArgumentParser's 64).
    public static func run(_ arguments: [String]? = nil) -> Never {
        // The process exits when the command returns: what a scan built is never freed.
        Teardown.skipAtExit()
        do {
            var command = try parseAsRoot(arguments ?? rawArguments())
            try command.run()
            Glibc.exit(ExitStatus.clean.rawValue)
        } catch let error as CLIError {
            if !error.description.isEmpty { printError("palisade: \(error.description)") }
            Glibc.exit(error.status.rawValue)
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version.
                Self.exit(withError: error)
            }
            printError(fullMessage(for: error))
            Glibc.exit(ExitStatus.usage.rawValue)
        }
    }
}

/// The arguments as `argv` holds them, each that is not valid UTF-8 (a file name in another
/// encoding) in its escaped form, which opens the file (`PathName.argument`).
func rawArguments() -> [String] {
    (1..<Int(CommandLine.argc)).map { i in
        guard let arg = CommandLine.unsafeArgv[i] else { return "" }
        return PathName.argument(Array(UnsafeBufferPointer(start: UnsafeRawPointer(arg).assumingMemoryBound(to: UInt8.self), count: strlen(arg))))
    }
}

func printError(_ message: String) {
    writeOut(message.hasSuffix("\n") ? message : message + "\n", to: 2)
}

/// Writes all of `text` to a file descriptor (1 standard output, 2 standard error).
@discardableResult
func writeOut(_ text: String, to fd: Int32) -> Bool {
    var text = text
    return text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}

/// Writes a whole file, or fails with exit status 3.
func writeFile(_ text: String, to path: String) throws {
    try writeFile(to: path) { fd in
        if !writeOut(text, to: fd) { throw ReportWriteError(errno: errno) }
    }
}

/// Creates (or truncates) `path` and lets `body` write to its descriptor; an open or write
/// failure is exit status 3.
func writeFile(to path: String, _ body: (Int32) throws -> Void) throws {
    let fd = PathName.withCString(path) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
    guard fd >= 0 else {
        throw CLIError(status: .scanFailed, description: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    do {
        try body(fd)
    } catch let error as ReportWriteError {
        throw CLIError(status: .scanFailed, description: "cannot write \(path): \(error)")
    }
}

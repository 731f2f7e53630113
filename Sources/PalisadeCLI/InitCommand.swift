import ArgumentParser
import PalisadeEngine
import PalisadeLoaders

#if canImport(Glibc)
import Glibc
#endif

/// `palisade init`: a commented starter configuration in the current folder.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter .palisade.yaml in the current folder."
    )

    @Flag(name: .long, help: "Replace an existing .palisade.yaml.")
    var force = false

    func run() throws {
        let file = ConfigurationLocator.fileName
        var st = stat()
        if !force && lstat(file, &st) == 0 {
            throw CLIError(status: .usage, description: "\(file) already exists; edit it, or give --force to replace it with the starter")
        }
        try writeFile(StarterConfiguration.text, to: file)
        printError("palisade: wrote \(file); scans of this folder and below now use it")
    }
}

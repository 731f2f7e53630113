import PalisadeCore

/// An OS package installation in a RUN (`apt-get install`, `apk add`, `dnf install`), read once
/// for the three package rules.
struct PackageInstall {
    enum Manager { case apt, apk, rpm }

    let manager: Manager
    /// `apt-get`, `apt`, `apk`, `dnf`, `yum`, `microdnf`.
    let tool: String
    let run: RunScript
    let invocation: ShellScript.Invocation
    /// The tool's name word, where findings about the whole install point.
    let toolWord: ShellScript.Word
    /// Every option, as written (`-y`, `--no-cache`, `APT::Install-Recommends=false` after `-o`).
    let options: [String]
    /// The packages asked for.
    let packages: [ShellScript.Word]

    static let tools: [String: Manager] = ["apt-get": .apt, "apt": .apt, "apk": .apk, "dnf": .rpm, "yum": .rpm, "microdnf": .rpm]
    static let installSubcommands: Set<String> = ["install", "add"]
    /// Options that take the next word as their value, per manager.
    static let valued: [Manager: Set<String>] = [
        .apt: ["-o", "-t", "-c", "--option", "--target-release", "--config-file"],
        .apk: ["-t", "--virtual", "-X", "--repository", "--root", "-p", "--arch", "--keys-dir", "--repositories-file", "--cache-dir"],
        .rpm: ["--setopt", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "-c", "--config"],
    ]

    init?(_ command: ShellScript.Command, in run: RunScript) {
        guard let invocation = ShellScript.invocation(command), let manager = Self.tools[invocation.name] else { return nil }
        var options: [String] = []
        var operands: [ShellScript.Word] = []
        var takesValue = false
        for word in invocation.arguments {
            if takesValue { options.append(word.text); takesValue = false; continue }
            if word.text.hasPrefix("-") {
                options.append(word.text)
                takesValue = Self.valued[manager]!.contains(word.text)
            } else {
                operands.append(word)
            }
        }
        guard let subcommand = operands.first, Self.installSubcommands.contains(subcommand.text) else { return nil }
        self.manager = manager
        self.tool = invocation.name
        self.run = run
        self.invocation = invocation
        self.toolWord = command.words[invocation.nameIndex]
        self.options = options
        self.packages = Array(operands.dropFirst())
    }

    /// Whether the RUN (any of its scripts) or a cache mount keeps the package manager's cache and
    /// lists out of the layer.
    func cleansUp(_ scripts: [RunScript]) -> Bool {
        let cacheDirectories: [String] = switch manager {
        case .apt: ["/var/lib/apt"]
        case .apk: ["/var/cache/apk", "/etc/apk/cache"]
        case .rpm: ["/var/cache/dnf", "/var/cache/yum"]
        }
        if manager == .apk && options.contains("--no-cache") { return true }
        for flag in run.instruction.flags where flag.name == "mount" {
            let parts = (flag.value ?? "").split(separator: ",")
            guard parts.contains("type=cache") else { continue }
            if parts.contains(where: { part in cacheDirectories.contains { part == "target=\($0)" || part.hasPrefix("target=\($0)/") || part == "dst=\($0)" } }) { return true }
        }
        let removed: [String] = switch manager {
        case .apt: ["/var/lib/apt/lists"]
        case .apk: ["/var/cache/apk"]
        case .rpm: ["/var/cache/dnf", "/var/cache/yum"]
        }
        for script in scripts where script.instruction.keywordRange == run.instruction.keywordRange {
            for command in script.script.commands {
                guard let invocation = ShellScript.invocation(command) else { continue }
                if invocation.name == "rm", invocation.arguments.contains(where: { word in removed.contains { Self.removes(word.text, $0) } }) { return true }
                if manager == .rpm, Self.tools[invocation.name] == .rpm,
                   invocation.arguments.map(\.text).filter({ !$0.hasPrefix("-") }).starts(with: ["clean", "all"]) { return true }
            }
        }
        return false
    }

    /// Whether `rm` of `argument` removes `target`: the path itself, anything inside it
    /// (`/var/lib/apt/lists/*`), or a folder holding it (`/var/lib/apt`), with one brace list
    /// expanded (`/var/lib/{apt,dpkg}/`).
    static func removes(_ argument: String, _ target: String) -> Bool {
        if let open = argument.firstIndex(of: "{"), let close = argument[open...].firstIndex(of: "}") {
            let head = argument[..<open], tail = argument[argument.index(after: close)...]
            return argument[argument.index(after: open)..<close].split(separator: ",").contains { removes(String(head + $0 + tail), target) }
        }
        var path = Substring(argument)
        while path.hasSuffix("/*") || path.hasSuffix("/") { path = path.hasSuffix("*") ? path.dropLast(2) : path.dropLast() }
        guard path.count > 1, path.hasPrefix("/") else { return false }
        return path.hasPrefix(target) || target.hasPrefix(path + "/")
    }

    /// Packages asked for without a version (`curl`, not `curl=8.5.0-2` or `curl~8`); nil for
    /// rpm tools, whose versions cannot be told from names (`python3-pip`).
    var unpinned: [ShellScript.Word]? {
        let markers: [Character] = switch manager {
        case .apt: ["="]
        case .apk: ["=", "~", "<", ">"]
        case .rpm: []
        }
        guard !markers.isEmpty else { return nil }
        return packages.filter { word in
            let text = word.text
            let local = text.hasPrefix("/") || text.hasPrefix("./") || text.hasSuffix(".deb") || text.hasSuffix(".apk")
            return !local && !text.contains("$") && !text.contains("*") && !text.contains(where: markers.contains)
        }
    }
}

extension PackageInstall {
    /// The package installations in a stage's scripts (`Dockerfile.runScripts`).
    static func all(in scripts: [RunScript]) -> [PackageInstall] {
        scripts.flatMap { run in run.script.commands.compactMap { PackageInstall($0, in: run) } }
    }
}

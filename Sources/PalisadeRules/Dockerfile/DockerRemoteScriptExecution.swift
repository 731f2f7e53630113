import PalisadeCore

/// `curl ... | sh`: code fetched at build time and run without being looked at or verified.
public struct DockerRemoteScriptExecution: DockerfileRule {
    public init() {}

    public let description = RuleDescription(
        id: "docker-remote-script-execution",
        title: "RUN executes a script straight from the network",
        severity: .high,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002", "T1105", "T1059.004"],
        appliesTo: [.dockerfile],
        rationale: """
            `curl https://get.example.com | sh` runs whatever the server returns at build time, as root \
            in the build: the script is never reviewed, never pinned and never verified, and a \
            compromised download site, a hijacked domain or (over `http://`) anyone on the network \
            path owns every image built afterwards. Servers can even tell a pipe to a shell from a \
            browser and serve a different script. The rule follows the download to the interpreter: \
            `curl | sh`, `wget -O- | bash`, through `sudo`, `tee` or `gunzip`, `bash <(curl ...)`, \
            `source <(...)`, `sh -c "$(curl ...)"` and `eval "$(wget -qO- ...)"`, in RUN lines and \
            heredoc scripts. A download written to a file (`curl -o`) is not reported: verifying it \
            with a checksum before running it is the fix; so is a curl piped to a command that does \
            not run it (`| tar -xz`, `| sha256sum`) or an interpreter given a script file.
            """,
        remediation: "Download to a file, verify it (`echo \"<sha256>  install.sh\" | sha256sum -c -`), then run it; better, install a pinned package or copy the tool from a pinned image.",
        references: [
            "https://docs.docker.com/build/building/best-practices/#run",
            "https://www.idontplaydarts.com/2016/04/detecting-curl-pipe-bash-server-side/",
        ],
        goodExamples: [
            """
            FROM debian:bookworm-slim
            RUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \\
             && echo "8f14e45fceea167a5a36dedd4bea2543c1c8a6e0b5f3a2d1e0c9b8a7f6e5d4c3  /tmp/install.sh" | sha256sum -c - \\
             && sh /tmp/install.sh
            RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
            RUN wget -qO- https://example.com/data.json | python3 /opt/import.py
            RUN curl -s https://example.com/key.asc > /etc/apt/keyrings/example.asc | sh
            RUN echo 'curl https://example.com | sh' > /usr/local/share/doc.txt
            RUN export VERSION="$(curl -fsSL https://example.com/latest)" && echo "$VERSION"
            """,
        ],
        badExamples: [
            """
            FROM ubuntu:24.04
            RUN apt-get update && ↓curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -
            RUN ↓wget -qO- http://get.example.com | tee /tmp/install.log | sh -s -- --yes
            RUN bash <(↓curl -s https://example.com/bootstrap.sh)
            RUN sh -c "$(↓curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
            RUN <<EOF
            set -e
            ↓curl -sSf https://sh.rustup.rs | sh -s -- -y
            EOF
            """,
            """
            FROM python:3.12-slim
            RUN ["/bin/sh", "-c", "↓curl -sSL https://install.python-poetry.org | python3 -"]
            """,
        ],
        input: .dockerfile
    )

    public func check(_ dockerfile: Dockerfile, _ report: inout DockerfileReporter) {
        for (stage, scripts) in zip(dockerfile.stages, dockerfile.runScripts) {
            for run in scripts {
                let commands = run.script.commands
                for (index, command) in commands.enumerated() {
                    guard let fetch = ShellScript.invocation(command), let url = Self.fetchesToStandardOutput(fetch),
                          !command.stdoutRedirected, let runner = Self.runner(of: index, in: commands) else { continue }
                    let word = command.words[fetch.nameIndex]
                    report.report(
                        stage, run.script.range(word), path: "RUN[\(fetch.name) \(url) | \(runner)]",
                        message: "RUN pipes what \(fetch.name) downloads from \(url) into \(runner): whoever controls that server\(url.hasPrefix("http://") ? " or the network path to it (plain HTTP)" : "") runs code in the build, unreviewed and unverified."
                    )
                }
            }
        }
    }

    /// The interpreter that runs command `index`'s output as a program, if any: down its pipe
    /// (past pass-through filters), or the command it is substituted into.
    static func runner(of index: Int, in commands: [ShellScript.Command]) -> String? {
        let command = commands[index]
        if let parent = command.parent, let outer = ShellScript.invocation(commands[parent]) {
            switch command.nesting {
            case .processInput?:
                // `bash <(curl ...)`, `source <(curl ...)`.
                return interpreters.contains(outer.name) || outer.name == "source" || outer.name == "." ? outer.name : nil
            case .command?:
                // `sh -c "$(curl ...)"`, `eval "$(curl ...)"`: the substitution is the whole program
                // (`sh -c "echo $(curl ...)"` only prints it).
                guard let wordIndex = command.parentWord, wordIndex < commands[parent].words.count else { return nil }
                let word = commands[parent].words[wordIndex].text
                guard word.hasPrefix("$(") || word.hasPrefix("`") else { return nil }
                if outer.name == "eval" { return "eval" }
                guard interpreters.contains(outer.name), wordIndex > outer.nameIndex + 1 else { return nil }
                let previous = commands[parent].words[wordIndex - 1].text
                return previous == "-c" || previous == "-e" || (previous.hasPrefix("-") && !previous.hasPrefix("--") && previous.hasSuffix("c")) ? outer.name : nil
            default:
                return nil
            }
        }
        var next = command.pipeNext
        var hops = 0
        while let n = next, hops < commands.count {
            guard let consumer = ShellScript.invocation(commands[n]) else { return nil }
            if passThrough.contains(consumer.name) {
                next = commands[n].pipeNext
                hops += 1
                continue
            }
            return interpreters.contains(consumer.name) && readsProgramFromStandardInput(consumer) ? consumer.name : nil
        }
        return nil
    }

    static let interpreters: Set<String> = [
        "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "fish", "python", "python2", "python3", "perl", "ruby", "node", "php",
    ]
    /// Commands that hand their input on down the pipe.
    static let passThrough: Set<String> = ["tee", "cat", "gunzip", "zcat", "base64", "sed", "tr", "dos2unix"]

    /// Whether an interpreter reads its program from standard input: no `-c`/`-e`/`-m` program
    /// and no script file operand (or the operand `-`, or `-s`).
    static func readsProgramFromStandardInput(_ invocation: ShellScript.Invocation) -> Bool {
        var arguments = invocation.arguments[...]
        let isShell = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "fish"].contains(invocation.name)
        while let first = arguments.first {
            let text = first.text
            if text == "--" || text == "-" || text == "-s" { return true }
            guard text.hasPrefix("-") || (isShell && text.hasPrefix("+")) else { return false }
            if !text.hasPrefix("--") {
                let letters = text.dropFirst()
                if letters.contains("c") || (!isShell && (letters.contains("e") || letters.contains("m") || letters.contains("r"))) { return false }
                if letters.contains("s") && isShell { return true }
                if isShell && letters.last == "o" || ["-W", "-X"].contains(text) { arguments = arguments.dropFirst() }
            }
            arguments = arguments.dropFirst()
        }
        return true
    }

    /// The URL a curl or wget writes to standard output, or nil when it writes to a file.
    static func fetchesToStandardOutput(_ invocation: ShellScript.Invocation) -> String? {
        let arguments = Array(invocation.arguments)
        let url = arguments.first { $0.text.contains("://") }?.text
            ?? arguments.first { !$0.text.hasPrefix("-") }?.text ?? "a URL"
        switch invocation.name {
        case "curl":
            var i = 0
            while i < arguments.count {
                let text = arguments[i].text
                if text == "--output" || text == "-o" {
                    let target = i + 1 < arguments.count ? arguments[i + 1].text : ""
                    if target != "-" && target != "/dev/stdout" { return nil }
                    i += 2
                    continue
                }
                if text.hasPrefix("--output=") || text.hasPrefix("--remote-name") || text == "-O" { return nil }
                if text.hasPrefix("-"), !text.hasPrefix("--"), text.count > 2 {
                    // A cluster such as `-fsSLo`: `-O` writes to a file; `-o` takes the rest or the next word.
                    let letters = text.dropFirst()
                    if letters.contains("O") { return nil }
                    if let o = letters.firstIndex(of: "o") {
                        let rest = letters[letters.index(after: o)...]
                        let target = rest.isEmpty ? (i + 1 < arguments.count ? arguments[i + 1].text : "") : String(rest)
                        if target != "-" && target != "/dev/stdout" { return nil }
                        if rest.isEmpty { i += 1 }
                    }
                }
                i += 1
            }
            return url
        case "wget":
            for (i, argument) in arguments.enumerated() {
                let text = argument.text
                let next = i + 1 < arguments.count ? arguments[i + 1].text : ""
                if text == "--output-document=-" || text == "--output-document=/dev/stdout" { return url }
                if text == "--output-document" && (next == "-" || next == "/dev/stdout") { return url }
                if text.hasPrefix("-"), !text.hasPrefix("--"), let o = text.firstIndex(of: "O") {
                    let rest = text[text.index(after: o)...]
                    let target = rest.isEmpty ? next : String(rest)
                    if target == "-" || target == "/dev/stdout" { return url }
                }
            }
            return nil
        default:
            return nil
        }
    }
}

import PalisadeCore

typealias Stage = Dockerfile.Stage
typealias Instruction = Dockerfile.Instruction
typealias KeyValue = Dockerfile.KeyValue

/// The Dockerfile rules, in the order `palisade rules` lists them.
enum DockerfileRules {
    static let all: [any DockerfileRule] = [
        DockerUserRoot(),
        DockerImageLatestTag(),
        DockerImageNoDigest(),
        DockerImageUntrustedRegistry(),
        DockerAddRemote(),
        DockerRemoteScriptExecution(),
        DockerSecretInEnv(),
        DockerSudo(),
        DockerChmodWorldWritable(),
        DockerPackageCacheKept(),
        DockerPackageUnpinned(),
        DockerAptInstallRecommends(),
        DockerHealthcheckMissing(),
        DockerBaseImageNotMinimal(),
        DockerCopyWholeContext(),
        DockerSSHServer(),
    ]
}

/// A shell script a `RUN` executes: its line in shell form, a heredoc that is a script, or the
/// `-c` argument of a shell in exec form.
struct RunScript {
    let instruction: Instruction
    let script: ShellScript
}

extension Stage {
    /// `stage 'builder'`, or `stage 2` for an unnamed one, for messages.
    var described: String { name.map { "stage '\($0)'" } ?? "stage \(index)" }

    /// The image the stage starts from, when it is one (not `scratch`, not an earlier stage) and
    /// its reference is known.
    var baseImage: String? { baseStage == nil && !isScratch ? resolvedBase : nil }
}

extension Dockerfile {
    /// The stage whose base is an image (or scratch) at the root of `stage`'s `FROM` chain.
    func root(of stage: Stage) -> Stage { chain(to: stage).last! }

    /// The scripts each stage's `RUN`s execute, indexed like `stages`, in one pass over the file.
    /// Runs under a shell that is not POSIX (`SHELL ["powershell", ...]`, a Windows base image)
    /// are left out: the rules read sh. A stage starts with the shell its base stage ended with.
    var runScripts: [[RunScript]] {
        var shellAtEnd: [Bool] = []
        var result: [[RunScript]] = []
        for stage in stages {
            var posix = stage.baseStage.map { shellAtEnd[$0] } ?? !Self.looksWindows(stage.resolvedBase ?? "")
            var scripts: [RunScript] = []
            for instruction in stage.instructions {
                if instruction.keyword == "SHELL", instruction.isJSON, let shell = instruction.arguments.first {
                    posix = Self.isPOSIXShell(shell.text)
                }
                guard instruction.keyword == "RUN", posix else { continue }
                scripts += Self.scripts(of: instruction).map { RunScript(instruction: instruction, script: $0) }
            }
            shellAtEnd.append(posix)
            result.append(scripts)
        }
        return result
    }

    /// Every simple command the RUNs of the shipped stages execute, base stages first.
    var shippedCommands: [(stage: Stage, run: RunScript, command: ShellScript.Command)] {
        let scripts = runScripts
        return shippedStages.reversed().flatMap { stage in
            scripts[stage.index].flatMap { run in run.script.commands.map { (stage, run, $0) } }
        }
    }

    static func scripts(of run: Instruction) -> [ShellScript] {
        if run.isJSON {
            // `["sh", "-c", "script"]`: the script is the argument after -c.
            let words = run.arguments
            guard let shell = words.first, isPOSIXShell(shell.text),
                  let c = words.indices.dropFirst().first(where: { isCommandFlag(words[$0].text) }), c + 1 < words.count else { return [] }
            let script = words[c + 1]
            let text = LogicalText(bytes: Array(script.text.utf8),
                                   segments: [LogicalText.Segment(offset: 0, line: script.range.start.line, column: script.range.start.column + 1)])
            return [ShellScript(text)]
        }
        var scripts = [ShellScript(run.text, from: run.argumentsOffset)]
        for heredoc in run.heredocs {
            // `RUN <<EOF` runs the body; `RUN bash <<EOF` feeds it to a shell; `RUN cat <<EOF > f` writes a file.
            guard let position = run.arguments.firstIndex(where: { $0.offset == heredoc.word.offset }) else { continue }
            if position == 0 || isPOSIXShell(run.arguments[0].text) {
                scripts.append(ShellScript(heredoc.body))
            }
        }
        return scripts
    }

    static let posixShells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]

    static func isPOSIXShell(_ path: String) -> Bool { posixShells.contains(ShellScript.baseName(path)) }

    /// `-c`, or a cluster ending in it (`-ec`, `-euxc`).
    static func isCommandFlag(_ word: String) -> Bool {
        word.hasPrefix("-") && !word.hasPrefix("--") && word.hasSuffix("c")
    }

    static func looksWindows(_ image: String) -> Bool {
        let lower = image.lowercased()
        return ["windows", "nanoserver", "servercore", "dotnet/framework"].contains { lower.contains($0) }
    }
}

extension Dockerfile {
    /// `text` with the variables known at the end of `stage` substituted; nil when any
    /// variable's value is unknown. `variables` may be given, to share the work between texts.
    func staticValue(_ text: String, in stage: Stage, variables: StageVariables? = nil) -> String? {
        guard text.contains("$") else { return text }
        let scope = variables ?? StageVariables(self)
        return DockerSubstitution.substitute(text) { scope.value($0, at: stage.index) }
    }
}

/// An image a Dockerfile pulls: a stage's base, or the source of `COPY --from=image`.
struct ImageUse {
    let stage: Stage
    /// As written (`${BASE}`, `node:20`).
    let written: String
    /// With known variables substituted.
    let image: String
    let range: SourceRange
    /// Where inside the stage, for the finding's path: `FROM` or `COPY[--from=busybox:1.36]`.
    let path: String

    /// How to name the image in a message: as written, and what it resolves to when different.
    var shown: String { written == image ? image : "\(written) (\(image), from ARG defaults)" }
}

extension Dockerfile {
    /// Every image the build pulls whose reference is known.
    var imageUses: [ImageUse] {
        var uses: [ImageUse] = []
        let stageNames = Set(stages.compactMap(\.name))
        var variables: StageVariables?
        for stage in stages {
            if let image = stage.baseImage {
                uses.append(ImageUse(stage: stage, written: stage.base.text, image: image, range: stage.base.range, path: "FROM"))
            }
            for copy in stage.instructions("COPY") {
                guard let flag = copy.flag("from"), let written = flag.value, !written.isEmpty,
                      !written.allSatisfy(\.isNumber), !stageNames.contains(written.lowercased()) else { continue }
                if written.contains("$"), variables == nil { variables = StageVariables(self) }
                guard let image = staticValue(written, in: stage, variables: variables), !stageNames.contains(image.lowercased()) else { continue }
                uses.append(ImageUse(stage: stage, written: written, image: image, range: flag.range, path: "COPY[--from=\(written)]"))
            }
        }
        return uses
    }
}

/// The variables each stage defines (`ENV`s, `ARG` defaults, global `ARG` defaults a stage
/// redeclares), stored per stage and looked up through the stages it is built on, so memory
/// follows the number of definitions, not stages times definitions. A nil value is unknown.
struct StageVariables {
    private let own: [[String: String?]]
    private let bases: [Int?]

    init(_ dockerfile: Dockerfile) {
        var own: [[String: String?]] = []
        bases = dockerfile.stages.map(\.baseStage)
        for stage in dockerfile.stages {
            var values: [String: String?] = [:]
            let inherited = { (name: String, from: Int?) -> String? in
                var next = from
                while let i = next {
                    if let value = own[i][name] { return value }
                    next = dockerfile.stages[i].baseStage
                }
                return nil
            }
            for instruction in stage.instructions where instruction.keyword == "ENV" || instruction.keyword == "ARG" {
                for pair in instruction.keyValues {
                    if let value = pair.value {
                        let resolved = DockerSubstitution.substitute(value) { name in values[name] ?? inherited(name, stage.baseStage) }
                        values[pair.key] = .some(resolved)
                    } else if instruction.keyword == "ARG" {
                        values[pair.key] = .some(dockerfile.globalDefault(pair.key))
                    }
                }
            }
            own.append(values)
        }
        self.own = own
    }

    /// The value of `name` at the end of stage `index`.
    func value(_ name: String, at index: Int) -> String? {
        var next: Int? = index
        while let i = next {
            if let value = own[i][name] { return value }
            next = bases[i]
        }
        return nil
    }
}

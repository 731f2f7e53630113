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
    /// The indices of the stages whose layers make the final image.
    var shippedIndices: Set<Int> { Set(shippedStages.map(\.index)) }

    /// The stage whose base is an image (or scratch) at the root of `stage`'s `FROM` chain.
    func root(of stage: Stage) -> Stage { chain(to: stage).last! }

    /// The scripts the stage's `RUN`s execute, in order. Runs under a shell that is not POSIX
    /// (`SHELL ["powershell", ...]`, a Windows base image) are left out: the rules read sh.
    func scripts(_ stage: Stage) -> [RunScript] {
        var posix = shellIsPOSIX(before: stage)
        var result: [RunScript] = []
        for instruction in stage.instructions {
            if instruction.keyword == "SHELL", instruction.isJSON, let shell = instruction.arguments.first {
                posix = Self.isPOSIXShell(shell.text)
            }
            guard instruction.keyword == "RUN", posix else { continue }
            result += Self.scripts(of: instruction).map { RunScript(instruction: instruction, script: $0) }
        }
        return result
    }

    /// Whether the shell in effect where `stage` starts is POSIX: inherited from the stage it is
    /// built on, else decided by its base image.
    private func shellIsPOSIX(before stage: Stage) -> Bool {
        let chain = chain(to: stage)
        var posix = !Self.looksWindows(chain.last!.resolvedBase ?? "")
        for s in chain.dropFirst().reversed() {
            for instruction in s.instructions where instruction.keyword == "SHELL" && instruction.isJSON {
                if let shell = instruction.arguments.first { posix = Self.isPOSIXShell(shell.text) }
            }
        }
        return posix
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
    /// `text` with the variables known at the end of `stage` substituted (`ENV`s, `ARG` defaults,
    /// global `ARG` defaults a stage redeclares, through the stages it is built on); nil when any
    /// variable's value is unknown.
    func staticValue(_ text: String, in stage: Stage) -> String? {
        guard text.contains("$") else { return text }
        var values: [String: String?] = [:]
        for s in chain(to: stage).reversed() {
            for instruction in s.instructions where instruction.keyword == "ENV" || instruction.keyword == "ARG" {
                for pair in instruction.keyValues {
                    let lookup = { (name: String) -> String? in values[name] ?? nil }
                    if let value = pair.value {
                        values[pair.key] = .some(DockerSubstitution.substitute(value, value: lookup))
                    } else if instruction.keyword == "ARG" {
                        values[pair.key] = .some(globalDefault(pair.key))
                    }
                }
            }
        }
        return DockerSubstitution.substitute(text) { values[$0] ?? nil }
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
        for stage in stages {
            if let image = stage.baseImage {
                uses.append(ImageUse(stage: stage, written: stage.base.text, image: image, range: stage.base.range, path: "FROM"))
            }
            for copy in stage.instructions("COPY") {
                guard let flag = copy.flag("from"), let written = flag.value, !written.isEmpty,
                      !written.allSatisfy(\.isNumber), !stageNames.contains(written.lowercased()),
                      let image = staticValue(written, in: stage), !stageNames.contains(image.lowercased())
                else { continue }
                uses.append(ImageUse(stage: stage, written: written, image: image, range: flag.range, path: "COPY[--from=\(written)]"))
            }
        }
        return uses
    }
}

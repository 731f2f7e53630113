/// A parsed Dockerfile (or Containerfile): its parser directives, the global `ARG`s before the first
/// `FROM`, and its build stages, every instruction and argument with its exact place in the file.
/// Parsed by `DockerfileParser` (PalisadeLoaders); read by `DockerfileRule`s. A class, so rules and
/// stages share one copy.
public final class Dockerfile: Sendable {
    /// The file as reports show it.
    public let file: String
    /// The file's path relative to the project root, for fingerprints (see `ScanFile.projectPath`).
    public let projectPath: String
    /// `# syntax=`, `# escape=` and `# check=` at the top of the file.
    public let directives: [Directive]
    /// `ARG`s declared before the first `FROM`: the only variables a `FROM` line can use.
    public let globalArguments: [Instruction]
    public let stages: [Stage]
    /// Whole-line comments (`# ...`) after the directives, in file order, for inline suppressions.
    public let comments: [Comment]
    /// What Discovery found next to the Dockerfile (the ignore file, secrets-prone entries).
    public let context: BuildContext
    /// The identity of findings outside any stage (a global `ARG`): kind `Dockerfile`, no name.
    public let ref: ObjectRef

    public init(file: String, projectPath: String? = nil, directives: [Directive] = [], globalArguments: [Instruction] = [],
                stages: [Stage], comments: [Comment] = [], context: BuildContext = BuildContext()) {
        self.file = file
        self.projectPath = projectPath ?? file
        self.directives = directives
        self.globalArguments = globalArguments
        self.stages = stages
        self.comments = comments
        self.context = context
        self.ref = ObjectRef(file: file, projectPath: projectPath, identity: ResourceIdentity(kind: Self.kind))
    }

    /// The resource kind of every Dockerfile finding.
    public static let kind = "Dockerfile"

    /// The stage `docker build` builds when no `--target` is given: the last one.
    public var finalStage: Stage? { stages.last }

    /// The final stage and the earlier stages it is built `FROM`, final first: every layer of the
    /// shipped image comes from these. Stages only copied from (`COPY --from`) contribute files,
    /// not layers, and are not in it.
    public var shippedStages: [Stage] { finalStage.map(chain) ?? [] }

    /// `stage` and the earlier stages it is built `FROM`, `stage` first, its root (built on an
    /// image or scratch) last.
    public func chain(to stage: Stage) -> [Stage] {
        var chain = [stage]
        // A stage can only name earlier ones, so the chain ends; the bound is a second guard.
        while let base = chain[chain.count - 1].baseStage, base < chain[chain.count - 1].index, chain.count <= stages.count {
            chain.append(stages[base])
        }
        return chain
    }

    /// The default value of a global `ARG`, if one is declared with a value.
    public func globalDefault(_ name: String) -> String? {
        var value: String?
        for instruction in globalArguments {
            for argument in instruction.keyValues where argument.key == name { value = argument.value }
        }
        return value
    }
}

extension Dockerfile {
    /// A parser directive (`# escape=\``), with the place of the comment.
    public struct Directive: Sendable, Hashable {
        /// Lower-cased: `syntax`, `escape` or `check`.
        public let name: String
        public let value: String
        public let range: SourceRange

        public init(name: String, value: String, range: SourceRange) {
            self.name = name
            self.value = value
            self.range = range
        }
    }

    /// A whole-line comment: its text after `#`, trimmed, and where the `#` is.
    public struct Comment: Sendable, Hashable {
        public let text: String
        public let position: SourcePosition

        public init(text: String, position: SourcePosition) {
            self.text = text
            self.position = position
        }
    }

    /// One build stage: its `FROM` and the instructions up to the next `FROM`.
    public struct Stage: Sendable {
        /// 0-based, as `COPY --from=0` counts.
        public let index: Int
        /// The name given with `AS`, lower-cased as Docker compares it; nil when unnamed.
        public let name: String?
        /// The `FROM` instruction.
        public let from: Instruction
        /// The base as written (`node:${NODE_VERSION}`), `scratch`, or an earlier stage's name.
        public let base: Word
        /// The base with global `ARG` defaults substituted; nil when a variable has no known value.
        public let resolvedBase: String?
        /// The earlier stage this one is built on (`FROM builder`), by index.
        public let baseStage: Int?
        /// The instructions after `FROM`, in order.
        public let instructions: [Instruction]
        /// The identity findings in this stage are reported on: kind `Dockerfile`, name `displayName`.
        public let ref: ObjectRef

        public init(index: Int, name: String?, from: Instruction, base: Word, resolvedBase: String?, baseStage: Int?,
                    instructions: [Instruction], ref: ObjectRef) {
            self.index = index
            self.name = name
            self.from = from
            self.base = base
            self.resolvedBase = resolvedBase
            self.baseStage = baseStage
            self.instructions = instructions
            self.ref = ref
        }

        /// The stage's name, or `stage N` (0-based, as `--from=N` counts) when it has none. Findings
        /// are keyed by it, so naming stages keeps fingerprints stable when stages are added before.
        public var displayName: String { name ?? "stage \(index)" }

        /// Whether the stage starts from nothing (`FROM scratch`).
        public var isScratch: Bool { resolvedBase?.lowercased() == "scratch" }

        /// The stage's instructions with one keyword (upper case), in order.
        public func instructions(_ keyword: String) -> [Instruction] {
            instructions.filter { $0.keyword == keyword }
        }
    }

    /// One instruction: keyword, flags, arguments and heredocs, each with its place in the file.
    public struct Instruction: Sendable {
        /// Upper-cased: `RUN`, `COPY`, ...
        public let keyword: String
        /// Where the keyword is written (any case).
        public let keywordRange: SourceRange
        /// From the keyword to the end of the instruction's last line (heredoc bodies included).
        public let range: SourceRange
        /// The instruction as Docker reads it, keyword first, continuation lines joined (the escape
        /// character and the line break removed, comment and empty lines inside dropped).
        public let text: LogicalText
        /// Leading `--name=value` flags (`--from=builder`, `--mount=type=cache,target=/root/.cache`).
        public let flags: [Flag]
        /// Where the arguments start in `text`, after the flags.
        public let argumentsOffset: Int
        /// The arguments after the flags: the elements of the JSON array in exec form, else the
        /// whitespace-separated words with quotes removed.
        public let arguments: [Word]
        /// Exec (JSON array) form: `CMD ["nginx", "-g", "daemon off;"]`.
        public let isJSON: Bool
        /// `<<EOF` documents, in the order they appear on the line.
        public let heredocs: [Heredoc]

        public init(keyword: String, keywordRange: SourceRange, range: SourceRange, text: LogicalText, flags: [Flag],
                    argumentsOffset: Int, arguments: [Word], isJSON: Bool, heredocs: [Heredoc]) {
            self.keyword = keyword
            self.keywordRange = keywordRange
            self.range = range
            self.text = text
            self.flags = flags
            self.argumentsOffset = argumentsOffset
            self.arguments = arguments
            self.isJSON = isJSON
            self.heredocs = heredocs
        }

        /// The value of flag `--name`, the last one winning; nil when absent.
        public func flag(_ name: String) -> Flag? { flags.last { $0.name == name } }

        /// The arguments' text (after the flags), as the shell or the instruction reads it.
        public var argumentText: String {
            String(decoding: text.bytes[min(argumentsOffset, text.bytes.count)...], as: UTF8.self)
        }

        /// `ENV`, `ARG` and `LABEL` pairs: `KEY=value` words, or the legacy `ENV KEY value` form, in
        /// which the value is the rest of the line. `ARG NAME` without a value has a nil value.
        public var keyValues: [KeyValue] {
            guard !isJSON, let first = arguments.first else { return [] }
            if keyword == "ENV" || keyword == "LABEL", !first.text.contains("=") {
                guard arguments.count > 1 else { return [KeyValue(key: first.text, value: nil, word: first, valueStart: nil)] }
                let rest = arguments[1...].map(\.text).joined(separator: " ")
                return [KeyValue(key: first.text, value: rest, word: first, valueStart: arguments[1].range.start)]
            }
            return arguments.map { word in
                guard let equals = word.text.firstIndex(of: "=") else {
                    return KeyValue(key: word.text, value: nil, word: word, valueStart: nil)
                }
                let key = String(word.text[..<equals])
                return KeyValue(key: key, value: String(word.text[word.text.index(after: equals)...]), word: word,
                                valueStart: text.position(at: word.rawValueOffset(in: text) ?? word.offset, after: word.offset, at: word.range.start))
            }
        }
    }

    /// A `KEY=value` pair of `ENV`, `ARG` or `LABEL`.
    public struct KeyValue: Sendable {
        public let key: String
        /// Quotes removed, variables not expanded; nil for `ARG NAME` without a default.
        public let value: String?
        /// The whole `KEY=value` word.
        public let word: Word
        /// Where the value starts (just after `=`), nil without a value.
        public let valueStart: SourcePosition?
    }

    /// A `--name=value` flag of an instruction.
    public struct Flag: Sendable {
        /// Without the dashes: `from`, `mount`, `chmod`.
        public let name: String
        /// nil for a flag without `=` (`--link`).
        public let value: String?
        public let range: SourceRange

        public init(name: String, value: String?, range: SourceRange) {
            self.name = name
            self.value = value
            self.range = range
        }
    }

    /// A word of an instruction: its text with quotes and escapes removed, where it is written, and
    /// its offset in the instruction's logical text.
    public struct Word: Sendable, Hashable {
        public let text: String
        public let range: SourceRange
        /// Offset of the word's first byte in `Instruction.text`.
        public let offset: Int
        /// Length in bytes of the word as written (quotes included).
        public let rawLength: Int

        public init(text: String, range: SourceRange, offset: Int, rawLength: Int) {
            self.text = text
            self.range = range
            self.offset = offset
            self.rawLength = rawLength
        }

        /// The offset just after the first `=` of the word as written, if any.
        func rawValueOffset(in text: LogicalText) -> Int? {
            let end = min(offset + rawLength, text.bytes.count)
            guard let equals = text.bytes[offset..<end].firstIndex(of: UInt8(ascii: "=")) else { return nil }
            return equals + 1
        }
    }

    /// A heredoc (`<<EOF`, `<<-EOF`, `<<"EOF"`): its delimiter and its body.
    public struct Heredoc: Sendable {
        /// The delimiter, quotes removed.
        public let name: String
        /// `<<-`: leading tabs are stripped from the terminator line.
        public let chomp: Bool
        /// Unquoted delimiters expand variables in the body; quoted ones keep it as it is.
        public let expands: Bool
        /// The `<<EOF` word on the instruction's line.
        public let word: Word
        /// The lines between the instruction and the terminator, each ending in a line feed; its
        /// positions are those of the file.
        public let body: LogicalText

        public init(name: String, chomp: Bool, expands: Bool, word: Word, body: LogicalText) {
            self.name = name
            self.chomp = chomp
            self.expands = expands
            self.word = word
            self.body = body
        }
    }

    /// What sits next to a Dockerfile that decides what `COPY . .` sends into the image. Discovery
    /// looks, once per Dockerfile: the Dockerfile's folder is taken as the build context, the usual
    /// layout (`docker build -f other/Dockerfile .` is not visible from the file).
    public struct BuildContext: Sendable, Hashable {
        /// Whether the context was looked at (not for standard input or rule examples).
        public var inspected: Bool
        /// The ignore file that applies (`NAME.dockerignore` next to the Dockerfile, else
        /// `.dockerignore`), as a display path; nil when there is none.
        public var ignoreFile: String?
        /// Secrets-prone entries of the context folder (`.git`, `.env`, private keys...) that the
        /// ignore file does not exclude, sorted.
        public var exposedEntries: [String]

        public init(inspected: Bool = false, ignoreFile: String? = nil, exposedEntries: [String] = []) {
            self.inspected = inspected
            self.ignoreFile = ignoreFile
            self.exposedEntries = exposedEntries
        }
    }
}

/// Text assembled from pieces of physical lines (an instruction over continuation lines, a heredoc
/// body), which knows where each of its bytes sits in the file.
public struct LogicalText: Sendable {
    /// One piece of a physical line: from byte `offset` of the text on, the text is the file's
    /// line `line` from column `column`.
    public struct Segment: Sendable, Hashable {
        public let offset: Int
        public let line: Int
        public let column: Int

        public init(offset: Int, line: Int, column: Int) {
            self.offset = offset
            self.line = line
            self.column = column
        }
    }

    public let bytes: [UInt8]
    public let segments: [Segment]

    public init(bytes: [UInt8], segments: [Segment]) {
        self.bytes = bytes
        self.segments = segments
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The file position of byte `offset` (the end of the text for offsets past it): a binary
    /// search for the piece, then a count of Unicode scalars within it.
    public func position(at offset: Int) -> SourcePosition {
        guard !segments.isEmpty else { return SourcePosition(line: 1, column: 1) }
        let target = max(0, min(offset, bytes.count))
        var low = 0, high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].offset <= target { low = mid } else { high = mid - 1 }
        }
        let segment = segments[low]
        var column = segment.column
        var i = segment.offset
        while i < target {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: segment.line, column: column)
    }

    /// The position of `target` given the position of an earlier offset `known`: counts only the
    /// bytes between them when both sit in one piece, so positions inside a word cost the word's
    /// length, not the line's.
    public func position(at target: Int, after known: Int, at knownPosition: SourcePosition) -> SourcePosition {
        guard known <= target, target <= bytes.count else { return position(at: target) }
        var low = 0, high = segments.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].offset <= target { low = mid } else { high = mid - 1 }
        }
        guard !segments.isEmpty, segments[low].offset <= known else { return position(at: target) }
        var column = knownPosition.column
        for i in known..<target where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return SourcePosition(line: knownPosition.line, column: column)
    }

    /// The file range of bytes `start..<end`.
    public func range(_ start: Int, _ end: Int) -> SourceRange {
        let from = position(at: start)
        var to = position(at: end)
        if to <= from { to = SourcePosition(line: from.line, column: from.column + 1) }
        return SourceRange(start: from, end: to)
    }

    /// Positions of offsets visited in increasing order, in time linear in the text however many
    /// are asked for (`position(at:)` rescans its piece each time, which is quadratic on one huge
    /// line with many words).
    public struct Cursor {
        let text: LogicalText
        var segment = 0
        var offset = 0
        var column: Int

        public init(_ text: LogicalText) {
            self.text = text
            self.column = text.segments.first?.column ?? 1
            self.offset = text.segments.first?.offset ?? 0
        }

        /// The position of `target`, which must not be before the previous one asked for.
        public mutating func position(at target: Int) -> SourcePosition {
            let segments = text.segments
            guard !segments.isEmpty else { return SourcePosition(line: 1, column: 1) }
            let target = max(0, min(target, text.bytes.count))
            if target < offset { return text.position(at: target) }
            while segment + 1 < segments.count, segments[segment + 1].offset <= target {
                segment += 1
                offset = segments[segment].offset
                column = segments[segment].column
            }
            while offset < target {
                if text.bytes[offset] & 0xC0 != 0x80 { column += 1 }
                offset += 1
            }
            return SourcePosition(line: segments[segment].line, column: column)
        }
    }
}

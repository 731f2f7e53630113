import PalisadeCore

typealias Instruction = Dockerfile.Instruction
typealias Word = Dockerfile.Word
typealias Flag = Dockerfile.Flag
typealias Heredoc = Dockerfile.Heredoc
typealias Directive = Dockerfile.Directive
typealias Comment = Dockerfile.Comment
typealias Stage = Dockerfile.Stage
typealias BuildContext = Dockerfile.BuildContext

/// Reads Dockerfiles and Containerfiles as BuildKit's frontend reads them: parser directives at the
/// top, instructions in any case, continuation lines (the `# escape=` character), comment and empty
/// lines inside continuations, heredocs (`<<EOF`, `<<-EOF`, quoted delimiters, several on one
/// line), leading `--flags`, exec (JSON) and shell form, and multi-stage builds with global `ARG`s
/// substituted into `FROM`. Our own, because no maintained Swift Dockerfile parser exists; it is one
/// forward pass over the bytes with no recursion, so it is linear whatever the input.
///
/// A file Docker would refuse to build (an unknown instruction, an unterminated heredoc, an
/// instruction before the first `FROM`) is an input error with its line and column and gives no
/// stages: rules reason about stages and the final image, which such a file does not define.
public struct DockerfileParser: Sendable {
    public init() {}

    /// Every instruction Docker knows, upper case.
    public static let instructions: Set<String> = [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
        "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ]
    /// Instructions whose lines may start heredocs.
    static let heredocInstructions: Set<String> = ["RUN", "COPY", "ADD"]
    /// Instructions Docker reads as a JSON array when the arguments are one.
    static let jsonInstructions: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"]
    static let knownDirectives: Set<String> = ["syntax", "escape", "check"]

    /// A parsed Dockerfile, or the input error that makes it unbuildable.
    public enum Outcome: Sendable {
        case success(Dockerfile)
        case failure(Diagnostic)
    }

    /// Parses `bytes`: the Dockerfile, or the input error that makes it unbuildable.
    public func parse(_ bytes: [UInt8], file: String, projectPath: String? = nil, context: Dockerfile.BuildContext = Dockerfile.BuildContext()) -> Outcome {
        if let problem = TextInput.problem(bytes, file: file, namedLike: "a Dockerfile", encoding: { _ in "invalid UTF-8: Dockerfiles are UTF-8 text" }) {
            return .failure(problem)
        }
        var parser = Parser(bytes: bytes)
        do {
            let instructions = try parser.instructions()
            return .success(try parser.dockerfile(instructions, file: file, projectPath: projectPath ?? file, context: context))
        } catch let error as Parser.Failure {
            return .failure(Diagnostic(code: "dockerfile-syntax", level: .error, file: file, position: error.position, message: error.message))
        } catch {
            return .failure(Diagnostic(code: "dockerfile-syntax", level: .error, file: file, message: "\(error)"))
        }
    }
}

private let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
private let hash = UInt8(ascii: "#"), backslash = UInt8(ascii: "\\"), singleQuote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\"")
private let dash = UInt8(ascii: "-"), equals = UInt8(ascii: "="), lessThan = UInt8(ascii: "<")

/// Builds a `LogicalText` from pieces of lines.
struct TextBuilder {
    var bytes: [UInt8] = []
    var segments: [LogicalText.Segment] = []

    mutating func append(_ piece: ArraySlice<UInt8>, line: Int, column: Int) {
        segments.append(LogicalText.Segment(offset: bytes.count, line: line, column: column))
        bytes += piece
    }

    var text: LogicalText { LogicalText(bytes: bytes, segments: segments) }
}

/// The state of one parse: the bytes, the next line to read, the escape character.
struct Parser {
    struct Failure: Error {
        let position: SourcePosition?
        let message: String
    }

    /// A physical line: its bytes (without the line break) and its 1-based number.
    struct Line {
        let start: Int
        let end: Int
        let number: Int
    }

    let bytes: [UInt8]
    var escape = backslash
    var next = 0
    var lineNumber = 0
    var directives: [Directive] = []
    var comments: [Comment] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { next = 3 }
    }

    mutating func nextLine() -> Line? {
        guard next < bytes.count else { return nil }
        let start = next
        var end = start
        while end < bytes.count, bytes[end] != lineFeed { end += 1 }
        next = end + 1
        lineNumber += 1
        if end > start, bytes[end - 1] == carriageReturn { end -= 1 }
        return Line(start: start, end: end, number: lineNumber)
    }

    func firstNonBlank(_ line: Line) -> Int {
        var i = line.start
        while i < line.end, bytes[i] == space || bytes[i] == tab { i += 1 }
        return i
    }

    // MARK: - Directives

    /// Reads parser directives (`# name=value`) at the top of the file; the first line that is not
    /// one (an unknown name included) ends them, and is read again as an ordinary line.
    mutating func readDirectives() throws {
        while true {
            let saved = (next, lineNumber)
            guard let line = nextLine() else { return }
            guard let directive = directive(line) else {
                (next, lineNumber) = saved
                return
            }
            if directives.contains(where: { $0.name == directive.name }) {
                throw Failure(position: directive.range.start, message: "only one \(directive.name) parser directive can be used")
            }
            if directive.name == "escape" {
                guard directive.value == "\\" || directive.value == "`" else {
                    throw Failure(position: directive.range.start, message: "the escape directive must be \\ or `, not '\(directive.value)'")
                }
                escape = directive.value == "`" ? UInt8(ascii: "`") : backslash
            }
            directives.append(directive)
        }
    }

    func directive(_ line: Line) -> Directive? {
        var i = firstNonBlank(line)
        let hashAt = i
        guard i < line.end, bytes[i] == hash else { return nil }
        i += 1
        while i < line.end, bytes[i] == space || bytes[i] == tab { i += 1 }
        let nameStart = i
        while i < line.end, isASCIILetter(bytes[i]) || (i > nameStart && isASCIIDigit(bytes[i])) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
        while i < line.end, bytes[i] == space || bytes[i] == tab { i += 1 }
        guard i < line.end, bytes[i] == equals, Parser.knownDirective(name) else { return nil }
        i += 1
        while i < line.end, bytes[i] == space || bytes[i] == tab { i += 1 }
        var end = line.end
        while end > i, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        guard end > i else { return nil }
        let column = 1 + (hashAt - line.start)
        return Directive(name: name, value: String(decoding: bytes[i..<end], as: UTF8.self),
                         range: SourceRange(start: SourcePosition(line: line.number, column: column),
                                            end: SourcePosition(line: line.number, column: column + scalars(hashAt, line.end))))
    }

    static func knownDirective(_ name: String) -> Bool { DockerfileParser.knownDirectives.contains(name) }

    // MARK: - Instructions

    /// Every instruction in file order.
    mutating func instructions() throws -> [Instruction] {
        try readDirectives()
        var result: [Instruction] = []
        while let line = nextLine() {
            let first = firstNonBlank(line)
            if first == line.end { continue }
            if bytes[first] == hash {
                comments.append(Comment(text: trimmed(first + 1, line.end), position: SourcePosition(line: line.number, column: 1 + first - line.start)))
                continue
            }
            if let instruction = try instruction(startingAt: line, first: first) { result.append(instruction) }
        }
        return result
    }

    /// The content end of a line without its continuation mark, and whether it continues. As in
    /// BuildKit, the escape character continues the line when only blanks follow it and it is not
    /// itself escaped (`echo a\\` ends the instruction).
    func continuation(_ line: Line, from start: Int) -> (end: Int, continues: Bool) {
        var end = line.end
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        if end > start, bytes[end - 1] == escape, end - 1 == start || bytes[end - 2] != escape { return (end - 1, true) }
        return (line.end, false)
    }

    mutating func instruction(startingAt line: Line, first: Int) throws -> Instruction? {
        var builder = TextBuilder()
        var (end, continues) = continuation(line, from: first)
        builder.append(bytes[first..<end], line: line.number, column: 1 + first - line.start)
        var last = line
        while continues, let next = nextLine() {
            last = next
            let nonBlank = firstNonBlank(next)
            // Docker drops empty lines and comment lines inside a continued instruction.
            if nonBlank == next.end || bytes[nonBlank] == hash { continue }
            (end, continues) = continuation(next, from: next.start)
            builder.append(bytes[next.start..<end], line: next.number, column: 1)
        }
        let text = builder.text
        var keywordEnd = 0
        while keywordEnd < text.bytes.count, text.bytes[keywordEnd] != space, text.bytes[keywordEnd] != tab { keywordEnd += 1 }
        guard keywordEnd > 0 else { return nil }
        let keywordText = String(decoding: text.bytes[..<keywordEnd], as: UTF8.self)
        let keyword = keywordText.uppercased()
        let keywordRange = text.range(0, keywordEnd)
        guard DockerfileParser.instructions.contains(keyword) else {
            let shown = keywordText.count > 40 ? String(keywordText.prefix(40)) + "…" : keywordText
            throw Failure(position: keywordRange.start, message: "'\(shown)' is not a Dockerfile instruction")
        }
        var words = splitWords(text, from: keywordEnd)
        // Leading `--name[=value]` words are flags, up to the first other word or a lone `--`.
        var flags: [Flag] = []
        var argumentsStart = 0
        while argumentsStart < words.count {
            let word = words[argumentsStart]
            guard raw(word, in: text).starts(with: [dash, dash]) else { break }
            argumentsStart += 1
            if word.text == "--" { break }
            let body = word.text.dropFirst(2)
            if let eq = body.firstIndex(of: "=") {
                flags.append(Flag(name: String(body[..<eq]), value: String(body[body.index(after: eq)...]), range: word.range))
            } else {
                flags.append(Flag(name: String(body), value: nil, range: word.range))
            }
        }
        let argumentsOffset = argumentsStart < words.count ? words[argumentsStart].offset : text.bytes.count
        words.removeFirst(argumentsStart)
        var isJSON = false
        if DockerfileParser.jsonInstructions.contains(keyword), let elements = jsonArray(text, from: argumentsOffset) {
            words = elements
            isJSON = true
        }
        var heredocs: [Heredoc] = []
        // `ONBUILD RUN <<EOF` carries its heredoc too.
        let trigger = keyword == "ONBUILD" ? words.first?.text.uppercased() ?? "" : keyword
        if DockerfileParser.heredocInstructions.contains(trigger), !isJSON, text.bytes.contains(lessThan) {
            for word in words {
                guard let (name, chomp, quoted) = heredocStart(word, in: text) else { continue }
                let (body, terminator) = try heredocBody(name: name, chomp: chomp, opening: word)
                last = terminator
                heredocs.append(Heredoc(name: name, chomp: chomp, expands: !quoted, word: word, body: body))
            }
        }
        let range = SourceRange(start: keywordRange.start,
                                end: SourcePosition(line: last.number, column: 1 + scalars(last.start, last.end)))
        return Instruction(keyword: keyword, keywordRange: keywordRange, range: range, text: text, flags: flags,
                           argumentsOffset: argumentsOffset, arguments: words, isJSON: isJSON, heredocs: heredocs)
    }

    // MARK: - Words

    func raw(_ word: Word, in text: LogicalText) -> ArraySlice<UInt8> {
        text.bytes[word.offset..<min(word.offset + word.rawLength, text.bytes.count)]
    }

    /// Whitespace-separated words from `from` on, with quotes removed and the escape character
    /// applied (outside quotes it escapes any character; inside double quotes `"`, `$`, itself
    /// and the backquote).
    func splitWords(_ text: LogicalText, from: Int) -> [Word] {
        let b = text.bytes
        var cursor = LogicalText.Cursor(text)
        var words: [Word] = []
        var i = from
        while i < b.count {
            while i < b.count, b[i] == space || b[i] == tab { i += 1 }
            guard i < b.count else { break }
            let start = i
            var out: [UInt8] = []
            var quote: UInt8 = 0
            while i < b.count {
                let c = b[i]
                if quote == 0 {
                    if c == space || c == tab { break }
                    if c == escape, i + 1 < b.count { out.append(b[i + 1]); i += 2; continue }
                    if c == singleQuote || c == doubleQuote { quote = c; i += 1; continue }
                } else if c == quote {
                    quote = 0
                    i += 1
                    continue
                } else if quote == doubleQuote, c == escape, i + 1 < b.count,
                          [doubleQuote, UInt8(ascii: "$"), escape, UInt8(ascii: "`")].contains(b[i + 1]) {
                    out.append(b[i + 1])
                    i += 2
                    continue
                }
                out.append(c)
                i += 1
            }
            let startPosition = cursor.position(at: start)
            words.append(Word(text: String(decoding: out, as: UTF8.self),
                              range: SourceRange(start: startPosition, end: cursor.position(at: i)), offset: start, rawLength: i - start))
        }
        return words
    }

    /// The elements of a JSON array of strings filling the rest of the text, or nil when the
    /// arguments are not one (Docker then reads them in shell form).
    func jsonArray(_ text: LogicalText, from: Int) -> [Word]? {
        let b = text.bytes
        var i = from
        func skipBlanks() { while i < b.count, b[i] == space || b[i] == tab { i += 1 } }
        skipBlanks()
        guard i < b.count, b[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        skipBlanks()
        var cursor = LogicalText.Cursor(text)
        var words: [Word] = []
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                guard i < b.count, b[i] == doubleQuote else { return nil }
                let start = i
                guard let (value, end) = jsonString(b, from: i) else { return nil }
                i = end
                let startPosition = cursor.position(at: start)
                words.append(Word(text: value, range: SourceRange(start: startPosition, end: cursor.position(at: end)), offset: start, rawLength: end - start))
                skipBlanks()
                guard i < b.count else { return nil }
                if b[i] == UInt8(ascii: ",") { i += 1; skipBlanks(); continue }
                guard b[i] == UInt8(ascii: "]") else { return nil }
                i += 1
                break
            }
        }
        skipBlanks()
        return i == b.count ? words : nil
    }

    /// A JSON string starting at the quote at `from`: its value and the offset after it.
    func jsonString(_ b: [UInt8], from: Int) -> (String, Int)? {
        var i = from + 1
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        var runStart = i
        func flush(_ end: Int) { scalars += String(decoding: b[runStart..<end], as: UTF8.self).unicodeScalars }
        while i < b.count {
            let c = b[i]
            if c < 0x20 { return nil }
            if c == doubleQuote {
                flush(i)
                if pendingHigh != nil { scalars.append("\u{FFFD}") }
                return (String(scalars), i + 1)
            }
            guard c == backslash else { i += 1; continue }
            flush(i)
            guard i + 1 < b.count else { return nil }
            let e = b[i + 1]
            var decoded: UInt32?
            switch e {
            case doubleQuote, backslash, UInt8(ascii: "/"): decoded = UInt32(e)
            case UInt8(ascii: "b"): decoded = 8
            case UInt8(ascii: "f"): decoded = 12
            case UInt8(ascii: "n"): decoded = 10
            case UInt8(ascii: "r"): decoded = 13
            case UInt8(ascii: "t"): decoded = 9
            case UInt8(ascii: "u"):
                guard i + 6 <= b.count, let v = UInt32(String(decoding: b[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16) else { return nil }
                i += 4
                if (0xD800...0xDBFF).contains(v) {
                    if pendingHigh != nil { scalars.append("\u{FFFD}") }
                    pendingHigh = v
                    i += 2
                    runStart = i
                    continue
                }
                if (0xDC00...0xDFFF).contains(v), let high = pendingHigh {
                    decoded = 0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00)
                    pendingHigh = nil
                } else {
                    decoded = (0xD800...0xDFFF).contains(v) ? 0xFFFD : v
                }
            default: return nil
            }
            if pendingHigh != nil { scalars.append("\u{FFFD}"); pendingHigh = nil }
            scalars.append(Unicode.Scalar(decoded!) ?? "\u{FFFD}")
            i += 2
            runStart = i
        }
        return nil
    }

    // MARK: - Heredocs

    /// `<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF` as written (not inside quotes): the delimiter,
    /// whether it chomps tabs, whether it is quoted.
    func heredocStart(_ word: Word, in text: LogicalText) -> (String, Bool, Bool)? {
        let r = raw(word, in: text)
        var i = r.startIndex
        while i < r.endIndex, isASCIIDigit(r[i]) { i += 1 }
        guard r[i...].starts(with: [lessThan, lessThan]) else { return nil }
        i += 2
        let chomp = i < r.endIndex && r[i] == dash
        if chomp { i += 1 }
        let rest = r[i...]
        guard !rest.isEmpty, !rest.contains(lessThan) else { return nil }
        let prefixLength = i - r.startIndex
        let name = String(word.text.utf8.dropFirst(prefixLength)) ?? ""
        guard !name.isEmpty else { return nil }
        return (name, chomp, rest.contains(singleQuote) || rest.contains(doubleQuote))
    }

    /// Reads the lines after the instruction up to the terminator: the body, and the
    /// terminator's line.
    mutating func heredocBody(name: String, chomp: Bool, opening: Word) throws -> (LogicalText, Line) {
        let terminator = Array(name.utf8)
        var builder = TextBuilder()
        while let line = nextLine() {
            var start = line.start
            if chomp { while start < line.end, bytes[start] == tab { start += 1 } }
            if bytes[start..<line.end].elementsEqual(terminator) { return (builder.text, line) }
            builder.append(bytes[start..<line.end], line: line.number, column: 1 + start - line.start)
            builder.bytes.append(lineFeed)
        }
        throw Failure(position: opening.range.start,
                      message: "unterminated heredoc: no line '\(name)' closes the heredoc that starts here")
    }

    // MARK: - Stages

    /// Groups the instructions into global `ARG`s and stages, resolving each `FROM`.
    func dockerfile(_ instructions: [Instruction], file: String, projectPath: String, context: BuildContext) throws -> Dockerfile {
        var globals: [Instruction] = []
        var defaults: [String: String] = [:]
        var stages: [Stage] = []
        var stageIndex: [String: Int] = [:]
        var current: (from: Instruction, base: Word, name: String?, resolved: String?, baseStage: Int?)?
        var body: [Instruction] = []
        func close() {
            guard let c = current else { return }
            let index = stages.count
            let display = c.name ?? "stage \(index)"
            let ref = ObjectRef(file: file, projectPath: projectPath, identity: ResourceIdentity(kind: Dockerfile.kind, name: display))
            stages.append(Stage(index: index, name: c.name, from: c.from, base: c.base, resolvedBase: c.resolved,
                                baseStage: c.baseStage, instructions: body, ref: ref))
            if let name = c.name, stageIndex[name] == nil { stageIndex[name] = index }
            body = []
        }
        for instruction in instructions {
            switch instruction.keyword {
            case "FROM":
                close()
                let args = instruction.arguments
                guard args.count == 1 || (args.count == 3 && args[1].text.lowercased() == "as") else {
                    throw Failure(position: instruction.keywordRange.start,
                                  message: "FROM takes an image, optionally followed by AS and a stage name (\(args.count) arguments given)")
                }
                let name = args.count == 3 ? args[2].text.lowercased() : nil
                let resolved = DockerSubstitution.substitute(args[0].text, escape: Character(Unicode.Scalar(escape))) { defaults[$0] }
                let baseStage = resolved.flatMap { stageIndex[$0.lowercased()] }
                current = (instruction, args[0], name, resolved, baseStage)
            case _ where current == nil:
                guard instruction.keyword == "ARG" else {
                    throw Failure(position: instruction.keywordRange.start,
                                  message: "\(instruction.keyword) before the first FROM: only ARG may come before it")
                }
                globals.append(instruction)
                for pair in instruction.keyValues {
                    if let value = pair.value { defaults[pair.key] = value } else { defaults[pair.key] = nil }
                }
            default:
                body.append(instruction)
            }
        }
        close()
        guard !stages.isEmpty else {
            throw Failure(position: globals.first?.keywordRange.start, message: "no FROM instruction: Docker cannot build this file")
        }
        return Dockerfile(file: file, projectPath: projectPath, directives: directives, globalArguments: globals,
                          stages: stages, comments: comments, context: context)
    }

    // MARK: - Bytes

    func trimmed(_ start: Int, _ end: Int) -> String {
        var s = start, e = end
        while s < e, bytes[s] == space || bytes[s] == tab { s += 1 }
        while e > s, bytes[e - 1] == space || bytes[e - 1] == tab { e -= 1 }
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// Unicode scalars in `start..<end`.
    func scalars(_ start: Int, _ end: Int) -> Int {
        var count = 0
        for i in start..<end where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}

private func isASCIILetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
private func isASCIIDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

extension DockerfileParser {
    /// Whether `bytes` start like a Dockerfile: after blank and `#` lines (comments, parser
    /// directives), the first line's first word is `FROM` or `ARG`, in any case. For inputs whose
    /// name says nothing (standard input, `Dockerfile-dev`); a manifest never starts that way.
    public static func looksLikeDockerfile(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
            guard i < bytes.count else { return false }
            if bytes[i] == 0x0A { i += 1; continue }
            if bytes[i] == UInt8(ascii: "#") {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                continue
            }
            for keyword in ["from", "arg"] where bytes.count > i + keyword.utf8.count {
                let word = bytes[i..<(i + keyword.utf8.count)].map { $0 | 0x20 }
                let next = bytes[i + keyword.utf8.count]
                if word.elementsEqual(keyword.utf8) && (next == 0x20 || next == 0x09) { return true }
            }
            return false
        }
        return false
    }
}

import PalisadeCore

/// A POSIX shell script (a `RUN` line, a heredoc script) split into simple commands, enough to see
/// who pipes into whom, what `$(...)` and `<(...)` feed, and which words a command has. Not a full
/// shell parser: one forward pass with an explicit stack for substitutions (no recursion), quotes
/// and escapes honoured, `case` patterns and arithmetic read loosely. Offsets are into the source
/// text, so findings point at the exact word.
struct ShellScript {
    struct Word {
        /// Quotes and backslashes removed; a substitution shows as `$(…)`, `` `…` `` or `<(…)`.
        var text: String
        var start: Int
        var end: Int
        /// Where the word is in the file.
        var range: SourceRange
    }

    enum Nesting { case command, processInput, processOutput }

    struct Command {
        var words: [Word] = []
        /// The next command of the pipeline (`|` after this one).
        var pipeNext: Int?
        /// Standard output goes to a file or descriptor (`> file`, `>&2`), not down the pipe.
        var stdoutRedirected = false
        /// Where standard output is redirected to, as written (`$GITHUB_OUTPUT`, `/tmp/log`).
        var stdoutTargets: [Word] = []
        /// The command whose word holds this one as `$(...)`, a backquote or `<(...)`.
        var parent: Int?
        var parentWord: Int?
        var nesting: Nesting?
    }

    let source: LogicalText
    private(set) var commands: [Command] = []

    private struct Frame {
        enum Kind { case top, command, backquote, processInput, processOutput, group }
        var kind: Kind
        var command: Int?
        var word: [UInt8] = []
        var wordStart: Int?
        var quote: UInt8 = 0
        /// The command a `|` ended, waiting for the next one.
        var pipeFrom: Int?
        /// The next word is the target of a redirection, not an argument.
        var redirectTarget = false
        /// That redirection is of standard output.
        var redirectStdout = false
        var wordPosition = SourcePosition(line: 1, column: 1)
    }

    init(_ source: LogicalText, from start: Int = 0) {
        self.source = source
        let b = source.bytes
        var commands: [Command] = []
        var frames = [Frame(kind: .top)]
        var i = start
        // Words start and end in increasing offset order, so two cursors give every position in
        // one pass over the text.
        var starts = LogicalText.Cursor(source)
        var ends = LogicalText.Cursor(source)

        func startWord(_ frames: inout [Frame], _ commands: inout [Command], at offset: Int) {
            let f = frames.count - 1
            guard frames[f].wordStart == nil else { return }
            frames[f].wordStart = offset
            frames[f].wordPosition = starts.position(at: offset)
            if frames[f].command == nil, !frames[f].redirectTarget {
                commands.append(Command())
                let index = commands.count - 1
                frames[f].command = index
                if let from = frames[f].pipeFrom { commands[from].pipeNext = index; frames[f].pipeFrom = nil }
                if f > 0, let parent = frames[f - 1].command, frames[f].kind != .group {
                    commands[index].parent = parent
                    commands[index].parentWord = commands[parent].words.count
                    commands[index].nesting = frames[f].kind == .processInput ? .processInput : frames[f].kind == .processOutput ? .processOutput : .command
                }
            }
        }

        func endWord(_ frames: inout [Frame], _ commands: inout [Command], at offset: Int) {
            let f = frames.count - 1
            guard let wordStart = frames[f].wordStart else { return }
            if let command = frames[f].command, !frames[f].redirectTarget || frames[f].redirectStdout {
                let end = ends.position(at: offset)
                let range = SourceRange(start: frames[f].wordPosition,
                                        end: end > frames[f].wordPosition ? end : SourcePosition(line: frames[f].wordPosition.line, column: frames[f].wordPosition.column + 1))
                let word = Word(text: String(decoding: frames[f].word, as: UTF8.self), start: wordStart, end: offset, range: range)
                if frames[f].redirectTarget { commands[command].stdoutTargets.append(word) } else { commands[command].words.append(word) }
            }
            frames[f].redirectTarget = false
            frames[f].redirectStdout = false
            frames[f].word = []
            frames[f].wordStart = nil
        }

        func endCommand(_ frames: inout [Frame], _ commands: inout [Command], at offset: Int, pipe: Bool) {
            endWord(&frames, &commands, at: offset)
            let f = frames.count - 1
            frames[f].pipeFrom = pipe ? frames[f].command : nil
            frames[f].command = nil
        }

        func redirect(_ frames: inout [Frame], _ commands: inout [Command], stdout: Bool) {
            let f = frames.count - 1
            if stdout, let command = frames[f].command { commands[command].stdoutRedirected = true }
            frames[f].redirectTarget = true
            frames[f].redirectStdout = stdout
        }

        func push(_ kind: Frame.Kind, _ frames: inout [Frame], _ commands: inout [Command], at offset: Int) {
            startWord(&frames, &commands, at: offset)
            // The parent's word in progress holds the substitution: make sure it has a command.
            frames.append(Frame(kind: kind))
        }

        func pop(_ frames: inout [Frame], _ commands: inout [Command], at end: Int) {
            endCommand(&frames, &commands, at: end, pipe: false)
            let closed = frames.removeLast()
            let f = frames.count - 1
            // The parent's word shows a placeholder, not the substitution's text: copying the text
            // into every enclosing word would be quadratic in the nesting depth.
            switch closed.kind {
            case .backquote: frames[f].word += Array("`…`".utf8)
            case .processInput: frames[f].word += Array("<(…)".utf8)
            case .processOutput: frames[f].word += Array(">(…)".utf8)
            case .command, .top: frames[f].word += Array("$(…)".utf8)
            case .group: break
            }
        }

        while i < b.count {
            let c = b[i]
            let f = frames.count - 1
            let next: UInt8 = i + 1 < b.count ? b[i + 1] : 0
            if frames[f].quote == UInt8(ascii: "'") {
                if c == UInt8(ascii: "'") { frames[f].quote = 0 } else { frames[f].word.append(c) }
                i += 1
                continue
            }
            if frames[f].quote == UInt8(ascii: "\"") {
                switch c {
                case UInt8(ascii: "\""): frames[f].quote = 0
                case UInt8(ascii: "\\") where i + 1 < b.count:
                    if [UInt8(ascii: "\""), UInt8(ascii: "$"), UInt8(ascii: "`"), UInt8(ascii: "\\")].contains(next) {
                        frames[f].word.append(next)
                    } else if next != UInt8(ascii: "\n") {
                        frames[f].word += [c, next]
                    }
                    i += 2
                    continue
                case UInt8(ascii: "$") where next == UInt8(ascii: "(") && (i + 2 >= b.count || b[i + 2] != UInt8(ascii: "(")):
                    push(.command, &frames, &commands, at: i)
                    i += 2
                    continue
                case UInt8(ascii: "`"):
                    push(.backquote, &frames, &commands, at: i)
                default: frames[f].word.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                endWord(&frames, &commands, at: i)
            case UInt8(ascii: "\n"), UInt8(ascii: ";"):
                endCommand(&frames, &commands, at: i, pipe: false)
            case UInt8(ascii: "&"):
                if next == UInt8(ascii: ">") {
                    // `&>file`, `&>>file`: both outputs to a file.
                    endWord(&frames, &commands, at: i)
                    redirect(&frames, &commands, stdout: true)
                    i += 2
                    if i < b.count, b[i] == UInt8(ascii: ">") { i += 1 }
                    continue
                }
                endCommand(&frames, &commands, at: i, pipe: false)
                if next == UInt8(ascii: "&") { i += 1 }
            case UInt8(ascii: "|"):
                if next == UInt8(ascii: "|") {
                    endCommand(&frames, &commands, at: i, pipe: false)
                    i += 1
                } else {
                    endCommand(&frames, &commands, at: i, pipe: true)
                    if next == UInt8(ascii: "&") { i += 1 }
                }
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                startWord(&frames, &commands, at: i)
                frames[f].quote = c
            case UInt8(ascii: "\\"):
                // A backslash before a line break joins the lines; before anything else it quotes it.
                if next == UInt8(ascii: "\n") { i += 2; continue }
                startWord(&frames, &commands, at: i)
                if i + 1 < b.count {
                    frames[f].word.append(next)
                    i += 2
                    continue
                }
            case UInt8(ascii: "#") where frames[f].wordStart == nil:
                while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "$") where next == UInt8(ascii: "("):
                if i + 2 < b.count, b[i + 2] == UInt8(ascii: "(") {
                    // Arithmetic: part of the word, up to the matching `))`.
                    startWord(&frames, &commands, at: i)
                    var depth = 0
                    var j = i + 1
                    while j < b.count {
                        if b[j] == UInt8(ascii: "(") { depth += 1 } else if b[j] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                        j += 1
                    }
                    frames[f].word += b[i..<min(j + 1, b.count)]
                    i = j + 1
                    continue
                }
                push(.command, &frames, &commands, at: i)
                i += 2
                continue
            case UInt8(ascii: "`"):
                if frames[f].kind == .backquote {
                    pop(&frames, &commands, at: i)
                } else {
                    push(.backquote, &frames, &commands, at: i)
                }
            case UInt8(ascii: "<") where next == UInt8(ascii: "("), UInt8(ascii: ">") where next == UInt8(ascii: "("):
                push(c == UInt8(ascii: "<") ? .processInput : .processOutput, &frames, &commands, at: i)
                i += 2
                continue
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                // A redirection: a word of digits just before it is the descriptor.
                var fd = c == UInt8(ascii: ">") ? 1 : 0
                if frames[f].wordStart != nil {
                    if !frames[f].word.isEmpty, frames[f].word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(String(decoding: frames[f].word, as: UTF8.self)) {
                        fd = n
                        frames[f].word = []
                        frames[f].wordStart = nil
                    } else {
                        endWord(&frames, &commands, at: i)
                    }
                }
                if frames[f].command == nil { startWord(&frames, &commands, at: i); frames[f].wordStart = nil }
                redirect(&frames, &commands, stdout: c == UInt8(ascii: ">") && fd == 1)
                i += 1
                while i < b.count, [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "-")].contains(b[i]) { i += 1 }
                continue
            case UInt8(ascii: "("):
                if frames[f].wordStart == nil {
                    endCommand(&frames, &commands, at: i, pipe: false)
                    frames.append(Frame(kind: .group))
                } else {
                    frames[f].word.append(c)
                }
            case UInt8(ascii: ")"):
                if frames.count > 1, frames[f].kind != .backquote {
                    pop(&frames, &commands, at: i)
                } else {
                    // A `case` pattern, or an unbalanced parenthesis: ends the command.
                    endCommand(&frames, &commands, at: i, pipe: false)
                }
            default:
                startWord(&frames, &commands, at: i)
                frames[f].word.append(c)
            }
            i += 1
        }
        while frames.count > 1 { pop(&frames, &commands, at: b.count) }
        endCommand(&frames, &commands, at: b.count, pipe: false)
        self.commands = commands
    }

    /// The file range of a word.
    func range(_ word: Word) -> SourceRange { word.range }

    /// The file range of `needle` where it is written inside `word` (the word's range if it is
    /// not written literally, as when quoting splits it).
    func range(of needle: String, in word: Word) -> SourceRange {
        let n = Array(needle.utf8)
        let bytes = source.bytes
        var i = word.start
        while i + n.count <= word.end {
            if bytes[i..<(i + n.count)].elementsEqual(n) {
                let start = source.position(at: i, after: word.start, at: word.range.start)
                let end = source.position(at: i + n.count, after: i, at: start)
                return SourceRange(start: start, end: end)
            }
            i += 1
        }
        return word.range
    }

    // MARK: - Reading commands

    /// What a simple command runs, past assignments (`A=b cmd`), shell keywords and wrappers
    /// (`sudo -u app`, `env -i`, `exec`, `nohup`, `time`).
    struct Invocation {
        /// The program's base name (`/usr/bin/curl` is `curl`).
        let name: String
        let nameIndex: Int
        /// The words after the program name.
        let arguments: ArraySlice<Word>
        /// The `sudo` word, when the program runs through sudo.
        let sudo: Word?
    }

    static let keywords: Set<String> = ["!", "{", "}", "then", "do", "else", "elif", "if", "while", "until", "time", "exec", "command", "nohup", "builtin"]
    static let sudoOptionsWithValue: Set<String> = ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "-R"]

    static func invocation(_ command: Command) -> Invocation? {
        let words = command.words
        var k = 0
        var sudo: Word?
        while k < words.count {
            let w = words[k].text
            if isAssignment(w) || keywords.contains(w) { k += 1; continue }
            if w == "sudo" || w.hasSuffix("/sudo") {
                sudo = words[k]
                k += 1
                while k < words.count, words[k].text.hasPrefix("-") {
                    let option = words[k].text
                    k += sudoOptionsWithValue.contains(option) ? 2 : 1
                    if option == "--" { break }
                }
                continue
            }
            if w == "env" || w.hasSuffix("/env") {
                k += 1
                while k < words.count, words[k].text.hasPrefix("-") || isAssignment(words[k].text) {
                    k += words[k].text == "-u" ? 2 : 1
                }
                continue
            }
            break
        }
        guard k < words.count else { return nil }
        return Invocation(name: baseName(words[k].text), nameIndex: k, arguments: words[(k + 1)...], sudo: sudo)
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let eq = word.firstIndex(of: "="), eq != word.startIndex else { return false }
        return word[..<eq].allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) } && !(word.first?.isNumber ?? true)
    }

    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The first argument that is not an option (`install` in `apt-get -y install x`).
    static func subcommand(_ arguments: ArraySlice<Word>) -> Word? {
        arguments.first { !$0.text.hasPrefix("-") }
    }
}

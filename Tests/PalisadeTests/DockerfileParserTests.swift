import Foundation
import PalisadeCore
import PalisadeLoaders
import Testing

@Suite("Dockerfile parser")
struct DockerfileParserTests {
    typealias Instruction = Dockerfile.Instruction

    static func parse(_ text: String) -> DockerfileParser.Outcome {
        DockerfileParser().parse(Array(text.utf8), file: "Dockerfile")
    }

    static func error(_ text: String) -> Diagnostic? {
        if case .failure(let diagnostic) = parse(text) { return diagnostic }
        return nil
    }

    static func at(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    static func starts(_ words: [Dockerfile.Word]) -> [String] {
        words.map { "\($0.text)@\($0.range.start.line):\($0.range.start.column)" }
    }

    @Test("Instructions in any case, continuation lines with comment and empty lines inside, exact word positions")
    func continuations() {
        let file = Support.dockerfile("""
            FROM alpine:3.20 AS Base
            run apk add \\
                curl \\
            # a comment inside the instruction
            \t
                git   \\\t
              && echo done
            Env A=1
            """)
        let stage = file.stages[0]
        #expect(stage.name == "base")
        let run = stage.instructions[0]
        #expect(run.keyword == "RUN")
        #expect(run.keywordRange == SourceRange(start: Self.at(2, 1), end: Self.at(2, 4)))
        #expect(Self.starts(run.arguments) == ["apk@2:5", "add@2:9", "curl@3:5", "git@6:5", "&&@7:3", "echo@7:6", "done@7:11"])
        #expect(run.argumentText == "apk add     curl     git     && echo done")
        #expect(run.range == SourceRange(start: Self.at(2, 1), end: Self.at(7, 15)))
        #expect(stage.instructions[1].keyword == "ENV")
        #expect(stage.instructions[1].keywordRange.start == Self.at(8, 1))
        #expect(file.comments.map(\.text) == [])

        // An escaped escape character does not continue the line; one alone on its line does; a
        // keyword split over lines is joined first.
        let edges = Support.dockerfile("FROM alpine\nRUN echo a\\\\\nUSER root\nRUN echo b \\\n\\\n  c\nUS\\\nER app\n")
        #expect(edges.stages[0].instructions.map(\.keyword) == ["RUN", "USER", "RUN", "USER"])
        #expect(edges.stages[0].instructions[0].argumentText == "echo a\\\\")
        #expect(edges.stages[0].instructions[2].argumentText == "echo b   c")
        #expect(edges.stages[0].instructions[3].keywordRange == SourceRange(start: Self.at(7, 1), end: Self.at(8, 3)))
    }

    @Test("Parser directives only at the top; escape=` changes the continuation character")
    func directives() {
        let file = Support.dockerfile("""
            # syntax=docker/dockerfile:1.7
            #  ESCAPE = `
            FROM mcr.microsoft.com/windows/servercore:ltsc2022
            RUN dir c:\\ `
                && echo ok
            # escape=\\
            """)
        #expect(file.directives.map { "\($0.name)=\($0.value)@\($0.range.start.line)" } == ["syntax=docker/dockerfile:1.7@1", "escape=`@2"])
        let run = file.stages[0].instructions[0]
        #expect(run.argumentText == "dir c:\\     && echo ok")
        #expect(file.comments.map(\.text) == ["escape=\\"])

        // After any other line, a directive is an ordinary comment.
        let late = Support.dockerfile("# hello\n# escape=`\nFROM alpine:3.20\nRUN echo a `\n")
        #expect(late.directives.isEmpty)
        #expect(late.stages[0].instructions[0].argumentText == "echo a `")

        #expect(Self.error("# escape=x\nFROM alpine\n")?.message == "the escape directive must be \\ or `, not 'x'")
        let twice = Self.error("# syntax=a\n# syntax=b\nFROM alpine\n")
        #expect(twice?.position == Self.at(2, 1))
        #expect(twice?.code == "dockerfile-syntax")
    }

    @Test("Heredocs: <<EOF, <<-EOF with tabs, quoted delimiters, several on one line, positions in the body")
    func heredocs() throws {
        let file = Support.dockerfile("""
            FROM alpine:3.20
            RUN <<EOF
            apk add curl
            echo "$HOME"
            EOF
            COPY <<one.txt <<"two.txt" /dst/
            first
            one.txt
            second $NOT_EXPANDED
            two.txt
            RUN <<-END bash
            \t\techo indented
            \tEND
            RUN echo "<<NOT" && cat 3<<X
            x
            X
            ONBUILD run <<EOF
            echo child
            EOF
            USER app
            """)
        let i = file.stages[0].instructions
        #expect(i.map(\.keyword) == ["RUN", "COPY", "RUN", "RUN", "ONBUILD", "USER"])
        #expect(i[4].heredocs.map(\.name) == ["EOF"])
        #expect(i[0].heredocs.map(\.name) == ["EOF"])
        #expect(i[0].heredocs[0].body.string == "apk add curl\necho \"$HOME\"\n")
        #expect(i[0].heredocs[0].body.position(at: 13) == Self.at(4, 1))
        #expect(i[0].range.end == Self.at(5, 4))
        #expect(i[1].heredocs.map(\.name) == ["one.txt", "two.txt"])
        #expect(i[1].heredocs.map(\.expands) == [true, false])
        #expect(i[1].heredocs[1].body.string == "second $NOT_EXPANDED\n")
        #expect(i[1].heredocs[1].body.position(at: 0) == Self.at(9, 1))
        #expect(i[2].heredocs[0].chomp)
        #expect(i[2].heredocs[0].body.string == "echo indented\n")
        #expect(i[2].heredocs[0].body.position(at: 0) == Self.at(12, 3))
        #expect(i[3].heredocs.map(\.name) == ["X"])
        #expect(i[5].keywordRange.start == Self.at(20, 1))

        let open = try #require(Self.error("FROM alpine\nRUN cat <<EOF > /x\nno end\n"))
        #expect(open.code == "dockerfile-syntax")
        #expect(open.position == Self.at(2, 9))
        #expect(open.message == "unterminated heredoc: no line 'EOF' closes the heredoc that starts here")
    }

    @Test("Exec form is a JSON array of strings (escapes decoded, positions at the quotes); anything else is shell form")
    func execForm() {
        let file = Support.dockerfile("""
            FROM nginx:1.27
            CMD [ "nginx", "-g",  "daemon off;" ]
            ENTRYPOINT ["/bin/echo", "a\\"b", "caf\\u00e9", "\\ud83d\\ude00"]
            RUN [ "a", 'b' ]
            VOLUME []
            """)
        let i = file.stages[0].instructions
        #expect(i[0].isJSON)
        #expect(Self.starts(i[0].arguments) == ["nginx@2:7", "-g@2:16", "daemon off;@2:23"])
        #expect(i[1].arguments.map(\.text) == ["/bin/echo", "a\"b", "café", "😀"])
        #expect(!i[2].isJSON)
        #expect(i[2].arguments.map(\.text) == ["[", "a,", "b", "]"])
        #expect(i[3].isJSON && i[3].arguments.isEmpty)
    }

    @Test("Leading --flags, key=value pairs with quotes, the legacy ENV form, columns in Unicode scalars")
    func flagsAndPairs() throws {
        let file = Support.dockerfile("""
            FROM python:3.12-slim
            COPY --from=build --chown=app:app --link /a "/b c"
            RUN --mount=type=cache,target=/root/.cache -- pip install x
            LABEL description="café ☕ shop" team=web
            ENV A=1 B="two words" C='$literal'
            ENV LEGACY some value here
            ARG V NAME=default
            """)
        let i = file.stages[0].instructions
        #expect(i[0].flags.map { "\($0.name)=\($0.value ?? "nil")" } == ["from=build", "chown=app:app", "link=nil"])
        #expect(i[0].arguments.map(\.text) == ["/a", "/b c"])
        #expect(i[0].flag("from")?.range.start == Self.at(2, 6))
        #expect(i[1].flag("mount")?.value == "type=cache,target=/root/.cache")
        #expect(i[1].argumentText == "pip install x")
        let label = i[2].keyValues
        #expect(label.map(\.key) == ["description", "team"])
        #expect(label[1].word.range.start == Self.at(4, 33))
        #expect(label[1].valueStart == Self.at(4, 38))
        let env = i[3].keyValues
        #expect(env.map { "\($0.key)=\($0.value ?? "nil")" } == ["A=1", "B=two words", "C=$literal"])
        #expect(env[1].valueStart == Self.at(5, 11))
        let legacy = try #require(i[4].keyValues.first)
        #expect(legacy.key == "LEGACY" && legacy.value == "some value here" && legacy.valueStart == Self.at(6, 12))
        #expect(i[5].keyValues.map { "\($0.key)=\($0.value ?? "nil")" } == ["V=nil", "NAME=default"])
    }

    @Test("Stages: names, unnamed stages, FROM an earlier stage, global ARGs substituted only where known")
    func stages() {
        let file = Support.dockerfile("""
            ARG ALPINE=3.20
            ARG REGISTRY
            ARG DEFAULTED
            FROM alpine:${ALPINE} AS Build
            FROM $REGISTRY/app:1 AS other
            FROM build
            FROM node:${DEFAULTED:-20}
            FROM --platform=$BUILDPLATFORM scratch
            FROM build AS final
            """)
        #expect(file.globalArguments.count == 3)
        #expect(file.globalDefault("ALPINE") == "3.20")
        #expect(file.globalDefault("REGISTRY") == nil)
        #expect(file.stages.map(\.displayName) == ["build", "other", "stage 2", "stage 3", "stage 4", "final"])
        #expect(file.stages.map(\.resolvedBase) == ["alpine:3.20", nil, "build", nil, "scratch", "build"])
        #expect(file.stages.map(\.baseStage) == [nil, nil, 0, nil, nil, 0])
        #expect(file.stages[4].isScratch)
        #expect(file.stages[4].from.flag("platform")?.value == "$BUILDPLATFORM")
        #expect(file.shippedStages.map(\.displayName) == ["final", "build"])
        #expect(file.stages[5].ref.identity.display == "Dockerfile/final")
        #expect(file.stages[5].ref.identity.kind == Dockerfile.kind)
    }

    @Test("Variable substitution: $V, ${V}, ${V:-d}, ${V:+a}, escaped \\$, unknown values give nil")
    func substitution() {
        let values = ["A": "1", "EMPTY": ""]
        let sub = { (text: String) in DockerSubstitution.substitute(text) { values[$0] } }
        #expect(sub("x$A-${A}") == "x1-1")
        #expect(sub("${EMPTY:-d}/${A:-d}/${A:+alt}/${EMPTY:+alt}") == "d/1/alt/")
        #expect(sub("\\$A costs $") == "$A costs $")
        #expect(sub("$UNKNOWN") == nil)
        #expect(sub("${UNKNOWN:-x}") == nil)
        #expect(sub("${A") == nil)
        #expect(sub("${A/x/y}") == nil)
    }

    @Test("Lines that are not instructions, instructions before FROM, FROM without an image, files without FROM: dockerfile-syntax with line and column")
    func syntaxErrors() {
        let unknown = Self.error("FROM alpine\n  RUN echo \\\nfoo\n  EXPOSE 80\n  aptget install x\n")
        #expect(unknown?.code == "dockerfile-syntax")
        #expect(unknown?.position == Self.at(5, 3))
        #expect(unknown?.message == "'aptget' is not a Dockerfile instruction")
        #expect(Self.error("RUN echo\nFROM alpine\n")?.message == "RUN before the first FROM: only ARG may come before it")
        #expect(Self.error("FROM alpine AS\n")?.position == Self.at(1, 1))
        #expect(Self.error("ARG X=1\n")?.message == "no FROM instruction: Docker cannot build this file")
        #expect(Self.error("# only a comment\n\n")?.position == nil)
    }

    @Test("Binary files, invalid UTF-8, CRLF line ends and a byte-order mark")
    func encodings() throws {
        let binary = DockerfileParser().parse([0x46, 0x52, 0x00, 0x4F], file: "Dockerfile")
        guard case .failure(let b) = binary else { Issue.record("binary parsed"); return }
        #expect(b.code == "binary-file" && b.position == Self.at(1, 3))
        var bytes = Array("FROM alpine\nRUN echo é ".utf8)
        bytes += [0xC3, 0x28]
        guard case .failure(let u) = DockerfileParser().parse(bytes, file: "Dockerfile") else { Issue.record("invalid UTF-8 parsed"); return }
        #expect(u.code == "invalid-encoding" && u.position == Self.at(2, 12))
        #expect(TextInput.firstInvalidUTF8(Array("ok ☕ 😀".utf8)) == nil)
        #expect(TextInput.firstInvalidUTF8([0xED, 0xA0, 0x80]) == 0)  // a surrogate
        #expect(TextInput.firstInvalidUTF8([0x41, 0xC0, 0xAF]) == 1)  // overlong
        let crlf = Support.dockerfile("\u{FEFF}FROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\nUSER app\r\n")
        let run = crlf.stages[0].instructions[0]
        #expect(run.argumentText == "echo a   b")
        #expect(crlf.stages[0].from.keywordRange.start == Self.at(1, 1))
        #expect(crlf.stages[0].instructions[1].arguments.first?.range == SourceRange(start: Self.at(4, 6), end: Self.at(4, 9)))
    }

    @Test("Linear on hostile shapes: a 200,000-line continuation, a line of 100,000 words, 50,000 instructions")
    func hostileShapes() {
        let started = Date()
        let chain = "FROM alpine\nRUN echo start \\\n" + String(repeating: "  && true \\\n", count: 200_000) + "  && echo end\n"
        let long = Support.dockerfile(chain)
        #expect(long.stages[0].instructions[0].arguments.count == 2 + 200_000 * 2 + 3)
        #expect(long.stages[0].instructions[0].arguments.last?.range.start == Self.at(200_003, 11))
        let wide = Support.dockerfile("FROM alpine\nENV " + (0..<100_000).map { "K\($0)=v" }.joined(separator: " ") + "\n")
        #expect(wide.stages[0].instructions[0].keyValues.count == 100_000)
        #expect(wide.stages[0].instructions[0].arguments.last?.range.start.line == 2)
        let many = Support.dockerfile("FROM alpine\n" + String(repeating: "RUN true\n", count: 50_000))
        #expect(many.stages[0].instructions.count == 50_000)
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("Discovery recognises Dockerfile names as Docker does, and nothing else")
    func names() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dockerfiles = ["Dockerfile", "dockerfile", "Dockerfile.prod", "api.Dockerfile", "web.dockerfile", "Containerfile", "Containerfile.dev", "containerfile"]
        let others = ["Dockerfile.dockerignore", "Dockerfile.j2", "Dockerfile.md", "Dockerfiles", ".Dockerfile", "DockerfileX", "notes.txt"]
        for name in dockerfiles + others { try Support.write("FROM alpine:3.20\n", to: dir.appendingPathComponent("sub/" + name)) }
        var found: [(String, ScanFile.Format)] = []
        let result = Discovery.discover([dir.path]) { found.append((URL(fileURLWithPath: $0.display).lastPathComponent, $0.format)) }
        #expect(found.filter { $0.1 == .dockerfile }.map(\.0).sorted() == dockerfiles.sorted())
        // The others are handed out as text, for secrets only.
        #expect(found.filter { $0.1 == .text }.map(\.0).sorted() == others.sorted())
        #expect(result.skippedFiles == 0)
    }
}

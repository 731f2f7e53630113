import PalisadeCore
import PalisadeLoaders
import Testing

@Suite("HCL parser on hostile input")
struct HCLHostileInputTests {
    /// The error for `text`, which must be one.
    private func error(_ text: String) -> Diagnostic? {
        error(Array(text.utf8))
    }

    private func error(_ bytes: [UInt8]) -> Diagnostic? {
        let result = HCLParser.parse(bytes, file: "bad.tf")
        #expect(result.diagnostic != nil, "expected an error")
        return result.diagnostic
    }

    private func at(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    @Test("Unterminated strings, heredocs, comments and interpolations point at where they open")
    func unterminated() {
        let string = error("a = 1\nb = \"open")
        #expect(string?.code == "hcl-syntax")
        #expect(string?.level == .error)
        #expect(string?.file == "bad.tf")
        #expect(string?.position == at(2, 5))
        #expect(string?.message == "this string is never closed: the file ends before its closing quote")
        let spanning = error("b = \"one\ntwo\"\n")
        #expect(spanning?.position == at(1, 5))
        #expect(spanning?.message.contains("cannot span lines") == true)
        let heredoc = error("x = <<-EOT\n  text\n  EOTX\n")
        #expect(heredoc?.position == at(1, 5))
        #expect(heredoc?.message == "the heredoc <<-EOT has no closing line 'EOT'; the file ends first")
        let comment = error("x = 1\n  /* never\nclosed")
        #expect(comment?.position == at(2, 3))
        #expect(comment?.message == "this /* comment is never closed with */")
        let interpolation = error("x = \"${var.a\"\n")
        #expect(interpolation?.position == at(1, 13))
        #expect(interpolation?.message == "expected '}' to close the interpolation '${' at line 1, column 6, found a string")
        let directive = error("x = \"%{ if a }yes\"\n")
        #expect(directive?.position == at(1, 6))
        #expect(directive?.message == "this '%{ if }' has no '%{ endif }'")
        let stray = error("x = \"%{ endfor }\"\n")
        #expect(stray?.position == at(1, 6))
        let mismatch = error("x = \"%{ for a in b }%{ endif }\"\n")
        #expect(mismatch?.position == at(1, 21))
        let escape = error(#"x = "bad \q""#)
        #expect(escape?.position == at(1, 10))
        #expect(escape?.message.hasPrefix("unknown escape sequence: a backslash followed by 'q'") == true)
    }

    @Test("Unbalanced braces, missing newlines and stray tokens name line and column")
    func unbalanced() {
        let unclosed = error("resource \"a\" \"b\" {\n  x = 1\n")
        #expect(unclosed?.position == at(1, 18))
        #expect(unclosed?.message == "this '{' is never closed: the file ends at line 3 before its '}'")
        let extra = error("a {\n}\n}\n")
        #expect(extra?.position == at(3, 1))
        #expect(extra?.message == "unexpected '}': no block is open here")
        let tuple = error("x = [1, 2\ny = 3\n")
        #expect(tuple?.position == at(2, 1))
        #expect(tuple?.message == "expected ',' or ']' in the tuple opened at line 1, column 5, found 'y'")
        let twoOnALine = error("x = 1 y = 2\n")
        #expect(twoOnALine?.position == at(1, 7))
        #expect(twoOnALine?.message == "expected a newline after the value of 'x', found 'y'")
        let noValue = error("x =\n")
        #expect(noValue?.message == "expected an expression, found a newline")
        let character = error("x = 1 @\n")
        #expect(character?.position == at(1, 7))
        #expect(character?.message == "unexpected character '@'")
        let label = error("resource \"${a}\" {}\n")
        #expect(label?.position == at(1, 10))
    }

    @Test("The items before an error are kept; the error stops the parse")
    func partialResult() {
        let result = HCLParser.parse("a = 1\nb { c = 2 }\nd = (\n", file: "p.tf")
        #expect(result.body.items.count == 2)
        #expect(result.body.attribute("a")?.value.literalNumber == 1)
        #expect(result.diagnostic?.position == at(4, 1))
    }

    @Test("Ten thousand nested brackets, parentheses, braces, blocks, operators or templates are an error, not a crash")
    func deepNesting() {
        let limit = HCLParser.maxDepth
        for (open, close) in [("[", "]"), ("(", ")"), ("{", "}")] {
            let text = "x = " + String(repeating: open, count: 10_000) + "1" + String(repeating: close, count: 10_000) + "\n"
            let diagnostic = error(text)
            #expect(diagnostic?.code == "hcl-syntax")
            #expect(diagnostic?.position == at(1, 5 + limit), "\(open)")
            #expect(diagnostic?.message.hasPrefix("nesting too deep: more than \(limit) levels") == true)
        }
        let blocks = String(repeating: "a {\n", count: 10_000) + String(repeating: "}\n", count: 10_000)
        #expect(error(blocks)?.position == at(limit + 1, 3))
        #expect(error("x = " + String(repeating: "!", count: 10_000) + "a")?.position == at(1, 5 + limit))
        #expect(error("x = " + String(repeating: "\"${", count: 10_000))?.message.hasPrefix("nesting too deep") == true)
        #expect(error("x = \"" + String(repeating: "%{ if a }", count: 10_000))?.message.hasPrefix("nesting too deep") == true)
        #expect(error("x = " + String(repeating: "a ? b : ", count: 10_000) + "c")?.message.hasPrefix("nesting too deep") == true)
        // Just inside the limit parses.
        let deepest = "x = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(HCLParser.parse(deepest, file: "ok.tf").diagnostic == nil)
    }

    @Test("Invalid UTF-8, binary content and empty input")
    func encoding() {
        let invalid = error([0x61, 0x20, 0x3D, 0x20, 0x22, 0xC3, 0x28, 0x22, 0x0A])
        #expect(invalid?.code == "invalid-encoding")
        #expect(invalid?.position == at(1, 6))
        #expect(invalid?.message == "invalid UTF-8: byte 0xC3 does not start a valid character")
        let overlong = error(Array("x = 1\ny = \"".utf8) + [0xE0, 0x80, 0xAF, 0x22])
        #expect(overlong?.position == at(2, 6))
        let binary = error([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00])
        #expect(binary?.code == "binary-file")
        #expect(binary?.position == at(1, 8))
        for empty in ["", "\n\n", "# only a comment", "\u{FEFF}"] {
            let result = HCLParser.parse(empty, file: "e.tf")
            #expect(result.diagnostic == nil)
            #expect(result.body.items.isEmpty)
        }
        // Windows line endings and a byte-order mark are fine.
        let crlf = HCLParser.parse("\u{FEFF}a = 1\r\nb = <<EOF\r\nx\r\nEOF\r\n", file: "w.tf")
        #expect(crlf.diagnostic == nil)
        #expect(crlf.body.attribute("b")?.nameRange.start == at(2, 1))
        #expect(crlf.body.attribute("a")?.nameRange.start == at(1, 1))
    }

    @Test("A 50 MB file of attributes parses in one linear pass")
    func largeFile() {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(50 << 20)
        var count = 0
        while bytes.count < 50 << 20 {
            bytes.append(contentsOf: "attribute_\(count) = \"value-\(count)\" # note\n".utf8)
            count += 1
        }
        let result = HCLParser.parse(bytes, file: "big.tf")
        #expect(result.diagnostic == nil)
        #expect(result.body.items.count == count)
        #expect(result.comments.count == count)
        #expect(result.body.items.last?.range.start == at(count, 1))
    }
}

import ArgumentParser
import PalisadeCore
import PalisadeReport
import PalisadeRules

#if canImport(Glibc)
import Glibc
#endif

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the built-in rules, or write their documentation pages."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown
    }

    @Option(name: [.short, .long], help: "table, json or markdown.")
    var format: Format = .table

    @Option(name: .long, help: "Write one Markdown page per rule and an index (README.md) into this folder.")
    var writeDocs: String?

    func run() throws {
        let rules = BuiltinRules.descriptions
        if let dir = writeDocs {
            mkdir(dir, 0o755)
            for (name, text) in RuleDocumentation.files(rules) {
                try writeFile(text, to: dir + "/" + name)
            }
            return
        }
        switch format {
        case .table: writeOut(RuleDocumentation.plainTable(rules), to: 1)
        case .json: writeOut(RuleDocumentation.json(rules), to: 1)
        case .markdown: writeOut(RuleDocumentation.table(rules), to: 1)
        }
    }
}

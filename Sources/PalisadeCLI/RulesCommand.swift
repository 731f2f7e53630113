import ArgumentParser
import PalisadeCore
import PalisadeEngine
import PalisadeReport
import PalisadeRules

#if canImport(Glibc)
import Glibc
#endif

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the built-in rules, explain one, or write their documentation pages."
    )

    @Argument(help: "A rule id: explain this rule (why it matters, how to fix it, examples).")
    var id: String?

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown
    }

    @Option(name: [.short, .long], help: "table, json or markdown (with an id: plain text, a JSON list of one, or the rule's page).")
    var format: Format = .table

    @Option(name: .long, help: "Write one Markdown page per rule and an index (README.md) into this folder.")
    var writeDocs: String?

    func validate() throws {
        if id != nil && writeDocs != nil { throw ValidationError("Give a rule id or --write-docs, not both.") }
    }

    func run() throws {
        let rules = BuiltinRules.descriptions
        if let id {
            guard let rule = rules.first(where: { $0.id == id }) else {
                throw CLIError(status: .usage, description: "no rule '\(id)'\(Suggestions.hint(for: id, in: rules.map(\.id))) (palisade rules lists every rule)")
            }
            switch format {
            case .table: writeOut(RuleDocumentation.explanation(rule), to: 1)
            case .json: writeOut(RuleDocumentation.json([rule]), to: 1)
            case .markdown: writeOut(RuleDocumentation.page(rule), to: 1)
            }
            return
        }
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

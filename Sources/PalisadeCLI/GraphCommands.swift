import ArgumentParser
import PalisadeCore
import PalisadeEngine
import PalisadeGraph
import PalisadeReport

/// What `palisade paths` and `palisade blast-radius` share: what to scan, how, and where the
/// report goes. The scan is `palisade scan`'s (the same configuration file, excludes and rules);
/// the graph is built from the facts it keeps.
struct GraphCommandOptions: ParsableArguments {
    @Argument(help: "Files or folders to scan; - reads standard input.")
    var paths: [String] = []

    @Option(name: [.short, .long], help: "text (default), json, dot (Graphviz), mermaid or html (a self-contained page that draws the paths and lists the findings by risk).")
    var format: String = GraphFormat.text.rawValue

    @Option(name: [.short, .long], help: "Write the report to FILE instead of standard output (- is standard output).")
    var output: String?

    @Option(name: .long, help: ArgumentHelp("A resource an attacker must never reach; each part a glob, * for any. Repeatable.", valueName: "kind/namespace/name"))
    var crownJewel: [String] = []

    @Option(name: .long, help: ArgumentHelp("A namespace whose service accounts and Secrets count as cluster-admin level (kube-system always does). Repeatable.", valueName: "namespace"))
    var privilegedNamespace: [String] = []

    @Option(name: .long, help: ArgumentHelp("A Service or Ingress whose exposure is intended and guarded: no path starts through it. Repeatable.", valueName: "kind/namespace/name"))
    var trustedEntry: [String] = []

    @Option(name: .long, help: "Skip a name (at any depth) or a path relative to the scanned folder (** for any folders). Repeatable.")
    var exclude: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read this configuration file instead of looking for .palisade.yaml.", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Ignore any .palisade.yaml.")
    var noConfig = false

    @Option(name: .long, help: "Largest file to read, in MiB; larger files are reported as input errors.")
    var maxFileSize: Int = 256

    @Option(name: [.short, .long], help: "Worker threads (default: one per core).")
    var jobs: Int = 0

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file, folder or - for standard input.") }
        if GraphFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format must be one of \(GraphFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'.")
        }
        if noConfig && config != nil { throw ValidationError("Give --config FILE or --no-config, not both.") }
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive.") }
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more.") }
    }

    var graphFormat: GraphFormat { GraphFormat(rawValue: format.lowercased())! }

    /// Scans the paths and builds the attack graph; input errors go to standard error. The graph
    /// needs only the facts and the cloud model, so no rule runs unless `findings` asks for the
    /// scan's findings too (ranked by risk).
    func graph(findings: Bool = false) throws -> (AttackGraph, ScanResult) {
        try requireExisting(paths)
        var configuration = try readConfiguration(config, ignoring: noConfig, for: paths)
        if !exclude.isEmpty { configuration.exclude = exclude.map { Setting($0, .flag("--exclude")) } }
        if !privilegedNamespace.isEmpty { configuration.privilegedNamespaces = privilegedNamespace }
        for (flag, values, key) in [("--crown-jewel", crownJewel, \Configuration.crownJewels), ("--trusted-entry", trustedEntry, \Configuration.trustedEntries)] where !values.isEmpty {
            do throws(ConfigurationError) {
                configuration[keyPath: key] = try values.map(ConfigurationOptions.crownJewel)
            } catch {
                throw CLIError(usage: ConfigurationErrors([ConfigurationError(.flag(flag), error.message)]))
            }
        }
        var plan: ScanPlan
        do throws(ConfigurationErrors) { plan = try ScanPlan(configuration) } catch { throw CLIError(usage: error) }
        plan.options.maxFileSize = maxFileSize << 20
        plan.options.jobs = jobs
        plan.options.keepModels = true
        plan.options.riskRanking = findings
        plan.options.sortByRisk = findings
        let scanner = findings ? plan.scanner : Scanner(options: plan.options, rules: [], estateRules: [], dockerfileRules: [], cloudRules: [],
                                                      workflowRules: [], gitlabRules: [], secretRules: [])
        let result = scanner.scan(paths)
        for error in result.inputErrors { writeOut("palisade: \(error.message)\n", to: 2) }
        let graph = AttackGraph.build(estate: result.estate ?? Estate(EstateFacts()), cloud: result.cloud, options: GraphOptions(plan.options.settings))
        return (graph, result)
    }

    func write(_ text: String) throws {
        if let output, output != "-" { try writeFile(text, to: output) } else { writeOut(text, to: 1) }
    }
}

/// `palisade paths`: the attack paths from entry points to crown jewels.
struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Show the attack paths from entry points (the internet, a leaked credential, a compromised pod) to crown jewels.",
        discussion: """
            Crown jewels: cluster-admin, root on a node, Secrets cluster-wide or in privileged \
            namespaces (kube-system and --privileged-namespace), the cloud account's administrator, \
            data stores (buckets, databases, keys), and whatever --crown-jewel or crown-jewels: in \
            .palisade.yaml names. For each entry point and jewel the most likely path is shown, best \
            first, each step with the manifest lines that create it and the fix that breaks the path; \
            the report opens with the few fixes that break the most paths.

            Exit codes: 0 report written (also when there are paths: use palisade scan --fail-on to \
            gate CI); 2 usage error; 3 the scan could not run.
            """
    )

    @OptionGroup var options: GraphCommandOptions

    @Option(name: .long, help: ArgumentHelp("Entry points: internet, leaked-credential, assume-breach (default: all). Repeatable.", valueName: "entry"))
    var entry: [String] = []

    @Option(name: .long, help: "Most paths to report (best first).")
    var maxPaths: Int = 50

    @Flag(name: .long, help: "With json, dot or mermaid: export the whole graph, not only the paths.")
    var wholeGraph = false

    func validate() throws {
        for name in entry where AttackGraph.Entry(rawValue: name) == nil {
            throw ValidationError("--entry must be one of \(AttackGraph.Entry.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'.")
        }
        if maxPaths <= 0 { throw ValidationError("--max-paths must be positive.") }
    }

    func run() throws {
        let html = options.graphFormat == .html
        let (graph, result) = try options.graph(findings: html)
        let entries = entry.isEmpty ? AttackGraph.Entry.allCases : entry.compactMap(AttackGraph.Entry.init(rawValue:))
        let report = graph.attackPaths(entries: entries, limit: maxPaths)
        try options.write(AttackPathReport.render(report, graph, format: options.graphFormat, wholeGraph: wholeGraph, findings: html ? result.findings : []))
    }
}

/// `palisade blast-radius`: everything reachable if one thing is compromised.
struct BlastRadiusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blast-radius",
        abstract: "Show everything an attacker reaches from a compromised workload, service account, cloud principal or Secret.",
        discussion: """
            --from names the starting point as Kind/name, Kind/namespace/name, namespace/name, a \
            bare name, or a Terraform address or CloudFormation logical id (aws_iam_role.app). When \
            several objects match, the radius is of all of them together.

            Exit codes: 0 report written; 2 usage error, or --from matches nothing; 3 the scan could not run.
            """
    )

    @OptionGroup var options: GraphCommandOptions

    @Option(name: .long, help: ArgumentHelp("What is compromised (Deployment/web, serviceaccount/shop/api, aws_iam_role.app).", valueName: "name"))
    var from: String

    func run() throws {
        let (graph, _) = try options.graph()
        let start = graph.vertices(named: from)
        guard !start.isEmpty else {
            throw CLIError(status: .usage, description: "--from \(from) matches nothing in the scanned estate (try Kind/name, Kind/namespace/name or a Terraform address)")
        }
        try options.write(AttackPathReport.render(graph.blastRadius(from: start), graph, format: options.graphFormat))
    }
}

import PalisadeCore
import PalisadeGraph

/// The formats `palisade paths` and `palisade blast-radius` write: text for people, JSON for
/// tools, Graphviz DOT and Mermaid for pictures. Every format is deterministic.
public enum GraphFormat: String, CaseIterable, Sendable {
    case text, json, dot, mermaid, html
}

/// Renders attack paths, blast radii and graphs.
public enum AttackPathReport {
    // MARK: Paths

    public static func render(_ report: PathReport, _ graph: AttackGraph, format: GraphFormat, wholeGraph: Bool = false, findings: [Finding] = []) -> String {
        switch format {
        case .html: return HTMLReport.render(AttackPathSummary(report, graph), findings: findings, title: "Palisade attack paths")
        case .text: return text(report, graph)
        case .json: return json(report, graph, wholeGraph: wholeGraph).rendered() + "\n"
        case .dot: return dot(graph, edges: wholeGraph ? Array(graph.edges.indices) : report.paths.flatMap(\.edges))
        case .mermaid: return mermaid(graph, edges: wholeGraph ? Array(graph.edges.indices) : report.paths.flatMap(\.edges))
        }
    }

    static func percent(_ p: Double) -> Int { AttackPath.percent(p) }

    static func text(_ report: PathReport, _ graph: AttackGraph) -> String {
        var out = ""
        guard !report.paths.isEmpty else {
            return "No attack path: no entry point (the internet, a leaked credential, a compromised pod) reaches a crown jewel.\n"
        }
        let byEntry = Dictionary(grouping: report.paths, by: \.entry)
        let counts = byEntry.keys.sorted().map { "\(byEntry[$0]!.count) from \(graph.vertices[$0].label)" }
        out += "\(report.paths.count) attack path\(report.paths.count == 1 ? "" : "s") (\(counts.joined(separator: ", "))).\n\n"
        if !report.fixes.isEmpty {
            out += "Fix these first\n"
            for (i, fix) in report.fixes.enumerated() {
                out += "  \(i + 1). \(fix.text) Breaks \(fix.paths) of \(report.paths.count) path\(report.paths.count == 1 ? "" : "s").\n"
            }
            out += "\n"
        }
        for (i, path) in report.paths.enumerated() {
            let target = graph.vertices[path.target]
            out += "\(i + 1). \(graph.vertices[path.entry].label) -> \(target.label) [\(target.jewel?.rawValue ?? "")]: \(path.edges.count) step\(path.edges.count == 1 ? "" : "s"), likelihood \(percent(path.likelihood))%\n"
            out += steps(path.edges, graph, indent: "   ")
            if let fix = path.fix, let text = graph.edges[fix].fix { out += "   Fix: \(text)\n" }
            out += "\n"
        }
        return out
    }

    /// One line per step (`-> target  technique`), its evidence below.
    static func steps(_ edges: [Int], _ graph: AttackGraph, indent: String) -> String {
        var out = ""
        for e in edges {
            let edge = graph.edges[e]
            let attack = edge.technique.attack.map { ", ATT&CK \($0)" } ?? ""
            out += "\(indent)-> \(graph.vertices[edge.to].label)  (\(edge.technique.title)\(attack))\n"
            for evidence in edge.evidence.prefix(3) { out += "\(indent)     \(evidence.summary) at \(evidence.file):\(evidence.range.start.line):\(evidence.range.start.column)\n" }
            if edge.evidence.count > 3 { out += "\(indent)     and \(edge.evidence.count - 3) more\n" }
        }
        return out
    }

    static func json(_ report: PathReport, _ graph: AttackGraph, wholeGraph: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("paths", .array(report.paths.map { path in
                .object([
                    ("entry", .string(graph.vertices[path.entry].key)),
                    ("target", .string(graph.vertices[path.target].key)),
                    ("jewel", .optional(graph.vertices[path.target].jewel?.rawValue)),
                    ("likelihood", .int(percent(path.likelihood))),
                    ("steps", .array(path.edges.map { edgeJSON($0, graph) })),
                    ("fix", .optional(path.fix.flatMap { graph.edges[$0].fix })),
                ])
            })),
            ("fixes", .array(report.fixes.map { .object([("fix", .string($0.text)), ("paths", .int($0.paths))]) })),
        ]
        if wholeGraph { members.append(("graph", graphJSON(graph))) }
        return .object(members)
    }

    static func edgeJSON(_ e: Int, _ graph: AttackGraph) -> JSONValue {
        let edge = graph.edges[e]
        return .object([
            ("from", .string(graph.vertices[edge.from].key)),
            ("to", .string(graph.vertices[edge.to].key)),
            ("technique", .string(edge.technique.id)),
            ("title", .string(edge.technique.title)),
            ("attack", .optional(edge.technique.attack)),
            ("likelihood", .int(percent(edge.likelihood))),
            ("evidence", .array(edge.evidence.map { ev in
                .object([("file", .string(ev.file)), ("line", .int(ev.range.start.line)), ("column", .int(ev.range.start.column)), ("summary", .string(ev.summary))])
            })),
            ("fix", .optional(edge.fix)),
        ])
    }

    /// Every vertex and edge.
    public static func graphJSON(_ graph: AttackGraph) -> JSONValue {
        .object([
            ("vertices", .array(graph.vertices.map { v in
                .object([("key", .string(v.key)), ("kind", .string(v.kind.rawValue)), ("label", .string(v.label)), ("jewel", .optional(v.jewel?.rawValue))])
            })),
            ("edges", .array(graph.edges.indices.map { edgeJSON($0, graph) })),
        ])
    }

    // MARK: Blast radius

    public static func render(_ blast: BlastRadius, _ graph: AttackGraph, format: GraphFormat) -> String {
        switch format {
        case .text: return text(blast, graph)
        case .json:
            return JSONValue.object([
                ("from", .array(blast.from.map { .string(graph.vertices[$0].key) })),
                ("reached", .array(blast.reached.map { r in
                    .object([
                        ("key", .string(graph.vertices[r.vertex].key)), ("kind", .string(graph.vertices[r.vertex].kind.rawValue)),
                        ("label", .string(graph.vertices[r.vertex].label)), ("jewel", .optional(graph.vertices[r.vertex].jewel?.rawValue)),
                        ("hops", .int(r.hops)), ("likelihood", .int(percent(r.likelihood))),
                        ("steps", .array(r.edges.map { edgeJSON($0, graph) })),
                    ])
                })),
            ]).rendered() + "\n"
        case .dot: return dot(graph, edges: blast.reached.flatMap(\.edges))
        case .mermaid: return mermaid(graph, edges: blast.reached.flatMap(\.edges))
        case .html:
            let jewels = blast.reached.filter { graph.vertices[$0.vertex].jewel != nil }
            let paths = jewels.map { r in
                AttackPath(entry: graph.edges[r.edges[0]].from, edges: r.edges, target: r.vertex, likelihood: r.likelihood, score: r.likelihood, fix: nil)
            }
            return HTMLReport.render(AttackPathSummary(PathReport(paths: paths, fixes: []), graph), findings: [],
                                     title: "Blast radius of " + blast.from.map { graph.vertices[$0].label }.joined(separator: ", "))
        }
    }

    static func text(_ blast: BlastRadius, _ graph: AttackGraph) -> String {
        let from = blast.from.map { graph.vertices[$0].label }.joined(separator: ", ")
        guard !blast.reached.isEmpty else { return "Compromising \(from) reaches nothing further in the scanned estate.\n" }
        var out = "Compromising \(from) reaches \(blast.reached.count) more vertex\(blast.reached.count == 1 ? "" : "es") of the estate.\n"
        let jewels = blast.reached.filter { graph.vertices[$0.vertex].jewel != nil }
        if !jewels.isEmpty {
            out += "\nCrown jewels reached (\(jewels.count))\n"
            for r in jewels {
                out += "  \(graph.vertices[r.vertex].label) [\(graph.vertices[r.vertex].jewel!.rawValue)]: \(r.hops) step\(r.hops == 1 ? "" : "s"), likelihood \(percent(r.likelihood))%\n"
                out += steps(r.edges, graph, indent: "    ")
            }
        }
        let kinds = AttackGraph.Kind.allCases.filter { kind in blast.reached.contains { graph.vertices[$0.vertex].kind == kind && graph.vertices[$0.vertex].jewel == nil } }
        for kind in kinds {
            let members = blast.reached.filter { graph.vertices[$0.vertex].kind == kind && graph.vertices[$0.vertex].jewel == nil }
            out += "\n\(heading(kind)) (\(members.count))\n"
            for r in members.prefix(50) {
                out += "  \(graph.vertices[r.vertex].label): \(r.hops) step\(r.hops == 1 ? "" : "s"), likelihood \(percent(r.likelihood))%\n"
            }
            if members.count > 50 { out += "  and \(members.count - 50) more\n" }
        }
        return out
    }

    static func heading(_ kind: AttackGraph.Kind) -> String {
        switch kind {
        case .entry: "Entry points"
        case .ingress: "Ingresses"
        case .service: "Services"
        case .workload: "Workloads"
        case .serviceAccount: "Service accounts"
        case .group: "Groups"
        case .permissions: "Permission sets"
        case .scope: "Whole scopes"
        case .secret: "Secrets"
        case .node: "Node access"
        case .clusterAdmin: "Cluster administration"
        case .cloudPrincipal: "Cloud principals"
        case .cloudAdmin: "Cloud administration"
        case .dataStore: "Data stores"
        }
    }

    // MARK: Pictures

    /// The subgraph of `edges` (each once, in order) as Graphviz DOT.
    public static func dot(_ graph: AttackGraph, edges: [Int]) -> String {
        let (vertices, unique) = subgraph(graph, edges)
        var out = "digraph attack_paths {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for v in vertices {
            let vertex = graph.vertices[v]
            let shape = vertex.kind == .entry ? "doublecircle" : vertex.jewel != nil ? "octagon" : "box"
            let colour = vertex.kind == .entry ? "#1f6feb" : vertex.jewel != nil ? "#cf222e" : "#57606a"
            out += "  v\(v) [label=\"\(dotEscape(vertex.label))\", shape=\(shape), color=\"\(colour)\"];\n"
        }
        for e in unique {
            let edge = graph.edges[e]
            out += "  v\(edge.from) -> v\(edge.to) [label=\"\(dotEscape(edge.technique.id))\"];\n"
        }
        return out + "}\n"
    }

    /// The subgraph of `edges` as a Mermaid flowchart.
    public static func mermaid(_ graph: AttackGraph, edges: [Int]) -> String {
        let (vertices, unique) = subgraph(graph, edges)
        var out = "flowchart LR\n"
        for v in vertices {
            let vertex = graph.vertices[v]
            let label = mermaidEscape(vertex.label)
            out += vertex.kind == .entry ? "  v\(v)((\"\(label)\"))\n" : vertex.jewel != nil ? "  v\(v){{\"\(label)\"}}\n" : "  v\(v)[\"\(label)\"]\n"
        }
        for e in unique {
            let edge = graph.edges[e]
            out += "  v\(edge.from) -->|\(mermaidEscape(edge.technique.id))| v\(edge.to)\n"
        }
        let jewels = vertices.filter { graph.vertices[$0].jewel != nil }
        if !jewels.isEmpty { out += "  classDef jewel stroke:#cf222e,stroke-width:2px\n  class \(jewels.map { "v\($0)" }.joined(separator: ",")) jewel\n" }
        return out
    }

    static func subgraph(_ graph: AttackGraph, _ edges: [Int]) -> (vertices: [Int], edges: [Int]) {
        var seen = Set<Int>()
        let unique = edges.filter { seen.insert($0).inserted }
        var vertexSet = Set<Int>()
        for e in unique { vertexSet.insert(graph.edges[e].from); vertexSet.insert(graph.edges[e].to) }
        return (vertexSet.sorted(), unique)
    }

    static func dotEscape(_ s: String) -> String {
        s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: " ")
    }

    static func mermaidEscape(_ s: String) -> String {
        s.replacing("\"", with: "#quot;").replacing("|", with: "#124;").replacing("\n", with: " ")
    }
}

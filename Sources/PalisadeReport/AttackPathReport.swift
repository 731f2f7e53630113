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
        case .html: return html(report, graph, findings: findings)
        case .text: return text(report, graph)
        case .json: return json(report, graph, wholeGraph: wholeGraph).rendered() + "\n"
        case .dot: return dot(graph, edges: wholeGraph ? Array(graph.edges.indices) : report.paths.flatMap(\.edges))
        case .mermaid: return mermaid(graph, edges: wholeGraph ? Array(graph.edges.indices) : report.paths.flatMap(\.edges))
        }
    }

    static func percent(_ p: Double) -> Int { Int((p * 100).rounded()) }

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
                AttackPath(entry: blast.from[0], edges: r.edges, target: r.vertex, likelihood: r.likelihood, score: r.likelihood, fix: nil)
            }
            return html(PathReport(paths: paths, fixes: []), graph, findings: [],
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

    // MARK: HTML

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1b1f24}
        h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
        table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:#f6f8fa}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}.dim{color:#57606a}
        .critical{color:#8250df;font-weight:600}.high{color:#cf222e;font-weight:600}.medium{color:#9a6700}.low{color:#0969da}.info{color:#57606a}
        svg text{font:12px system-ui,sans-serif}svg .v{fill:#f6f8fa;stroke:#57606a}svg .entry{fill:#ddf4ff;stroke:#0969da}svg .jewel{fill:#ffebe9;stroke:#cf222e;stroke-width:2}
        svg .a{stroke:#57606a;stroke-width:1.5;marker-end:url(#arrow)}svg .t{fill:#57606a}
        """

    /// A self-contained page (no script, no external resource): the fixes, each path drawn as an
    /// SVG chain of its steps with their evidence, and the findings ranked by risk.
    public static func html(_ report: PathReport, _ graph: AttackGraph, findings: [Finding], title: String = "Palisade attack paths") -> String {
        var out = ReportWriter()
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        out.xml(title)
        out.write("</title>\n<style>\n")
        out.text(style)
        out.write("\n</style>\n</head>\n<body>\n<h1>")
        out.xml(title)
        out.write("</h1>\n")
        if report.paths.isEmpty {
            out.write("<p>No attack path: no entry point reaches a crown jewel.</p>\n")
        } else {
            out.write("<p>")
            out.int(report.paths.count)
            out.write(report.paths.count == 1 ? " path" : " paths")
            out.write(" from entry points to crown jewels, most likely first.</p>\n")
        }
        if !report.fixes.isEmpty {
            out.write("<h2>Fix these first</h2>\n<ol>\n")
            for fix in report.fixes {
                out.write("<li>")
                out.xml(fix.text)
                out.write(" <span class=\"dim\">Breaks ")
                out.int(fix.paths)
                out.write(" of ")
                out.int(report.paths.count)
                out.write(".</span></li>\n")
            }
            out.write("</ol>\n")
        }
        for (i, path) in report.paths.enumerated() {
            let target = graph.vertices[path.target]
            out.write("<h2 id=\"path-")
            out.int(i + 1)
            out.write("\">")
            out.int(i + 1)
            out.write(". ")
            out.xml("\(graph.vertices[path.entry].label) to \(target.label)")
            out.write("</h2>\n<p class=\"dim\">")
            out.xml("\(target.jewel?.rawValue ?? ""), \(path.edges.count) step\(path.edges.count == 1 ? "" : "s"), likelihood \(percent(path.likelihood))%")
            out.write("</p>\n")
            svg(path, graph, into: &out)
            if let fix = path.fix, let text = graph.edges[fix].fix {
                out.write("<p><strong>Fix:</strong> ")
                out.xml(text)
                out.write("</p>\n")
            }
        }
        let ranked = findings.filter { !$0.isAccepted }
        if !ranked.isEmpty {
            out.write("<h2>Findings by risk</h2>\n<table>\n<tr><th>Risk</th><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr>\n")
            for f in ranked {
                out.write("<tr><td>")
                out.int(Int(f.risk))
                out.write("</td><td class=\"")
                out.text(f.severity.name)
                out.write("\">")
                out.text(f.severity.name)
                out.write("</td><td><code>")
                out.xml(f.ruleId)
                out.write("</code></td><td><code>")
                out.xml("\(f.object.file):\(f.range.start.line):\(f.range.start.column)")
                out.write("</code></td><td>")
                out.xml(f.message)
                out.write("</td></tr>\n")
            }
            out.write("</table>\n")
        }
        out.write("</body>\n</html>\n")
        return out.string
    }

    /// A path top to bottom: one box per vertex, an arrow per step labelled with its technique and
    /// first piece of evidence.
    static func svg(_ path: AttackPath, _ graph: AttackGraph, into out: inout ReportWriter) {
        let boxHeight = 34, gap = 46, width = 760, boxWidth = 300
        let vertices = [path.entry] + path.edges.map { graph.edges[$0].to }
        let height = vertices.count * boxHeight + (vertices.count - 1) * gap + 4
        out.text("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">\n")
        out.write("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#57606a\"/></marker></defs>\n")
        for (i, v) in vertices.enumerated() {
            let y = 2 + i * (boxHeight + gap)
            let vertex = graph.vertices[v]
            let kind = i == 0 ? "entry" : vertex.jewel != nil ? "jewel" : "v"
            out.text("<rect class=\"\(kind)\" x=\"2\" y=\"\(y)\" rx=\"6\" width=\"\(boxWidth)\" height=\"\(boxHeight)\"><title>")
            out.xml(vertex.key)
            out.text("</title></rect><text x=\"12\" y=\"\(y + 21)\">")
            out.xml(truncated(vertex.label, 44))
            out.write("</text>\n")
            guard i < path.edges.count else { continue }
            let edge = graph.edges[path.edges[i]]
            let top = y + boxHeight, bottom = y + boxHeight + gap
            out.text("<line class=\"a\" x1=\"40\" y1=\"\(top)\" x2=\"40\" y2=\"\(bottom - 2)\"/><text x=\"52\" y=\"\(top + 19)\">")
            out.xml(truncated(edge.technique.title + (edge.technique.attack.map { " (\($0))" } ?? ""), 100))
            out.write("</text>")
            if let evidence = edge.evidence.first {
                out.text("<text class=\"t\" x=\"52\" y=\"\(top + 35)\">")
                out.xml(truncated("\(evidence.summary) at \(evidence.file):\(evidence.range.start.line)", 110))
                out.write("</text>")
            }
            out.write("\n")
        }
        out.write("</svg>\n")
    }

    static func truncated(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
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

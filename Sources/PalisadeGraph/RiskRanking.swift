#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PalisadeCore

/// Scores every finding by real risk: its severity, how likely the internet reaches what it is
/// about (exposure), and how much an attacker gains from there (the best crown jewel reachable,
/// weighed by likelihood: blast radius). A finding is placed in the graph by its object (a
/// workload, a service account, a cloud resource) and by the edges its lines are evidence of (an
/// RBAC rule item, a binding subject), so a finding that creates a step of an attack path from the
/// internet to cluster-admin ranks above the same severity anywhere else.
///
/// risk = 100 × severity weight × (0.4 + 0.3 × exposure + 0.3 × impact), rounded, at least 1.
public enum RiskRanking {
    static func weight(_ severity: Severity) -> Double {
        switch severity {
        case .critical: 1.0
        case .high: 0.8
        case .medium: 0.55
        case .low: 0.3
        case .info: 0.1
        }
    }

    /// Sets `risk` on every finding and `attackPaths` on the result.
    public static func apply(to result: inout ScanResult, graph: AttackGraph) {
        Prepared(graph).apply(to: &result)
    }

    /// What ranking needs of the graph, worked out before the findings are known (the scanner does
    /// it while the cloud rules run): every vertex's exposure and impact, where each object and
    /// each evidence line is in the graph, and the attack paths.
    public struct Prepared: Sendable {
        let graph: AttackGraph
        let exposure: [Double]
        let impact: [Double]
        let byObject: [ObjectKey: Int]
        /// The edges each line of each file is evidence of; evidence longer than `wideLines` is
        /// kept as a range instead, so a huge block does not become a huge table.
        let byLine: [String: [Int: [Int]]]
        let wide: [String: [(lines: ClosedRange<Int>, edge: Int)]]
        static let wideLines = 64
        let attackPaths: AttackPathSummary

        public init(_ graph: AttackGraph) {
            self.graph = graph
            exposure = graph.likelihoods(from: graph.vertex(AttackGraph.Keys.internet).map { [$0] } ?? [])
            impact = graph.impact()
            var byObject: [ObjectKey: Int] = [:]
            for (v, vertex) in graph.vertices.enumerated() {
                guard let object = vertex.object else { continue }
                byObject[ObjectKey(object.file, object.identity)] = byObject[ObjectKey(object.file, object.identity)] ?? v
            }
            self.byObject = byObject
            var byLine: [String: [Int: [Int]]] = [:]
            var wide: [String: [(lines: ClosedRange<Int>, edge: Int)]] = [:]
            for (e, edge) in graph.edges.enumerated() {
                for evidence in edge.evidence {
                    let lines = evidence.range.start.line...max(evidence.range.start.line, evidence.range.end.line)
                    if lines.count > Self.wideLines {
                        wide[evidence.file, default: []].append((lines, e))
                    } else {
                        for line in lines { byLine[evidence.file, default: [:]][line, default: []].append(e) }
                    }
                }
            }
            self.byLine = byLine
            self.wide = wide
            attackPaths = AttackPathSummary(graph.attackPaths(), graph)
        }

        /// Sets `risk` on every finding and `attackPaths` on the result.
        public func apply(to result: inout ScanResult) {
            for i in result.findings.indices {
                let f = result.findings[i]
                var e = 0.0
                var b = 0.0
                if let v = byObject[ObjectKey(f.object.file, f.object.identity)] {
                    e = exposure[v]
                    b = impact[v]
                }
                let line = f.range.start.line
                let covering = (byLine[f.object.file]?[line] ?? []) + (wide[f.object.file] ?? []).lazy.filter { $0.lines.contains(line) }.map(\.edge)
                for edge in covering {
                    let step = graph.edges[edge]
                    e = max(e, exposure[step.from])
                    b = max(b, step.likelihood * impact[step.to])
                }
                let score = 100 * weight(f.severity) * (0.4 + 0.3 * e + 0.3 * b)
                result.findings[i].risk = UInt8(min(100, max(1, score.rounded())))
            }
            result.attackPaths = attackPaths
        }
    }

    /// An object as the graph and findings both name it: its file and its kind, namespace and name.
    struct ObjectKey: Hashable, Sendable {
        var file: String
        var kind: String
        var namespace: String
        var name: String

        init(_ file: String, _ id: ResourceIdentity) {
            self.file = file
            kind = id.kind
            namespace = id.namespace ?? ""
            name = id.name ?? ""
        }
    }

    /// Orders findings by risk, highest first; equal risks keep their order (file and position).
    public static func sort(_ findings: inout [Finding]) {
        let order = findings.indices.sorted { a, b in
            findings[a].risk != findings[b].risk ? findings[a].risk > findings[b].risk : a < b
        }
        findings = order.map { findings[$0] }
    }
}

extension AttackGraph {
    /// For each vertex, the likelihood of the most likely path to it from `sources` (0 when none).
    func likelihoods(from sources: [Int]) -> [Double] {
        guard !sources.isEmpty else { return [Double](repeating: 0, count: vertices.count) }
        let (cost, hops, _) = search(from: sources)
        return cost.indices.map { Self.likelihood(cost: cost[$0], hops: hops[$0]) }
    }

    /// For each vertex, the best `jewel weight × likelihood` of a path from it to a crown jewel:
    /// one Dijkstra over the reversed edges, from every jewel at once.
    func impact() -> [Double] {
        var incoming = [[Int]](repeating: [], count: vertices.count)
        for (e, edge) in edges.enumerated() { incoming[edge.to].append(e) }
        var cost = [Double](repeating: .infinity, count: vertices.count)
        var heap = MinHeap()
        for (v, vertex) in vertices.enumerated() {
            guard let jewel = vertex.jewel else { continue }
            cost[v] = -log(jewel.weight)
            heap.push(cost[v], v)
        }
        while let (c, v) = heap.pop() {
            guard c == cost[v] else { continue }
            for e in incoming[v] {
                let from = edges[e].from
                let next = c - log(max(edges[e].likelihood, 1e-6))
                if next < cost[from] {
                    cost[from] = next
                    heap.push(next, from)
                }
            }
        }
        return cost.map { $0.isFinite ? exp(-$0) : 0 }
    }
}

extension AttackPathSummary {
    /// The paths as reports show them: labels, techniques, first evidence, fixes.
    public init(_ report: PathReport, _ graph: AttackGraph) {
        let paths = report.paths.map { path in
            AttackPathSummary.Path(
                entry: graph.vertices[path.entry].label, target: graph.vertices[path.target].label,
                jewel: graph.vertices[path.target].jewel?.rawValue ?? "", likelihood: AttackPath.percent(path.likelihood),
                steps: path.edges.map { e in
                    let edge = graph.edges[e]
                    return .init(to: graph.vertices[edge.to].label, technique: edge.technique.title, attack: edge.technique.attack,
                                 evidence: edge.evidence.first.map { "\($0.summary) at \($0.file):\($0.range.start.line)" })
                },
                fix: path.fix.flatMap { graph.edges[$0].fix })
        }
        self.init(paths: paths, fixes: report.fixes.map { AttackPathSummary.Fix(text: $0.text, paths: $0.paths) })
    }
}

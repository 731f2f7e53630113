#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PalisadeCore

/// One way from an entry point to a crown jewel.
public struct AttackPath: Sendable {
    public let entry: Int
    /// Edge indices, entry first.
    public let edges: [Int]
    public let target: Int
    /// The product of the edges' likelihoods.
    public let likelihood: Double
    /// What ranks it: the jewel's weight, the entry's and the likelihood.
    public let score: Double
    /// The edge whose fix breaks this path and the most others; nil when no edge has a fix.
    public internal(set) var fix: Int?

    /// A likelihood as reports show it, in whole percent.
    public static func percent(_ p: Double) -> Int { Int((p * 100).rounded()) }

    public init(entry: Int, edges: [Int], target: Int, likelihood: Double, score: Double, fix: Int?) {
        self.entry = entry
        self.edges = edges
        self.target = target
        self.likelihood = likelihood
        self.score = score
        self.fix = fix
    }
}

/// A change that breaks attack paths, and how many of the reported ones.
public struct PathFix: Sendable {
    public let edge: Int
    public let text: String
    public let paths: Int
}

/// Attack paths ranked, with the fixes that cut the most of them.
public struct PathReport: Sendable {
    public let paths: [AttackPath]
    /// "Fix these first": greedily, the fix that breaks the most paths not yet broken, then the next.
    public let fixes: [PathFix]

    public init(paths: [AttackPath], fixes: [PathFix]) {
        self.paths = paths
        self.fixes = fixes
    }
}

/// Everything reachable from a compromised vertex.
public struct BlastRadius: Sendable {
    public struct Reached: Sendable {
        public let vertex: Int
        public let hops: Int
        public let likelihood: Double
        /// The edges from the start, first to last.
        public let edges: [Int]
    }

    public let from: [Int]
    /// Reached vertices, most likely first (ties: fewer hops, then graph order).
    public let reached: [Reached]
}

extension AttackGraph {
    /// Entry points the paths start from, in the order reports weigh them.
    public enum Entry: String, Sendable, CaseIterable {
        case internet
        case leakedCredential = "leaked-credential"
        case assumeBreach = "assume-breach"

        public var key: String {
            switch self {
            case .internet: Keys.internet
            case .leakedCredential: Keys.leakedCredential
            case .assumeBreach: Keys.assumeBreach
            }
        }

        /// How much a path from here counts: an open door more than a hypothetical breach.
        var weight: Double {
            switch self {
            case .internet: 1.0
            case .leakedCredential: 0.8
            case .assumeBreach: 0.5
            }
        }
    }

    /// Most-likely paths from `sources` to every vertex: Dijkstra on −log(likelihood), with a
    /// small cost per hop (`hopCost`) so that, of equally likely paths, the shorter wins; ties by vertex order,
    /// so the result never depends on hashing.
    func search(from sources: [Int]) -> (cost: [Double], hops: [Int], via: [Int]) {
        var cost = [Double](repeating: .infinity, count: vertices.count)
        var hops = [Int](repeating: 0, count: vertices.count)
        var via = [Int](repeating: -1, count: vertices.count)
        var heap = MinHeap()
        for s in sources {
            cost[s] = 0
            heap.push(0, s)
        }
        while let (c, v) = heap.pop() {
            guard c == cost[v] else { continue }
            for e in outgoing[v] {
                let edge = edges[e]
                let next = c - log(max(edge.likelihood, 1e-6)) + Self.hopCost
                if next < cost[edge.to] || (next == cost[edge.to] && via[edge.to] > e) {
                    cost[edge.to] = next
                    hops[edge.to] = hops[v] + 1
                    via[edge.to] = e
                    heap.push(next, edge.to)
                }
            }
        }
        return (cost, hops, via)
    }

    /// Which vertices lead to some crown jewel (a jewel leads to itself): one backward walk.
    func reachingJewels() -> [Bool] {
        var incoming = [[Int]](repeating: [], count: vertices.count)
        for edge in edges { incoming[edge.to].append(edge.from) }
        var reaches = vertices.map { $0.jewel != nil }
        var pending = vertices.indices.filter { reaches[$0] }
        while let v = pending.popLast() {
            for u in incoming[v] where !reaches[u] {
                reaches[u] = true
                pending.append(u)
            }
        }
        return reaches
    }

    /// What `search` adds per hop, so that of equally likely paths the shorter wins.
    static let hopCost = 1e-4

    /// The likelihood a `search` cost stands for, without the hop costs.
    static func likelihood(cost: Double, hops: Int) -> Double {
        cost.isFinite ? exp(-(cost - hopCost * Double(hops))) : 0
    }

    func route(to target: Int, via: [Int]) -> [Int] {
        var route: [Int] = []
        var v = target
        while via[v] >= 0 {
            route.append(via[v])
            v = edges[via[v]].from
        }
        return route.reversed()
    }

    /// The most likely path from each entry to each crown jewel it reaches, best first, with the
    /// fix for each and the fixes that break the most paths. `limit` caps the paths reported.
    public func attackPaths(entries: [Entry] = Entry.allCases, limit: Int = 50) -> PathReport {
        var paths: [AttackPath] = []
        for entry in entries {
            guard let start = vertex(entry.key) else { continue }
            let (cost, _, via) = search(from: [start])
            for target in vertices.indices where target != start && cost[target].isFinite {
                guard let jewel = vertices[target].jewel else { continue }
                let route = route(to: target, via: via)
                let likelihood = route.reduce(1.0) { $0 * edges[$1].likelihood }
                paths.append(AttackPath(entry: start, edges: route, target: target, likelihood: likelihood,
                                        score: jewel.weight * entry.weight * likelihood, fix: nil))
            }
        }
        paths.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.edges.count != b.edges.count { return a.edges.count < b.edges.count }
            return (a.entry, a.target) < (b.entry, b.target)
        }
        if paths.count > limit { paths.removeSubrange(limit...) }
        // Each path's fix: of its fixable edges, the one on the most reported paths; exposure to
        // the internet is often intended, so any other edge wins a tie with it.
        var uses: [Int: Int] = [:]
        for path in paths { for e in Set(path.edges) where edges[e].fix != nil { uses[e, default: 0] += 1 } }
        func preference(_ e: Int) -> (Int, Int) { (uses[e] ?? 0, edges[e].technique == .exposed ? 0 : 1) }
        for i in paths.indices {
            paths[i].fix = paths[i].edges.filter { edges[$0].fix != nil }.max { a, b in
                let (pa, pb) = (preference(a), preference(b))
                return pa != pb ? pa < pb : a > b
            }
        }
        // Fix these first: greedy cover of the paths by fixes.
        var fixes: [PathFix] = []
        var open = Set(paths.indices)
        while !open.isEmpty && fixes.count < 5 {
            var counts: [Int: Int] = [:]
            for i in open { for e in Set(paths[i].edges) where edges[e].fix != nil { counts[e, default: 0] += 1 } }
            guard let best = counts.max(by: { a, b in
                let (pa, pb) = ((a.value, edges[a.key].technique == .exposed ? 0 : 1), (b.value, edges[b.key].technique == .exposed ? 0 : 1))
                return pa != pb ? pa < pb : a.key > b.key
            }) else { break }
            fixes.append(PathFix(edge: best.key, text: edges[best.key].fix!, paths: best.value))
            open = open.filter { !paths[$0].edges.contains(best.key) }
        }
        return PathReport(paths: paths, fixes: fixes)
    }

    /// Everything reachable from `sources`, most likely first.
    public func blastRadius(from sources: [Int]) -> BlastRadius {
        let (cost, hops, via) = search(from: sources)
        let start = Set(sources)
        var reached = vertices.indices.filter { !start.contains($0) && cost[$0].isFinite }.map { v in
            BlastRadius.Reached(vertex: v, hops: hops[v], likelihood: Self.likelihood(cost: cost[v], hops: hops[v]), edges: route(to: v, via: via))
        }
        reached.sort { a, b in
            if abs(a.likelihood - b.likelihood) > 1e-9 { return a.likelihood > b.likelihood }
            return a.hops != b.hops ? a.hops < b.hops : a.vertex < b.vertex
        }
        return BlastRadius(from: sources, reached: reached)
    }

    /// The vertices a user's `--from` names: a key (`workload:Deployment/shop/web`), `Kind/name`,
    /// `Kind/namespace/name`, `namespace/name`, a bare name, or a cloud address (`aws_iam_role.app`).
    public func vertices(named query: String) -> [Int] {
        var trimmed = Substring(query)
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        let q = String(trimmed)
        let lowered = q.lowercased()
        return vertices.indices.filter { v in
            let vertex = vertices[v]
            if vertex.key == q || vertex.key.hasSuffix(":" + q) { return true }
            guard let object = vertex.object else { return false }
            let id = object.identity
            let name = id.name ?? ""
            let ns = id.namespace ?? "default"
            return [name, "\(id.kind)/\(name)", "\(id.kind)/\(ns)/\(name)", "\(ns)/\(name)"].contains { $0.lowercased() == lowered }
        }
    }
}

/// A binary heap of (cost, vertex), smallest cost first, ties by vertex.
struct MinHeap {
    private var items: [(Double, Int)] = []

    private static func less(_ a: (Double, Int), _ b: (Double, Int)) -> Bool { a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }

    mutating func push(_ cost: Double, _ vertex: Int) {
        items.append((cost, vertex))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && Self.less(items[l], items[m]) { m = l }
                if r < items.count && Self.less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

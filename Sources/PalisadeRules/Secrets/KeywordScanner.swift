/// Finds every occurrence of a set of lower-case keywords in bytes, ASCII case folded, in one pass:
/// an Aho-Corasick automaton compiled into a full DFA over byte classes (only the bytes keywords
/// use get a class of their own; every other byte shares class 0). The inner loop is one table
/// load per byte and a test of the state's "has output" flag.
public struct KeywordScanner: Sendable {
    /// The keywords, as given (lower-case ASCII).
    public let keywords: [[UInt8]]
    /// Byte -> class.
    private let classes: [UInt8]
    private let classCount: Int
    /// State * classCount + class -> next state. States whose output is non-empty are flagged by
    /// the high bit of the stored value.
    private let delta: [UInt32]
    /// Keyword ids ending at each state (own and through failure links).
    private let outputs: [[Int32]]

    static let outputFlag: UInt32 = 1 << 31

    public init(_ keywords: [String]) {
        self.keywords = keywords.map { Array($0.lowercased().utf8) }
        var classOf = [UInt8](repeating: 0, count: 256)
        var used = [Bool](repeating: false, count: 256)
        for k in self.keywords { for b in k { used[Int(Self.fold(b))] = true } }
        var n: UInt8 = 1
        for b in 0..<256 where used[b] {
            classOf[b] = n
            n += 1
        }
        // Upper-case letters share their lower-case class.
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { classOf[Int(b)] = classOf[Int(b + 32)] }
        classes = classOf
        classCount = Int(n)
        // The trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: Int(n))]
        var out: [[Int32]] = [[]]
        for (id, k) in self.keywords.enumerated() where !k.isEmpty {
            var s = 0
            for b in k {
                let c = Int(classOf[Int(Self.fold(b))])
                if goto[s][c] < 0 {
                    goto.append([Int32](repeating: -1, count: Int(n)))
                    out.append([])
                    goto[s][c] = Int32(goto.count - 1)
                }
                s = Int(goto[s][c])
            }
            out[s].append(Int32(id))
        }
        // Breadth-first: failure links, and the full transition table.
        let states = goto.count
        var fail = [Int](repeating: 0, count: states)
        var table = [UInt32](repeating: 0, count: states * Int(n))
        var queue: [Int] = []
        for c in 0..<Int(n) {
            let t = goto[0][c]
            if t >= 0 {
                queue.append(Int(t))
                table[c] = UInt32(t)
            }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            out[s] += out[fail[s]]
            for c in 0..<Int(n) {
                let t = goto[s][c]
                if t >= 0 {
                    let ti = Int(t)
                    fail[ti] = Int(table[fail[s] * Int(n) + c] & ~Self.outputFlag)
                    if fail[ti] == ti { fail[ti] = 0 }
                    table[s * Int(n) + c] = UInt32(ti)
                    queue.append(ti)
                } else {
                    table[s * Int(n) + c] = table[fail[s] * Int(n) + c] & ~Self.outputFlag
                }
            }
        }
        // Outputs of failure targets are merged in BFS order above only if the target was handled
        // first, which BFS guarantees (a failure target is shallower).
        for i in table.indices where !out[Int(table[i])].isEmpty { table[i] |= Self.outputFlag }
        delta = table
        outputs = out
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }

    /// A keyword found: its id and the offset of its first byte.
    public struct Hit: Sendable, Equatable {
        public var keyword: Int32
        public var start: Int32
    }

    /// Every keyword occurrence in `buffer`, in order of their last byte. Stops adding after
    /// `limit` hits (a file made of keywords is not worth more).
    public func scan(_ buffer: UnsafeBufferPointer<UInt8>, limit: Int = 1 << 20, into hits: inout [Hit]) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let n = buffer.count
        let cc = classCount
        classes.withUnsafeBufferPointer { cls in
            delta.withUnsafeBufferPointer { table in
                var s = 0
                var i = 0
                while i < n {
                    let next = table[s &* cc &+ Int(cls[Int(base[i])])]
                    s = Int(next & ~Self.outputFlag)
                    if next & Self.outputFlag != 0 {
                        for id in outputs[s] {
                            hits.append(Hit(keyword: id, start: Int32(i + 1 - keywords[Int(id)].count)))
                        }
                        if hits.count >= limit { return }
                    }
                    i &+= 1
                }
            }
        }
    }
}

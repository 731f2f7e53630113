/// Finds every occurrence of a set of lower-case keywords in bytes, ASCII case folded, in one pass.
///
/// A trigram filter decides which positions can start a keyword: the three bytes at each position
/// (each OR-ed with 0x20, so letters fold to lower case; other bytes map consistently) are hashed
/// into a 64 Kibit table that holds the hash of every keyword's first three bytes. The filter has no
/// dependency from one position to the next (unlike an automaton's state), so the CPU overlaps the
/// work of consecutive bytes; the table is 8 KiB and stays in L1. Only at positions that pass does a
/// walk of the keyword trie (exact, case folded) confirm and report keywords. Two-byte keywords put
/// every possible third byte in the table.
///
/// It replaced a full Aho-Corasick DFA (one table load per byte, each depending on the last):
/// on 128 MB of Python sources the whole secret pass went from 1.30 s to 0.79 s of CPU.
///
/// Keywords of four bytes or more are filtered on their first four bytes (`filter4`), the few
/// shorter ones on three (`filter`): Kubernetes YAML is full of English trigrams that begin
/// keywords (`net` of `netlify` in `kubernetes`, `con`, `ver`, `dat`, `sec`), and with one
/// trigram table 5.3% of its positions walked the trie; with both tables 1.5% do (both are looked
/// up at every position, independently, so the CPU overlaps them).
public struct KeywordScanner: Sendable {
    /// The keywords, as given (lower-case ASCII).
    public let keywords: [[UInt8]]
    /// Byte -> class: the keywords' (folded) bytes have their own classes, all others share 0.
    private let classes: [UInt8]
    private let classCount: Int
    /// The trie: node * classCount + class -> child node, or -1.
    private let children: [Int32]
    /// Keyword ids ending exactly at each node.
    private let outputs: [[Int32]]
    /// The trigram filter, for keywords shorter than four bytes: 65,536 bits.
    private let filter: [UInt64]
    /// The four-byte filter, for the others: 65,536 bits.
    private let filter4: [UInt64]
    private let longest: Int

    public init(_ keywords: [String]) {
        self.keywords = keywords.map { Array($0.lowercased().utf8) }
        var classOf = [UInt8](repeating: 0, count: 256)
        var used = [Bool](repeating: false, count: 256)
        for k in self.keywords { for b in k { used[Int(Self.fold(b))] = true } }
        var n = 1
        for b in 0..<256 where used[b] {
            classOf[b] = UInt8(n)
            n += 1
        }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { classOf[Int(b)] = classOf[Int(b + 32)] }
        classes = classOf
        classCount = n
        var children = [Int32](repeating: -1, count: n)
        var outputs: [[Int32]] = [[]]
        var filter = [UInt64](repeating: 0, count: 1024)
        var filter4 = [UInt64](repeating: 0, count: 1024)
        func mark(_ a: UInt8, _ b: UInt8, _ c: UInt8) {
            let h = Self.hash(UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16)
            filter[Int(h >> 6)] |= 1 << UInt64(h & 63)
        }
        func mark(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
            let h = Self.hash4(UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24)
            filter4[Int(h >> 6)] |= 1 << UInt64(h & 63)
        }
        for (id, k) in self.keywords.enumerated() where !k.isEmpty {
            var node = 0
            for b in k {
                let c = Int(classOf[Int(Self.fold(b))])
                if children[node * n + c] < 0 {
                    children[node * n + c] = Int32(outputs.count)
                    outputs.append([])
                    children += [Int32](repeating: -1, count: n)
                }
                node = Int(children[node * n + c])
            }
            outputs[node].append(Int32(id))
            if k.count >= 4 {
                mark(k[0], k[1], k[2], k[3])
            } else if k.count == 3 {
                mark(k[0], k[1], k[2])
            } else if k.count == 2 {
                for c in 0..<256 { mark(k[0], k[1], UInt8(c)) }
            } else {
                for b in 0..<256 { for c in 0..<256 { mark(k[0], UInt8(b), UInt8(c)) } }
            }
        }
        self.children = children
        self.outputs = outputs
        self.filter = filter
        self.filter4 = filter4
        longest = self.keywords.map(\.count).max() ?? 0
    }

    @inline(__always)
    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }

    /// The filter's hash of three bytes (little-endian in `x`), after OR-ing each with 0x20.
    @inline(__always)
    static func hash(_ x: UInt32) -> UInt32 { (((x | 0x0020_2020) & 0x00FF_FFFF) &* 0x9E37_79B1) >> 16 }

    /// The same over four bytes.
    @inline(__always)
    static func hash4(_ x: UInt32) -> UInt32 { ((x | 0x2020_2020) &* 0x9E37_79B1) >> 16 }

    /// A keyword found: its id and the offset of its first byte.
    public struct Hit: Sendable, Equatable {
        public var keyword: Int32
        public var start: Int32
    }

    /// Every keyword occurrence in `buffer`, in order of their first byte. Stops adding after
    /// `limit` hits (a file made of keywords is not worth more).
    public func scan(_ buffer: UnsafeBufferPointer<UInt8>, limit: Int = 1 << 20, into hits: inout [Hit]) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let n = buffer.count
        filter.withUnsafeBufferPointer { bits in filter4.withUnsafeBufferPointer { bits4 in
            var i = 0
            // Four bytes can be loaded at once while i + 4 <= n; the tail (where no keyword of
            // four bytes fits) pads with zeros.
            while i + 4 <= n {
                let x = UInt32(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self))
                let h = Self.hash(x)
                let h4 = Self.hash4(x)
                if bits4[Int(h4 >> 6)] & (1 << UInt64(h4 & 63)) | bits[Int(h >> 6)] & (1 << UInt64(h & 63)) != 0 {
                    confirm(base, n, at: i, into: &hits)
                    if hits.count >= limit { return }
                }
                i &+= 1
            }
            while i < n {
                var x = UInt32(base[i])
                if i + 1 < n { x |= UInt32(base[i + 1]) << 8 }
                if i + 2 < n { x |= UInt32(base[i + 2]) << 16 }
                let h = Self.hash(x)
                if bits[Int(h >> 6)] & (1 << UInt64(h & 63)) != 0 { confirm(base, n, at: i, into: &hits) }
                i += 1
            }
        } }
    }

    /// Walks the trie from `at`, reporting every keyword that starts there.
    @inline(__always)
    private func confirm(_ base: UnsafePointer<UInt8>, _ n: Int, at: Int, into hits: inout [Hit]) {
        var node = 0
        var k = at
        let end = min(n, at + longest)
        while k < end {
            let next = children[node * classCount + Int(classes[Int(base[k])])]
            if next < 0 { return }
            node = Int(next)
            for id in outputs[node] { hits.append(Hit(keyword: id, start: Int32(at))) }
            k += 1
        }
    }
}

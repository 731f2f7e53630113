#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// VMs kept per thread and program size, so a matcher run around a keyword hit does not allocate
/// and clear nine arrays of the program's size each time (on Kubernetes trees, where keywords
/// such as `token` and `http://` hit thousands of times, that was most of the matcher's cost).
/// A VM is taken out while it runs, so a nested run (a decoded Secret value) gets its own.
enum VMCache {
    final class Pool {
        var vms: [Int: [SecretPattern.VM]] = [:]
    }

    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Pool>.fromOpaque(pointer).release() }
        }
        return key
    }()

    static func pool() -> Pool {
        if let pointer = pthread_getspecific(key) { return Unmanaged<Pool>.fromOpaque(pointer).takeUnretainedValue() }
        let pool = Pool()
        pthread_setspecific(key, Unmanaged.passRetained(pool).toOpaque())
        return pool
    }

    static func take(size: Int) -> SecretPattern.VM {
        let pool = pool()
        if let vm = pool.vms[size]?.popLast() { return vm }
        return SecretPattern.VM(size: size)
    }

    static func give(_ vm: SecretPattern.VM, size: Int) {
        pool().vms[size, default: []].append(vm)
    }
}

/// A small deterministic random generator (SplitMix64), for examples that must be the same on
/// every run.
public struct SplitMix: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}

/// A set of bytes, 256 bits: one regex character class.
public struct ByteSet: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init() {}

    public init(_ bytes: some Sequence<UInt8>) {
        for b in bytes { insert(b) }
    }

    @inline(__always)
    public func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    public mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    public mutating func insert(_ range: ClosedRange<UInt8>) { for b in range { insert(b) } }

    public mutating func formUnion(_ o: ByteSet) {
        words = (words.0 | o.words.0, words.1 | o.words.1, words.2 | o.words.2, words.3 | o.words.3)
    }

    public var inverted: ByteSet {
        var s = ByteSet()
        s.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return s
    }

    public var isFull: Bool { words.0 & words.1 & words.2 & words.3 == UInt64.max }

    /// The set with both cases of every ASCII letter in it.
    var caseFolded: ByteSet {
        var s = self
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") where contains(b) || contains(b - 32) {
            s.insert(b)
            s.insert(b - 32)
        }
        return s
    }

    public static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into h: inout Hasher) {
        h.combine(words.0); h.combine(words.1); h.combine(words.2); h.combine(words.3)
    }

    static let digits = ByteSet(UInt8(ascii: "0")...UInt8(ascii: "9"))
    static let word: ByteSet = {
        var s = ByteSet(UInt8(ascii: "0")...UInt8(ascii: "9"))
        s.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
        s.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        s.insert(UInt8(ascii: "_"))
        return s
    }()
    static let space = ByteSet([0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C])
    static let notNewline = ByteSet([0x0A]).inverted
}

/// A pattern in the regular-expression subset the secret detectors need, compiled once into a
/// Thompson NFA and run by a Pike VM: time linear in the input whatever the pattern or the input
/// (no backtracking), memory proportional to the program.
///
/// Syntax: literals; escapes `\d \w \s \D \W \S \b \B \n \r \t \xHH` and escaped punctuation;
/// classes `[a-z0-9_-]`, `[^...]`; `.` (any byte but a line feed); groups `( )` (the first is the
/// secret's capture) and `(?: )`; alternation `|`; quantifiers `* + ? {m} {m,} {m,n}` with a lazy
/// `?` suffix; `^` and `$` (line start and end); a leading `(?i)` makes the whole pattern
/// ASCII-case-insensitive. Matching is over bytes; anything outside ASCII is literal bytes.
public struct SecretPattern: Sendable {
    enum Op: UInt8 { case set, split, jump, save, wordBoundary, notWordBoundary, lineStart, lineEnd, match }

    struct Inst: Sendable {
        var op: Op
        /// `set`: index into `sets`; `split`: first (preferred) target; `jump`: target; `save`: slot.
        var x: Int32
        /// `split`: second target.
        var y: Int32
    }

    let program: [Inst]
    let sets: [ByteSet]
    /// The secret's part of the pattern (the first group, else all of it), kept to make examples.
    let secretNode: Node
    let caseless: Bool
    /// The bytes a match can start with; every byte when the pattern can match empty.
    let firstBytes: ByteSet
    public let source: String

    public struct CompileError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ pattern: String) throws(CompileError) {
        source = pattern
        var parser = Parser(bytes: Array(pattern.utf8))
        let node = try parser.parseAll()
        var compiler = Compiler()
        compiler.emit(.save, x: 0)
        compiler.compile(node, caseless: parser.caseless)
        compiler.emit(.save, x: 1)
        compiler.emit(.match)
        program = compiler.program
        sets = compiler.sets
        secretNode = Self.captureNode(node) ?? node
        caseless = parser.caseless
        firstBytes = Self.first(program: compiler.program, sets: compiler.sets)
    }

    /// A match: the whole match and the secret's capture (the whole match without a group), as
    /// byte offsets into the searched buffer.
    public struct Match: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var secretStart: Int
        public var secretEnd: Int
    }

    private static func first(program: [Inst], sets: [ByteSet]) -> ByteSet {
        var result = ByteSet()
        var seen = [Bool](repeating: false, count: program.count)
        var stack = [0]
        while let pc = stack.popLast() {
            if seen[pc] { continue }
            seen[pc] = true
            let inst = program[pc]
            switch inst.op {
            case .set: result.formUnion(sets[Int(inst.x)])
            case .split: stack.append(Int(inst.x)); stack.append(Int(inst.y))
            case .jump: stack.append(Int(inst.x))
            case .save, .wordBoundary, .notWordBoundary, .lineStart, .lineEnd: stack.append(pc + 1)
            case .match: return ByteSet().inverted
            }
        }
        return result
    }

    /// Every non-overlapping match in `buffer[from..<to]`, leftmost first. Assertions look at the
    /// bytes around the window too (`\b` at its edges sees the real neighbours).
    public func matches(in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, limit: Int = 64) -> [Match] {
        var result: [Match] = []
        var vm = VMCache.take(size: program.count)
        defer { VMCache.give(vm, size: program.count) }
        var at = from
        while at < to, result.count < limit, let m = vm.firstMatch(self, buffer, from: at, to: to) {
            result.append(m)
            at = max(m.end, m.start + 1)
        }
        return result
    }

    /// The first match in `buffer[from..<to]`.
    public func firstMatch(in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Match? {
        var vm = VMCache.take(size: program.count)
        defer { VMCache.give(vm, size: program.count) }
        return vm.firstMatch(self, buffer, from: from, to: to)
    }

    /// Convenience for tests and small inputs.
    public func matches(_ text: String) -> [Match] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { matches(in: $0, from: 0, to: $0.count) }
    }

    // MARK: The VM

    struct Caps {
        var s0: Int32 = -1, e0: Int32 = -1, s1: Int32 = -1, e1: Int32 = -1

        @inline(__always)
        mutating func set(_ slot: Int32, _ at: Int32) {
            switch slot {
            case 0: s0 = at
            case 1: e0 = at
            case 2: s1 = at
            case 3: e1 = at
            default: break
            }
        }
    }

    /// A list of threads, each a program counter with its captures; `dense`/`sparse` make
    /// membership O(1) and clearing free.
    struct ThreadList {
        var pcs: [Int32]
        var caps: [Caps]
        var sparse: [Int32]
        var count = 0

        init(size: Int) {
            pcs = [Int32](repeating: 0, count: size)
            caps = [Caps](repeating: Caps(), count: size)
            sparse = [Int32](repeating: 0, count: size)
        }

        @inline(__always)
        func contains(_ pc: Int32) -> Bool {
            let i = Int(sparse[Int(pc)])
            return i < count && pcs[i] == pc
        }

        @inline(__always)
        mutating func insert(_ pc: Int32, _ c: Caps) {
            sparse[Int(pc)] = Int32(count)
            pcs[count] = pc
            caps[count] = c
            count += 1
        }
    }

    struct VM {
        var current: ThreadList
        var next: ThreadList
        var stack: [(Int32, Caps)] = []
        /// Program counters already followed at this position (epsilon closure), so a split loop
        /// is followed once.
        var visited: ThreadList

        init(size: Int) {
            current = ThreadList(size: size)
            next = ThreadList(size: size)
            visited = ThreadList(size: size)
        }

        @inline(__always)
        static func isWord(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }

        /// Follows epsilon transitions from `pc` at position `at`, adding the threads that wait on a
        /// byte (or match) to `list`, in priority order.
        static func add(_ list: inout ThreadList, _ visited: inout ThreadList, _ stack: inout [(Int32, Caps)],
                        _ program: [Inst], _ start: Int32, _ caps: Caps, _ buffer: UnsafeBufferPointer<UInt8>, _ at: Int) {
            stack.append((start, caps))
            while let (pc, c) = stack.popLast() {
                if list.contains(pc) || visited.contains(pc) { continue }
                let inst = program[Int(pc)]
                switch inst.op {
                case .set, .match:
                    list.insert(pc, c)
                case .split:
                    visited.insert(pc, c)
                    stack.append((inst.y, c))
                    stack.append((inst.x, c))
                case .jump:
                    visited.insert(pc, c)
                    stack.append((inst.x, c))
                case .save:
                    visited.insert(pc, c)
                    var c2 = c
                    c2.set(inst.x, Int32(at))
                    stack.append((pc + 1, c2))
                case .wordBoundary, .notWordBoundary:
                    visited.insert(pc, c)
                    let before = at > 0 && Self.isWord(buffer[at - 1])
                    let after = at < buffer.count && Self.isWord(buffer[at])
                    if (before != after) == (inst.op == .wordBoundary) { stack.append((pc + 1, c)) }
                case .lineStart:
                    visited.insert(pc, c)
                    if at == 0 || buffer[at - 1] == 0x0A { stack.append((pc + 1, c)) }
                case .lineEnd:
                    visited.insert(pc, c)
                    if at == buffer.count || buffer[at] == 0x0A || buffer[at] == 0x0D { stack.append((pc + 1, c)) }
                }
            }
        }

        mutating func firstMatch(_ pattern: SecretPattern, _ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Match? {
            let program = pattern.program
            let sets = pattern.sets
            let first = pattern.firstBytes
            var matched: Caps?
            // Work on locals (moved out, not copied), so the lists can be passed inout together.
            var current = ThreadList(size: 0), next = ThreadList(size: 0), visited = ThreadList(size: 0)
            var stack: [(Int32, Caps)] = []
            swap(&current, &self.current)
            swap(&next, &self.next)
            swap(&visited, &self.visited)
            swap(&stack, &self.stack)
            defer {
                swap(&current, &self.current)
                swap(&next, &self.next)
                swap(&visited, &self.visited)
                swap(&stack, &self.stack)
            }
            current.count = 0
            var at = from
            while true {
                if matched == nil && current.count == 0 {
                    // No thread alive: skip to the next byte a match can start with.
                    while at < to && !first.contains(buffer[at]) { at += 1 }
                }
                if matched == nil {
                    visited.count = 0
                    Self.add(&current, &visited, &stack, program, 0, Caps(), buffer, at)
                }
                if current.count == 0 {
                    // The start failed here (an assertion): try the next position.
                    if matched != nil || at >= to { break }
                    at += 1
                    continue
                }
                next.count = 0
                visited.count = 0
                let byte: UInt8? = at < to ? buffer[at] : nil
                var i = 0
                while i < current.count {
                    let pc = current.pcs[i]
                    let inst = program[Int(pc)]
                    if inst.op == .match {
                        matched = current.caps[i]
                        break  // lower-priority threads are cut
                    }
                    if let byte, sets[Int(inst.x)].contains(byte) {
                        Self.add(&next, &visited, &stack, program, pc + 1, current.caps[i], buffer, at + 1)
                    }
                    i += 1
                }
                swap(&current, &next)
                if byte == nil { break }
                at += 1
                if current.count == 0 && matched != nil { break }
            }
            // Threads left at the end may still match (a `match` reached after the last byte).
            if let c = matched {
                let s1 = c.s1 >= 0 && c.e1 >= 0 ? Int(c.s1) : Int(c.s0)
                let e1 = c.s1 >= 0 && c.e1 >= 0 ? Int(c.e1) : Int(c.e0)
                return Match(start: Int(c.s0), end: Int(c.e0), secretStart: s1, secretEnd: e1)
            }
            return nil
        }
    }

    // MARK: Parsing

    static func captureNode(_ node: Node) -> Node? {
        switch node {
        case .group(let inner, let capture): return capture ? inner : captureNode(inner)
        case .concat(let items), .alternation(let items):
            for item in items { if let found = captureNode(item) { return found } }
            return nil
        case .repetition(let inner, _, _, _): return captureNode(inner)
        default: return nil
        }
    }

    /// A string the secret's part of the pattern matches, drawn with `random` (examples for
    /// tests and docs). `degenerate` draws the same character for every class: a placeholder.
    public func sampleSecret(_ random: inout SplitMix, degenerate: Bool = false) -> String {
        var out: [UInt8] = []
        var cache: [ByteSet: [UInt8]] = [:]
        Self.sample(secretNode, &random, degenerate: degenerate, cache: &cache, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static let printable = ByteSet(0x21...0x7E)
    static let safeSymbols = ByteSet(Array("!#%*+-./:=?@^_~".utf8))

    static func choices(_ s: ByteSet) -> [UInt8] {
        var choices: [UInt8] = []
        for b in 0..<256 where s.contains(UInt8(b)) && (ByteSet.word.contains(UInt8(b)) || safeSymbols.contains(UInt8(b))) { choices.append(UInt8(b)) }
        if choices.isEmpty { for b in 0..<256 where s.contains(UInt8(b)) && printable.contains(UInt8(b)) { choices.append(UInt8(b)) } }
        if choices.isEmpty { for b in 0..<256 where s.contains(UInt8(b)) { choices.append(UInt8(b)) } }
        return choices
    }

    static func sample(_ node: Node, _ random: inout SplitMix, degenerate: Bool, cache: inout [ByteSet: [UInt8]], into out: inout [UInt8]) {
        switch node {
        case .set(let s):
            let choices: [UInt8]
            if let known = cache[s] { choices = known } else { choices = Self.choices(s); cache[s] = choices }
            if degenerate {
                out.append(choices.contains(UInt8(ascii: "x")) ? UInt8(ascii: "x") : choices.contains(UInt8(ascii: "X")) ? UInt8(ascii: "X") : choices[0])
            } else {
                out.append(choices[random.next(choices.count)])
            }
        case .empty, .assertion: break
        case .concat(let items): for item in items { sample(item, &random, degenerate: degenerate, cache: &cache, into: &out) }
        case .alternation(let branches): sample(branches[degenerate ? 0 : random.next(branches.count)], &random, degenerate: degenerate, cache: &cache, into: &out)
        case .group(let inner, _): sample(inner, &random, degenerate: degenerate, cache: &cache, into: &out)
        case .repetition(let inner, let min, let max, _):
            let top = max ?? (min + 8)
            let n = min == top ? min : min + random.next(Swift.min(top, min + 24) - min + 1)
            for _ in 0..<n { sample(inner, &random, degenerate: degenerate, cache: &cache, into: &out) }
        }
    }

    indirect enum Node: Sendable {
        case set(ByteSet)
        case empty
        case concat([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?, greedy: Bool)
        case group(Node, capture: Bool)
        case assertion(Op)
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var caseless = false
        var captures = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ what: String) -> CompileError {
            CompileError(description: "\(what) at offset \(i) of /\(String(decoding: bytes, as: UTF8.self))/")
        }

        mutating func parseAll() throws(CompileError) -> Node {
            if bytes.starts(with: Array("(?i)".utf8)) {
                caseless = true
                i = 4
            }
            let node = try parseAlternation()
            if i < bytes.count { throw error("unbalanced )") }
            return node
        }

        mutating func parseAlternation() throws(CompileError) -> Node {
            var branches = [try parseConcat()]
            while i < bytes.count && bytes[i] == UInt8(ascii: "|") {
                i += 1
                branches.append(try parseConcat())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseConcat() throws(CompileError) -> Node {
            var items: [Node] = []
            while i < bytes.count && bytes[i] != UInt8(ascii: "|") && bytes[i] != UInt8(ascii: ")") {
                var atom = try parseAtom()
                atom = try parseQuantifiers(atom)
                items.append(atom)
            }
            return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
        }

        mutating func parseQuantifiers(_ atom: Node) throws(CompileError) -> Node {
            var node = atom
            while i < bytes.count {
                let c = bytes[i]
                var min = 0
                var max: Int?
                if c == UInt8(ascii: "*") { min = 0; max = nil; i += 1 }
                else if c == UInt8(ascii: "+") { min = 1; max = nil; i += 1 }
                else if c == UInt8(ascii: "?") { min = 0; max = 1; i += 1 }
                else if c == UInt8(ascii: "{") {
                    var j = i + 1
                    func number(_ j: inout Int) -> Int? {
                        var n: Int?
                        while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { n = (n ?? 0) * 10 + Int(bytes[j] - 0x30); j += 1 }
                        return n
                    }
                    guard let m = number(&j) else { throw error("bad {m,n}") }
                    min = m
                    max = m
                    if j < bytes.count && bytes[j] == UInt8(ascii: ",") {
                        j += 1
                        max = number(&j)
                    }
                    guard j < bytes.count && bytes[j] == UInt8(ascii: "}") else { throw error("bad {m,n}") }
                    if let mx = max, mx < min { throw error("{m,n} with n < m") }
                    if (max ?? min) > 2048 { throw error("repetition over 2048") }
                    i = j + 1
                } else { break }
                var greedy = true
                if i < bytes.count && bytes[i] == UInt8(ascii: "?") { greedy = false; i += 1 }
                node = .repetition(node, min: min, max: max, greedy: greedy)
            }
            return node
        }

        mutating func parseAtom() throws(CompileError) -> Node {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "("):
                i += 1
                var capture = true
                if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "?") && bytes[i + 1] == UInt8(ascii: ":") {
                    capture = false
                    i += 2
                }
                if capture { captures += 1 }
                let inner = try parseAlternation()
                guard i < bytes.count && bytes[i] == UInt8(ascii: ")") else { throw error("unclosed (") }
                i += 1
                return .group(inner, capture: capture && captures == 1)
            case UInt8(ascii: "["):
                return .set(try parseClass())
            case UInt8(ascii: "."):
                i += 1
                return .set(ByteSet.notNewline)
            case UInt8(ascii: "^"):
                i += 1
                return .assertion(.lineStart)
            case UInt8(ascii: "$"):
                i += 1
                return .assertion(.lineEnd)
            case UInt8(ascii: "\\"):
                i += 1
                guard i < bytes.count else { throw error("trailing \\") }
                let e = bytes[i]
                i += 1
                if e == UInt8(ascii: "b") { return .assertion(.wordBoundary) }
                if e == UInt8(ascii: "B") { return .assertion(.notWordBoundary) }
                return .set(try escapeSet(e))
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
                throw error("quantifier without operand")
            default:
                i += 1
                return .set(ByteSet([c]))
            }
        }

        mutating func escapeSet(_ e: UInt8) throws(CompileError) -> ByteSet {
            switch e {
            case UInt8(ascii: "d"): return ByteSet.digits
            case UInt8(ascii: "D"): return ByteSet.digits.inverted
            case UInt8(ascii: "w"): return ByteSet.word
            case UInt8(ascii: "W"): return ByteSet.word.inverted
            case UInt8(ascii: "s"): return ByteSet.space
            case UInt8(ascii: "S"): return ByteSet.space.inverted
            case UInt8(ascii: "n"): return ByteSet([0x0A])
            case UInt8(ascii: "r"): return ByteSet([0x0D])
            case UInt8(ascii: "t"): return ByteSet([0x09])
            case UInt8(ascii: "x"):
                guard i + 1 < bytes.count, let h = hex(bytes[i]), let l = hex(bytes[i + 1]) else { throw error("bad \\x") }
                i += 2
                return ByteSet([h << 4 | l])
            default:
                if (e >= 0x30 && e <= 0x39) || (e >= 0x41 && e <= 0x5A) || (e >= 0x61 && e <= 0x7A) { throw error("unknown escape") }
                return ByteSet([e])
            }
        }

        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x61...0x66: b - 0x61 + 10
            case 0x41...0x46: b - 0x41 + 10
            default: nil
            }
        }

        mutating func parseClass() throws(CompileError) -> ByteSet {
            i += 1  // [
            var negate = false
            if i < bytes.count && bytes[i] == UInt8(ascii: "^") { negate = true; i += 1 }
            var set = ByteSet()
            var firstItem = true
            while i < bytes.count && (bytes[i] != UInt8(ascii: "]") || firstItem) {
                firstItem = false
                var lo: UInt8
                var single: ByteSet?
                if bytes[i] == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { throw error("trailing \\") }
                    let e = bytes[i + 1]
                    i += 2
                    let s = try escapeSet(e)
                    if e == UInt8(ascii: "d") || e == UInt8(ascii: "w") || e == UInt8(ascii: "s")
                        || e == UInt8(ascii: "D") || e == UInt8(ascii: "W") || e == UInt8(ascii: "S") {
                        set.formUnion(s)
                        continue
                    }
                    single = s
                    lo = (0...255).first { s.contains(UInt8($0)) }.map(UInt8.init) ?? 0
                } else {
                    lo = bytes[i]
                    i += 1
                }
                _ = single
                if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "-") && bytes[i + 1] != UInt8(ascii: "]") {
                    i += 1
                    var hi = bytes[i]
                    i += 1
                    if hi == UInt8(ascii: "\\") {
                        guard i < bytes.count else { throw error("trailing \\") }
                        let s = try escapeSet(bytes[i])
                        i += 1
                        hi = (0...255).first { s.contains(UInt8($0)) }.map(UInt8.init) ?? 0
                    }
                    guard lo <= hi else { throw error("bad range") }
                    set.insert(lo...hi)
                } else {
                    set.insert(lo)
                }
            }
            guard i < bytes.count else { throw error("unclosed [") }
            i += 1  // ]
            return negate ? set.inverted : set
        }
    }

    struct Compiler {
        var program: [Inst] = []
        var sets: [ByteSet] = []

        @discardableResult
        mutating func emit(_ op: Op, x: Int32 = 0, y: Int32 = 0) -> Int {
            program.append(Inst(op: op, x: x, y: y))
            return program.count - 1
        }

        /// A set's index, each distinct set stored once. A pattern has tens of sets: comparing
        /// four words each is cheaper than hashing them (compiling the catalogue is start-up time).
        mutating func set(_ s: ByteSet) -> Int32 {
            if let i = sets.firstIndex(of: s) { return Int32(i) }
            sets.append(s)
            return Int32(sets.count - 1)
        }

        mutating func compile(_ node: Node, caseless: Bool) {
            switch node {
            case .set(let s):
                emit(.set, x: set(caseless ? s.caseFolded : s))
            case .empty:
                break
            case .concat(let items):
                for item in items { compile(item, caseless: caseless) }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (k, branch) in branches.enumerated() {
                    if k < branches.count - 1 {
                        let split = emit(.split)
                        program[split].x = Int32(program.count)
                        compile(branch, caseless: caseless)
                        jumps.append(emit(.jump))
                        program[split].y = Int32(program.count)
                    } else {
                        compile(branch, caseless: caseless)
                    }
                }
                for j in jumps { program[j].x = Int32(program.count) }
            case .group(let inner, let capture):
                if capture { emit(.save, x: 2) }
                compile(inner, caseless: caseless)
                if capture { emit(.save, x: 3) }
            case .assertion(let op):
                emit(op)
            case .repetition(let inner, let min, let max, let greedy):
                for _ in 0..<min { compile(inner, caseless: caseless) }
                if let max {
                    var splits: [Int] = []
                    for _ in min..<max {
                        let split = emit(.split)
                        splits.append(split)
                        let body = Int32(program.count)
                        compile(inner, caseless: caseless)
                        if greedy { program[split].x = body } else { program[split].y = body }
                    }
                    let end = Int32(program.count)
                    for s in splits { if greedy { program[s].y = end } else { program[s].x = end } }
                } else {
                    let split = emit(.split)
                    let body = Int32(program.count)
                    compile(inner, caseless: caseless)
                    emit(.jump, x: Int32(split))
                    let end = Int32(program.count)
                    if greedy { program[split].x = body; program[split].y = end } else { program[split].x = end; program[split].y = body }
                }
            }
        }
    }
}

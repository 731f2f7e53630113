#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always)
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}

/// A report could not be written: `errno` of the failed `write(2)`.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public var errno: Int32

    public init(errno: Int32) { self.errno = errno }

    public var description: String { String(cString: strerror(errno)) }
}

/// The byte sink every formatter writes into: a growable byte buffer that is either flushed to a
/// file descriptor whenever it passes `flushThreshold` (256 KiB), or kept whole for `render` and
/// tests. Strings go in as their UTF-8 bytes; JSON and XML escaping and integers are written
/// straight into the buffer, so a report never exists as one giant `String` or a tree of values.
/// Not copyable: it owns its buffer, and formatters take it `inout`.
public struct ReportWriter: ~Copyable {
    public static let flushThreshold = 1 << 18

    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    /// Where full buffers go; nil collects everything in memory.
    @usableFromInline let fd: Int32?
    /// The first write error; after it, output is dropped and `finish()` throws.
    private(set) var failure: Int32?
    /// Pretty JSON state: nesting depth of the open containers, and bit `d` set when the container
    /// at depth `d` has a member already.
    var jsonDepth = 0
    var jsonNonEmpty: UInt64 = 0

    /// Collects the whole report in memory.
    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        fd = nil
    }

    /// Writes to `fd` (which stays open) in chunks of about `flushThreshold` bytes.
    public init(fd: Int32) {
        capacity = Self.flushThreshold + (1 << 16)
        base = .allocate(capacity: capacity)
        self.fd = fd
    }

    deinit { base.deallocate() }

    /// The bytes collected so far (everything, when collecting in memory).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Everything collected, as a String (for in-memory writers).
    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    // MARK: Buffer

    /// Room for `n` more bytes.
    @inlinable @inline(__always)
    mutating func reserve(_ n: Int) {
        if count &+ n > capacity { makeRoom(n) }
    }

    /// A descriptor writer flushes first, so its buffer stays near the threshold even when a
    /// single string is huge; an in-memory writer doubles.
    @usableFromInline @inline(never)
    mutating func makeRoom(_ n: Int) {
        if fd != nil && count > 0 {
            flushBuffer()
            if n <= capacity { return }
        }
        var newCapacity = capacity
        while count + n > newCapacity { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).update(from: p, count: n)
        count &+= n
    }

    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let p = bytes.baseAddress { append(p, bytes.count) }
    }

    /// Bytes held and not yet flushed: for an in-memory writer, the size of what it holds.
    public var byteCount: Int { count }

    /// Appends what another (in-memory) writer holds.
    mutating func append(_ other: borrowing ReportWriter) {
        append(other.base, other.count)
    }

    // MARK: Flushing

    /// Flushes when the buffer has passed the threshold. Formatters call it once per finding.
    @inlinable
    public mutating func flushIfNeeded() {
        if count >= Self.flushThreshold && fd != nil { flushBuffer() }
    }

    @usableFromInline
    mutating func flushBuffer() {
        guard let fd else { return }
        defer { count = 0 }
        guard failure == nil else { return }
        var offset = 0
        while offset < count {
            let n = systemWrite(fd, base + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += n
        }
    }

    /// Writes out what is left; throws the first write error, if any.
    public mutating func finish() throws {
        flushBuffer()
        if let failure { throw ReportWriteError(errno: failure) }
    }

    // MARK: Raw text

    @inlinable @inline(__always)
    public mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count &+= 1
    }

    @inlinable @inline(__always)
    public mutating func write(_ s: StaticString) {
        if s.hasPointerRepresentation {
            append(s.utf8Start, s.utf8CodeUnitCount)
        } else {
            text(s.description)
        }
    }

    /// The UTF-8 bytes of `s`, unescaped.
    @inlinable
    public mutating func text(_ s: String) {
        if let done: Void = s.utf8.withContiguousStorageIfAvailable({ append($0) }) { return done }
        var copy = s
        copy.withUTF8 { append($0) }
    }

    @inlinable
    public mutating func text(_ s: Substring) {
        var copy = s
        copy.withUTF8 { append($0) }
    }

    /// `count` spaces.
    @inlinable
    public mutating func spaces(_ n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).initialize(repeating: UInt8(ascii: " "), count: n)
        count &+= n
    }

    /// A decimal integer, without allocating a String.
    public mutating func int(_ value: Int) {
        if value >= 0 && value < 10 { byte(UInt8(ascii: "0") &+ UInt8(value)); return }
        reserve(20)
        var digits = 0
        var v = value.magnitude
        while v > 0 { digits += 1; v /= 10 }
        if value < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        v = value.magnitude
        var i = count + digits
        repeat {
            i -= 1
            base[i] = UInt8(ascii: "0") &+ UInt8(v % 10)
            v /= 10
        } while v > 0
        count += digits
    }

    // MARK: JSON

    /// `s` as a JSON string literal, quotes included (the escaping `JSONValue` has always used:
    /// `\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX` for other controls and DEL, `\u2028` and `\u2029`).
    public mutating func jsonString(_ s: String) {
        byte(UInt8(ascii: "\""))
        jsonEscaped(s)
        byte(UInt8(ascii: "\""))
    }

    /// A JSON string literal or `null`.
    public mutating func jsonString(_ s: String?) {
        if let s { jsonString(s) } else { write("null") }
    }

    /// The escaped contents of a JSON string, without quotes, so a literal can be built from parts.
    public mutating func jsonEscaped(_ s: String) {
        if let done: Void = s.utf8.withContiguousStorageIfAvailable({ jsonEscaped(bytes: $0) }) { return done }
        var copy = s
        copy.withUTF8 { jsonEscaped(bytes: $0) }
    }

    mutating func jsonEscaped(bytes: UnsafeBufferPointer<UInt8>) {
        guard let p = bytes.baseAddress else { return }
        var start = 0
        var i = 0
        let n = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        while i < n {
            // Eight bytes at a time while none is a control, quote, backslash, DEL or non-ASCII.
            while i &+ 8 <= n {
                let x = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                let control = (x &- ones &* 0x20) & ~x
                let quote = ((x ^ (ones &* 0x22)) &- ones) & ~(x ^ (ones &* 0x22))
                let backslash = ((x ^ (ones &* 0x5C)) &- ones) & ~(x ^ (ones &* 0x5C))
                let del = ((x ^ (ones &* 0x7F)) &- ones) & ~(x ^ (ones &* 0x7F))
                if (control | quote | backslash | del | x) & high != 0 { break }
                i &+= 8
            }
            guard i < n else { break }
            let b = bytes[i]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b != 0x7F && b != 0xE2 {
                i += 1
                continue
            }
            if b == 0xE2 {
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                if i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) {
                    append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    write(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    i += 3
                    start = i
                } else {
                    i += 1
                }
                continue
            }
            append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            switch b {
            case UInt8(ascii: "\""): write("\\\"")
            case UInt8(ascii: "\\"): write("\\\\")
            case UInt8(ascii: "\n"): write("\\n")
            case UInt8(ascii: "\r"): write("\\r")
            case UInt8(ascii: "\t"): write("\\t")
            default:
                write("\\u00")
                byte(Self.hexDigit(b >> 4))
                byte(Self.hexDigit(b & 0xF))
            }
            i += 1
            start = i
        }
        append(UnsafeBufferPointer(rebasing: bytes[start..<n]))
    }

    @inline(__always)
    static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? UInt8(ascii: "0") &+ v : UInt8(ascii: "a") &+ (v &- 10)
    }

    // MARK: XML

    /// Text for XML attributes and content: `& < > " '` escaped, tab, newline and carriage return
    /// kept, other control characters and U+FFFE / U+FFFF dropped (XML 1.0 cannot carry them).
    public mutating func xml(_ s: String) {
        if let done: Void = s.utf8.withContiguousStorageIfAvailable({ xml(bytes: $0) }) { return done }
        var copy = s
        copy.withUTF8 { xml(bytes: $0) }
    }

    mutating func xml(bytes: UnsafeBufferPointer<UInt8>) {
        do {
            var start = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                    append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    switch b {
                    case UInt8(ascii: "&"): write("&amp;")
                    case UInt8(ascii: "<"): write("&lt;")
                    case UInt8(ascii: ">"): write("&gt;")
                    case UInt8(ascii: "\""): write("&quot;")
                    default: write("&apos;")
                    }
                    i += 1
                    start = i
                case UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    i += 1
                case 0..<0x20:
                    append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    i += 1
                    start = i
                case 0xEF where i + 2 < n && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                    append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    i += 3
                    start = i
                default:
                    i += 1
                }
            }
            append(UnsafeBufferPointer(rebasing: bytes[start..<n]))
        }
    }
}

/// Pretty-printed JSON written as it goes, laid out byte for byte as `JSONValue.rendered()` lays
/// out the same document: two-space indentation, `"key": value`, `{}` and `[]` when empty.
extension ReportWriter {
    /// Before a member or element: a comma after the previous one, a newline and the indentation.
    @inline(__always)
    private mutating func separate() {
        guard jsonDepth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(jsonDepth - 1)
        if jsonNonEmpty & bit != 0 {
            write(",\n")
        } else {
            byte(UInt8(ascii: "\n"))
            jsonNonEmpty |= bit
        }
        spaces(2 * jsonDepth)
    }

    private mutating func open(_ bracket: UInt8) {
        byte(bracket)
        precondition(jsonDepth < 64, "JSON nested too deep")
        jsonDepth += 1
        jsonNonEmpty &= ~(1 << UInt64(jsonDepth - 1))
    }

    private mutating func close(_ bracket: UInt8) {
        let bit: UInt64 = 1 << UInt64(jsonDepth - 1)
        let hadMembers = jsonNonEmpty & bit != 0
        jsonNonEmpty &= ~bit
        jsonDepth -= 1
        if hadMembers {
            byte(UInt8(ascii: "\n"))
            spaces(2 * jsonDepth)
        }
        byte(bracket)
    }

    /// `"key": ` inside an object; keys are literals that need no escaping.
    mutating func key(_ k: StaticString) {
        separate()
        byte(UInt8(ascii: "\""))
        write(k)
        write("\": ")
    }

    /// `"key": ` for a key that may need escaping (a distinct label, so literals never land here).
    mutating func key(escaping k: String) {
        separate()
        jsonString(k)
        write(": ")
    }

    /// An array element comes next.
    mutating func element() { separate() }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A string literal known to need no escaping.
    mutating func literal(_ s: StaticString) {
        byte(UInt8(ascii: "\""))
        write(s)
        byte(UInt8(ascii: "\""))
    }
    mutating func bool(_ b: Bool) { write(b ? "true" : "false") }
    mutating func null() { write("null") }

    /// `"key": "value"` with a value that may need escaping.
    mutating func member(_ k: StaticString, _ value: String) { key(k); jsonString(value) }
    mutating func member(_ k: StaticString, _ value: String?) { key(k); jsonString(value) }
    mutating func member(_ k: StaticString, literal value: StaticString) { key(k); literal(value) }
    mutating func member(_ k: StaticString, _ value: Int) { key(k); int(value) }

    /// An array of strings as one member.
    mutating func member(_ k: StaticString, strings: some Sequence<String>) {
        key(k)
        beginArray()
        for s in strings { element(); jsonString(s) }
        endArray()
    }

    /// Any `JSONValue`, for the small fixed parts of a document.
    mutating func json(_ v: JSONValue) {
        switch v {
        case .object(let members):
            beginObject()
            for (k, value) in members { key(escaping: k); json(value) }
            endObject()
        case .array(let items):
            beginArray()
            for item in items { element(); json(item) }
            endArray()
        case .string(let s): jsonString(s)
        case .int(let i): int(i)
        case .bool(let b): bool(b)
        case .null: null()
        }
    }
}

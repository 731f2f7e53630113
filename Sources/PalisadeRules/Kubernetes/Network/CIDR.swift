/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `::/0`); a bare address is a single host.
/// IPv4 addresses are held in the low 32 bits.
struct CIDR: Equatable {
    let isIPv6: Bool
    let address: UInt128
    let prefix: Int

    var bits: Int { isIPv6 ? 128 : 32 }
    /// Every address of its family (`0.0.0.0/0`, `::/0`).
    var isEverything: Bool { prefix == 0 }

    init?(_ text: String) {
        let trimmed = text.trimmingEdges()
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        if let v4 = Self.parseIPv4(parts[0]) {
            isIPv6 = false
            address = UInt128(v4)
        } else if let v6 = Self.parseIPv6(parts[0]) {
            isIPv6 = true
            address = v6
        } else {
            return nil
        }
        let maxBits = isIPv6 ? 128 : 32
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII), let p = Int(parts[1]), p >= 0, p <= maxBits else { return nil }
            prefix = p
        } else {
            prefix = maxBits
        }
    }

    private var mask: UInt128 {
        guard prefix > 0 else { return 0 }
        let all: UInt128 = isIPv6 ? ~0 : 0xFFFF_FFFF
        return (all << UInt128(bits - prefix)) & all
    }

    /// Whether the address (of the same family) lies inside this network.
    func contains(_ other: CIDR) -> Bool {
        guard other.isIPv6 == isIPv6, other.prefix >= prefix else { return false }
        return other.address & mask == address & mask
    }

    /// Inside the private, shared or link-local ranges that the internet does not route.
    var isPrivate: Bool { Self.privateRanges.contains { $0.contains(self) } }

    static let privateRanges: [CIDR] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128"].compactMap { CIDR($0) }

    /// The cloud instance metadata endpoints (AWS, GCP, Azure and others; AWS's IPv6 one).
    static let metadataEndpoints: [CIDR] = ["169.254.169.254", "fd00:ec2::254"].compactMap { CIDR($0) }

    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt32(octet), n <= 255 else { return nil }
            value = value << 8 | n
        }
        return value
    }

    private static func parseIPv6(_ text: Substring) -> UInt128? {
        guard text.contains(":") else { return nil }
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring) -> [UInt128]? {
            if part.isEmpty { return [] }
            var result: [UInt128] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    result.append(UInt128(v4 >> 16))
                    result.append(UInt128(v4 & 0xFFFF))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let n = UInt16(piece, radix: 16) else { return nil }
                result.append(UInt128(n))
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        let tail: [UInt128]
        if halves.count == 2 {
            guard let t = groups(halves[1]), head.count + t.count <= 7 else { return nil }
            tail = t
        } else {
            guard head.count == 8 else { return nil }
            tail = []
        }
        let all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        return all.reduce(UInt128(0)) { $0 << 16 | $1 }
    }
}

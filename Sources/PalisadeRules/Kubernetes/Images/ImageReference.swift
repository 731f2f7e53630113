/// A container image reference split as the container runtime reads it:
/// `[registry/]repository[:tag][@digest]`. A first path component holding `.` or `:`, or equal to
/// `localhost`, is a registry; anything else is a Docker Hub repository (`nginx` is
/// `docker.io/library/nginx`).
struct ImageReference: Equatable {
    /// The registry host (with port), lowercased; `docker.io` for Docker Hub.
    let registry: String
    /// The repository path inside the registry, `library/nginx` for Docker Hub's official images.
    let repository: String
    let tag: String?
    let digest: String?

    /// Whether the reference is a template (`${IMAGE}`, `{{ .Values.image }}`, `$(IMAGE)`) that only
    /// a later tool resolves: rules say nothing about it.
    static func isTemplated(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "$") { return true }
            if (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")) && previous == byte { return true }
            if byte == UInt8(ascii: "%") && previous == UInt8(ascii: "<") { return true }
            previous = byte
        }
        return false
    }

    init?(_ text: String) {
        // Byte-level splitting: every separator is ASCII, and this runs for every container of
        // every workload in three rules.
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, !Self.isTemplated(text), !bytes.contains(where: { $0 == 0x20 || $0 == 0x09 }) else { return nil }
        var end = bytes.count
        if let at = bytes.firstIndex(of: UInt8(ascii: "@")) {
            digest = String(decoding: bytes[(at + 1)...], as: UTF8.self)
            end = at
        } else {
            digest = nil
        }
        let lastSlash = bytes[..<end].lastIndex(of: UInt8(ascii: "/"))
        if let colon = bytes[..<end].lastIndex(of: UInt8(ascii: ":")), lastSlash.map({ colon > $0 }) ?? true {
            tag = String(decoding: bytes[(colon + 1)..<end], as: UTF8.self)
            end = colon
        } else {
            tag = nil
        }
        var start = 0
        var registry = "docker.io"
        if let slash = bytes[..<end].firstIndex(of: UInt8(ascii: "/")) {
            let first = bytes[..<slash]
            if first.contains(UInt8(ascii: ".")) || first.contains(UInt8(ascii: ":")) || first.elementsEqual("localhost".utf8) {
                registry = String(decoding: first, as: UTF8.self).lowercased()
                start = slash + 1
            }
        }
        registry = Self.normalisedHost(registry)
        guard start < end else { return nil }
        let rest = String(decoding: bytes[start..<end], as: UTF8.self)
        self.registry = registry
        self.repository = registry == "docker.io" && !bytes[start..<end].contains(UInt8(ascii: "/")) ? "library/" + rest : rest
    }

    /// Docker Hub's other names are Docker Hub; `:443` is the default HTTPS port and names the same
    /// registry as the bare host. Other ports are other registries.
    static func normalisedHost(_ host: String) -> String {
        if host == "index.docker.io" || host == "registry-1.docker.io" { return "docker.io" }
        if host.hasSuffix(":443") { return String(host.dropLast(4)) }
        return host
    }

    /// Pinned by content: `@sha256:...` (or any digest algorithm).
    var isPinnedByDigest: Bool { digest.map { $0.contains(":") && !$0.hasSuffix(":") } ?? false }

    /// No tag means `latest`, as the runtime reads it.
    var isLatest: Bool { tag == nil || tag == "latest" }

    /// Whether a trusted-registry entry (`host`, `host/path-prefix`, `docker.io[/prefix]`) covers this
    /// image. Hosts compare without case; a path prefix matches whole path components only.
    func isCovered(by entry: String) -> Bool {
        var trimmed = Substring(entry)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.hasPrefix("https://") { trimmed = trimmed.dropFirst(8) }
        guard !trimmed.isEmpty else { return false }
        let host: String
        let prefix: Substring?
        if let slash = trimmed.firstIndex(of: "/") {
            host = trimmed[..<slash].lowercased()
            prefix = trimmed[trimmed.index(after: slash)...]
        } else {
            host = trimmed.lowercased()
            prefix = nil
        }
        guard Self.normalisedHost(host) == registry else { return false }
        guard let prefix, !prefix.isEmpty else { return true }
        return repository == prefix || repository.hasPrefix(prefix + "/")
    }
}

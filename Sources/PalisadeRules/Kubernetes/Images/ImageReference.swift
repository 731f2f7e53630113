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
        text.contains("$") || text.contains("{{") || text.contains("}}") || text.contains("<%")
    }

    init?(_ text: String) {
        guard !text.isEmpty, !Self.isTemplated(text), !text.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        } else {
            digest = nil
        }
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        } else {
            tag = nil
        }
        var registry = "docker.io"
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = first.lowercased()
                rest = rest[rest.index(after: slash)...]
            }
        }
        registry = Self.normalisedHost(registry)
        guard !rest.isEmpty else { return nil }
        self.registry = registry
        self.repository = registry == "docker.io" && !rest.contains("/") ? "library/" + rest : String(rest)
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

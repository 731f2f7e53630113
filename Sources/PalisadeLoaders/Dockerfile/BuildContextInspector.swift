import PalisadeCore

/// Looks at the folder a Dockerfile sits in, taken as its build context, for what decides whether
/// `COPY . .` sends secrets into the image: the ignore file BuildKit would use and the
/// secrets-prone entries at the top of the folder it leaves in. One `readdir` and at most one small
/// read per Dockerfile; nothing below the top level is walked.
public enum BuildContextInspector {
    /// What `dockerfile` (a path as reports show it) has beside it; `raw` is the path's bytes when a
    /// name in it is not valid UTF-8 (`ScanFile.rawPath`).
    public static func inspect(dockerfile path: String, raw: [UInt8]? = nil) -> Dockerfile.BuildContext {
        let folder = Discovery.parent(path)
        let name = Discovery.baseName(path)
        // The folder's bytes: everything before the last `/` (nil when the name alone was not UTF-8).
        let folderRaw: [UInt8]? = raw.flatMap { raw in raw.lastIndex(of: UInt8(ascii: "/")).map { Array(raw[..<max($0, 1)]) } }
        guard case .success(let entries) = FileSystem.list(folder, raw: folderRaw) else { return BuildContext() }
        let names = entries.map(\.name)
        // BuildKit prefers `<Dockerfile name>.dockerignore` beside the Dockerfile to `.dockerignore`.
        let ignoreName = [name + ".dockerignore", ".dockerignore"].first { names.contains($0) }
        var patterns: [IgnorePattern] = []
        if let ignoreName, case .success(let bytes) = FileSystem.read(join(folder, ignoreName), raw: folderRaw.map { $0 + Array(("/" + ignoreName).utf8) }, limit: 1 << 20) {
            patterns = IgnorePattern.parse(bytes)
        }
        let exposed = names.filter { isSecretsProne($0) && !IgnorePattern.excludes(patterns, $0) }
        return BuildContext(inspected: true, ignoreFile: ignoreName.map { join(folder, $0) }, exposedEntries: exposed)
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder == "." ? name : folder == "/" ? "/" + name : folder + "/" + name
    }

    /// Names that hold credentials or history more often than not: version control (whose history
    /// keeps every secret ever committed), dotenv files, package-manager and cloud credentials,
    /// private keys and Terraform state. `.env.example` and its kind are templates, not secrets.
    static func isSecretsProne(_ name: String) -> Bool {
        let lower = name.lowercased()
        if exactNames.contains(lower) { return true }
        if lower.hasPrefix(".env.") {
            return !["example", "sample", "template", "dist", "defaults", "schema"].contains(where: { lower.hasSuffix("." + $0) })
        }
        return secretExtensions.contains { lower.hasSuffix($0) }
    }

    static let exactNames: Set<String> = [
        ".git", ".env", ".npmrc", ".pypirc", ".netrc", ".git-credentials", ".aws", ".ssh", ".docker", ".kube",
        ".gnupg", "id_rsa", "id_ecdsa", "id_ed25519", "id_dsa", "credentials.json", "service-account.json",
        "terraform.tfstate", ".vault-token",
    ]
    static let secretExtensions = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".tfstate", ".tfvars"]
}

/// One line of a `.dockerignore`: a pattern relative to the context root, `!` re-including.
struct IgnorePattern {
    let pattern: String
    let negated: Bool

    static func parse(_ bytes: [UInt8]) -> [IgnorePattern] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { line in
            var text = Substring(line.trimmingCharacters(" \t\r"))
            guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
            let negated = text.hasPrefix("!")
            if negated { text = Substring(text.dropFirst().trimmingCharacters(" \t")) }
            while text.hasPrefix("./") { text = text.dropFirst(2) }
            while text.hasPrefix("/") { text = text.dropFirst() }
            while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
            return text.isEmpty ? nil : IgnorePattern(pattern: String(text), negated: negated)
        }
    }

    /// Whether the patterns exclude a top-level entry: the last matching pattern decides, as in
    /// BuildKit. `**/` at the start also matches at the top.
    static func excludes(_ patterns: [IgnorePattern], _ name: String) -> Bool {
        var excluded = false
        for p in patterns where p.matches(name) { excluded = !p.negated }
        return excluded
    }

    func matches(_ name: String) -> Bool {
        if pattern == "**" || Glob(pattern).matches(name) { return true }
        var rest = Substring(pattern)
        while rest.hasPrefix("**/") { rest = rest.dropFirst(3) }
        return rest.count < pattern.count && Glob(String(rest)).matches(name)
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmingCharacters(_ characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}

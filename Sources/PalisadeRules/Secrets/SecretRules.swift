import PalisadeCore

/// A detector as a rule: its generated `RuleDescription` (id `secret-<detector>`, input `.text`),
/// so selection, suppressions, severity overrides, docs and compliance treat it as any rule.
public struct SecretRule: Sendable {
    public let detector: SecretDetector
    public let description: RuleDescription

    public init(_ detector: SecretDetector) {
        self.detector = detector
        let what = detector.name
        var rationale = """
            \(what) written into a file is readable by everyone who can read the repository, its \
            forks, its history and every artefact built from it, and stays valid until it is revoked: \
            removing the line does not remove it from the history. Palisade finds it by keyword first, \
            then by its format
            """
        switch detector.validation {
        case .crc32Suffix: rationale += ", and checks the checksum the format carries, so look-alikes are not reported"
        case .jwt: rationale += ", and decodes the header to check it is a signed token"
        case .basicAuth: rationale += ", and decodes the base64 to check it holds `user:password`"
        default: break
        }
        if detector.isGeneric {
            rationale += ". Only values that look generated (mixed characters, high entropy) are reported; references, templates and placeholders are not"
        } else {
            rationale += "; placeholders (`EXAMPLE`, `xxxx`, `${VAR}`, `<token>`, sequences) are not reported"
        }
        rationale += ". Messages show at most the first and last two characters."
        description = RuleDescription(
            id: detector.ruleId,
            title: "\(what) committed in a file",
            severity: detector.severity,
            pattern: .credentialCompromise,
            controls: [.secretsManagement],
            mitre: ["T1552.001"],
            appliesTo: [.file],
            rationale: rationale,
            remediation: "Revoke and rotate the credential now, then remove it from the file and load it at run time from a secret store or the environment (history rewriting does not un-leak it).",
            references: [detector.reference ?? "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
                         "https://attack.mitre.org/techniques/T1552/001/"],
            input: .text,
            examples: { (SecretExamples.decoys(detector), SecretExamples.examples(detector)) }
        )
    }
}

public enum SecretRules {
    /// One rule per detector of the catalogue.
    public static let all: [SecretRule] = SecretCatalogue.all.map(SecretRule.init)
}

/// A compiled set of secret rules and what makes findings of their matches.
public struct SecretScan: Sendable {
    public let rules: [SecretRule]
    let engine: SecretEngine

    public init(_ rules: [SecretRule]) {
        self.rules = rules
        engine = SecretEngine(rules.map(\.detector))
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// What secret findings in a file are on: the file itself (identity kind `File`, named by its
    /// project path).
    public static func reference(file: String, projectPath: String) -> ObjectRef {
        ObjectRef(file: file, projectPath: projectPath, identity: ResourceIdentity(kind: "File", name: projectPath))
    }

    /// The findings in one file's bytes, and a note when more were found than are reported.
    public func findings(in bytes: [UInt8], on ref: ObjectRef) -> (findings: [Finding], note: Diagnostic?) {
        let file = ref.file
        let (matches, dropped) = engine.scan(bytes)
        guard !matches.isEmpty else { return ([], nil) }
        let sorted = matches.sorted { $0.start != $1.start ? $0.start < $1.start : $0.detector < $1.detector }
        var locator = LineLocator(bytes)
        var seen: [String: Int] = [:]
        var findings: [Finding] = []
        for m in sorted {
            let rule = rules[m.detector]
            let start = locator.position(m.start)
            let end = locator.position(m.end)
            var digest: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in m.secret { digest = (digest ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            let short = String(digest >> 32, radix: 16)
            let base = "value[\(String(repeating: "0", count: max(0, 8 - short.count)) + short)]"
            let count = seen[base, default: 0] + 1
            seen[base] = count
            let path = count == 1 ? base : "\(base)#\(count)"
            let length = String(decoding: m.secret, as: UTF8.self).unicodeScalars.count
            var message = "\(rule.detector.name) \(SecretMask.mask(m.secret)) (\(length) characters)"
            if let note = m.note { message += ", \(note)" }
            message += ": revoke it, then load it at run time instead of committing it"
            findings.append(Finding(rule: rule.description, severity: m.severity, message: message, object: ref,
                                    range: SourceRange(start: start, end: end), path: path))
        }
        let note = dropped > 0 ? Diagnostic(code: "secrets-capped", level: .note, file: file,
                                            message: "more possible secrets in \(file) were not reported (at most \(SecretEngine.maxPerFile) per file): the file looks generated or minified") : nil
        return (findings, note)
    }
}

/// Byte offsets to line and column (columns in Unicode scalars), for offsets asked in increasing order.
struct LineLocator {
    let bytes: [UInt8]
    var line = 1
    var lineStart = 0
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func position(_ offset: Int) -> SourcePosition {
        if offset < at {
            // Asked out of order (an end before the next start): recount from this line's start.
            if offset < lineStart { line = 1; lineStart = 0; at = 0 } else { at = lineStart }
        }
        while at < offset && at < bytes.count {
            if bytes[at] == 0x0A {
                line += 1
                lineStart = at + 1
            }
            at += 1
        }
        var column = 1
        var i = lineStart
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: line, column: column)
    }
}

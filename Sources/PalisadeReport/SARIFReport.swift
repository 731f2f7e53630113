import PalisadeCore

/// SARIF 2.1.0, as GitHub code scanning and most review tools read it.
public enum SARIFReport {
    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        let ruleIndex = Dictionary(result.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object([
                ("name", "Palisade"),
                ("version", .string(PalisadeVersion.current)),
                ("semanticVersion", .string(PalisadeVersion.current)),
                ("rules", .array(result.rules.map(rule))),
            ]))])),
            ("invocations", [.object([
                ("executionSuccessful", true),
                ("toolExecutionNotifications", .array(result.diagnostics.map(notification))),
            ])]),
            ("columnKind", "unicodeCodePoints"),
            ("results", .array(result.findings.map { finding in
                self.result(finding, ruleIndex: ruleIndex[finding.ruleId])
            })),
        ])
        return JSONValue.object([
            ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", [run]),
        ]).rendered()
    }

    /// SARIF levels: critical and high are errors, medium warnings, the rest notes.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    static func rule(_ r: RuleDescription) -> JSONValue {
        var tags: [JSONValue] = ["security", .string(r.pattern.rawValue)]
        tags += r.controls.map { .string($0.rawValue) }
        tags += r.mitre.map { .string("mitre-attack/\($0)") }
        let help = "\(r.remediation)\n\n\(r.rationale)"
        var members: [(String, JSONValue)] = [
            ("id", .string(r.id)),
            ("name", .string(r.id)),
            ("shortDescription", .object([("text", .string(r.title))])),
            ("fullDescription", .object([("text", .string(r.rationale))])),
            ("help", .object([("text", .string(help)), ("markdown", .string("**Fix:** \(r.remediation)\n\n\(r.rationale)"))])),
        ]
        if let reference = r.references.first { members.append(("helpUri", .string(reference))) }
        members += [
            ("defaultConfiguration", .object([("level", .string(level(r.severity)))])),
            ("properties", .object([
                ("tags", .array(tags)),
                ("security-severity", .string(r.severity.securityScore)),
                ("precision", "high"),
                ("problem.severity", .string(level(r.severity) == "note" ? "recommendation" : level(r.severity))),
            ])),
        ]
        return .object(members)
    }

    static func result(_ f: Finding, ruleIndex: Int?) -> JSONValue {
        let r = f.location.range
        var members: [(String, JSONValue)] = [("ruleId", .string(f.ruleId))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        members += [
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string("\(f.message) Fix: \(f.remediation)"))])),
            ("locations", [.object([
                ("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(uri(f.location.file)))])),
                    ("region", .object([
                        ("startLine", .int(r.start.line)), ("startColumn", .int(r.start.column)),
                        ("endLine", .int(r.end.line)), ("endColumn", .int(r.end.column)),
                    ])),
                ])),
                ("logicalLocations", [.object([
                    ("fullyQualifiedName", .string("\(f.resource.display)/\(f.path)")),
                    ("kind", "object"),
                ])]),
            ])]),
            ("partialFingerprints", .object([("palisade/v1", .string(f.fingerprint))])),
        ]
        if let template = f.renderedFrom {
            members.append(("relatedLocations", [.object([
                ("id", 1),
                ("physicalLocation", .object([("artifactLocation", .object([("uri", .string(uri(template)))]))])),
                ("message", .object([("text", "the template this resource was rendered from")])),
            ])]))
        }
        var properties: [(String, JSONValue)] = [
            ("security-severity", .string(f.severity.securityScore)),
            ("severity", .string(f.severity.name)),
            ("pattern", .string(f.pattern.rawValue)),
            ("resource", .string(f.resource.display)),
        ]
        if let template = f.renderedFrom { properties.append(("renderedFrom", .string(template))) }
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    static func notification(_ d: Diagnostic) -> JSONValue {
        var location: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uri(d.file)))]))]
        if let p = d.position {
            location.append(("region", .object([("startLine", .int(p.line)), ("startColumn", .int(p.column))])))
        }
        return .object([
            ("descriptor", .object([("id", .string(d.code))])),
            ("level", .string(d.level.rawValue)),
            ("message", .object([("text", .string(d.message))])),
            ("locations", [.object([("physicalLocation", .object(location))])]),
        ])
    }

    /// A relative URI reference for a path: `./` dropped, characters outside RFC 3986's unreserved
    /// set and `/` percent-encoded; absolute paths become `file://` URIs; standard input is `stdin`.
    static func uri(_ path: String) -> String {
        if path == "<stdin>" { return "stdin" }
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        var out = p.hasPrefix("/") ? "file://" : ""
        for byte in p.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

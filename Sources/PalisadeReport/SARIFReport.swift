import PalisadeCore

/// SARIF 2.1.0, as GitHub code scanning and most review tools read it. The rules and notifications
/// (few) are built as `JSONValue`s; results are streamed one by one in the same layout.
public enum SARIFReport {
    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        ReportFormat.sarif.render(result, options: options)
    }

    public static func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        let ruleIndex = Dictionary(result.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        out.beginObject()
        out.member("$schema", literal: "https://json.schemastore.org/sarif-2.1.0.json")
        out.member("version", literal: "2.1.0")
        out.key("runs")
        out.beginArray()
        out.element()
        out.beginObject()
        out.key("tool")
        out.json(.object([("driver", .object([
            ("name", "Palisade"),
            ("version", .string(PalisadeVersion.current)),
            ("semanticVersion", .string(PalisadeVersion.current)),
            ("rules", .array(result.rules.map(rule))),
        ]))]))
        out.key("invocations")
        out.beginArray()
        out.element()
        out.beginObject()
        out.key("executionSuccessful")
        out.bool(true)
        out.key("toolExecutionNotifications")
        out.beginArray()
        for d in result.diagnostics {
            out.element()
            out.json(notification(d))
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
        out.endArray()
        out.member("columnKind", literal: "unicodeCodePoints")
        out.key("results")
        out.beginArray()
        // One URI per file, not per finding: consecutive findings mostly share their file.
        var lastFile: String? = nil, lastURI = ""
        for f in result.findings {
            if f.location.file != lastFile {
                lastFile = f.location.file
                lastURI = uri(f.location.file)
            }
            out.element()
            self.result(f, ruleIndex: ruleIndex[f.ruleId], uri: lastURI, into: &out)
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
        out.endArray()
        out.endObject()
        out.byte(UInt8(ascii: "\n"))
    }

    /// SARIF levels: critical and high are errors, medium warnings, the rest notes.
    static func level(_ severity: Severity) -> StaticString {
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
            ("defaultConfiguration", .object([("level", .string(level(r.severity).description))])),
            ("properties", .object([
                ("tags", .array(tags)),
                ("security-severity", .string(r.severity.securityScore)),
                ("precision", "high"),
                ("problem.severity", .string(level(r.severity).description == "note" ? "recommendation" : level(r.severity).description)),
            ])),
        ]
        return .object(members)
    }

    static func result(_ f: Finding, ruleIndex: Int?, uri fileURI: String, into out: inout ReportWriter) {
        let r = f.location.range
        out.beginObject()
        out.member("ruleId", f.ruleId)
        if let ruleIndex { out.member("ruleIndex", ruleIndex) }
        out.member("level", literal: level(f.severity))
        out.key("message")
        out.beginObject()
        out.key("text")
        out.byte(UInt8(ascii: "\""))
        out.jsonEscaped(f.message)
        out.write(" Fix: ")
        out.jsonEscaped(f.remediation)
        out.byte(UInt8(ascii: "\""))
        out.endObject()
        out.key("locations")
        out.beginArray()
        out.element()
        out.beginObject()
        out.key("physicalLocation")
        out.beginObject()
        out.key("artifactLocation")
        out.beginObject()
        out.member("uri", fileURI)
        out.endObject()
        out.key("region")
        out.beginObject()
        out.member("startLine", r.start.line)
        out.member("startColumn", r.start.column)
        out.member("endLine", r.end.line)
        out.member("endColumn", r.end.column)
        out.endObject()
        out.endObject()
        out.key("logicalLocations")
        out.beginArray()
        out.element()
        out.beginObject()
        out.key("fullyQualifiedName")
        out.byte(UInt8(ascii: "\""))
        jsonEscapedResource(f.resource, into: &out)
        out.byte(UInt8(ascii: "/"))
        out.jsonEscaped(f.path)
        out.byte(UInt8(ascii: "\""))
        out.member("kind", literal: "object")
        out.endObject()
        out.endArray()
        out.endObject()
        out.endArray()
        out.key("partialFingerprints")
        out.beginObject()
        out.member("palisade/v1", f.fingerprint)
        out.endObject()
        if let s = f.suppression {
            // Comments and annotations are SARIF's in-source suppressions, the ignore file an
            // external one; GitHub code scanning shows the alert as dismissed either way.
            out.key("suppressions")
            out.beginArray()
            out.element()
            out.beginObject()
            out.member("kind", literal: s.kind.isInSource ? "inSource" : "external")
            out.member("status", literal: "accepted")
            out.member("justification", s.reason)
            out.key("location")
            out.beginObject()
            out.key("physicalLocation")
            out.beginObject()
            out.key("artifactLocation")
            out.beginObject()
            out.member("uri", uri(s.location.file))
            out.endObject()
            out.key("region")
            out.beginObject()
            out.member("startLine", s.location.range.start.line)
            out.member("startColumn", s.location.range.start.column)
            out.endObject()
            out.endObject()
            out.endObject()
            out.endObject()
            out.endArray()
        }
        if let template = f.renderedFrom {
            out.key("relatedLocations")
            out.beginArray()
            out.element()
            out.beginObject()
            out.member("id", 1)
            out.key("physicalLocation")
            out.beginObject()
            out.key("artifactLocation")
            out.beginObject()
            out.member("uri", uri(template))
            out.endObject()
            out.endObject()
            out.key("message")
            out.beginObject()
            out.member("text", literal: "the template this resource was rendered from")
            out.endObject()
            out.endObject()
            out.endArray()
        }
        out.key("properties")
        out.beginObject()
        out.member("security-severity", f.severity.securityScore)
        out.member("severity", f.severity.name)
        out.member("pattern", f.pattern.rawValue)
        out.key("resource")
        out.byte(UInt8(ascii: "\""))
        jsonEscapedResource(f.resource, into: &out)
        out.byte(UInt8(ascii: "\""))
        if let template = f.renderedFrom { out.member("renderedFrom", template) }
        out.endObject()
        out.endObject()
    }

    /// `ResourceIdentity.display`, escaped for a JSON string.
    static func jsonEscapedResource(_ r: ResourceIdentity, into out: inout ReportWriter) {
        out.jsonEscaped(r.kind)
        if let namespace = r.namespace { out.byte(UInt8(ascii: "/")); out.jsonEscaped(namespace) }
        if let name = r.name { out.byte(UInt8(ascii: "/")); out.jsonEscaped(name) }
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

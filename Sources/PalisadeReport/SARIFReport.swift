import PalisadeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SARIF 2.1.0, as GitHub code scanning and most review tools read it. The rules and notifications
/// (few) are built as `JSONValue`s; results are streamed one by one in the same layout.
public enum SARIFReport {
    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        ReportFormat.sarif.render(result, options: options)
    }

    /// The base every artifact URI inside the project root is relative to (`originalUriBaseIds`
    /// gives it as a `file://` URI). GitHub ignores the base and reads the relative URIs from the
    /// repository root, which they are: the project root is the git top level.
    static let rootBaseId: StaticString = "%SRCROOT%"

    public static func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        let descriptors = Descriptors(result)
        let artifacts = Artifacts(root: result.root)
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
            ("informationUri", .string(PalisadeLinks.repository)),
            ("rules", .array(descriptors.list.map { rule($0.rule, severity: $0.severity, id: $0.id) })),
        ]))]))
        if let category = options.sarifCategory {
            // GitHub takes the category from the id up to its last slash; the slash makes it all of it.
            out.key("automationDetails")
            out.beginObject()
            out.member("id", category.hasSuffix("/") ? category : category + "/")
            out.endObject()
        }
        if let root = result.root {
            out.key("originalUriBaseIds")
            out.beginObject()
            out.key(rootBaseId)
            out.beginObject()
            out.member("uri", uri(root.hasSuffix("/") ? root : root + "/"))
            out.endObject()
            out.endObject()
        }
        out.key("invocations")
        out.beginArray()
        out.element()
        out.beginObject()
        out.key("executionSuccessful")
        out.bool(options.executionSuccessful)
        out.key("toolExecutionNotifications")
        out.beginArray()
        for d in result.diagnostics {
            out.element()
            notification(d, artifacts: artifacts, into: &out)
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
        out.endArray()
        out.member("columnKind", literal: "unicodeCodePoints")
        out.key("results")
        out.beginArray()
        // One artifact per file, not per finding: consecutive findings mostly share their file.
        var lastPath: String? = nil
        var artifact = Artifact(uri: "", relative: false)
        for f in result.findings {
            if f.object.projectPath != lastPath {
                lastPath = f.object.projectPath
                artifact = artifacts.project(f.object.projectPath)
            }
            out.element()
            self.result(f, descriptor: descriptors.descriptor(for: f), artifact: artifact,
                        artifacts: artifacts, options: options, into: &out)
            out.flushIfNeeded()
        }
        out.endArray()
        out.endObject()
        out.endArray()
        out.endObject()
        out.byte(UInt8(ascii: "\n"))
    }

    /// The rule descriptors: every rule that ran, in order, then one more for each (rule,
    /// severity) that some result has other than the rule's own, in rule order and most severe
    /// first. GitHub reads `security-severity` from the descriptor a result names, never from the
    /// result, so a `low` finding of a `medium` rule names `k8s-host-port/low` (a SARIF
    /// hierarchical sub-rule id), whose descriptor says low. Results at the rule's own severity keep
    /// the plain id, so their alerts keep their identity.
    struct Descriptors {
        var list: [(rule: RuleDescription, severity: Severity, id: String)] = []
        /// The first descriptor of each rule id.
        var index: [String: Int] = [:]
        /// The extra descriptors, by rule index and severity.
        var variants: [Int: [Severity: Int]] = [:]

        init(_ result: ScanResult) {
            for rule in result.rules where index[rule.id] == nil {
                index[rule.id] = list.count
                list.append((rule, rule.severity, rule.id))
            }
            var wanted: [Int: Set<Severity>] = [:]
            for f in result.findings where f.severity != f.rule.severity {
                if let i = index[f.ruleId], list[i].severity != f.severity { wanted[i, default: []].insert(f.severity) }
            }
            for i in wanted.keys.sorted() {
                for severity in wanted[i]!.sorted(by: >) {
                    variants[i, default: [:]][severity] = list.count
                    list.append((list[i].rule, severity, "\(list[i].rule.id)/\(severity.name)"))
                }
            }
        }

        /// The descriptor a finding's result names: its id and index, or nil for a rule that did not run.
        func descriptor(for f: Finding) -> (id: String, index: Int)? {
            guard let i = index[f.ruleId] else { return nil }
            let j = list[i].severity == f.severity ? i : variants[i]?[f.severity] ?? i
            return (list[j].id, j)
        }
    }

    /// SARIF levels: critical and high are errors, medium warnings, the rest notes.
    static func level(_ severity: Severity) -> StaticString {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// A rule's descriptor, at `severity` (the rule's own, or another some of its results have).
    static func rule(_ r: RuleDescription, severity: Severity, id: String) -> JSONValue {
        var tags: [JSONValue] = ["security", .string(r.pattern.rawValue)]
        tags += r.controls.map { .string($0.rawValue) }
        tags += r.mitre.map { .string("mitre-attack/\($0)") }
        let help = "\(r.remediation)\n\n\(r.rationale)"
        let level = level(severity).description
        var title = r.title
        if id != r.id { title += " (\(severity.name))" }
        return .object([
            ("id", .string(id)),
            ("name", .string(r.id)),
            ("shortDescription", .object([("text", .string(title))])),
            ("fullDescription", .object([("text", .string(r.rationale))])),
            ("help", .object([("text", .string(help)), ("markdown", .string("**Fix:** \(r.remediation)\n\n\(r.rationale)"))])),
            ("helpUri", .string(PalisadeLinks.rule(r.id))),
            ("defaultConfiguration", .object([("level", .string(level))])),
            ("properties", .object([
                ("tags", .array(tags)),
                ("security-severity", .string(severity.securityScore)),
                ("precision", "high"),
                ("problem.severity", .string(level == "note" ? "recommendation" : level)),
            ])),
        ])
    }

    /// One result. A finding in `helm template` output (`renderedFrom`) is located at its template,
    /// the file a reviewer edits, with no region: a line of the rendered output is no line of the
    /// template. Where it sits in the rendered output is its related location 1, with the region.
    static func result(_ f: Finding, descriptor: (id: String, index: Int)?, artifact: Artifact, artifacts: Artifacts,
                       options: ReportOptions, into out: inout ReportWriter) {
        out.beginObject()
        out.member("ruleId", descriptor?.id ?? f.ruleId)
        if let descriptor { out.member("ruleIndex", descriptor.index) }
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
        if let template = f.renderedFrom {
            artifactLocation(artifacts.template(template, base: options.templateBase), into: &out)
        } else {
            artifactLocation(artifact, into: &out)
            region(f.location.range, into: &out)
        }
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
        if let state = f.baseline {
            // `absent` results (in the baseline, gone now) are not written: `palisade diff` lists them.
            out.member("baselineState", literal: state == .new ? "new" : "unchanged")
        }
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
            artifactLocation(s.location.file == f.location.file ? artifact : artifacts.display(s.location.file), into: &out)
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
        if f.renderedFrom != nil {
            out.key("relatedLocations")
            out.beginArray()
            out.element()
            out.beginObject()
            out.member("id", 1)
            out.key("physicalLocation")
            out.beginObject()
            artifactLocation(artifact, into: &out)
            region(f.location.range, into: &out)
            out.endObject()
            out.key("message")
            out.beginObject()
            out.member("text", literal: "where the finding is in the rendered output (helm template)")
            out.endObject()
            out.endObject()
            out.endArray()
        }
        out.key("properties")
        out.beginObject()
        out.member("security-severity", f.severity.securityScore)
        out.member("severity", f.severity.name)
        if f.risk > 0 { out.member("risk", Int(f.risk)) }
        out.member("rule", f.ruleId)
        out.member("pattern", f.pattern.rawValue)
        out.key("resource")
        out.byte(UInt8(ascii: "\""))
        jsonEscapedResource(f.resource, into: &out)
        out.byte(UInt8(ascii: "\""))
        if let template = f.renderedFrom { out.member("renderedFrom", template) }
        out.endObject()
        out.endObject()
    }

    /// `"artifactLocation": {"uri": ..., "uriBaseId": "%SRCROOT%"}`, the base only for relative URIs.
    static func artifactLocation(_ artifact: Artifact, into out: inout ReportWriter) {
        out.key("artifactLocation")
        out.beginObject()
        out.member("uri", artifact.uri)
        if artifact.relative { out.member("uriBaseId", literal: rootBaseId) }
        out.endObject()
    }

    static func region(_ r: SourceRange, into out: inout ReportWriter) {
        out.key("region")
        out.beginObject()
        out.member("startLine", r.start.line)
        out.member("startColumn", r.start.column)
        out.member("endLine", r.end.line)
        out.member("endColumn", r.end.column)
        out.endObject()
    }

    /// `ResourceIdentity.display`, escaped for a JSON string.
    static func jsonEscapedResource(_ r: ResourceIdentity, into out: inout ReportWriter) {
        out.jsonEscaped(r.kind)
        if let namespace = r.namespace { out.byte(UInt8(ascii: "/")); out.jsonEscaped(namespace) }
        if let name = r.name { out.byte(UInt8(ascii: "/")); out.jsonEscaped(name) }
    }

    static func notification(_ d: Diagnostic, artifacts: Artifacts, into out: inout ReportWriter) {
        out.beginObject()
        out.key("descriptor")
        out.beginObject()
        out.member("id", d.code)
        out.endObject()
        out.member("level", d.level.rawValue)
        out.key("message")
        out.beginObject()
        out.member("text", d.message)
        out.endObject()
        out.key("locations")
        out.beginArray()
        out.element()
        out.beginObject()
        out.key("physicalLocation")
        out.beginObject()
        artifactLocation(artifacts.display(d.file), into: &out)
        if let p = d.position {
            out.key("region")
            out.beginObject()
            out.member("startLine", p.line)
            out.member("startColumn", p.column)
            out.endObject()
        }
        out.endObject()
        out.endObject()
        out.endArray()
        out.endObject()
    }

    /// A file as SARIF names it: a URI, relative to `%SRCROOT%` (the project root) or absolute.
    struct Artifact {
        var uri: String
        var relative: Bool
    }

    /// Turns the paths of a result into artifacts. Findings carry their project path (relative to
    /// the root, or absolute outside it); diagnostics only the path as the scan named it, which is
    /// resolved against the working directory (by spelling: `.` and `..` are folded, links are
    /// not followed) and made relative to the root when it lies inside.
    struct Artifacts {
        let root: String?
        let workingDirectory: String?

        init(root: String?) {
            self.root = root
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            workingDirectory = root == nil ? nil : getcwd(&buffer, buffer.count).map { String(cString: $0) }
        }

        /// A finding's project path.
        func project(_ path: String) -> Artifact {
            if path == "<stdin>" { return Artifact(uri: "stdin", relative: false) }
            return Artifact(uri: uri(path), relative: root != nil && !path.hasPrefix("/"))
        }

        /// A path as the scan named it (relative to the working directory, or absolute).
        func display(_ path: String) -> Artifact {
            guard let root, path != "<stdin>" else { return project(path) }
            let absolute = path.hasPrefix("/") ? path : workingDirectory.map { $0 + "/" + path } ?? path
            let folded = HostPaths.normalized(absolute)
            if let inside = relative(folded, to: root) { return Artifact(uri: uri(inside), relative: true) }
            return Artifact(uri: uri(folded), relative: false)
        }

        /// The template a rendered finding came from: helm names it from the chart's parent folder,
        /// which `base` (relative to the project root) says when it is not the root itself.
        func template(_ source: String, base: String?) -> Artifact {
            var path = Substring(source)
            while path.hasPrefix("./") { path = path.dropFirst(2) }
            if let base, !base.isEmpty, base != ".", !path.hasPrefix("/") {
                path = Substring(base.hasSuffix("/") ? base + path : base + "/" + path)
            }
            return project(String(path))
        }

        /// `path` relative to `root`, or nil outside it.
        private func relative(_ path: String, to root: String) -> String? {
            if path == root { return "." }
            let prefix = root == "/" ? "/" : root + "/"
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
        }
    }

    /// A relative URI reference for a path: `./` dropped, characters outside RFC 3986's unreserved
    /// set and `/` percent-encoded; absolute paths become `file://` URIs; standard input is `stdin`.
    /// A name that is not valid UTF-8, which reports show escaped (`bad\xFFname.yaml`, see
    /// `PathName`), is encoded as its bytes (`bad%FFname.yaml`): the URI of the file itself.
    static func uri(_ path: String) -> String {
        if path == "<stdin>" { return "stdin" }
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        var out = p.hasPrefix("/") ? "file://" : ""
        for byte in unescapedBytes(p) {
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

    /// The path's bytes with each `\xHH` (HH from 80 to FF) read back as the byte, when the result
    /// is not valid UTF-8, which only an escaped name gives; any other path as its UTF-8.
    static func unescapedBytes(_ path: Substring) -> [UInt8] {
        let utf8 = Array(path.utf8)
        guard utf8.contains(UInt8(ascii: "\\")) else { return utf8 }
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"),
               let high = hex(utf8[i + 2]), let low = hex(utf8[i + 3]), high >= 8 {
                bytes.append(high << 4 | low)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return bytes.count < utf8.count && String(validating: bytes, as: UTF8.self) == nil ? bytes : utf8
    }
}

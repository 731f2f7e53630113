import PalisadeCore

/// The JSON report, schema `docs/json-schema.json`. Bump `schemaVersion` on any incompatible change.
public enum JSONReport {
    public static let schemaVersion = "1.0"

    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        let stats = result.statistics
        let failing = result.failing(at: options.failOn).count
        let summary: JSONValue = .object([
            ("filesScanned", .int(stats.filesScanned)),
            ("filesSkipped", .int(stats.filesSkipped)),
            ("documents", .int(stats.documents)),
            ("objects", .int(stats.objects)),
            ("otherDocuments", .int(stats.otherDocuments)),
            ("findings", .int(result.findings.count)),
            ("bySeverity", .object(Severity.allCases.reversed().map { ($0.name, .int(result.count($0))) })),
            ("byPattern", .object(ThreatPattern.allCases.map { p in
                (p.rawValue, .int(result.findings.reduce(0) { $0 + ($1.pattern == p ? 1 : 0) }))
            })),
            ("inputErrors", .int(result.inputErrors.count)),
            ("failOn", .string(options.failOn.name)),
            ("failingFindings", .int(failing)),
        ])
        let document: JSONValue = .object([
            ("schemaVersion", .string(schemaVersion)),
            ("tool", .object([("name", "palisade"), ("version", .string(PalisadeVersion.current))])),
            ("summary", summary),
            ("findings", .array(result.findings.map { finding(for: $0, rule: result.rule(for: $0)) })),
            ("diagnostics", .array(result.diagnostics.map(diagnostic))),
        ])
        return document.rendered()
    }

    static func finding(for f: Finding, rule: RuleDescription?) -> JSONValue {
        let r = f.location.range
        return .object([
            ("ruleId", .string(f.ruleId)),
            ("title", .string(rule?.title ?? f.ruleId)),
            ("severity", .string(f.severity.name)),
            ("pattern", .string(f.pattern.rawValue)),
            ("controls", .array((rule?.controls ?? []).map { .string($0.rawValue) })),
            ("message", .string(f.message)),
            ("remediation", .string(f.remediation)),
            ("location", .object([
                ("file", .string(f.location.file)),
                ("line", .int(r.start.line)), ("column", .int(r.start.column)),
                ("endLine", .int(r.end.line)), ("endColumn", .int(r.end.column)),
            ])),
            ("resource", .object([
                ("apiVersion", .string(f.resource.apiVersion)),
                ("kind", .string(f.resource.kind)),
                ("namespace", .optional(f.resource.namespace)),
                ("name", .optional(f.resource.name)),
            ])),
            ("path", .string(f.path)),
            ("renderedFrom", .optional(f.renderedFrom)),
            ("fingerprint", .string(f.fingerprint)),
        ])
    }

    static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object([
            ("code", .string(d.code)),
            ("level", .string(d.level.rawValue)),
            ("file", .string(d.file)),
            ("line", d.position.map { .int($0.line) } ?? .null),
            ("column", d.position.map { .int($0.column) } ?? .null),
            ("message", .string(d.message)),
        ])
    }
}

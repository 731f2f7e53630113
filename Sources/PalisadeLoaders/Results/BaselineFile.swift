import PalisadeCore

/// Reads a baseline file (`palisade baseline create`, schema `docs/baseline-schema.json`). Only the
/// fingerprints matter for matching; the other fields are read when present. Unknown keys are
/// allowed, so a newer minor version of the format still reads.
public enum BaselineFile {
    public static func load(_ path: String) throws -> Baseline {
        let (input, root) = try JSONInput.load(path)
        return try read(root, input)
    }

    /// Parses baseline bytes; `file` names them in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws -> Baseline {
        let input = JSONInput(file: file)
        return try read(input.parse(bytes), input)
    }

    static func read(_ root: Node, _ input: JSONInput) throws -> Baseline {
        _ = try input.mapping(root, "a baseline")
        if root["baselineVersion"] == nil && root["schemaVersion"] != nil {
            throw input.error(at: root, "this is a JSON report, not a baseline; make one with palisade baseline create")
        }
        try input.version(root, "baselineVersion", major: "1", what: "baseline")
        let entries = try input.array(root, "findings").map { item in
            _ = try input.mapping(item, "each baseline finding")
            return Baseline.Entry(
                fingerprint: try input.fingerprint(item),
                ruleId: try input.string(item, "ruleId", required: false) ?? "",
                file: try input.string(item, "file", required: false) ?? "",
                resource: try input.string(item, "resource", required: false) ?? "",
                message: try input.string(item, "message", required: false) ?? "")
        }
        return Baseline(entries: entries)
    }
}

/// Reads the findings of a JSON report (`palisade scan --format json`, schema
/// `docs/json-schema.json`, any 1.x version) for `palisade diff`.
public enum ReportFile {
    public static func findings(_ path: String) throws -> [ReportedFinding] {
        let (input, root) = try JSONInput.load(path)
        return try read(root, input)
    }

    /// Parses report bytes; `file` names them in errors.
    public static func findings(_ bytes: [UInt8], file: String) throws -> [ReportedFinding] {
        let input = JSONInput(file: file)
        return try read(input.parse(bytes), input)
    }

    static func read(_ root: Node, _ input: JSONInput) throws -> [ReportedFinding] {
        _ = try input.mapping(root, "a JSON report")
        if root["schemaVersion"] == nil && root["baselineVersion"] != nil {
            throw input.error(at: root, "this is a baseline, not a JSON report; make one with palisade scan --format json")
        }
        try input.version(root, "schemaVersion", major: "1", what: "JSON report")
        return try input.array(root, "findings").map { item in
            _ = try input.mapping(item, "each finding")
            let severityText = try input.string(item, "severity")!
            guard let severity = Severity(name: severityText) else {
                throw input.error(at: item["severity"]!, "'severity' must be critical, high, medium, low or info, not '\(severityText)'")
            }
            let location = try input.object(item, "location")
            let resource = try input.object(item, "resource")
            let identity = ResourceIdentity(kind: try input.string(resource, "kind")!,
                                            namespace: try input.string(resource, "namespace", required: false),
                                            name: try input.string(resource, "name", required: false))
            return ReportedFinding(
                fingerprint: try input.fingerprint(item).hex, ruleId: try input.string(item, "ruleId")!,
                severity: severity, message: try input.string(item, "message")!,
                file: try input.string(location, "file")!, line: try input.int(location, "line"),
                column: try input.int(location, "column"), resource: identity.display,
                suppressed: !(item["suppression"]?.isNull ?? true))
        }
    }
}

import PalisadeCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A CloudFormation (or SAM) template read from a YAML or JSON file: its document's root, and the
/// `# palisade:ignore` comments in it with the ranges they cover (placed as in manifests). It is
/// evaluated in the cloud phase, when its file has its place in the scan's `CloudSources`.
public struct CloudFormationTemplate: Sendable {
    public var display: String
    public var projectPath: String
    public var root: Node
    public var comments: [SuppressionComment] = []

    public init(display: String, projectPath: String, root: Node) {
        self.display = display
        self.projectPath = projectPath
        self.root = root
    }
}

/// The CloudFormation input family's loader: `parse` tells templates from other YAML and JSON as
/// the scan streams files (after a byte prefilter, so Kubernetes manifests cost one `memmem`
/// pass), `evaluate` turns templates into cloud resources in the cloud phase.
public enum CloudFormationLoader {
    /// Whether the bytes may hold a template: `AWS::` (every resource type) or
    /// `AWSTemplateFormatVersion` somewhere. Only such files are parsed as templates. One `memchr`
    /// pass for the `W` both share (rare in YAML), so a Kubernetes scan barely pays for it.
    public static func mayContainTemplate(_ bytes: [UInt8]) -> Bool {
        let version = Array("AWSTemplateFormatVersion".utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress, buffer.count >= 5 else { return false }
            var at = 1
            while at < buffer.count - 3 {
                guard let hit = memchr(base + at, Int32(UInt8(ascii: "W")), buffer.count - 3 - at) else { return false }
                let w = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                at = w + 1
                guard buffer[w - 1] == UInt8(ascii: "A"), buffer[w + 1] == UInt8(ascii: "S") else { continue }
                if buffer[w + 2] == UInt8(ascii: ":") && buffer[w + 3] == UInt8(ascii: ":") { return true }
                if w - 1 + version.count <= buffer.count, buffer[(w - 1)..<(w - 1 + version.count)].elementsEqual(version) { return true }
            }
            return false
        }
    }

    /// A document is a template when its root mapping has `AWSTemplateFormatVersion`, or a
    /// `Resources` mapping with an entry of `Type: AWS::...` (SAM's included), and is no
    /// Kubernetes object (`apiVersion` and `kind`).
    public static func isTemplate(_ root: Node) -> Bool {
        guard root.isMapping, root["apiVersion"] == nil || root["kind"] == nil else { return false }
        if root["AWSTemplateFormatVersion"] != nil { return true }
        guard let resources = root["Resources"]?.entries else { return false }
        return resources.contains { $0.value["Type"]?.string?.hasPrefix("AWS::") == true }
    }

    /// What `parse` read from a file holding at least one template.
    public struct Parsed: Sendable {
        public var templates: [CloudFormationTemplate] = []
        public var documents = 0
        /// Documents that are not templates (ignored).
        public var otherDocuments = 0
        /// The error that stopped parsing, if any (the templates before it are kept).
        public var error: Diagnostic?
        /// Suppression comments that cover nothing, or whose expiry date is not a date.
        public var warnings: [Diagnostic] = []
    }

    /// Parses `bytes` as YAML (or JSON) and keeps the documents that are templates; nil when
    /// there are none (including a file that does not parse before its first template: the
    /// manifest path reports that error as for any YAML).
    public static func parse(_ bytes: [UInt8], display: String, projectPath: String, yaml: YAMLLoader = YAMLLoader()) -> Parsed? {
        var parsed = Parsed()
        var comments = YAMLSuppressionComments(bytes, file: display)
        let error = yaml.load(bytes, file: display) { root, _ in
            parsed.documents += 1
            let covering = comments?.comments(for: root) ?? []
            guard isTemplate(root) else {
                if !root.isNull { parsed.otherDocuments += 1 }
                for comment in covering { parsed.warnings.append(coversNothing(comment.file, comment.directive.range.start)) }
                return
            }
            var template = CloudFormationTemplate(display: display, projectPath: projectPath, root: root)
            template.comments = covering
            parsed.templates.append(template)
        }
        guard !parsed.templates.isEmpty else { return nil }
        parsed.error = error
        if error == nil, var rest = comments {
            for candidate in rest.unplaced() { parsed.warnings.append(coversNothing(display, candidate.directive.range.start)) }
        }
        return parsed
    }

    static func coversNothing(_ file: String, _ position: SourcePosition) -> Diagnostic {
        Diagnostic(code: "unused-suppression", level: .warning, file: file, position: position,
                   message: "`\(SuppressionComment.marker)` comment covers no CloudFormation resource: remove it")
    }

    /// The resources of a scan's templates, evaluated; template `k` is file `firstFile + k` of `sources`.
    struct Evaluated {
        var resources: [CloudResource] = []
        var diagnostics: [Diagnostic] = []
        var suppressions: [(holder: ObjectRef, comment: SuppressionComment)] = []
    }

    static func evaluate(_ templates: [CloudFormationTemplate], firstFile: Int32, sources: CloudSources) -> Evaluated {
        var result = Evaluated()
        for (k, template) in templates.enumerated() {
            var evaluator = CloudFormationEvaluator(template: template.root, file: firstFile + Int32(k), display: template.display)
            let resources = evaluator.resources(sources: sources)
            result.resources += resources
            result.diagnostics += evaluator.diagnostics
            result.suppressions += place(template.comments, on: resources) { result.diagnostics.append($0) }
        }
        return result
    }

    /// Each valid comment is held by the resources whose lines its scope overlaps (a comment above
    /// a logical id covers that resource; above `Resources:` or at the top, all of them).
    static func place(_ comments: [SuppressionComment], on resources: [CloudResource],
                      warning: (Diagnostic) -> Void) -> [(holder: ObjectRef, comment: SuppressionComment)] {
        var placed: [(holder: ObjectRef, comment: SuppressionComment)] = []
        for comment in comments {
            guard comment.directive.isValid else {
                warning(Diagnostic(code: "invalid-suppression", level: .warning, file: comment.file, position: comment.directive.range.start,
                                   message: "`\(SuppressionComment.marker)` comment needs rule ids and a reason (and a valid expires= date): it suppresses nothing"))
                continue
            }
            let scope = comment.scope
            let lastLine = scope.end.column == 1 && scope.end.line > scope.start.line ? scope.end.line - 1 : scope.end.line
            let holders = resources.filter { resource in
                guard let lines = resource.ref.lines else { return false }
                return lines.lowerBound <= lastLine && scope.start.line <= lines.upperBound
            }
            if holders.isEmpty { warning(coversNothing(comment.file, comment.directive.range.start)) }
            for holder in holders { placed.append((holder.ref, comment)) }
        }
        return placed
    }
}

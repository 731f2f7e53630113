/// Accepting a finding on one object, with a reason: the annotation
///
///     metadata:
///       annotations:
///         palisade.dev/ignore: "k8s-host-pid=the node exporter reads host processes; k8s-run-as-root=needs /proc as root"
///
/// holds `rule-id=reason` entries separated by `;` or new lines (the rule id may be a glob). Findings
/// of those rules on the object are reported as suppressed with the reason; an entry without a reason
/// suppresses nothing and is itself a finding (`k8s-ignore-without-reason`). As in comments, one word
/// of a reason may be `expires=YYYY-MM-DD`: after that day (UTC) the entry accepts nothing.
public enum IgnoreAnnotation {
    public static let key = "palisade.dev/ignore"

    public struct Entry: Sendable {
        public let ruleId: String
        /// nil or empty when none was given; without the expiry word.
        public let reason: String?
        public let expires: CalendarDay?
        /// An `expires=` word that is not a date (the entry then suppresses nothing).
        public let badExpiry: String?
        /// The entry inside the annotation's value (the whole value when it spans several lines).
        public let range: SourceRange
    }

    /// The annotation's entry on the object, if any.
    public static func annotation(_ object: KubernetesObject) -> Node.Entry? {
        object.root["metadata"]?["annotations"]?.entry(key)
    }

    /// The entries of the object's ignore annotation, in order.
    public static func entries(_ object: KubernetesObject) -> [Entry] {
        guard let entry = annotation(object), let text = entry.value.string else { return [] }
        let value = entry.value.range
        // On one line, an entry's column is the value's plus its offset (plus the opening quote).
        let style = entry.value.scalar?.style
        // Escapes change lengths: `''` in single quotes, backslashes in double quotes.
        let singleLine = value.start.line == value.end.line
            && (style == .plain || (style == .singleQuoted && !text.contains("'")) || (style == .doubleQuoted && !text.contains("\\")))
        let quote = style == .plain ? 0 : 1
        var result: [Entry] = []
        var offset = 0
        for piece in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ";" || $0 == "\n" }) {
            defer { offset += piece.unicodeScalars.count + 1 }
            let leading = piece.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
            let trimmed = piece.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.isEmpty else { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let ruleId = parts[0].trimmingSpaces
            let parsed = parts.count == 2 ? SuppressionText.reason(SuppressionText.words(parts[1])) : nil
            var range = value
            if singleLine {
                let column = value.start.column + quote + offset + leading
                range = SourceRange(start: SourcePosition(line: value.start.line, column: column),
                                    end: SourcePosition(line: value.start.line, column: column + trimmed.unicodeScalars.count))
            }
            result.append(Entry(ruleId: ruleId, reason: parsed?.reason, expires: parsed?.expires,
                                badExpiry: parsed?.badExpiry.map { String($0.text) }, range: range))
        }
        return result
    }

    /// The object's entries that can suppress (with a reason) as suppression entries, and a warning
    /// for each whose expiry is not a date (it suppresses nothing). Entries without a reason are
    /// left to `k8s-ignore-without-reason`.
    public static func suppressions(_ object: KubernetesObject) -> (entries: [SuppressionEntry], warnings: [Diagnostic]) {
        var entries: [SuppressionEntry] = []
        var warnings: [Diagnostic] = []
        for entry in Self.entries(object) {
            guard let reason = entry.reason, !reason.isEmpty else { continue }
            let written = SourceLocation(file: object.file, range: entry.range)
            if let bad = entry.badExpiry {
                warnings.append(Diagnostic(
                    code: "invalid-suppression", level: .warning, file: object.file, position: entry.range.start,
                    message: "\(key) entry '\(entry.ruleId)': '\(bad)' is not an expiry date (expires=YYYY-MM-DD), so the entry suppresses nothing"))
                continue
            }
            let suppression = Suppression(kind: .annotation, reason: reason, location: written, expires: entry.expires)
            entries.append(SuppressionEntry(rule: Glob(entry.ruleId), written: written, scope: .object, suppression: suppression))
        }
        return (entries, warnings)
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

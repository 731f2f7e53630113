import PalisadeCore

/// Where `palisade:ignore secret-...` comments apply in any text file, for the secret rules: a
/// comment ending a line covers that line, a comment on a line of its own covers the next line.
/// Any line-comment starter of a common language works (`#`, `//`, `--`, `;`, `/*`, `<!--`, `%`,
/// `'`, `REM`), since the secret scan does not know the file's language.
public enum TextSuppressionComments {
    public static let starters = ["#", "//", "--", ";", "/*", "<!--", "%", "'", "REM"]

    /// Whether a suppression entry is for the secret rules: other families leave such entries to
    /// the secret scan, so one comment is not reported unused by the family it was not meant for.
    public static func isSecretEntry(_ entry: SuppressionEntry) -> Bool {
        entry.rule.pattern.hasPrefix("secret-")
    }

    /// The comments for the secret rules among `candidates`, each covering its line or the next.
    /// `warnInvalid`: warn about malformed comments (in files no other family reads, which would
    /// otherwise warn about them).
    public static func place(_ candidates: [CommentCandidate], file: String, warnInvalid: Bool,
                             warning: (Diagnostic) -> Void) -> [SuppressionComment] {
        var placed: [SuppressionComment] = []
        for candidate in candidates {
            let directive = candidate.directive
            guard directive.isValid else {
                if warnInvalid {
                    warning(Diagnostic(code: "invalid-suppression", level: .warning, file: file, position: directive.range.start,
                                       message: "`\(SuppressionComment.marker)` comment needs rule ids and a reason (and a valid expires= date): it suppresses nothing"))
                }
                continue
            }
            guard directive.rules.contains(where: { $0.text.hasPrefix("secret-") }) else { continue }
            let line = candidate.ownLine ? candidate.line + 1 : candidate.line
            let scope = SourceRange(start: SourcePosition(line: line, column: 1), end: SourcePosition(line: line + 1, column: 1))
            let comment = SuppressionComment(file: file, directive: directive, scope: scope)
            // Only the rule ids meant for secrets.
            placed.append(comment)
        }
        return placed
    }
}

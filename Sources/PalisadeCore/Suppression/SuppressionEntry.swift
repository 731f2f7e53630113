/// One rule accepted in one place, however it was written: an annotation entry, one rule id of a
/// comment, or an ignore-file entry. Every kind is matched, expired and reported as unused by the
/// same code (the scanner's `Suppressor`); each format and place only decides the scope. A class:
/// a comment above a `List` covers several objects with one entry, and "was it used" is asked of
/// the entry, not of each object.
public final class SuppressionEntry: Sendable {
    /// What the entry can cover.
    public enum Scope: Sendable, Hashable {
        /// Every finding on the object that holds it (an annotation).
        case object
        /// The object's findings that start inside this range (a comment: the node below it, or
        /// the line it ends).
        case range(SourceRange)
        /// Findings on any object whose project path and resource match (the ignore file); nil
        /// matches everything.
        case matching(path: Glob?, resource: Glob?)
    }

    /// The rule id, or a glob over rule ids.
    public let rule: Glob
    /// Where the rule id is written: unused-suppression and expired-suppression warnings point here.
    public let written: SourceLocation
    public let scope: Scope
    /// What every finding it accepts carries: kind, reason, where it is written, expiry.
    public let suppression: Suppression

    public init(rule: Glob, written: SourceLocation, scope: Scope, suppression: Suppression) {
        self.rule = rule
        self.written = written
        self.scope = scope
        self.suppression = suppression
    }

    public var kind: Suppression.Kind { suppression.kind }
    public var expires: CalendarDay? { suppression.expires }

    /// Whether the entry no longer accepts anything: `today` is after its last day.
    public func isExpired(on today: CalendarDay) -> Bool { expires.map { today > $0 } ?? false }

    /// For ignore-file entries, whether the object is one the entry names by path and resource.
    public func applies(to object: ObjectRef) -> Bool {
        guard case .matching(let path, let resource) = scope else { return true }
        if let path, !path.matchesPath(object.projectPath) { return false }
        if let resource, !resource.matches(object.identity.display) { return false }
        return true
    }

    /// How warnings name the entry: "`palisade:ignore` comment for 'k8s-host-pid'".
    public var label: String {
        switch kind {
        case .annotation: "\(IgnoreAnnotation.key) entry '\(rule)'"
        case .comment: "`\(SuppressionComment.marker)` comment for '\(rule)'"
        case .ignoreFile: "ignore-file entry for '\(rule)'"
        }
    }
}

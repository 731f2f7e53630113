import PalisadeCore
import PalisadeRules

/// Applies every suppression to a scan's merged findings, whatever its kind: the comments and
/// annotations the workers recorded per object, and the ignore file's entries. Runs once, after the
/// estate phase, so estate findings are accepted the same way as object findings.
///
/// - An expired entry (today, UTC, is after its `expires` day) accepts nothing and is an
///   `expired-suppression` warning, so the finding comes back loudly rather than silently.
/// - Every entry that covers a finding is used; the finding carries the first: comments (the
///   innermost first), then the annotation, then the ignore file, from the most specific to the least.
/// - An entry that covers nothing is an `unused-suppression` warning: stale suppressions rot.
struct Suppressor {
    /// The reasoned in-source entries of one object, with the object (so its identity stays unique).
    struct InSource {
        let object: ObjectRef
        /// In the order they are tried.
        let entries: [SuppressionEntry]

        init(object: ObjectRef, entries: [SuppressionEntry]) {
            self.object = object
            // Comments before the annotation; nested comment scopes, the innermost (latest start) first.
            self.entries = entries.sorted { a, b in
                switch (a.scope, b.scope) {
                case (.range(let x), .range(let y)): x.start > y.start
                case (.range, _): true
                default: false
                }
            }
        }
    }

    let today: CalendarDay
    /// The ids of the rules that ran.
    let ran: Set<String>

    func apply(inSource: [ObjectIdentifier: InSource], ignoreFile: [SuppressionEntry], to findings: inout [Finding]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var expired = Set<ObjectIdentifier>()
        func live(_ entry: SuppressionEntry) -> Bool {
            guard entry.isExpired(on: today) else { return true }
            if expired.insert(ObjectIdentifier(entry)).inserted { warnings.append(expiredWarning(entry)) }
            return false
        }
        let objects = inSource.mapValues { InSource(object: $0.object, entries: $0.entries.filter(live)) }
        let external = ignoreFile.filter(live)

        var used = Set<ObjectIdentifier>()
        // The ignore file's entries for one rule, and whether one object matches an entry's path
        // and resource: each asked once, not per finding.
        var externalByRule: [ObjectIdentifier: [Int]] = [:]
        var externalByObject: [ObjectIdentifier: [Bool]] = [:]
        for i in findings.indices {
            let f = findings[i]
            var chosen: Suppression?
            for entry in objects[ObjectIdentifier(f.object)]?.entries ?? [] where entry.covers(ruleId: f.ruleId, at: f.range.start) {
                used.insert(ObjectIdentifier(entry))
                chosen = chosen ?? entry.suppression
            }
            if !external.isEmpty {
                let forRule = cached(&externalByRule, f.rule) { external.indices.filter { external[$0].rule.matches(f.ruleId) } }
                if !forRule.isEmpty {
                    let forObject = cached(&externalByObject, f.object) { external.map { $0.applies(to: f.object) } }
                    for e in forRule where forObject[e] {
                        used.insert(ObjectIdentifier(external[e]))
                        chosen = chosen ?? external[e].suppression
                    }
                }
            }
            if let chosen { findings[i].suppression = chosen }
        }

        var reported = Set<ObjectIdentifier>()
        for holder in objects.values {
            for entry in holder.entries where !used.contains(ObjectIdentifier(entry)) && reported.insert(ObjectIdentifier(entry)).inserted {
                warnings.append(unusedWarning(entry, on: holder.object))
            }
        }
        for entry in external where !used.contains(ObjectIdentifier(entry)) {
            warnings.append(unusedWarning(entry, on: nil))
        }
        return warnings
    }

    private func cached<K: AnyObject, V>(_ cache: inout [ObjectIdentifier: V], _ key: K, _ make: () -> V) -> V {
        if let v = cache[ObjectIdentifier(key)] { return v }
        let v = make()
        cache[ObjectIdentifier(key)] = v
        return v
    }

    private func expiredWarning(_ entry: SuppressionEntry) -> Diagnostic {
        Diagnostic(
            code: "expired-suppression", level: .warning, file: entry.written.file, position: entry.written.range.start,
            message: "\(entry.label) expired on \(entry.expires!) (today is \(today), UTC): its findings are reported again; fix them, or renew it with a new date and reason"
        )
    }

    private func unusedWarning(_ entry: SuppressionEntry, on object: ObjectRef?) -> Diagnostic {
        let what: String
        if !ran.contains(where: entry.rule.matches) {
            let known = Self.allRuleIds.contains(where: entry.rule.matches)
            what = known ? "names no rule this scan runs" : entry.rule.isLiteral ? "names no rule Palisade knows" : "matches no rule Palisade knows"
        } else if let object, entry.kind == .annotation {
            what = "matches no finding on \(object.identity.display)"
        } else {
            what = entry.kind == .comment ? "matches no finding in what it covers" : "matches no finding"
        }
        return Diagnostic(code: "unused-suppression", level: .warning, file: entry.written.file, position: entry.written.range.start,
                          message: "\(entry.label) \(what): remove it")
    }

    private static let allRuleIds = BuiltinRules.descriptions.map(\.id)
}

import PalisadeCore
import PalisadeRules

/// Applies every suppression to a scan's merged findings, whatever its kind: the comments and
/// annotations the workers recorded per object, and the ignore file's entries. Runs once, after the
/// estate phase, so estate findings are accepted the same way as object findings.
///
/// - An expired entry (today, UTC, is after its `expires` day) accepts nothing and is an
///   `expired-suppression` warning, so the finding comes back loudly rather than silently.
/// - Every entry that covers a finding is used; the finding carries the most specific: a comment on
///   its line, then comments above the nodes holding it (the innermost first), then the annotation,
///   then the ignore file.
/// - An entry that covers nothing is an `unused-suppression` warning: stale suppressions rot.
struct Suppressor {
    /// The reasoned in-source entries of one object, with the object (so its identity stays unique),
    /// as a worker records them.
    struct InSource {
        let object: ObjectRef
        let entries: [SuppressionEntry]
    }

    /// One object's live in-source entries, indexed by where they apply, so a finding asks only
    /// the entries around its position: a pod with thousands of commented containers costs
    /// findings × nesting depth, not findings × comments.
    private struct Index {
        /// Annotation entries: the whole object.
        private var wide: [SuppressionEntry] = []
        /// Entries covering one line (trailing comments), by line.
        private var lines: [Int: [SuppressionEntry]] = [:]
        /// Entries covering a node, grouped by range and sorted by start (the outer of two nodes
        /// starting together first), each with the index of the nearest node around it. Node
        /// ranges nest or are disjoint (they are the document's tree), so the nodes holding a
        /// position are one chain of parents.
        private var nodes: [(range: SourceRange, entries: [SuppressionEntry], parent: Int)] = []

        init(_ entries: [SuppressionEntry]) {
            var byRange: [SourceRange: [SuppressionEntry]] = [:]
            for entry in entries {
                switch entry.scope {
                case .range(let r) where r.start.column == 1 && r.end == SourcePosition(line: r.start.line + 1, column: 1):
                    lines[r.start.line, default: []].append(entry)
                case .range(let r): byRange[r, default: []].append(entry)
                default: wide.append(entry)
                }
            }
            let sorted = byRange.keys.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
            var open: [Int] = []
            for range in sorted {
                while let top = open.last, nodes[top].range.end <= range.start { open.removeLast() }
                nodes.append((range, byRange[range]!, open.last ?? -1))
                open.append(nodes.count - 1)
            }
        }

        /// Calls `body` with each entry whose scope holds `position`, the most specific first.
        func each(at position: SourcePosition, _ body: (SuppressionEntry) -> Void) {
            lines[position.line]?.forEach(body)
            // The last node starting at or before the position, then out through its parents.
            var low = 0, high = nodes.count
            while low < high {
                let mid = (low + high) / 2
                if nodes[mid].range.start <= position { low = mid + 1 } else { high = mid }
            }
            var i = low - 1
            while i >= 0 {
                if position < nodes[i].range.end { nodes[i].entries.forEach(body) }
                i = nodes[i].parent
            }
            wide.forEach(body)
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
        let indices = objects.mapValues { Index($0.entries) }
        let external = ignoreFile.filter(live)

        var used = Set<ObjectIdentifier>()
        // The ignore file's entries for one rule, and whether one object matches an entry's path
        // and resource: each asked once, not per finding.
        var externalByRule: [ObjectIdentifier: [Int]] = [:]
        var externalByObject: [ObjectIdentifier: [Bool]] = [:]
        for i in findings.indices {
            let f = findings[i]
            var chosen: Suppression?
            indices[ObjectIdentifier(f.object)]?.each(at: f.range.start) { entry in
                guard entry.rule.matches(f.ruleId) else { return }
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
                if let warning = unusedWarning(entry, on: holder.object) { warnings.append(warning) }
            }
        }
        for entry in external where !used.contains(ObjectIdentifier(entry)) {
            if let warning = unusedWarning(entry, on: nil) { warnings.append(warning) }
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

    /// The warning for an entry that matched nothing; nil when it names a known rule this scan did
    /// not run (deselected by --rule, --skip-rule or the profile): it may well be in use.
    private func unusedWarning(_ entry: SuppressionEntry, on object: ObjectRef?) -> Diagnostic? {
        let what: String
        if entry.rule.isLiteral ? !ran.contains(entry.rule.pattern) : !ran.contains(where: entry.rule.matches) {
            if Self.allRuleIds.contains(where: entry.rule.matches) { return nil }
            what = entry.rule.isLiteral ? "names no rule Palisade knows" : "matches no rule Palisade knows"
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

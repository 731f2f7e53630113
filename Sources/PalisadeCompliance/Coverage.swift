import PalisadeCore

/// Where a control stands after a scan. Honest by construction: `passing` needs a rule that ran on
/// at least one resource it examines and found nothing; a control nothing checked is never passing.
public enum ControlStatus: String, CaseIterable, Sendable {
    /// A rule that evidences the control found something that is not suppressed.
    case failing
    /// Every finding of its rules is suppressed with a reason: passing, with the exceptions shown.
    case passingWithExceptions = "passing-with-exceptions"
    /// Its rules ran on resources they examine and found nothing.
    case passing
    /// Its rules ran, but the scan held no resource they examine.
    case notApplicable = "not-applicable"
    /// Rules evidence it, but none of them ran (left out by the profile, or missing a setting).
    case notEvaluated = "not-evaluated"
    /// No rule evidences it.
    case notCovered = "not-covered"

    /// How reports write it.
    public var label: String {
        switch self {
        case .failing: "failing"
        case .passingWithExceptions: "passing with accepted exceptions"
        case .passing: "passing"
        case .notApplicable: "not applicable"
        case .notEvaluated: "not evaluated"
        case .notCovered: "not covered"
        }
    }

    /// Its position in `allCases`, for counting in a fixed array.
    var index: Int {
        switch self {
        case .failing: 0
        case .passingWithExceptions: 1
        case .passing: 2
        case .notApplicable: 3
        case .notEvaluated: 4
        case .notCovered: 5
        }
    }
}

/// What one rule contributed to a control.
public struct RuleEvidence: Sendable {
    public enum State: Equatable, Sendable {
        /// It ran, with what it needs.
        case ran
        /// It was not among the scan's rules.
        case notRun
        /// It ran but stays silent without this setting, so it checked nothing.
        case missingSetting(RuleSettings.Key)
    }

    public let ruleId: String
    /// The rule, when Palisade knows it (a test keeps every catalogue id known).
    public let rule: RuleDescription?
    public let state: State
    /// Objects the rule judged: those of its classes the scan read, or for a rule with a `scope`
    /// those in its scope; 0 unless it ran.
    public let examined: Int
    /// Its findings, suppressed ones included; 0 unless it ran.
    public let findings: Int
    public let suppressed: Int
}

/// One control after a scan.
public struct ControlResult: Sendable {
    public let control: CatalogueControl
    public let status: ControlStatus
    /// One per rule the catalogue names, in its order.
    public let rules: [RuleEvidence]
    /// The findings of its rules that ran, as indices into the scan's findings, in report order.
    public let findings: [Int]
    /// The resource classes its rules examine, in `ResourceClass` order.
    public let appliesTo: [ResourceClass]
    /// Objects its rules that ran judged, each counted once: every object of the classes of rules
    /// without a scope, plus, when a scoped rule looks beyond those classes, the most any such
    /// rule judged (scoped rules' objects can overlap, so they are not added up).
    public let examined: Int
}

/// A part of a whole, printed as a percentage with one decimal (integer arithmetic, so every
/// platform prints the same digits).
public struct Ratio: Equatable, Sendable {
    public let part: Int
    public let whole: Int

    public init(part: Int, whole: Int) {
        self.part = part
        self.whole = whole
    }

    /// `88.2`, or nil when there is no whole to speak of.
    public var percent: String? {
        guard whole > 0 else { return nil }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// One framework's controls after a scan.
public struct FrameworkCoverage: Sendable {
    public let catalogue: Catalogue
    public let controls: [ControlResult]
    private let statusCounts: [Int]

    init(catalogue: Catalogue, controls: [ControlResult]) {
        self.catalogue = catalogue
        self.controls = controls
        var counts = [Int](repeating: 0, count: ControlStatus.allCases.count)
        for c in controls { counts[c.status.index] += 1 }
        statusCounts = counts
    }

    public var framework: Framework { catalogue.framework }

    public func count(_ status: ControlStatus) -> Int { statusCounts[status.index] }

    /// Controls at least one rule evidences, out of all the catalogue's controls.
    public var coverage: Ratio { Ratio(part: controls.count - count(.notCovered), whole: controls.count) }

    /// Passing controls (accepted exceptions included) out of those a rule actually judged on a
    /// resource: passing and failing. Not applicable, not evaluated and not covered are left out,
    /// as nothing was judged.
    public var passRate: Ratio {
        let passed = count(.passing) + count(.passingWithExceptions)
        return Ratio(part: passed, whole: passed + count(.failing))
    }
}

/// The compliance view of one scan: every chosen framework's controls, and the other way round, the
/// findings that no control of those frameworks asks for.
public struct ComplianceResult: Sendable {
    public let scan: ScanResult
    public let frameworks: [FrameworkCoverage]
    /// Findings no control of the chosen frameworks counts, as indices into the scan's findings:
    /// what the threat model sees that the frameworks do not ask for.
    public let unmapped: [Int]

    /// Whether any chosen control is failing (what `--fail-on-failing` checks).
    public var hasFailing: Bool { frameworks.contains { $0.count(.failing) > 0 } }

    /// Judges every control of `frameworks` from a finished scan. `rules` are every rule Palisade
    /// knows (to read what a rule examines even when it did not run); the scan's own `rules` are
    /// those that ran; `settings` are what the rules were given.
    public init(_ scan: ScanResult, frameworks: [Framework], rules: [RuleDescription], settings: RuleSettings) {
        self.scan = scan
        var known: [String: RuleDescription] = [:]
        for rule in rules { known[rule.id] = known[rule.id] ?? rule }
        let ran = Set(scan.rules.map(\.id))
        // Findings by rule, one pass; indices stay in report order.
        var byRule: [String: [Int]] = [:]
        for (i, f) in scan.findings.enumerated() { byRule[f.ruleId, default: []].append(i) }

        var evidence: [String: RuleEvidence] = [:]
        func evidenceFor(_ id: String) -> RuleEvidence {
            if let e = evidence[id] { return e }
            let rule = known[id]
            var state = RuleEvidence.State.notRun
            if ran.contains(id) {
                state = .ran
                if let missing = rule?.requiredSettings.first(where: { !settings.has($0) }) { state = .missingSetting(missing) }
            }
            let found = state == .ran ? byRule[id] ?? [] : []
            let examined = state != .ran ? 0
                : scan.judged[id] ?? (rule?.appliesTo ?? []).reduce(0) { $0 + scan.statistics.objects(of: $1) }
            let e = RuleEvidence(ruleId: id, rule: rule, state: state, examined: examined, findings: found.count,
                                 suppressed: found.reduce(0) { $0 + (scan.findings[$1].isSuppressed ? 1 : 0) })
            evidence[id] = e
            return e
        }

        var evidenced = Set<Int>()
        self.frameworks = frameworks.map { framework in
            let catalogue = framework.catalogue
            let results = catalogue.controls.map { control -> ControlResult in
                let rules = control.expanded(known.keys).map(evidenceFor)
                var findings: [Int] = []
                for e in rules where e.state == .ran { findings += (byRule[e.ruleId] ?? []).filter { control.counts(scan.findings[$0]) } }
                findings.sort()
                evidenced.formUnion(findings)
                let classes = Set(rules.flatMap { $0.rule?.appliesTo ?? [] }).sorted()
                return ControlResult(control: control, status: Self.status(rules, findings: findings, in: scan),
                                     rules: rules, findings: findings, appliesTo: classes, examined: Self.examined(rules, scan))
            }
            return FrameworkCoverage(catalogue: catalogue, controls: results)
        }
        unmapped = scan.findings.indices.filter { !evidenced.contains($0) }
    }

    private static func examined(_ rules: [RuleEvidence], _ scan: ScanResult) -> Int {
        let ran = rules.filter { $0.state == .ran }
        var classes = Set<ResourceClass>()
        for e in ran where e.rule?.scope == nil { classes.formUnion(e.rule?.appliesTo ?? []) }
        let beyond = ran.filter { $0.rule?.scope != nil && !($0.rule?.appliesTo ?? []).isSubset(of: classes) }
        return classes.reduce(0) { $0 + scan.statistics.objects(of: $1) } + (beyond.map(\.examined).max() ?? 0)
    }

    private static func status(_ rules: [RuleEvidence], findings: [Int], in scan: ScanResult) -> ControlStatus {
        if rules.isEmpty { return .notCovered }
        let ran = rules.filter { $0.state == .ran }
        if ran.isEmpty { return .notEvaluated }
        if findings.contains(where: { !scan.findings[$0].isSuppressed }) { return .failing }
        if !findings.isEmpty { return .passingWithExceptions }
        return ran.contains { $0.examined > 0 } ? .passing : .notApplicable
    }
}

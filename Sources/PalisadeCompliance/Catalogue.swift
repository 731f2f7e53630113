import PalisadeCore

/// A framework's controls as data: what each asks for and which rules evidence it. Only the part of
/// a framework that configuration files can evidence is listed (the `scope` says which part), and
/// controls no rule evidences yet are listed too, with no rules, so coverage is measured against
/// the framework rather than against what Palisade happens to check.
public struct Catalogue: Sendable {
    public let framework: Framework
    /// The edition the ids and titles follow.
    public let version: String
    /// Which part of the framework the catalogue holds, and why.
    public let scope: String
    public let controls: [CatalogueControl]

    init(_ framework: Framework, version: String, scope: String, controls: [CatalogueControl]) {
        self.framework = framework
        self.version = version
        self.scope = scope
        self.controls = controls
    }

    /// Every catalogue, in `Framework.allCases` order.
    public static var all: [Catalogue] { Framework.allCases.map(\.catalogue) }

    /// The controls that name `ruleId`, in framework and catalogue order: what a rule's
    /// documentation lists as the compliance controls it evidences.
    public static func controls(evidencedBy ruleId: String) -> [ComplianceControl] {
        let exact = index[ruleId] ?? []
        let globbed = globs.filter { $0.glob.matches(ruleId) }.map(\.control)
        guard !globbed.isEmpty else { return exact }
        // In framework and catalogue order, as if each had been listed by id.
        let order = Dictionary(all.enumerated().flatMap { k, c in c.controls.enumerated().map { ("\(c.framework.rawValue) \($1.id)", k * 10_000 + $0) } },
                               uniquingKeysWith: { a, _ in a })
        return (exact + globbed).sorted { order["\($0.framework.rawValue) \($0.id)"] ?? 0 < order["\($1.framework.rawValue) \($1.id)"] ?? 0 }
    }

    private static let index: [String: [ComplianceControl]] = {
        var index: [String: [ComplianceControl]] = [:]
        for catalogue in all {
            for control in catalogue.controls {
                for rule in control.rules where !CatalogueControl.isGlob(rule) {
                    index[rule, default: []].append(ComplianceControl(catalogue.framework, control.id))
                }
            }
        }
        return index
    }()

    /// Controls naming rules by a glob (`secret-*`), in catalogue order.
    private static let globs: [(glob: Glob, control: ComplianceControl)] = all.flatMap { catalogue in
        catalogue.controls.flatMap { control in
            control.rules.filter(CatalogueControl.isGlob).map { (Glob($0), ComplianceControl(catalogue.framework, control.id)) }
        }
    }
}

/// One control: its id in the framework, a title, what it asks for in a sentence or two, and the
/// rules whose findings evidence it (a finding is a failure of the control; no finding on
/// resources the rules examined is a pass).
public struct CatalogueControl: Sendable {
    public let id: String
    public let title: String
    public let summary: String
    /// Rule ids, each at most once. Empty: no rule evidences the control (it is "not covered").
    public let rules: [String]
    /// For rules that judge more than this control asks about (one Pod Security Standards rule for
    /// all three host namespaces), the path fragments a finding's path must contain to count:
    /// written `"rule-id@fragment"` in the catalogue. Rules without an entry count every finding.
    public let pathFilters: [String: [String]]

    init(_ id: String, _ title: String, _ summary: String, rules: [String] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        var ids: [String] = []
        var filters: [String: [String]] = [:]
        for entry in rules {
            let parts = entry.split(separator: "@", maxSplits: 1).map(String.init)
            if !ids.contains(parts[0]) { ids.append(parts[0]) }
            if parts.count == 2 { filters[parts[0], default: []].append(parts[1]) }
        }
        self.rules = ids
        self.pathFilters = filters
    }

    /// Whether a rules entry is a glob over rule ids rather than one id.
    static func isGlob(_ entry: String) -> Bool { entry.contains("*") }

    /// The rule ids the control names, its globs expanded against `known` (sorted).
    public func expanded(_ known: some Collection<String>) -> [String] {
        rules.flatMap { entry in
            guard Self.isGlob(entry) else { return [entry] }
            let glob = Glob(entry)
            return known.filter { glob.matches($0) }.sorted()
        }
    }

    /// Whether `finding` (of one of the control's rules) is evidence for it.
    public func counts(_ finding: Finding) -> Bool {
        guard let fragments = pathFilters[finding.ruleId] else { return true }
        return fragments.contains { finding.path.contains($0) }
    }
}

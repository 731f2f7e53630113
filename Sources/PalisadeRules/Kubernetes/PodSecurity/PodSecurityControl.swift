import PalisadeCore

/// One rule template for every control of the Kubernetes Pod Security Standards (`baseline` and
/// `restricted`), as the Pod Security admission of the newest policy version evaluates them. Each
/// control is a configured instance (`PodSecurityControl.baselineSeccomp`...), made of:
/// - forbidden values (`Forbidden`): a field at the pod level, the container level or both, that must
///   be unset or hold an allowed value;
/// - requirements (`Required`): a field every container must set (or inherit from the pod);
/// - for the two controls that need more, a custom check (`extra`).
///
/// A pod-level value inherited by containers is reported once, naming the containers that inherit
/// it. Values that cannot be judged (templated `${X}` or `{{ .X }}`, or of the wrong type, which the
/// API server would reject anyway) are never reported.
public struct PodSecurityControl: KubernetesRule {
    public enum Level: String, Sendable {
        case baseline, restricted
    }

    /// Where a finding about a forbidden value starts.
    enum Anchor: Sendable {
        /// The key, spanning to the end of the value (flags such as `privileged: true`).
        case entry
        /// The key alone (a forbidden volume source, whose value is a whole mapping).
        case key
        /// The value (a forbidden profile, capability, sysctl or port).
        case value
    }

    enum Scope: Sendable {
        /// A field of the pod spec only (hostNetwork, volumes, sysctls).
        case pod
        /// A field of each container only (privileged, capabilities, ports).
        case container
        /// A security context field that may be set on the pod and overridden per container.
        case podAndContainers
    }

    /// A field that must be unset or hold an allowed value.
    struct Forbidden: Sendable {
        var scope: Scope
        /// The field, relative to the pod spec (pod scope) or the container (container scope).
        var path: [String]
        /// When `path` names a list: the field inside each item that is judged (empty: the item).
        var items: [String]? = nil
        var anchor: Anchor
        /// What an attacker gains, when it differs from the control's consequence.
        var consequence: String? = nil
        /// The field whose presence on a container replaces the pod's value (a container's
        /// `seccompProfile` replaces the pod's whole profile), when it is not `path`.
        var overrides: [String]? = nil
        /// A severity other than the control's for values that hand over more (a mount of the node's
        /// root, SYS_ADMIN).
        var severity: (@Sendable (Node) -> Severity?)? = nil
        /// The value as the message shows it when it is forbidden ("" to show none), nil when it
        /// is allowed or cannot be judged.
        var verdict: @Sendable (Node) -> String?
    }

    /// A field every container must set to an allowed value, directly or (when `podLevel`) through
    /// the pod's security context.
    struct Required: Sendable {
        /// The field relative to the container, and relative to the pod spec when `podLevel`.
        var path: [String]
        var podLevel: Bool
        /// The setting the message asks for, such as `runAsNonRoot: true`.
        var wanted: String
        /// Whether explicit bad values are reported here; false where a baseline control of the
        /// restricted profile already reports them (so the profile reports each problem once).
        var reportExplicit: Bool
        /// true: allowed; false: explicitly not allowed; nil: cannot be judged.
        var judge: @Sendable (Node) -> Bool?
    }

    public let level: Level
    /// The control's name as the Pod Security Standards page spells it (`Host Namespaces`).
    public let control: String
    /// What an attacker gains from a violation, the end of every message.
    let consequence: String
    let forbidden: [Forbidden]
    let required: [Required]
    /// Pods the control does not apply to (Windows pods for some restricted controls, pods in a
    /// user namespace for others).
    let applies: @Sendable (PodSpecView) -> Bool
    /// A check the field lists cannot express (AppArmor annotations, volume types).
    let extra: (@Sendable (PodSecurityControl, KubernetesObject, PodSpecView, inout FindingReporter) -> Void)?
    public let description: RuleDescription

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec, applies(pod) else { return }
        for rule in forbidden { check(rule, object, pod, &report) }
        for rule in required { check(rule, object, pod, &report) }
        extra?(self, object, pod, &report)
    }

    // MARK: - Forbidden values

    private func check(_ rule: Forbidden, _ object: KubernetesObject, _ pod: PodSpecView, _ report: inout FindingReporter) {
        if rule.scope != .container {
            for hit in Self.hits(rule, in: pod.node) {
                var subject = Self.subject(object)
                if rule.scope == .podAndContainers {
                    // Only containers without a value of their own inherit the pod's.
                    let overrides = rule.overrides ?? rule.path
                    let inheriting = pod.containers.filter { Self.lookup($0.node, overrides) == nil }.map(\.name)
                    if !inheriting.isEmpty { subject += " (for \(Self.names(inheriting)))" }
                }
                emit(hit, rule, base: pod.path, subject: subject, &report)
            }
        }
        if rule.scope != .pod {
            for container in pod.containers {
                for hit in Self.hits(rule, in: container.node) {
                    emit(hit, rule, base: container.path, subject: "Container '\(container.name)'", &report)
                }
            }
        }
    }

    /// One forbidden value found: where to report it, its path and how the message names it.
    private struct Hit {
        var range: SourceRange
        var path: String
        var field: String
        var shown: String
        var value: Node
    }

    private static func hits(_ rule: Forbidden, in owner: Node) -> [Hit] {
        guard let entry = lookup(owner, rule.path) else { return [] }
        let field = rule.path.joined(separator: ".")
        guard let itemPath = rule.items else {
            guard let shown = rule.verdict(entry.value) else { return [] }
            return [Hit(range: range(entry, rule.anchor), path: field, field: field, shown: shown, value: entry.value)]
        }
        var found: [Hit] = []
        for (index, item) in (entry.value.items ?? []).enumerated() {
            let label = item["name"]?.string ?? item.string ?? String(index)
            if itemPath.isEmpty {
                guard let shown = rule.verdict(item) else { continue }
                found.append(Hit(range: item.range, path: "\(field)[\(label)]", field: field, shown: shown, value: item))
            } else {
                guard let inner = lookup(item, itemPath), let shown = rule.verdict(inner.value) else { continue }
                let tail = itemPath.joined(separator: ".")
                // `sysctls[kernel.msgmax].name: kernel.msgmax` says the name twice.
                let named = itemPath == ["name"] ? field : "\(field)[\(label)].\(tail)"
                found.append(Hit(range: range(inner, rule.anchor), path: "\(field)[\(label)].\(tail)", field: named, shown: shown, value: inner.value))
            }
        }
        return found
    }

    private func emit(_ hit: Hit, _ rule: Forbidden, base: String, subject: String, _ report: inout FindingReporter) {
        let setting = hit.shown.isEmpty ? hit.field : "\(hit.field): \(hit.shown)"
        report.report(
            hit.range, path: "\(base).\(hit.path)",
            message: "\(subject) sets \(setting), which the Pod Security Standards \(level.rawValue) profile forbids (\(control)): \(rule.consequence ?? consequence).",
            severity: rule.severity?(hit.value)
        )
    }

    // MARK: - Required settings

    private func check(_ rule: Required, _ object: KubernetesObject, _ pod: PodSpecView, _ report: inout FindingReporter) {
        let field = rule.path.joined(separator: ".")
        var podAllows = false
        var podEntry: Node.Entry?
        if rule.podLevel, let entry = Self.lookup(pod.node, rule.path) {
            podEntry = entry
            // A pod-level value that cannot be judged (templated) is given the benefit of the doubt.
            podAllows = rule.judge(entry.value) != false
        }
        var inheriting: [String] = []
        for container in pod.containers {
            if let own = Self.lookup(container.node, rule.path) {
                if rule.judge(own.value) == false, rule.reportExplicit {
                    report.report(
                        own, path: "\(container.path).\(field)",
                        message: "Container '\(container.name)' sets \(field): \(Self.show(own.value)), but the Pod Security Standards \(level.rawValue) profile requires \(rule.wanted) (\(control)): \(consequence)."
                    )
                }
            } else if podEntry != nil {
                inheriting.append(container.name)
            } else {
                let wanted = rule.podLevel ? "\(rule.wanted) (nor does the pod)" : rule.wanted
                report.report(
                    container.anchor, path: "\(container.path).\(field)",
                    message: "Container '\(container.name)' does not set \(wanted), which the Pod Security Standards \(level.rawValue) profile requires (\(control)): \(consequence)."
                )
            }
        }
        if let podEntry, !podAllows, rule.reportExplicit {
            let subject = Self.subject(object) + (inheriting.isEmpty ? "" : " (for \(Self.names(inheriting)))")
            report.report(
                podEntry, path: "\(pod.path).\(field)",
                message: "\(subject) sets \(field): \(Self.show(podEntry.value)), but the Pod Security Standards \(level.rawValue) profile requires \(rule.wanted) (\(control)): \(consequence)."
            )
        }
    }

    // MARK: - Helpers

    /// The entry at `path` below `node`, nil when a step is missing or the value is null (Kubernetes
    /// decodes `field: null` as unset).
    static func lookup(_ node: Node, _ path: [String]) -> Node.Entry? {
        var current = node
        for key in path.dropLast() {
            guard let next = current[key] else { return nil }
            current = next
        }
        guard let last = path.last, let entry = current.entry(last), !entry.value.isNull else { return nil }
        return entry
    }

    static func range(_ entry: Node.Entry, _ anchor: Anchor) -> SourceRange {
        switch anchor {
        case .entry: SourceRange(start: entry.key.range.start, end: entry.value.range.end)
        case .key: entry.key.range
        case .value: entry.value.range
        }
    }

    /// How a message names the workload: `Deployment 'api'`.
    static func subject(_ object: KubernetesObject) -> String {
        object.name.map { "\(object.kind) '\($0)'" } ?? object.kind
    }

    static func names(_ containers: [String]) -> String {
        (containers.count == 1 ? "container " : "containers ") + containers.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// A value as a message shows it: scalars as written, lists of scalars in brackets.
    static func show(_ node: Node) -> String {
        if let text = node.scalar?.text { return text }
        if let items = node.items { return "[" + items.map { $0.scalar?.text ?? "..." }.joined(separator: ", ") + "]" }
        return "{...}"
    }

    /// Values a template engine fills in later (`${X}`, `{{ .X }}`): they cannot be judged.
    static func isTemplated(_ text: String) -> Bool {
        text.contains("${") || text.contains("{{")
    }

    /// A string value that is not templated, or nil.
    static func literal(_ node: Node) -> String? {
        guard let text = node.string, !isTemplated(text) else { return nil }
        return text
    }

    /// Verdict for string fields with a list of allowed values.
    static func notIn(_ allowed: Set<String>) -> @Sendable (Node) -> String? {
        { node in
            guard let text = literal(node), !allowed.contains(text) else { return nil }
            return text
        }
    }

    /// Verdict for boolean flags that must not be true.
    static let isTrue: @Sendable (Node) -> String? = { $0.bool == true ? "true" : nil }

    /// The pod's metadata: `metadata` of a Pod, `spec.template.metadata` of a workload.
    static func podMetadata(_ object: KubernetesObject) -> (node: Node, path: String)? {
        guard let specPath = KubernetesObject.podSpecPaths[object.kind] else { return nil }
        let path = Array(specPath.dropLast()) + ["metadata"]
        guard let node = object.root[path] else { return nil }
        return (node, path.joined(separator: "."))
    }

    /// Pods in a user namespace (`hostUsers: false`), which some controls relax since policy v1.35.
    static func inUserNamespace(_ pod: PodSpecView) -> Bool {
        pod.node["hostUsers"]?.bool == false
    }

    // MARK: - Making a control

    static func make(
        level: Level, control: String, slug: String, title: String, severity: Severity,
        pattern: ThreatPattern = .lateralMovement, controls: [Control] = [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: [String], consequence: String, rationale: String,
        remediation: String, references: [String] = [],
        forbidden: [Forbidden] = [], required: [Required] = [],
        applies: @escaping @Sendable (PodSpecView) -> Bool = { _ in true },
        extra: (@Sendable (PodSecurityControl, KubernetesObject, PodSpecView, inout FindingReporter) -> Void)? = nil,
        goodExamples: [String], badExamples: [String]
    ) -> PodSecurityControl {
        PodSecurityControl(
            level: level, control: control, consequence: consequence, forbidden: forbidden, required: required,
            applies: applies, extra: extra,
            description: RuleDescription(
                id: "k8s-pss-\(level.rawValue)-\(slug)", title: title, severity: severity, pattern: pattern,
                controls: controls, mitre: mitre,
                rationale: rationale + " " + profileNote(level),
                remediation: remediation,
                references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/#\(level.rawValue)"] + references,
                goodExamples: goodExamples, badExamples: badExamples
            )
        )
    }

    private static func profileNote(_ level: Level) -> String {
        switch level {
        case .baseline:
            "This rule runs only with the `pss-baseline` or `pss-restricted` profile; it checks init, regular and ephemeral containers, as the Pod Security admission does."
        case .restricted:
            "This rule runs only with the `pss-restricted` profile (which also runs every baseline control); it checks init, regular and ephemeral containers, as the Pod Security admission does."
        }
    }
}

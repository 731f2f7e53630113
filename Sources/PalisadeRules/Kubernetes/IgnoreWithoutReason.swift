import PalisadeCore

/// A suppression must say why: an ignore annotation entry or a `# palisade:ignore` comment without a
/// reason suppresses nothing, and is a finding rather than a warning, so it shows in code review and
/// can fail the run like the risk it tried to hide.
public struct IgnoreWithoutReason: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-ignore-without-reason",
        title: "Suppression gives no reason",
        severity: .low,
        pattern: .supplyChain,
        controls: [.ciPolicyValidation],
        appliesTo: Set(ResourceClass.allCases),
        rationale: """
            `palisade.dev/ignore: <rule-id>=<reason>` on an object, and `# palisade:ignore <rule-id> \
            <reason>` on a line or above a block, accept findings, and the reason is what a reviewer and \
            the next on-call engineer read to know the risk was weighed. A suppression without a reason \
            is how a policy gate gets switched off quietly in a pull request, so it suppresses nothing \
            (the finding stays and can fail the run) and is reported itself. Suppressions naming unknown \
            rules, or covering no finding, are reported as `unused-suppression` warnings.
            """,
        remediation: "Write the reason after the rule id: `palisade.dev/ignore: \"k8s-host-pid=node exporter reads host processes (SEC-123)\"` or `# palisade:ignore k8s-host-pid node exporter reads host processes (SEC-123)`.",
        references: ["https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/"],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-exporter
              annotations:
                palisade.dev/ignore: "k8s-host-pid=reads host process stats; k8s-host-network=serves on the node address"
            spec:
              template:
                spec:
                  hostPID: true
                  containers: [{name: exporter, image: "exporter:1.7"}]
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
            spec:
              hostPID: true  # palisade:ignore k8s-host-pid the debug pod inspects node processes (SEC-7)
              containers: [{name: debug, image: "debug:1.0"}]
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-exporter
              annotations:
                palisade.dev/ignore: "k8s-host-pid=reads host process stats; ↓k8s-host-network; ↓k8s-run-as-root= "
            spec:
              template:
                spec:
                  hostPID: true
                  containers: [{name: exporter, image: "exporter:1.7"}]
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
              annotations:
                palisade.dev/ignore: ↓k8s-privileged-container
            spec:
              containers: [{name: debug, image: "debug:1.0"}]
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
            spec:
              hostPID: true  # palisade:ignore ↓k8s-host-pid
              # palisade:ignore ↓k8s-privileged-container,k8s-run-as-root expires=2027-01-31
              containers: [{name: debug, image: "debug:1.0"}]
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        for comment in object.suppressionComments where comment.directive.reason.isEmpty || comment.directive.rules.isEmpty {
            let rules = comment.directive.rules.map(\.text).joined(separator: ",")
            report.report(
                comment.directive.rules.first?.range ?? comment.directive.range, path: "comment[\(SuppressionComment.marker) \(rules)]",
                message: rules.isEmpty
                    ? "`\(SuppressionComment.marker)` comment names no rule and gives no reason, so it suppresses nothing: write `# \(SuppressionComment.marker) <rule-id> <why the risk is accepted>`."
                    : "`\(SuppressionComment.marker)` comment for '\(rules)' gives no reason, so it suppresses nothing: write `# \(SuppressionComment.marker) \(rules) <why the risk is accepted>`."
            )
        }
        guard IgnoreAnnotation.annotation(object) != nil else { return }
        for entry in IgnoreAnnotation.entries(object) where (entry.reason ?? "").isEmpty {
            report.report(
                entry.range, path: "metadata.annotations[\(IgnoreAnnotation.key)][\(entry.ruleId)]",
                message: "\(IgnoreAnnotation.key) entry '\(entry.ruleId)' gives no reason, so it suppresses nothing: write `\(entry.ruleId)=<why the risk is accepted>`."
            )
        }
    }
}

import PalisadeCore

/// A suppression must say why: an ignore annotation entry without a reason suppresses nothing.
public struct IgnoreWithoutReason: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-ignore-without-reason",
        title: "Suppression annotation gives no reason",
        severity: .low,
        pattern: .supplyChain,
        controls: [.ciPolicyValidation],
        appliesTo: Set(ResourceClass.allCases),
        rationale: """
            `palisade.dev/ignore: <rule-id>=<reason>` accepts a finding on one object, and the reason is \
            what a reviewer and the next on-call engineer read to know the risk was weighed. An entry \
            without a reason is how a policy gate gets switched off quietly in a pull request, so it \
            suppresses nothing (the finding stays and can fail the run) and is reported itself. Entries \
            naming unknown rules, or rules that found nothing on the object, are reported as \
            `unused-suppression` warnings.
            """,
        remediation: "Write the reason after the rule id: `palisade.dev/ignore: \"k8s-host-pid=node exporter reads host processes (SEC-123)\"`.",
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
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard IgnoreAnnotation.annotation(object) != nil else { return }
        for entry in IgnoreAnnotation.entries(object) where (entry.reason ?? "").isEmpty {
            report.report(
                entry.range, path: "metadata.annotations[\(IgnoreAnnotation.key)][\(entry.ruleId)]",
                message: "\(IgnoreAnnotation.key) entry '\(entry.ruleId)' gives no reason, so it suppresses nothing: write `\(entry.ruleId)=<why the risk is accepted>`."
            )
        }
    }
}

import PalisadeCore

/// A NetworkPolicy whose pod selector matches none of its namespace's workloads protects nothing.
public struct NetworkPolicySelectsNothing: EstateRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-network-policy-selects-nothing",
        title: "NetworkPolicy selects no workload",
        severity: .low,
        pattern: .exposure,
        controls: [.networkSegmentation, .ciPolicyValidation],
        mitre: ["T1046"],
        appliesTo: [.networkPolicy],
        rationale: """
            A policy whose podSelector matches none of the workloads in its namespace isolates nothing: \
            usually a label that was renamed on the Deployment but not in the policy, leaving the \
            workload it was written for open while reviewers believe it is protected. Only reported when \
            the scanned estate holds workloads in that namespace (otherwise the pods may simply live in \
            another repository), and never for `podSelector: {}`, which selects every pod.
            """,
        remediation: "Make the policy's `podSelector` match the labels of the pods it is meant to protect (see the workload's template labels).",
        references: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/"],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                metadata:
                  labels: {app: web, tier: front}
                spec:
                  containers: [{name: web, image: "web:1.0"}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web
              namespace: shop
            spec:
              podSelector:
                matchExpressions:
                  - {key: tier, operator: In, values: [front, edge]}
              policyTypes: [Ingress]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: elsewhere
              namespace: payments
            spec:
              podSelector: {matchLabels: {app: ledger}}
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              template:
                metadata:
                  labels: {app: storefront}
                spec:
                  containers: [{name: web, image: "web:1.0"}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web
              namespace: shop
            spec:
              ↓podSelector:
                matchLabels: {app: web}
              policyTypes: [Ingress]
            """,
        ]
    )

    public func check(_ estate: Estate, _ report: inout EstateReporter) {
        for policy in estate.networkPolicies where !policy.podSelector.selectsEverything {
            let workloads = estate.workloads(in: policy.namespace)
            guard !workloads.isEmpty, estate.workloads(matching: policy.podSelector, in: policy.namespace).isEmpty else { continue }
            report.report(
                policy.object, policy.podSelectorRange, path: "spec.podSelector",
                message: "NetworkPolicy \(policy.name) selects none of the \(workloads.count) workload\(workloads.count == 1 ? "" : "s") in \(Estate.describe(namespace: policy.namespace)): it isolates nothing."
            )
        }
    }
}

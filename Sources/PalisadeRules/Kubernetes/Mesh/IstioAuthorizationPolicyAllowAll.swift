import PalisadeCore

/// An Istio ALLOW policy with a rule that matches every request.
public struct IstioAuthorizationPolicyAllowAll: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-istio-authorization-policy-allow-all",
        title: "Istio AuthorizationPolicy allows every request",
        severity: .high,
        pattern: .exposure,
        controls: [.workloadIdentityMTLS, .leastPrivilegeIdentity, .networkSegmentation],
        mitre: ["T1190", "T1078"],
        appliesTo: [.istio],
        scope: .objects { $0.kind == "AuthorizationPolicy" && $0.identity.apiVersion.hasPrefix("security.istio.io/") },
        rationale: """
            Istio allows a request to a workload with ALLOW policies only if one of their rules matches. \
            A rule matches when each of its `from`, `to` and `when` matches, and each one that is not \
            set, or holds an entry with an empty `source` or `operation`, matches everything: a rule \
            `{}` therefore allows every request from anywhere, meshed or not, and silently undoes the \
            namespace's or mesh's deny-by-default. Only ALLOW policies (the default action) are \
            reported; `spec: {}` and an ALLOW policy with no rules match nothing and deny all, and DENY, \
            AUDIT and CUSTOM policies do not grant access.
            """,
        remediation: "Replace the empty rule with rules naming the principals, namespaces, methods and paths the workload must accept.",
        references: [
            "https://istio.io/latest/docs/reference/config/security/authorization-policy/",
            "https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns",
        ],
        goodExamples: [
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: deny-all
              namespace: payments
            spec: {}
            """,
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: payments
            spec:
              action: ALLOW
              rules:
                - from:
                    - source:
                        principals: [cluster.local/ns/shop/sa/storefront]
                  to:
                    - operation: {methods: [POST], paths: [/charge]}
                - to:
                    - operation: {}
                  when:
                    - key: request.auth.claims[iss]
                      values: [https://accounts.example.com]
            """,
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: block
            spec:
              action: DENY
              rules:
                - {}
            """,
        ],
        badExamples: [
            """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: allow-all
              namespace: payments
            spec:
              rules:
                - ↓{}
            """,
            """
            apiVersion: security.istio.io/v1beta1
            kind: AuthorizationPolicy
            metadata:
              name: wide
            spec:
              action: ALLOW
              selector:
                matchLabels: {app: api}
              rules:
                - ↓from:
                    - source: {}
                  to:
                    - operation: {methods: [GET]}
                    - operation: {}
                - to:
                    - operation: {paths: [/admin]}
            """,
        ]
    )

    /// Whether a rule's field (`from`, `to`) matches every request: unset, or with an entry whose
    /// `inner` (`source`, `operation`) is unset or empty.
    static func matchesAll(_ node: Node?, inner: String) -> Bool {
        guard let node, !node.isNull else { return true }
        guard let items = node.items else { return false }
        if items.isEmpty { return true }
        return items.contains { item in
            guard item.isMapping else { return false }
            guard let value = item[inner], !value.isNull else { return true }
            return value.entries?.isEmpty == true
        }
    }

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "AuthorizationPolicy", object.identity.apiVersion.hasPrefix("security.istio.io/"),
              let spec = object.root["spec"], (spec["action"]?.string ?? "ALLOW") == "ALLOW"
        else { return }
        for (index, rule) in (spec["rules"]?.items ?? []).enumerated() where rule.isMapping {
            guard Self.matchesAll(rule["from"], inner: "source"), Self.matchesAll(rule["to"], inner: "operation") else { continue }
            if let when = rule["when"], !when.isNull, !(when.items ?? []).isEmpty { continue }
            report.report(
                rule.range, path: "spec.rules[\(index)]",
                message: "AuthorizationPolicy '\(object.name ?? "")' has a rule that matches every request: any client, with or without a mesh identity, is allowed."
            )
        }
    }
}

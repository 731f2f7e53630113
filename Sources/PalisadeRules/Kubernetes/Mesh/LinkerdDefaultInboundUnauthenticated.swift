import PalisadeCore

/// Linkerd's default inbound policy set to admit unauthenticated traffic from anywhere.
public struct LinkerdDefaultInboundUnauthenticated: KubernetesRule {
    public init() {}

    static let annotation = "config.linkerd.io/default-inbound-policy"

    public let description = RuleDescription(
        id: "k8s-linkerd-default-inbound-all-unauthenticated",
        title: "Linkerd admits unauthenticated traffic from anywhere by default",
        severity: .medium,
        pattern: .exposure,
        controls: [.workloadIdentityMTLS, .networkSegmentation],
        mitre: ["T1190", "T1557"],
        appliesTo: [.namespace, .workload],
        scope: .objects { policy($0) != nil },
        rationale: """
            The `config.linkerd.io/default-inbound-policy` annotation on a Namespace or a pod template \
            decides what Linkerd's proxy admits to ports no Server covers. `all-unauthenticated` admits \
            every client, meshed or not, from inside the cluster or out, so mTLS identities protect \
            nothing; `audit` behaves the same while only logging, and is reported as low. Annotations on \
            a Deployment's own metadata do not reach its pods and are not read; only the pod template's \
            (or a Pod's) and the Namespace's are. `cluster-authenticated`, `all-authenticated` and `deny` \
            are not reported.
            """,
        remediation: "Set the annotation to `deny` (or `cluster-authenticated`) and open what each workload needs with Server and AuthorizationPolicy resources.",
        references: [
            "https://linkerd.io/2/reference/authorization-policy/",
            "https://linkerd.io/2/features/server-policy/",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: payments
              annotations:
                linkerd.io/inject: enabled
                config.linkerd.io/default-inbound-policy: deny
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              annotations:
                config.linkerd.io/default-inbound-policy: all-unauthenticated
            spec:
              template:
                metadata:
                  annotations:
                    config.linkerd.io/default-inbound-policy: cluster-authenticated
                spec:
                  containers:
                    - name: api
                      image: api:1.0
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              annotations:
                config.linkerd.io/default-inbound-policy: ↓all-unauthenticated
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: report
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    metadata:
                      annotations: {config.linkerd.io/default-inbound-policy: ↓"audit"}
                    spec:
                      containers:
                        - name: report
                          image: report:1.0
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
              annotations:
                config.linkerd.io/default-inbound-policy: ↓all-unauthenticated
            spec:
              containers:
                - name: debug
                  image: busybox:1.36
            """,
        ]
    )

    /// The annotation's value node and the path of the metadata holding it, on a Namespace or a
    /// pod template; nil when the object sets no default inbound policy (the only objects judged).
    static func policy(_ object: KubernetesObject) -> (value: Node, path: String)? {
        let metadata: (node: Node, path: String)?
        if object.kind == "Namespace" {
            metadata = object.root["metadata"].map { (node: $0, path: "metadata") }
        } else {
            metadata = object.podMetadata
        }
        guard let (node, path) = metadata, let value = node["annotations"]?[annotation] else { return nil }
        return (value, path)
    }

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let (value, path) = Self.policy(object), let policy = value.string else { return }
        let subject = object.kind == "Namespace" ? "Namespace '\(object.name ?? "")'" : "\(object.kind) '\(object.name ?? "")'"
        switch policy {
        case "all-unauthenticated":
            report.report(value.range, path: "\(path).annotations[\(Self.annotation)]", message: "\(subject) lets Linkerd admit any client, meshed or not, from anywhere, to ports no Server covers (all-unauthenticated).")
        case "audit":
            report.report(value.range, path: "\(path).annotations[\(Self.annotation)]", message: "\(subject) lets Linkerd admit any client, meshed or not, from anywhere, only logging it (audit).", severity: .low)
        default:
            break
        }
    }
}

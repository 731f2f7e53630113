import PalisadeCore

/// A mutable tag with a pull policy that trusts the node's cache: nodes run whatever build they
/// pulled first.
public struct ImagePullPolicyMutable: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-image-pull-policy-mutable",
        title: "Mutable image tag is served from the node's cache",
        severity: .low,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .minimalImmutableWorkloads],
        mitre: ["T1525"],
        rationale: """
            With `imagePullPolicy: IfNotPresent` or `Never` the kubelet runs whatever image the node \
            already holds under that tag. When the tag is moved (a re-pushed hotfix, or an attacker who \
            re-pointed it), old nodes keep the old build and new nodes get the new one: replicas of one \
            Deployment run different code, a malicious build lingers on nodes long after the tag is \
            fixed, and `Never` runs anything planted in the node's image store under that name. \
            Kubernetes defaults the policy to `IfNotPresent` for every tag except `latest`, so a version \
            tag with no policy is reported too (at the container's name); `latest` and untagged images \
            default to `Always` and are silent unless the policy is set. Images pinned by digest cannot \
            change and are never reported; templated references are not reported.
            """,
        remediation: "Pin the image by digest; if you must use a tag, set `imagePullPolicy: Always`.",
        references: [
            "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
            "https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  containers:
                    - name: api
                      image: registry.example.com/api@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b
                      imagePullPolicy: IfNotPresent
                    - name: proxy
                      image: envoyproxy/envoy:v1.30.1
                      imagePullPolicy: Always
                    - name: cache
                      image: redis:latest
                    - name: templated
                      image: "{{ .Values.image }}"
                      imagePullPolicy: IfNotPresent
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: queue
            spec:
              template:
                spec:
                  initContainers:
                    - name: init
                      image: registry.example.com/init:1.0
                      ↓imagePullPolicy: Never
                  containers:
                    - name: queue
                      image: rabbitmq:3.13
                      ↓imagePullPolicy: "IfNotPresent"
                    - name: exporter
                      image: exporter:latest
                      ↓imagePullPolicy: IfNotPresent
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              template:
                spec:
                  containers:
                    - ↓name: migrate
                      image: ghcr.io/example/migrate:2.0.3
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for container in pod.containers {
            guard let text = container.node["image"]?.string, let image = ImageReference(text), !image.isPinnedByDigest
            else { continue }
            if let entry = container.node.entry("imagePullPolicy") {
                guard let policy = entry.value.string, policy == "IfNotPresent" || policy == "Never" else { continue }
                report.report(
                    entry, path: container.path + ".imagePullPolicy",
                    message: "Container '\(container.name)' runs the mutable tag \(text) with imagePullPolicy: \(policy): each node runs whichever build it cached, old or planted."
                )
            } else if !image.isLatest {
                report.report(
                    container.anchor, path: container.path + ".imagePullPolicy",
                    message: "Container '\(container.name)' runs the mutable tag \(text) with the default imagePullPolicy (IfNotPresent): each node runs whichever build it cached."
                )
            }
        }
    }
}

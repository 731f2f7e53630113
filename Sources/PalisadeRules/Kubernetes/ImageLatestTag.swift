import PalisadeCore

/// Images referenced by `latest` or by no tag at all change under the workload without a review.
public struct ImageLatestTag: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-image-latest-tag",
        title: "Image uses the latest tag or no tag",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .minimalImmutableWorkloads],
        mitre: ["T1525"],
        rationale: """
            An image without a tag means `latest`, and `latest` is whatever was pushed last. Anyone who \
            can push to that repository (a compromised CI token, a typo-squatted public image) changes \
            what runs in the cluster on the next restart, with nothing in review or version control to \
            show it, and two replicas may run different code. Images pinned by digest are never reported.
            """,
        remediation: "Reference a specific version tag, or better a digest (`image@sha256:...`), and update it through review.",
        references: [
            "https://kubernetes.io/docs/concepts/containers/images/#image-names",
            "https://kubernetes.io/docs/concepts/configuration/overview/#container-images",
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
                      image: registry.example.com:5000/team/api:2.4.1
                    - name: proxy
                      image: envoyproxy/envoy@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b
                    - name: pinned-latest
                      image: busybox:latest@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b
                    - name: templated
                      image: ${API_IMAGE}
            """,
        ],
        badExamples: [
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
                    spec:
                      containers:
                        - name: report
                          image: ↓busybox:latest
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: worker
            spec:
              containers:
                - name: worker
                  image: ↓"registry.example.com:5000/payments/worker"
                - name: helper
                  image: ↓alpine
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for container in pod.containers {
            guard let node = container.node["image"], let image = node.string, let problem = Self.problem(image) else { continue }
            report.report(
                node.range, path: container.path + ".image",
                message: "Container '\(container.name)' runs image \(image), which \(problem): what runs can change without review."
            )
        }
    }

    /// Why a reference is mutable, or nil when it is pinned to a version or digest.
    static func problem(_ image: String) -> String? {
        if image.isEmpty || image.contains("$") || image.contains("{{") || image.contains("@") { return nil }
        let lastSlash = image.lastIndex(of: "/")
        guard let colon = image.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true else {
            return "has no tag (so it means latest)"
        }
        return image[image.index(after: colon)...] == "latest" ? "uses the latest tag" : nil
    }
}

import PalisadeCore

/// A version tag is a name, not content: whoever can push to the repository can move it.
public struct ImageNoDigest: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-image-no-digest",
        title: "Image is not pinned by digest",
        severity: .low,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1525"],
        rationale: """
            A tag such as `2.4.1` is a pointer the registry lets anyone with push rights move. A leaked CI \
            token, a compromised upstream maintainer or a malicious pull-through cache can re-point it, \
            and every node that pulls afterwards runs the new content with no change in version control. \
            A digest (`@sha256:...`) names the content itself and cannot be re-pointed; it is also what \
            signature and provenance checks verify. Images with `latest` or no tag are left to \
            k8s-image-latest-tag, so one image gives one finding, and templated references (`${IMAGE}`, \
            `{{ .Values.image }}`) are not reported because the real reference is decided elsewhere. \
            Low: unlike `latest`, a version tag is rarely moved by accident.
            """,
        remediation: "Pin the image by digest (`name:tag@sha256:...`) and let a bot such as Renovate or Dependabot update it through review.",
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
                  initContainers:
                    - name: migrate
                      image: registry.example.com/team/migrate:1.2@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b
                  containers:
                    - name: api
                      image: registry.example.com/team/api@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b
                    - name: latest
                      image: busybox:latest
                    - name: untagged
                      image: alpine
                    - name: templated
                      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                    - name: env
                      image: ${PROXY_IMAGE}
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
                          image: ↓registry.example.com:5000/reports/report:3.1.0
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
            spec:
              containers:
                - name: app
                  image: ↓"nginx:1.27"
              ephemeralContainers:
                - name: shell
                  image: ↓busybox:1.36
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for container in pod.containers {
            guard let node = container.node["image"], let text = node.string, let image = ImageReference(text),
                  !image.isPinnedByDigest, !image.isLatest
            else { continue }
            report.report(
                node.range, path: container.path + ".image",
                message: "Container '\(container.name)' runs \(text) by tag, not digest: whoever can push to \(image.registry)/\(image.repository) can change what it runs."
            )
        }
    }
}

import PalisadeCore

/// Images must come from the registries the estate trusts.
public struct ImageUntrustedRegistry: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-image-untrusted-registry",
        title: "Image comes from a registry that is not trusted",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity, .ciPolicyValidation],
        mitre: ["T1525", "T1610"],
        requiredSettings: [.trustedRegistries],
        rationale: """
            An image from a registry outside the organisation's control is code nobody scanned, signed or \
            mirrored: a typo-squatted Docker Hub name, a personal repository or a registry that disappears \
            takes the workload with it. The rule reads the trusted registries from the rule settings \
            (`trustedRegistries`): a host (`registry.example.com`), a host with a path prefix \
            (`ghcr.io/acme`, matching whole path components only, so `ghcr.io/acme-evil` is not trusted) \
            or `docker.io` for Docker Hub, which is also where images without a registry come from \
            (`nginx` is `docker.io/library/nginx`). References are parsed as the runtime does: a first \
            component with a `.` or `:` or equal to `localhost` is a registry, anything else is a Docker \
            Hub path; hosts compare without case, `:443` is the same registry as the bare host and other ports are other registries. With no trusted registries configured the rule is silent, unlike peers that ship \
            a fixed allow-list nobody uses; templated references are not reported.
            """,
        remediation: "Mirror the image into a trusted registry (and pin it by digest), or add its registry to the trusted list after review.",
        references: [
            "https://kubernetes.io/docs/concepts/containers/images/#image-names",
            "https://kubernetes.io/docs/concepts/security/hardening-guide/",
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
                      image: registry.example.com/team/api:2.4.1
                    - name: port
                      image: REGISTRY.example.com:443/team/api:2.4.1
                    - name: tools
                      image: ghcr.io/example/tools@sha256:4b1d0e7a8e6f5c3b2a1d0e9f8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b
                    - name: templated
                      image: "{{ .Values.registry }}/api:1.0"
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: mixed
            spec:
              initContainers:
                - name: fetch
                  image: ↓ghcr.io/example-evil/fetch:1.0
              containers:
                - name: web
                  image: ↓nginx:1.27
                - name: local
                  image: ↓localhost/web:dev
                - name: sub
                  image: ↓evil.registry.example.com/team/api:2.4.1
                - name: other-port
                  image: ↓registry.example.com:5000/team/api:2.4.1
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: backup
            spec:
              schedule: "0 2 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: backup
                          image: ↓quay.io/someone/backup:0.3
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        let trusted = report.settings.trustedRegistries
        guard !trusted.isEmpty, let pod = object.podSpec else { return }
        for container in pod.containers {
            guard let node = container.node["image"], let text = node.string, let image = ImageReference(text),
                  !trusted.contains(where: image.isCovered(by:))
            else { continue }
            let source = image.registry == "docker.io" ? "Docker Hub" : "registry \(image.registry)"
            report.report(
                node.range, path: container.path + ".image",
                message: "Container '\(container.name)' runs \(text) from \(source), which is not a trusted registry: its content is outside your review and scanning."
            )
        }
    }
}

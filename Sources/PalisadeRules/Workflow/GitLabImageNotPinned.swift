import PalisadeCore

/// `image: node:20` in `.gitlab-ci.yml`: the job runs, with its CI variables, in whatever that tag
/// points at today.
public struct GitLabImageNotPinned: GitLabRule {
    public init() {}

    public let description = RuleDescription(
        id: "gitlab-image-not-pinned",
        title: "GitLab CI job image or service not pinned by digest",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1195.002", "T1525"],
        appliesTo: [.workflow],
        rationale: """
            A GitLab job runs its `script:` inside its `image:`, with the job's CI/CD variables \
            (deploy keys, registry and cloud credentials) in the environment, next to its \
            `services:`. A tag (`node:20`, `latest`, no tag at all) is whatever the registry serves \
            at the time: whoever can push that tag (the image's publisher, a compromised account, a \
            typosquatted name) runs code in every pipeline and reads those variables. A digest \
            (`@sha256:...`) is immutable. The rule reports `image:` and `services:` at the top, \
            under `default:` and in jobs (hidden `.template` jobs too), as a string or as `name:`. \
            Images named through variables (`$CI_REGISTRY_IMAGE/build:$CI_COMMIT_SHA`) are not \
            judged: their value is known only at run time.
            """,
        remediation: "Pin images by digest, keeping the tag for readers (`image: node:20.11-bookworm@sha256:...`), and let Renovate update the digests.",
        references: [
            "https://docs.gitlab.com/ci/yaml/#image",
            "https://docs.gitlab.com/ci/pipeline_security/",
        ],
        goodExamples: [
            """
            image: node:20.11-bookworm@sha256:bf0ef0687ffbd6c7742e1919177826c8bf1756a68b51f003dcfe3a13c31c65fe
            build:
              image:
                name: $CI_REGISTRY_IMAGE/builder:$CI_COMMIT_SHA
              script:
                - make
            """,
        ],
        badExamples: [
            """
            image: ↓node:20
            services:
              - ↓postgres:16
            default:
              image: ignored:1
            test:
              image:
                name: ↓python
                entrypoint: [""]
              services:
                - name: ↓redis:latest
              script:
                - pytest
            """,
        ],
        input: .gitlabCI
    )

    public func check(_ pipeline: GitLabPipeline, _ report: inout WorkflowReporter) {
        func check(_ image: GitLabPipeline.Image?, path: String) {
            guard let image else { return }
            let name = image.name.text
            guard !name.contains("$"), !name.contains("@sha256:") else { return }
            report.report(pipeline, image.name.range, path: path,
                          message: "\(path.hasSuffix("image") ? "image" : "service") \(name) is not pinned by digest: whoever can push that tag runs code in the job, with its CI/CD variables.")
        }
        check(pipeline.image, path: "image")
        for service in pipeline.services { check(service, path: "services[\(service.name.text)]") }
        for job in pipeline.jobs {
            check(job.image, path: "jobs.\(job.id).image")
            for service in job.services { check(service, path: "jobs.\(job.id).services[\(service.name.text)]") }
        }
    }
}

import PalisadeCore

extension PodSecurityControl {
    /// The seccomp profile types both profiles allow.
    static let allowedSeccompTypes: Set<String> = ["RuntimeDefault", "Localhost"]

    /// Baseline "Seccomp": seccompProfile.type may not be Unconfined.
    public static let baselineSeccomp = make(
        level: .baseline, control: "Seccomp", slug: "seccomp",
        title: "Pod Security Standards baseline: seccomp profile set to Unconfined",
        severity: .medium, mitre: ["T1611"],
        consequence: "every system call reaches the node's kernel unfiltered, including the ones most kernel exploits use",
        rationale: """
            The runtime's default seccomp profile blocks system calls that containers do not need and that \
            kernel exploits do (keyctl, bpf, userfaultfd, unshare...). The baseline profile allows \
            `seccompProfile.type` only unset, RuntimeDefault or Localhost, on the pod and on every \
            container; leaving it unset is allowed here and reported by the restricted profile \
            (k8s-pss-restricted-seccomp). The legacy `seccomp.security.alpha.kubernetes.io` annotations \
            count only below policy v1.19, so they are not read.
            """,
        remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` (or a Localhost profile) instead of Unconfined.",
        references: ["https://kubernetes.io/docs/tutorials/security/seccomp/"],
        forbidden: [
            Forbidden(scope: .podAndContainers, path: ["securityContext", "seccompProfile", "type"], anchor: .value,
                      overrides: ["securityContext", "seccompProfile"], verdict: notIn(allowedSeccompTypes)),
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: unconfined
            spec:
              template:
                spec:
                  securityContext:
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: api
                      image: api:1.0
                    - name: tracer
                      image: tracer:1.0
                      securityContext:
                        seccompProfile:
                          type: Localhost
                          localhostProfile: profiles/tracer.json
                    - name: plain
                      image: plain:1.0
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
            spec:
              securityContext:
                seccompProfile:
                  type: ↓Unconfined
              containers:
                - name: app
                  image: app:1.0
                - name: sidecar
                  image: sidecar:1.0
                - name: confined
                  image: confined:1.0
                  securityContext:
                    seccompProfile:
                      type: RuntimeDefault
            """,
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: fuzz
            spec:
              template:
                spec:
                  initContainers:
                    - name: prepare
                      image: fuzz:1.0
                      securityContext:
                        seccompProfile: {type: ↓Unconfined}
                  containers:
                    - name: fuzz
                      image: fuzz:1.0
            """,
        ]
    )
}

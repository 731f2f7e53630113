import PalisadeCore

extension PodSecurityControl {
    /// Restricted "Seccomp": every container runs with RuntimeDefault or Localhost, set on it or the pod.
    public static let restrictedSeccomp = make(
        level: .restricted, control: "Seccomp", slug: "seccomp",
        title: "Pod Security Standards restricted: no seccomp profile",
        severity: .medium, mitre: ["T1611"],
        consequence: "unless the node defaults to a profile, its system calls reach the kernel unfiltered",
        rationale: """
            Kubernetes runs containers Unconfined unless a seccomp profile is set (or the kubelet's \
            SeccompDefault is on, which a manifest cannot show). The restricted profile requires \
            `seccompProfile.type` RuntimeDefault or Localhost on the pod (covering containers that do not \
            set their own) or on every init, regular and ephemeral container. Explicit Unconfined values \
            are reported by k8s-pss-baseline-seccomp, which the restricted profile runs too; this control \
            reports containers with no profile at all. Legacy seccomp annotations count only below policy \
            v1.19 and do not satisfy it. Since policy v1.25 Windows pods are exempt.
            """,
        remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.",
        references: ["https://kubernetes.io/docs/tutorials/security/seccomp/"],
        required: [
            Required(path: ["securityContext", "seccompProfile"], podLevel: true,
                     wanted: "securityContext.seccompProfile.type: RuntimeDefault (or Localhost)", reportExplicit: false,
                     judge: { $0.isMapping ? true : nil }),
        ],
        applies: { !$0.isWindows },
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  securityContext:
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: api
                      image: api:1.0
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: per-container
            spec:
              containers:
                - name: app
                  image: app:1.0
                  securityContext:
                    seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
                - name: iis
                  image: app:1.0
                  securityContext:
                    seccompProfile:
                      type: RuntimeDefault
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: iis
            spec:
              os: {name: windows}
              containers:
                - name: iis
                  image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: runtime/default
            spec:
              containers:
                - ↓name: web
                  image: nginx:1.27
                - name: sidecar
                  image: sidecar:1.0
                  securityContext:
                    seccompProfile:
                      type: RuntimeDefault
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
                    spec:
                      securityContext:
                        seccompProfile: null
                      containers:
                        - ↓name: report
                          image: report:2.0
            """,
        ]
    )
}

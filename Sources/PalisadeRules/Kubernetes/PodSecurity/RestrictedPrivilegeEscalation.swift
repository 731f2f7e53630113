import PalisadeCore

extension PodSecurityControl {
    /// Restricted "Privilege Escalation": every Linux container sets allowPrivilegeEscalation: false.
    public static let restrictedPrivilegeEscalation = make(
        level: .restricted, control: "Privilege Escalation", slug: "privilege-escalation",
        title: "Pod Security Standards restricted: allowPrivilegeEscalation not false",
        severity: .medium, mitre: ["T1548.001"],
        consequence: "setuid and setcap binaries in the image can make its processes root again",
        rationale: """
            Without `allowPrivilegeEscalation: false` the no_new_privs flag is not set, so a process that \
            starts unprivileged gains privileges through setuid or file-capability binaries. The \
            restricted profile requires `allowPrivilegeEscalation: false` on every init, regular and \
            ephemeral container (unset is not enough: it defaults to true); the pod has no such field. \
            Since policy v1.25 Windows pods (`spec.os.name: windows`) are exempt.
            """,
        remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
        required: [
            Required(path: ["securityContext", "allowPrivilegeEscalation"], podLevel: false,
                     wanted: "securityContext.allowPrivilegeEscalation: false", reportExplicit: true,
                     judge: { $0.bool.map { !$0 } }),
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
                  initContainers:
                    - name: migrate
                      image: api:1.0
                      securityContext:
                        allowPrivilegeEscalation: false
                  containers:
                    - name: api
                      image: api:1.0
                      securityContext:
                        allowPrivilegeEscalation: false
                    - name: templated
                      image: proxy:1.0
                      securityContext:
                        allowPrivilegeEscalation: ${ALLOW_ESCALATION}
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: iis
            spec:
              os:
                name: windows
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
            spec:
              os:
                name: linux
              containers:
                - ↓name: web
                  image: nginx:1.27
                - name: sidecar
                  image: sidecar:1.0
                  securityContext:
                    ↓allowPrivilegeEscalation: true
              ephemeralContainers:
                - ↓name: debugger
                  image: busybox:1.36
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
                      containers:
                        - ↓name: report
                          image: report:2.0
                          securityContext:
                            runAsNonRoot: true
            """,
        ]
    )
}

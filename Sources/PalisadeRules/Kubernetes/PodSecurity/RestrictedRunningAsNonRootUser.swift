import PalisadeCore

extension PodSecurityControl {
    /// Restricted "Running as Non-root user": runAsUser must not be 0.
    public static let restrictedRunningAsNonRootUser = make(
        level: .restricted, control: "Running as Non-root user", slug: "running-as-non-root-user",
        title: "Pod Security Standards restricted: runAsUser 0",
        severity: .medium, mitre: ["T1611"],
        consequence: "the container runs as uid 0, root on the node when it escapes",
        rationale: """
            `runAsUser: 0` runs the container as root whatever its image says. The restricted profile \
            allows `runAsUser` unset or non-zero, on the pod and on every init, regular and ephemeral \
            container (a pod-level 0 is reported once, naming the containers that inherit it). Windows \
            pods are not exempt. Since policy v1.35 pods in a user namespace (`hostUsers: false`) are, \
            because uid 0 in them maps to an unprivileged user on the node.
            """,
        remediation: "Remove `runAsUser: 0` and run as a non-zero user the image supports.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
        forbidden: [
            Forbidden(scope: .podAndContainers, path: ["securityContext", "runAsUser"], anchor: .entry,
                      verdict: { $0.int == 0 ? "0" : nil }),
        ],
        applies: { !inUserNamespace($0) },
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
                    runAsUser: 10001
                  containers:
                    - name: api
                      image: api:1.0
                    - name: proxy
                      image: envoy:1.30
                      securityContext:
                        runAsUser: "0"
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: userns
            spec:
              hostUsers: false
              securityContext:
                runAsUser: 0
              containers:
                - name: shell
                  image: debian:12
            """,
        ],
        badExamples: [
            """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              template:
                spec:
                  securityContext:
                    ↓runAsUser: 0
                  containers:
                    - name: migrate
                      image: migrate:3.1
                    - name: verify
                      image: migrate:3.1
                    - name: report
                      image: report:1.0
                      securityContext:
                        ↓runAsUser: 0
            """,
        ]
    )
}

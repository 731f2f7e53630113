import PalisadeCore

extension PodSecurityControl {
    /// Restricted "Capabilities": drop ALL, add at most NET_BIND_SERVICE.
    public static let restrictedCapabilities = make(
        level: .restricted, control: "Capabilities", slug: "capabilities",
        title: "Pod Security Standards restricted: capabilities not dropped",
        severity: .medium, mitre: ["T1611"],
        consequence: "the container keeps capabilities such as CHOWN, DAC_OVERRIDE and SETUID that an attacker uses to become root in it and reach further",
        rationale: """
            Even the runtime's default capability set lets root in a container override file permissions, \
            change owners and switch users. The restricted profile requires every init, regular and \
            ephemeral container to list `ALL` (as written) in `capabilities.drop`, and allows \
            `capabilities.add` to hold only NET_BIND_SERVICE. Added capabilities outside the default set \
            are reported by k8s-pss-baseline-capabilities, which the restricted profile runs too; this \
            control reports missing drops and added default capabilities. Since policy v1.25 Windows \
            pods are exempt.
            """,
        remediation: "Set `securityContext.capabilities.drop: [\"ALL\"]` on every container and add back only NET_BIND_SERVICE if needed.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container"],
        forbidden: [
            Forbidden(scope: .container, path: ["securityContext", "capabilities", "add"], items: [], anchor: .value,
                      consequence: "only NET_BIND_SERVICE may be added back after drop ALL, and this capability gives root in the container a power over files or users that dropping ALL took away",
                      verdict: { node in
                          guard let name = literal(node), name != "NET_BIND_SERVICE", baselineAllowedCapabilities.contains(name) else { return nil }
                          return name
                      }),
        ],
        required: [
            Required(path: ["securityContext", "capabilities", "drop"], podLevel: false,
                     wanted: "securityContext.capabilities.drop: [\"ALL\"]", reportExplicit: true,
                     judge: { node in node.items.map { items in items.contains { $0.string == "ALL" } } }),
        ],
        applies: { !$0.isWindows },
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      securityContext:
                        capabilities:
                          drop: ["ALL"]
                          add: ["NET_BIND_SERVICE"]
                    - name: templated
                      image: proxy:1.0
                      securityContext:
                        capabilities:
                          drop: "{{ .Values.drop }}"
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
              initContainers:
                - ↓name: init
                  image: init:1.0
              containers:
                - name: web
                  image: nginx:1.27
                  securityContext:
                    capabilities:
                      ↓drop: [NET_RAW]
                - name: files
                  image: files:1.0
                  securityContext:
                    capabilities:
                      drop: [ALL]
                      add: [NET_BIND_SERVICE, ↓CHOWN, SYS_ADMIN]
                - name: lowercase
                  image: app:1.0
                  securityContext:
                    capabilities:
                      ↓drop: [all]
            """,
        ]
    )
}

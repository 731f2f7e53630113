import PalisadeCore

extension PodSecurityControl {
    /// The prefix of the (deprecated, still honoured) per-container AppArmor annotations.
    static let appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/"

    /// Baseline "AppArmor": no Unconfined profile, in the fields or in the annotations.
    public static let baselineAppArmor = make(
        level: .baseline, control: "AppArmor", slug: "apparmor",
        title: "Pod Security Standards baseline: AppArmor profile overridden",
        severity: .medium, mitre: ["T1611"],
        consequence: "AppArmor no longer confines what the processes may touch on the node",
        rationale: """
            On nodes with AppArmor the runtime's default profile denies containers the mounts, /proc and \
            /sys writes that many escapes need. The baseline profile forbids overriding it with anything \
            but the runtime default or a profile loaded on the node: `appArmorProfile.type` on the pod and \
            on every container may be unset, RuntimeDefault or Localhost, and the deprecated annotations \
            `container.apparmor.security.beta.kubernetes.io/<container>` (which the admission still reads) \
            may be empty, `runtime/default` or `localhost/<profile>`. On a workload the annotations are \
            those of the pod template.
            """,
        remediation: "Remove `appArmorProfile.type: Unconfined` and `unconfined` AppArmor annotations; use RuntimeDefault or a Localhost profile.",
        references: ["https://kubernetes.io/docs/tutorials/security/apparmor/"],
        forbidden: [
            Forbidden(scope: .podAndContainers, path: ["securityContext", "appArmorProfile", "type"], anchor: .value,
                      overrides: ["securityContext", "appArmorProfile"], verdict: notIn(["RuntimeDefault", "Localhost"])),
        ],
        extra: { control, object, _, report in
            guard let metadata = podMetadata(object), let annotations = metadata.node["annotations"]?.entries else { return }
            for entry in annotations {
                guard let key = entry.key.string, key.hasPrefix(appArmorAnnotationPrefix),
                      let value = literal(entry.value),
                      !(value.isEmpty || value == "runtime/default" || value.hasPrefix("localhost/"))
                else { continue }
                report.report(
                    entry.value.range, path: "\(metadata.path).annotations[\(key)]",
                    message: "\(subject(object)) sets annotation \(key): \(value), which the Pod Security Standards baseline profile forbids (AppArmor): \(control.consequence)."
                )
            }
        },
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              annotations:
                container.apparmor.security.beta.kubernetes.io/api: unconfined
            spec:
              template:
                metadata:
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/api: localhost/k8s-api
                    container.apparmor.security.beta.kubernetes.io/proxy: runtime/default
                spec:
                  securityContext:
                    appArmorProfile:
                      type: RuntimeDefault
                  containers:
                    - name: api
                      image: api:1.0
                    - name: proxy
                      image: envoy:1.30
                      securityContext:
                        appArmorProfile:
                          type: Localhost
                          localhostProfile: k8s-envoy
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: debug
              annotations:
                container.apparmor.security.beta.kubernetes.io/shell: ↓unconfined
            spec:
              containers:
                - name: shell
                  image: busybox:1.36
                  securityContext:
                    appArmorProfile:
                      type: ↓Unconfined
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
                      securityContext:
                        appArmorProfile: {type: ↓Unconfined}
                      containers:
                        - name: backup
                          image: restic:0.16
            """,
        ]
    )
}

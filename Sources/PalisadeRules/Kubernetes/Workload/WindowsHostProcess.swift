import PalisadeCore

/// A Windows HostProcess container runs directly on the node, as a node account.
public struct WindowsHostProcess: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-windows-host-process",
        title: "Windows container runs as a HostProcess on the node",
        severity: .critical,
        pattern: .lateralMovement,
        controls: [.minimalImmutableWorkloads, .leastPrivilegeIdentity],
        mitre: ["T1611", "T1610"],
        rationale: """
            A HostProcess container is not isolated at all: its processes run on the Windows node in \
            the host's network, with the node's file system and, as SYSTEM or another node account, \
            full control of the node, its kubelet credentials and every other pod on it. It is the \
            Windows equivalent of a privileged container with hostPID, hostNetwork and a hostPath of \
            C:\\, and Pod Security baseline forbids it. `windowsOptions.hostProcess: true` is read as the \
            kubelet merges it: the container's value first, then the pod's; a pod-level true is \
            reported once, naming the containers that inherit it.
            """,
        remediation: "Remove `windowsOptions.hostProcess: true`; run node agents as regular Windows containers, or outside Kubernetes, where possible.",
        references: [
            "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/",
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: iis
            spec:
              template:
                spec:
                  os:
                    name: windows
                  securityContext:
                    windowsOptions:
                      runAsUserName: ContainerUser
                  containers:
                    - name: iis
                      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
                      securityContext:
                        windowsOptions:
                          hostProcess: false
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: windows-exporter
            spec:
              template:
                spec:
                  os:
                    name: windows
                  hostNetwork: true
                  securityContext:
                    windowsOptions:
                      ↓hostProcess: true
                      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
                  containers:
                    - name: exporter
                      image: windows-exporter:0.25
                    - name: config
                      image: windows-exporter-config:0.25
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: node-shell
            spec:
              hostNetwork: true
              containers:
                - name: shell
                  image: mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0
                  securityContext:
                    windowsOptions: {↓hostProcess: true}
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        var podLevel = PodLevelCauses<Void>()
        for container in pod.containers {
            guard let setting = pod.setting("windowsOptions", "hostProcess", for: container), setting.value.bool == true else { continue }
            if setting.isPodLevel {
                podLevel.add(setting.range, path: setting.path, info: (), container: container.name)
            } else {
                report.report(
                    setting.entry, path: setting.path,
                    message: "Container '\(container.name)' runs as a HostProcess on the Windows node (hostProcess: true): code in it controls the node."
                )
            }
        }
        for cause in podLevel.causes {
            report.report(
                cause.range, path: cause.path,
                message: "The pod's hostProcess: true runs \(ContainerList.phrase(cause.containers)) directly on the Windows node: code in them controls the node."
            )
        }
    }
}

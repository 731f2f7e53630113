import PalisadeCore

extension PodSecurityControl {
    /// Baseline "HostProcess": Windows HostProcess containers run directly on the node.
    public static let baselineHostProcess = make(
        level: .baseline, control: "HostProcess", slug: "host-process",
        title: "Pod Security Standards baseline: Windows HostProcess containers",
        severity: .critical, mitre: ["T1611"],
        consequence: "a HostProcess container runs as a process on the Windows node with its privileges, outside any container isolation",
        rationale: """
            A Windows HostProcess container is a process on the node: it runs in the host's network and \
            file system with the user it names (often SYSTEM), so code execution in it is the node. The \
            baseline profile allows `windowsOptions.hostProcess` only unset or false, on the pod and on \
            every container.
            """,
        remediation: "Remove `windowsOptions.hostProcess: true` from the pod and container security contexts; run node agents in a namespace that is exempt from the profile.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"],
        forbidden: [
            Forbidden(scope: .podAndContainers, path: ["securityContext", "windowsOptions", "hostProcess"], anchor: .entry, verdict: isTrue),
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: iis
            spec:
              os:
                name: windows
              securityContext:
                windowsOptions:
                  hostProcess: false
                  runAsUserName: ContainerUser
              containers:
                - name: iis
                  image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
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
                      image: ghcr.io/prometheus-community/windows-exporter:0.25.1
            """,
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: node-debug
            spec:
              os:
                name: windows
              containers:
                - name: shell
                  image: mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0
                  securityContext:
                    windowsOptions: {↓hostProcess: true}
            """,
        ]
    )
}

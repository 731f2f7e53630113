import PalisadeCore

extension PodSecurityControl {
    /// Baseline "Host Namespaces": hostNetwork, hostPID and hostIPC must be unset or false.
    public static let baselineHostNamespaces = make(
        level: .baseline, control: "Host Namespaces", slug: "host-namespaces",
        title: "Pod Security Standards baseline: host namespaces",
        severity: .high, controls: [.minimalImmutableWorkloads, .networkSegmentation],
        mitre: ["T1611", "T1040"],
        consequence: "the pod shares a namespace of the node",
        rationale: """
            Sharing the node's network, process or IPC namespace removes the isolation between the pod \
            and the node: with the host network a pod sniffs node traffic, reaches services bound to the \
            node's localhost and bypasses NetworkPolicy; with the host PID namespace it reads every \
            process's environment and can enter the node's namespaces; with the host IPC namespace it \
            reads other workloads' shared memory. The baseline profile allows `hostNetwork`, `hostPID` \
            and `hostIPC` only unset or false.
            """,
        remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (they default to false).",
        forbidden: [
            Forbidden(scope: .pod, path: ["hostNetwork"], anchor: .entry,
                      consequence: "it sees and can sniff every interface of the node and bypasses NetworkPolicy", verdict: isTrue),
            Forbidden(scope: .pod, path: ["hostPID"], anchor: .entry,
                      consequence: "it sees every process of the node, their environment and a way into their namespaces", verdict: isTrue),
            Forbidden(scope: .pod, path: ["hostIPC"], anchor: .entry,
                      consequence: "it can read and write the shared memory of every process on the node", verdict: isTrue),
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
                  hostNetwork: false
                  hostPID: "${HOST_PID}"
                  containers:
                    - name: api
                      image: api:1.0
            """,
        ],
        badExamples: [
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-exporter
            spec:
              template:
                spec:
                  ↓hostNetwork: true
                  ↓hostPID: yes
                  hostIPC: false
                  containers:
                    - name: exporter
                      image: prom/node-exporter:v1.8.1
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: shm-cleaner
            spec:
              schedule: "@hourly"
              jobTemplate:
                spec:
                  template:
                    spec:
                      ↓hostIPC: true
                      containers:
                        - name: cleaner
                          image: cleaner:1.2
            """,
        ]
    )
}

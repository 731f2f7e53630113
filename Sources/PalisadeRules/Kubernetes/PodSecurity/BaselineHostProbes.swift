import PalisadeCore

extension PodSecurityControl {
    /// Every probe and lifecycle handler field that names a host.
    static let probeHostPaths: [[String]] = {
        var paths: [[String]] = []
        for handler in [["livenessProbe"], ["readinessProbe"], ["startupProbe"], ["lifecycle", "postStart"], ["lifecycle", "preStop"]] {
            for action in ["httpGet", "tcpSocket"] { paths.append(handler + [action, "host"]) }
        }
        return paths
    }()

    /// Baseline "Host Probes / Lifecycle Hooks" (policy v1.34): probes and hooks may not name a host.
    public static let baselineHostProbes = make(
        level: .baseline, control: "Host Probes / Lifecycle Hooks", slug: "host-probes",
        title: "Pod Security Standards baseline: probes or lifecycle hooks aimed at another host",
        severity: .medium, pattern: .exposure, controls: [.networkSegmentation, .minimalImmutableWorkloads],
        mitre: ["T1090"],
        consequence: "the kubelet sends that request from the node to any host the author names, a server-side request forgery",
        rationale: """
            Probes and lifecycle hooks run from the kubelet, on the node's network. A `host` in an httpGet \
            or tcpSocket handler makes the kubelet connect wherever the pod's author says: the cloud \
            metadata service, the node's localhost, services behind the node's firewall. Since policy \
            v1.34 the baseline profile allows `host` in livenessProbe, readinessProbe, startupProbe and \
            lifecycle postStart and preStop handlers only unset or empty, on every container.
            """,
        remediation: "Remove `host` from httpGet and tcpSocket probes and hooks; they default to the pod's IP.",
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"],
        forbidden: probeHostPaths.map {
            Forbidden(scope: .container, path: $0, anchor: .value, verdict: notIn([""]))
        },
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
                      livenessProbe:
                        httpGet:
                          path: /healthz
                          port: 8080
                      readinessProbe:
                        tcpSocket:
                          port: 8080
                          host: ""
                      lifecycle:
                        preStop:
                          httpGet:
                            path: /drain
                            port: 8080
                            host: "{{ .Values.drainHost }}"
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: probe
            spec:
              containers:
                - name: app
                  image: app:1.0
                  livenessProbe:
                    httpGet:
                      host: ↓169.254.169.254
                      path: /latest/meta-data/iam/security-credentials/
                      port: 80
                  startupProbe:
                    tcpSocket: {host: ↓localhost, port: 10250}
                  lifecycle:
                    postStart:
                      httpGet:
                        host: ↓internal.example.com
                        port: 443
            """,
        ]
    )
}

import PalisadeCore

/// One template for the health probes long-running containers should declare.
public struct MissingProbe: KubernetesRule {
    /// `livenessProbe` or `readinessProbe`.
    public let field: String
    /// Only containers that declare ports are checked (readiness gates Service traffic).
    public let servingOnly: Bool
    public let consequence: String
    public let description: RuleDescription

    /// Controllers that keep pods running and roll them out; Jobs, CronJobs and bare Pods run to
    /// completion or are one-offs, where probes decide nothing.
    static let longRunningKinds: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"]

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard Self.longRunningKinds.contains(object.kind), let pod = object.podSpec else { return }
        for container in pod.containers where container.field == "containers" {
            if container.node.entry(field) != nil { continue }
            if servingOnly, (container.node["ports"]?.items ?? []).isEmpty { continue }
            report.report(
                container.anchor, path: "\(container.path).\(field)",
                message: "Container '\(container.name)' has no \(field): \(consequence)."
            )
        }
    }

    static func make(
        field: String, servingOnly: Bool, id: String, title: String, severity: Severity, consequence: String, rationale: String
    ) -> MissingProbe {
        let ports = servingOnly ? "\n          ports:\n            - containerPort: 8080" : ""
        return MissingProbe(field: field, servingOnly: servingOnly, consequence: consequence, description: RuleDescription(
            id: id, title: title, severity: severity, pattern: .availability,
            controls: [.resilience],
            rationale: rationale + """
                 Unlike checkers that ask every container for probes, only the regular containers of Deployments, StatefulSets, DaemonSets, ReplicaSets and \
                ReplicationControllers are checked: Jobs and CronJobs run to completion, bare Pods are \
                one-offs with no rollout to gate, ephemeral containers cannot have probes and init containers \
                (native sidecars included) are left out.
                """,
            remediation: "Add a `\(field)` (HTTP, TCP, gRPC or exec) that checks what the container needs to do its work.",
            references: [
                "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
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
                      initContainers:
                        - name: migrate
                          image: migrate:1.0
                      containers:
                        - name: api
                          image: api:1.0\(ports)
                          \(field):
                            httpGet: {path: /healthz, port: 8080}
                """,
                """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: once
                spec:
                  template:
                    spec:
                      containers:
                        - name: once
                          image: once:1.0
                          ports:
                            - containerPort: 8080
                """,
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: debug
                spec:
                  containers:
                    - name: shell
                      image: busybox:1.36
                      ports:
                        - containerPort: 8080
                """,
            ],
            badExamples: [
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                spec:
                  template:
                    spec:
                      containers:
                        - ↓name: db
                          image: postgres:16.3
                          ports:
                            - containerPort: 5432
                          startupProbe:
                            tcpSocket: {port: 5432}
                """,
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: agent
                spec:
                  template:
                    spec:
                      containers:
                        - {↓name: agent, image: "agent:1.0", ports: [{containerPort: 9100}]}
                """,
            ]
        ))
    }

    public static let liveness = make(
        field: "livenessProbe", servingOnly: false, id: "k8s-missing-liveness-probe",
        title: "Container has no liveness probe", severity: .info,
        consequence: "a deadlocked or wedged process keeps running and is never restarted",
        rationale: """
            Without a liveness probe the kubelet restarts a container only when its process exits; a \
            deadlock, an exhausted connection pool or a hung event loop leaves a live but useless replica \
            until someone notices. Info only: a careless liveness probe (one that checks a dependency) \
            restarts healthy pods under load and causes more outages than it prevents, so this is advice \
            to consider, not a defect.
            """
    )

    public static let readiness = make(
        field: "readinessProbe", servingOnly: true, id: "k8s-missing-readiness-probe",
        title: "Serving container has no readiness probe", severity: .low,
        consequence: "Services send it traffic before it can serve and rollouts proceed past broken replicas",
        rationale: """
            Without a readiness probe a pod is ready as soon as its containers start: Services route \
            requests to it while it is still warming up or after it has stopped coping, and a rolling \
            update replaces good replicas with broken ones because nothing reports them unready. Only \
            containers that declare ports are checked; workers that serve nothing have no traffic to gate.
            """
    )
}

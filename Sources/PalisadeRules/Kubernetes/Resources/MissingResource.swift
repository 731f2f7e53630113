import PalisadeCore

/// One template for the four resource settings a container should declare: memory and CPU,
/// limits and requests.
public struct MissingResource: KubernetesRule {
    /// `limits` or `requests`.
    public let section: String
    /// `memory` or `cpu`.
    public let resource: String
    public let consequence: String
    public let description: RuleDescription

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for container in pod.containers where container.field != "ephemeralContainers" {
            // Anything templated or malformed on the way is left to whoever renders it.
            let resources = container.node["resources"]
            if let resources, !resources.isNull, !resources.isMapping { continue }
            let limits = resources?["limits"]
            let requests = resources?["requests"]
            if let limits, !limits.isNull, !limits.isMapping { continue }
            if let requests, !requests.isNull, !requests.isMapping { continue }
            let values = section == "limits" ? limits : requests
            if values?.entry(resource) != nil { continue }
            // A request left out defaults to the limit, so a container with a limit has a request.
            if section == "requests", limits?.entry(resource) != nil { continue }
            report.report(
                container.anchor, path: "\(container.path).resources.\(section).\(resource)",
                message: "Container '\(container.name)' sets no \(resource) \(section == "limits" ? "limit" : "request"): \(consequence)."
            )
        }
    }

    private static func example(kind: String, resources: String, marked: Bool) -> String {
        let header: String
        let indent: String
        switch kind {
        case "Pod":
            header = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: sample\nspec:\n"
            indent = "  "
        case "CronJob":
            header = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: sample\nspec:\n  schedule: \"@daily\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
            indent = "          "
        default:
            header = "apiVersion: apps/v1\nkind: \(kind)\nmetadata:\n  name: sample\nspec:\n  template:\n    spec:\n"
            indent = "      "
        }
        var text = header + "\(indent)containers:\n\(indent)  - \(marked ? "↓" : "")name: app\n\(indent)    image: app:1.0\n"
        for line in resources.split(separator: "\n") { text += "\(indent)    \(line)\n" }
        return String(text.dropLast())
    }

    static func make(
        section: String, resource: String, id: String, title: String, severity: Severity, consequence: String,
        mitre: [String], rationale: String
    ) -> MissingResource {
        let other = resource == "memory" ? "cpu" : "memory"
        let present = section
        return MissingResource(section: section, resource: resource, consequence: consequence, description: RuleDescription(
            id: id, title: title, severity: severity, pattern: .availability,
            controls: [.resilience],
            mitre: mitre,
            rationale: rationale + """
                 Regular and init containers are checked; ephemeral (debug) containers cannot declare \
                resources. A LimitRange in the namespace may supply defaults the manifest does not show. \
                Values that are templated are not reported.
                """,
            remediation: "Set `resources.\(section).\(resource)` on the container (size it from observed usage).",
            references: [
                "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
                "https://kubernetes.io/docs/concepts/policy/limit-range/",
            ],
            goodExamples: [
                example(kind: "Deployment", resources: "resources:\n  \(present):\n    \(resource): \"1\"", marked: false),
                example(kind: "Pod", resources: "resources: \"{{ toYaml .Values.resources }}\"", marked: false),
            ] + (section == "requests" ? [example(kind: "StatefulSet", resources: "resources:\n  limits:\n    \(resource): 500m", marked: false)] : []),
            badExamples: [
                example(kind: "Deployment", resources: "resources:\n  limits:\n    \(other): \"1\"\n  requests:\n    \(section == "limits" ? resource : other): \"1\"", marked: true),
                example(kind: "CronJob", resources: "", marked: true),
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: init
                spec:
                  initContainers:
                    - ↓name: setup
                      image: setup:1.0
                  containers:
                    - name: app
                      image: app:1.0
                      resources:
                        limits: {cpu: "1", memory: 1Gi}
                        requests: {cpu: "1", memory: 1Gi}
                  ephemeralContainers:
                    - name: debug
                      image: busybox:1.36
                """,
            ]
        ))
    }

    public static let memoryLimit = make(
        section: "limits", resource: "memory", id: "k8s-missing-memory-limit", title: "Container has no memory limit",
        severity: .medium, consequence: "a leak or a crafted request can take the node's memory and get other pods OOM-killed or evicted",
        mitre: ["T1499"],
        rationale: """
            Without a memory limit a container may use all the node's memory. A memory leak, a zip bomb or \
            a request that makes the process buffer without bound then gets the kernel's OOM killer and \
            the kubelet's eviction to kill other workloads on the same node: one exposed service takes \
            down its neighbours.
            """
    )

    public static let cpuLimit = make(
        section: "limits", resource: "cpu", id: "k8s-missing-cpu-limit", title: "Container has no CPU limit",
        severity: .low, consequence: "a busy loop or an expensive request can starve other pods on the node of CPU beyond their requests",
        mitre: ["T1499"],
        rationale: """
            Without a CPU limit a container may use every idle core of the node. CPU is compressible: \
            other pods still get their requests, so the damage is bounded (which is why some teams leave \
            CPU limits out on purpose to avoid throttling), but a crypto miner or a request loop gets all \
            the spare capacity and the latency of neighbours suffers. Low.
            """
    )

    public static let memoryRequest = make(
        section: "requests", resource: "memory", id: "k8s-missing-memory-request", title: "Container has no memory request",
        severity: .low, consequence: "the scheduler reserves nothing for it, so nodes are overcommitted and it is first in line for eviction",
        mitre: [],
        rationale: """
            Without a memory request (and no limit, from which the request defaults) the scheduler \
            reserves no memory for the container: nodes are overcommitted, the pod is BestEffort or \
            Burstable and is evicted first under memory pressure. A limit without a request is not \
            reported, because Kubernetes then sets the request to the limit.
            """
    )

    public static let cpuRequest = make(
        section: "requests", resource: "cpu", id: "k8s-missing-cpu-request", title: "Container has no CPU request",
        severity: .low, consequence: "the scheduler reserves no CPU for it, so a busy neighbour can starve it",
        mitre: [],
        rationale: """
            Without a CPU request (and no limit, from which the request defaults) the scheduler reserves \
            no CPU for the container and its CPU weight is minimal: any busy neighbour starves it. A limit \
            without a request is not reported, because Kubernetes then sets the request to the limit.
            """
    )
}

import PalisadeCore
import PalisadeEngine
import PalisadeRules
import Testing

@Suite("RBAC primitives")
struct RBACPrimitiveTests {
    static let bad = Support.scan([Support.root.appendingPathComponent("examples/rbac/escalation-primitives.yaml").path])
    static let good = Support.scan([Support.root.appendingPathComponent("examples/rbac/least-privilege.yaml").path])

    /// Every RBAC rule and the object in escalation-primitives.yaml made for it.
    static let planted: [(rule: String, object: String)] = [
        ("k8s-rbac-wildcard-verbs", "platform-superuser"),
        ("k8s-rbac-wildcard-resources", "backup-operator"),
        ("k8s-rbac-wildcard-api-groups", "widget-watcher"),
        ("k8s-rbac-read-secrets", "secrets-sync"),
        ("k8s-rbac-create-workloads", "ci-deployer"),
        ("k8s-rbac-create-persistent-volumes", "nfs-volume-admin"),
        ("k8s-rbac-nodes-proxy", "node-metrics-agent"),
        ("k8s-rbac-escalate", "rbac-manager"),
        ("k8s-rbac-bind", "access-broker"),
        ("k8s-rbac-impersonate", "support-impersonator"),
        ("k8s-rbac-approve-csr", "csr-approver"),
        ("k8s-rbac-service-account-token", "token-broker"),
        ("k8s-rbac-webhook-configurations", "sidecar-injector"),
        ("k8s-rbac-patch-namespaces", "tenant-self-service"),
        ("k8s-rbac-pods-exec", "oncall-shell"),
        ("k8s-rbac-pods-attach", "console-attach"),
        ("k8s-rbac-pods-ephemeral-containers", "kubectl-debug"),
        ("k8s-rbac-modify-pods", "pod-labeller"),
        ("k8s-rbac-create-token-secrets", "secret-writer"),
        ("k8s-rbac-evict-and-taint", "node-drainer"),
        ("k8s-rbac-modify-status", "lb-status-controller"),
        ("k8s-rbac-aws-auth-configmap", "node-group-bootstrapper"),
        ("k8s-rbac-binding-cluster-admin", "reports-cluster-admin"),
        ("k8s-rbac-binding-admin-or-edit", "developers-edit"),
        ("k8s-rbac-anonymous-subject", "public-dashboard"),
        ("k8s-rbac-default-service-account-subject", "default-config-reader"),
    ]

    @Test("The planted table covers every RBAC rule")
    func tableIsComplete() {
        // The estate rules that join bindings with workloads and roles have examples of their own.
        let joined: Set<String> = ["k8s-rbac-dangerous-binding-to-workload", "k8s-rbac-binding-missing-role"]
        let all = BuiltinRules.kubernetes.map(\.description.id) + BuiltinRules.estate.map(\.description.id)
        let ids = Set(all.filter { $0.hasPrefix("k8s-rbac-") && !joined.contains($0) })
        #expect(Set(Self.planted.map(\.rule)) == ids)
        #expect(Self.planted.count == ids.count)
    }

    @Test("Every primitive is found on the object made for it", arguments: planted.map { "\($0.rule) \($0.object)" })
    func plantedPrimitive(_ pair: String) {
        let parts = pair.split(separator: " ").map(String.init)
        let (rule, object) = (parts[0], parts[1])
        let onObject = Self.bad.findings.filter { $0.ruleId == rule && $0.resource.name == object }
        #expect(!onObject.isEmpty, "\(rule) found nothing on \(object); it found: \(Self.bad.findings.filter { $0.ruleId == rule }.map { $0.resource.name ?? "" })")
    }

    @Test("Every planted object is found by the rule it was made for")
    func everyObjectFound() {
        let objects = Set(Self.bad.findings.compactMap(\.resource.name))
        for (_, object) in Self.planted { #expect(objects.contains(object), "nothing found on \(object)") }
        #expect(Self.bad.inputErrors.isEmpty)
    }

    @Test("Narrowly scoped roles yield nothing above low")
    func leastPrivilege() {
        #expect(Self.good.inputErrors.isEmpty)
        #expect(Self.good.statistics.objects >= 9)
        let loud = Self.good.findings.filter { $0.severity > .low }
        #expect(loud.isEmpty, "\(loud.map { "\($0.ruleId) \($0.resource.name ?? ""): \($0.message)" })")
        // The one finding is the named secret, reported low.
        #expect(Self.good.findings.map(\.ruleId) == ["k8s-rbac-read-secrets"])
        #expect(Self.good.findings.first?.resource.name == "storefront-db-credentials")
    }

    @Test("Permission matching follows the RBAC authorizer")
    func matching() throws {
        let yaml = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: probe
            rules:
              - apiGroups: [""]
                resources: ["pods/*", "*/status"]
                verbs: ["patch"]
              - apiGroups: [""]
                resources: ["secrets", "deployments"]
                verbs: ["get", "list", "create", "deletecollection"]
                resourceNames: ["db"]
              - apiGroups: [""]
                resources: ["serviceaccounts/token"]
                verbs: ["create"]
                resourceNames: ["builder"]
              - nonResourceURLs: ["/debug/*"]
                verbs: ["get"]
              - apiGroups: []
                resources: ["configmaps"]
                verbs: ["*"]
            """
        let object = try #require(Support.objects(yaml).first)
        let role = try #require(RBACRole(object))
        // `pods/*` is no wildcard in Kubernetes; `*/status` matches every status subresource.
        #expect(role.grants(RBACPermission(["patch"], "pods/exec")).isEmpty)
        #expect(role.grants(RBACPermission(["patch"], "pods/status")).count == 1)
        #expect(role.grants(RBACPermission(["patch"], "nodes/status")).first?.path == "rules[0].resources[*/status]")
        #expect(role.grants(RBACPermission(["patch"], "pods")).isEmpty)
        let evidence = role.grant(anyOf: [RBACPermission(["patch"], "pods"), RBACPermission(["update", "patch"], "services/status")])
        #expect(evidence?.path == "rules[0].resources[*/status]" && evidence?.verbs == ["patch"])
        #expect(evidence?.evidence.range.start.line == 7)
        // resourceNames: get and list are limited to the names, create and deletecollection not granted.
        let secrets = try #require(role.grants(RBACPermission(["get", "list", "create", "deletecollection"], "secrets")).first)
        #expect(secrets.verbs == ["get", "list"])
        #expect(secrets.names == .named(["db"]))
        #expect(secrets.names.reaches("db") && !secrets.names.reaches("other"))
        #expect(role.grants(RBACPermission(["create"], "secrets")).isEmpty)
        // A subresource request names its parent, so resourceNames limits create there.
        #expect(role.grants(RBACPermission(["create"], "serviceaccounts/token")).first?.names == .named(["builder"]))
        // Non-resource URLs: prefix with `*`.
        #expect(role.nonResourceURLGrant("/debug/pprof", verb: "get") != nil)
        #expect(role.nonResourceURLGrant("/metrics", verb: "get") == nil)
        // An empty apiGroups list matches nothing.
        #expect(role.grants(RBACPermission(["get"], "configmaps")).isEmpty)
    }

    @Test("A Role never grants cluster-scoped resources, except its own namespace and bind on clusterroles")
    func roleScope() throws {
        let yaml = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: wide
              namespace: tenant-a
            rules:
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: ["*"]
              - nonResourceURLs: ["*"]
                verbs: ["*"]
            """
        let object = try #require(Support.objects(yaml).first)
        let role = try #require(RBACRole(object))
        #expect(role.grants(RBACPermission(["get"], "nodes/proxy")).isEmpty)
        #expect(role.grants(RBACPermission(["create"], "persistentvolumes")).isEmpty)
        #expect(role.grants(RBACPermission(["escalate"], "clusterroles", group: "rbac.authorization.k8s.io")).isEmpty)
        #expect(role.grants(RBACPermission(["bind", "escalate"], "clusterroles", group: "rbac.authorization.k8s.io")).first?.verbs == ["bind"])
        #expect(role.grants(RBACPermission(["patch"], "namespaces")).count == 1)
        #expect(role.grants(RBACPermission(["get"], "secrets")).count == 1)
        #expect(role.nonResourceURLGrant("/metrics", verb: "get") == nil)
    }

    @Test("Aggregated ClusterRoles and the API server's default policy are not reported")
    func aggregatedAndBootstrap() {
        let yaml = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: monitoring-aggregate
            aggregationRule:
              clusterRoleSelectors:
                - matchLabels:
                    example.com/aggregate-to-monitoring: "true"
            rules:
              - apiGroups: [""]
                resources: ["secrets"]
                verbs: ["list"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: system:controller:token-cleaner
              labels:
                kubernetes.io/bootstrapping: rbac-defaults
            rules:
              - apiGroups: [""]
                resources: ["secrets"]
                verbs: ["delete", "get", "list", "watch"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: system:custom-looking-builtin
            rules:
              - apiGroups: [""]
                resources: ["secrets"]
                verbs: ["list"]
            """
        let scanner = Scanner(options: ScanOptions(), rules: RBACPrimitiveTests.rbacRules)
        let findings = Support.objects(yaml).flatMap { scanner.evaluate($0) }
        #expect(findings.map(\.resource.name) == ["system:custom-looking-builtin"])
    }

    @Test("RBAC rules are linear: a role with 5,000 rule items scans quickly")
    func linear() {
        var yaml = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: huge\nrules:\n"
        for i in 0..<5_000 {
            yaml += "  - apiGroups: [\"\"]\n    resources: [\"configmaps\", \"secrets\"]\n    verbs: [\"get\", \"update\"]\n    resourceNames: [\"c\(i)\"]\n"
        }
        let scanner = Scanner(options: ScanOptions(), rules: RBACPrimitiveTests.rbacRules)
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure {
            count = Support.objects(yaml).flatMap { scanner.evaluate($0) }.count
        }
        #expect(count == 5_000)  // one low read-secrets finding per item
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }

    static var rbacRules: [any KubernetesRule] {
        BuiltinRules.kubernetes.filter { $0.description.id.hasPrefix("k8s-rbac-") }
    }
}

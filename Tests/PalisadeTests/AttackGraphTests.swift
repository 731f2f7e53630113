import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeGraph
import PalisadeReport
import Testing

/// The attack graph's edges, each from minimal manifests with negative controls, and the paths
/// and blast radii computed over it.
@Suite struct AttackGraphTests {
    static func estate(_ yaml: String) -> Estate {
        var facts = EstateFacts()
        Support.objects(yaml).forEach { facts.extract($0) }
        return Estate(facts)
    }

    static func graph(_ yaml: String, terraform: String? = nil, options: GraphOptions = GraphOptions()) -> AttackGraph {
        AttackGraph.build(estate: estate(yaml), cloud: terraform.map { [Support.cloudModel($0)] } ?? [], options: options)
    }

    /// The keys of the vertices `key` has an edge to, with the edges' technique ids.
    static func targets(_ graph: AttackGraph, of key: String) -> Set<String> {
        guard let v = graph.vertex(key) else { return [] }
        return Set(graph.outgoing[v].map { graph.vertices[graph.edges[$0].to].key + " " + graph.edges[$0].technique.id })
    }

    static func hasEdge(_ graph: AttackGraph, _ from: String, _ to: String) -> Bool {
        targets(graph, of: from).contains { $0.hasPrefix(to + " ") }
    }

    // MARK: Pod escapes, for every workload kind

    enum Escape: String, CaseIterable {
        case everything, privilegedHostPID, privileged, hostPathRoot, hostPID, hostNetwork, hostIPC, nothing

        /// Pod-level fields and the container's security context.
        var pod: (spec: String, container: String, volumes: String) {
            switch self {
            case .everything: ("hostPID: true\nhostNetwork: true\nhostIPC: true", "securityContext:\n  privileged: true\nvolumeMounts:\n- {name: host, mountPath: /host}", "volumes:\n- name: host\n  hostPath: {path: /}")
            case .privilegedHostPID: ("hostPID: true", "securityContext:\n  privileged: true", "")
            case .privileged: ("", "securityContext:\n  privileged: true", "")
            case .hostPathRoot: ("", "volumeMounts:\n- {name: host, mountPath: /host}", "volumes:\n- name: host\n  hostPath: {path: /}")
            case .hostPID: ("hostPID: true", "", "")
            case .hostNetwork: ("hostNetwork: true", "", "")
            case .hostIPC: ("hostIPC: true", "", "")
            case .nothing: ("", "", "")
            }
        }

        /// What the escape really gives: root on the node, or only a view of it.
        var reaches: Set<String> {
            switch self {
            case .everything: ["node:root", "node:processes", "node:network", "node:ipc"]
            case .privilegedHostPID: ["node:root", "node:processes"]
            case .privileged, .hostPathRoot: ["node:root"]
            case .hostPID: ["node:processes"]
            case .hostNetwork: ["node:network"]
            case .hostIPC: ["node:ipc"]
            case .nothing: []
            }
        }
    }

    static let kinds = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"]

    /// A workload of `kind` whose pod spec is `spec` (YAML lines at pod-spec level).
    static func workload(_ kind: String, name: String = "app", namespace: String = "shop", spec: String) -> String {
        let apiVersion = ["Pod", "ReplicationController"].contains(kind) ? "v1" : ["Job", "CronJob"].contains(kind) ? "batch/v1" : "apps/v1"
        func indent(_ text: String, _ n: Int) -> String { text.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: n) + $0 }.joined(separator: "\n") }
        let template = "metadata:\n  labels: {app: \(name)}\nspec:\n" + indent(spec, 2)
        let body: String
        switch kind {
        case "Pod": body = "metadata:\n  name: \(name)\n  namespace: \(namespace)\n  labels: {app: \(name)}\nspec:\n" + indent(spec, 2)
        case "CronJob": body = "metadata:\n  name: \(name)\n  namespace: \(namespace)\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n" + indent(template, 8)
        default: body = "metadata:\n  name: \(name)\n  namespace: \(namespace)\nspec:\n  selector: {matchLabels: {app: \(name)}}\n  template:\n" + indent(template, 4)
        }
        return "apiVersion: \(apiVersion)\nkind: \(kind)\n" + body + "\n"
    }

    static func podSpec(_ escape: Escape, extra: String = "automountServiceAccountToken: false") -> String {
        let p = escape.pod
        var lines = [extra]
        if !p.spec.isEmpty { lines.append(p.spec) }
        var container = "containers:\n- name: app\n  image: registry.example.com/app@sha256:" + String(repeating: "a", count: 64)
        if !p.container.isEmpty { container += "\n" + p.container.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") }
        lines.append(container)
        if !p.volumes.isEmpty { lines.append(p.volumes) }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: Escape.allCases, kinds)
    func podEscapeGivesExactlyWhatItEnables(_ escape: Escape, _ kind: String) {
        let graph = Self.graph(Self.workload(kind, spec: Self.podSpec(escape)))
        let key = "workload:\(kind)/shop/app"
        #expect(graph.vertex(key) != nil)
        let reached = Set(Self.targets(graph, of: key).map { String($0.split(separator: " ")[0]) })
        #expect(reached == escape.reaches, "\(escape) on a \(kind)")
        // The path from a compromised pod to root on the node exists exactly when root is reached.
        let paths = graph.attackPaths(entries: [.assumeBreach]).paths
        #expect(paths.contains { graph.vertices[$0.target].key == "node:root" } == escape.reaches.contains("node:root"))
    }

    @Test func workloadWithNothingDangerousHasNoOutgoingEdges() {
        let graph = Self.graph(Self.workload("Deployment", spec: Self.podSpec(.nothing)))
        #expect(Self.targets(graph, of: "workload:Deployment/shop/app").isEmpty)
        #expect(graph.attackPaths().paths.isEmpty)
    }

    @Test func capabilitiesThatEscapeAndThoseThatDoNot() {
        func reached(_ securityContext: String, pod: String = "") -> Set<String> {
            let spec = "automountServiceAccountToken: false\n\(pod)containers:\n- name: app\n  image: app\n  securityContext:\n" + securityContext.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            return Self.targets(Self.graph(Self.workload("Deployment", spec: spec)), of: "workload:Deployment/shop/app")
        }
        #expect(reached("capabilities: {add: [SYS_ADMIN]}") == ["node:root escape-to-node"])
        #expect(reached("capabilities: {add: [CAP_SYS_MODULE]}") == ["node:root escape-to-node"])
        #expect(reached("capabilities: {add: [NET_BIND_SERVICE]}").isEmpty)
        // SYS_PTRACE needs the node's processes to attach to.
        #expect(reached("capabilities: {add: [SYS_PTRACE]}").isEmpty)
        #expect(reached("capabilities: {add: [SYS_PTRACE]}", pod: "hostPID: true\n") == ["node:root escape-to-node", "node:processes host-pid"])
    }

    @Test func varLogOnlyEscapesAsRootAndWritable() {
        func reached(_ container: String) -> Set<String> {
            let spec = "automountServiceAccountToken: false\ncontainers:\n- name: app\n  image: app\n" + container + "volumes:\n- name: logs\n  hostPath: {path: /var/log}"
            return Self.targets(Self.graph(Self.workload("DaemonSet", spec: spec)), of: "workload:DaemonSet/shop/app")
        }
        #expect(reached("  volumeMounts: [{name: logs, mountPath: /var/log}]\n") == ["node:root escape-to-node"])
        #expect(reached("  volumeMounts: [{name: logs, mountPath: /var/log, readOnly: true}]\n").isEmpty)
        #expect(reached("  securityContext: {runAsNonRoot: true}\n  volumeMounts: [{name: logs, mountPath: /var/log}]\n").isEmpty)
    }

    // MARK: Exposure, tokens and Secrets

    static let web = workload("Deployment", name: "web", spec: "containers:\n- name: web\n  image: web\n  envFrom: [{secretRef: {name: web-env}}]\n  env:\n  - name: DB_PASSWORD\n    valueFrom: {secretKeyRef: {name: db, key: password}}\nvolumes:\n- name: tls\n  secret: {secretName: web-tls}\n- name: p\n  projected: {sources: [{secret: {name: signing}}]}")

    @Test func serviceAndIngressExposeWhatTheySelect() {
        let lb = "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}\n"
        let graph = Self.graph(Self.web + lb)
        #expect(Self.hasEdge(graph, "internet", "service:shop/web"))
        #expect(Self.hasEdge(graph, "service:shop/web", "workload:Deployment/shop/web"))

        let clusterIP = "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n"
        let ingress = "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop, namespace: shop}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {service: {name: web, port: {number: 80}}}\n"
        let inside = Self.graph(Self.web + clusterIP)
        #expect(Self.targets(inside, of: "internet").isEmpty, "a ClusterIP Service is not an entry point")
        let routed = Self.graph(Self.web + clusterIP + ingress)
        #expect(Self.hasEdge(routed, "internet", "ingress:shop/shop"))
        #expect(Self.hasEdge(routed, "ingress:shop/shop", "workload:Deployment/shop/web"))

        // A default-deny ingress policy cuts the exposure; one that allows everyone does not.
        let deny = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n"
        #expect(Self.targets(Self.graph(Self.web + lb + deny), of: "internet").isEmpty)
        let open = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: shop}\nspec: {podSelector: {}, ingress: [{}]}\n"
        #expect(Self.hasEdge(Self.graph(Self.web + lb + deny + open), "internet", "service:shop/web"))
        // A trusted entry (an intended, guarded exposure) starts no path.
        let trusted = Self.graph(Self.web + lb, options: GraphOptions(trustedEntries: [CrownJewel(kind: "Service", namespace: "shop", name: "w*")]))
        #expect(Self.targets(trusted, of: "internet").isEmpty)
    }

    @Test func tokensAndSecretsAWorkloadHolds() {
        let graph = Self.graph(Self.web)
        let out = Self.targets(graph, of: "workload:Deployment/shop/web")
        #expect(out == [
            "serviceaccount:shop/default runs-as", "secret:shop/web-env mounts-secret", "secret:shop/db mounts-secret",
            "secret:shop/web-tls mounts-secret", "secret:shop/signing mounts-secret",
        ])
        // The node holds what its pods hold.
        #expect(Self.hasEdge(graph, "node:root", "serviceaccount:shop/default"))
        #expect(Self.hasEdge(graph, "node:root", "secret:shop/db"))
        // No token when the ServiceAccount (or the pod) turns automounting off.
        let sa = "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: shop}\nautomountServiceAccountToken: false\n"
        #expect(!Self.hasEdge(Self.graph(Self.web + sa), "workload:Deployment/shop/web", "serviceaccount:shop/default"))
    }

    @Test func committedSecretValuesAreALeakedCredential() {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: empty, namespace: shop}\ntype: Opaque\n"
        let graph = Self.graph(secret)
        #expect(Self.targets(graph, of: "leaked-credential") == ["secret:shop/db committed-secret"])
    }

    @Test func networkLeadsFromExposedWorkloadsOnlyToValuableOnesItMayReach() throws {
        var yaml = Self.workload("Deployment", name: "web", spec: "automountServiceAccountToken: false\ncontainers:\n- {name: web, image: web}")
        yaml += "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: LoadBalancer, selector: {app: web}}\n"
        yaml += "---\n" + Self.workload("Deployment", name: "ops", namespace: "ops", spec: "serviceAccountName: ops\ncontainers:\n- {name: ops, image: ops}")
        yaml += "---\n" + Self.workload("Deployment", name: "idle", namespace: "ops", spec: "automountServiceAccountToken: false\ncontainers:\n- {name: idle, image: idle}")
        yaml += "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: ServiceAccount, name: ops, namespace: ops}\n"
        let graph = AttackGraph.build(estate: Self.estate(yaml))
        #expect(Self.targets(graph, of: "workload:Deployment/shop/web") == ["workload:Deployment/ops/ops network"], "idle leads nowhere")
        let path = try #require(graph.attackPaths(entries: [.internet]).paths.first { graph.vertices[$0.target].key == "cluster-admin" })
        #expect(path.edges.map { graph.edges[$0].technique.id } == ["exposed", "routes-to", "network", "runs-as", "bound-by", "rbac-cluster-admin"])
        // Default deny in the target's namespace removes the hop.
        let deny = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ops}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n"
        let isolated = AttackGraph.build(estate: Self.estate(yaml + deny))
        #expect(Self.targets(isolated, of: "workload:Deployment/shop/web").isEmpty)
        #expect(!isolated.attackPaths(entries: [.internet]).paths.contains { isolated.vertices[$0.target].key == "cluster-admin" })
    }

    // MARK: RBAC

    static func bound(_ rules: String, cluster: Bool = false, namespaceLabels: String = "") -> AttackGraph {
        let role = cluster ? "ClusterRole" : "Role"
        let ns = cluster ? "" : "\n  namespace: shop"
        var yaml = workload("Deployment", name: "api", spec: "serviceAccountName: api\ncontainers:\n- {name: api, image: api}")
        yaml += "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: \(role)\nmetadata:\n  name: r\(ns)\nrules:\n\(rules)\n"
        yaml += "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: \(role)Binding\nmetadata:\n  name: b\(ns)\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: \(role), name: r}\nsubjects:\n- {kind: ServiceAccount, name: api, namespace: shop}\n"
        if !namespaceLabels.isEmpty { yaml += "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {\(namespaceLabels)}\n" }
        return AttackGraph.build(estate: estate(yaml))
    }

    static func grants(_ graph: AttackGraph, cluster: Bool = false) -> Set<String> {
        targets(graph, of: cluster ? "permissions:ClusterRoleBinding/b" : "permissions:RoleBinding/shop/b")
    }

    @Test func eachRBACPrimitiveLeadsWhereItReallyLeads() {
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [secrets], verbs: [get, list]}")) == ["scope:Secrets:shop rbac-read-secrets"])
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [pods], verbs: [create]}")) == [
            "scope:service accounts:shop rbac-create-pods", "scope:Secrets:shop rbac-create-pods-secrets", "node:root rbac-create-privileged-pod",
        ])
        // Pod Security admission at baseline forbids the privileged pod, not the rest.
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [pods], verbs: [create]}", namespaceLabels: "pod-security.kubernetes.io/enforce: baseline")) == [
            "scope:service accounts:shop rbac-create-pods", "scope:Secrets:shop rbac-create-pods-secrets",
        ])
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [pods/exec], verbs: [create]}")) == ["scope:pods:shop rbac-exec"])
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [serviceaccounts/token], verbs: [create]}")) == ["scope:service accounts:shop rbac-token-request"])
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [pods], verbs: [patch]}")) == ["scope:pods:shop rbac-patch-pods"])
        #expect(Self.grants(Self.bound("- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}", cluster: true), cluster: true) == ["cluster-admin rbac-bind-escalate"])
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [users, groups], verbs: [impersonate]}", cluster: true), cluster: true) == ["cluster-admin rbac-impersonate"])
        #expect(Self.grants(Self.bound("- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}", cluster: true), cluster: true) == ["cluster-admin rbac-approve-csr"])
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [nodes/proxy], verbs: [get]}", cluster: true), cluster: true) == ["node:root rbac-nodes-proxy"])
        #expect(Self.grants(Self.bound("- {apiGroups: ['*'], resources: ['*'], verbs: ['*']}", cluster: true), cluster: true) == ["cluster-admin rbac-cluster-admin"])
        // Cluster-wide reads reach every namespace's Secrets, which hold the declared ones.
        let clusterRead = Self.bound("- {apiGroups: [''], resources: [secrets], verbs: [list]}", cluster: true)
        #expect(Self.grants(clusterRead, cluster: true) == ["scope:Secrets:* rbac-read-secrets"])
        #expect(Self.hasEdge(clusterRead, "scope:Secrets:*", "scope:Secrets:shop"))
    }

    @Test func harmlessOrScopedRulesGiveNothing() {
        for rules in [
            "- {apiGroups: [''], resources: [configmaps, pods], verbs: [get, list, watch]}",
            "- {apiGroups: [''], resources: [secrets], resourceNames: [api-config], verbs: [get]}",
            "- {apiGroups: [''], resources: [pods/*], verbs: [create]}",
        ] {
            let graph = Self.bound(rules)
            #expect(graph.vertex("permissions:RoleBinding/shop/b") == nil, "\(rules)")
            #expect(graph.attackPaths(entries: [.assumeBreach]).paths.isEmpty, "\(rules)")
        }
        // A Role cannot grant cluster-scoped powers, whatever it lists.
        #expect(Self.grants(Self.bound("- {apiGroups: [''], resources: [nodes/proxy, users], verbs: [get, impersonate]}")).isEmpty)
    }

    @Test func pathFromPodToClusterAdminThroughItsToken() throws {
        let graph = Self.bound("- {apiGroups: ['*'], resources: ['*'], verbs: ['*']}", cluster: true)
        let path = try #require(graph.attackPaths(entries: [.assumeBreach]).paths.first { graph.vertices[$0.target].key == "cluster-admin" })
        #expect(path.edges.map { graph.vertices[graph.edges[$0].to].key } == [
            "workload:Deployment/shop/api", "serviceaccount:shop/api", "permissions:ClusterRoleBinding/b", "cluster-admin",
        ])
        // The step evidence points at the binding's subject and the role's rule.
        let subject = graph.edges[path.edges[2]].evidence[0]
        #expect(subject.summary == "subject ServiceAccount api")
        #expect(graph.edges[path.fix!].technique.id == "bound-by" || graph.edges[path.fix!].technique.id == "runs-as")
    }

    @Test func groupsOfServiceAccountsAreSubjectsToo() {
        var yaml = Self.workload("Deployment", name: "api", spec: "containers:\n- {name: api, image: api}")
        yaml += "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: all}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {kind: Group, name: 'system:serviceaccounts:shop'}\n"
        let graph = AttackGraph.build(estate: Self.estate(yaml))
        #expect(Self.hasEdge(graph, "serviceaccount:shop/default", "group:system:serviceaccounts:shop"))
        #expect(graph.attackPaths(entries: [.assumeBreach]).paths.contains { graph.vertices[$0.target].key == "cluster-admin" })
    }

    @Test func privilegedNamespacesCountAsClusterAdmin() throws {
        // Minting tokens cluster-wide reaches kube-system's service accounts: cluster-admin level.
        var yaml = Self.workload("Deployment", name: "api", spec: "serviceAccountName: api\ncontainers:\n- {name: api, image: api}")
        yaml += "---\n" + Self.workload("DaemonSet", name: "proxy", namespace: "kube-system", spec: "containers:\n- {name: proxy, image: proxy}")
        yaml += "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: tokens}\nrules:\n- {apiGroups: [''], resources: [serviceaccounts/token], verbs: [create]}\n"
        yaml += "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: tokens}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: tokens}\nsubjects:\n- {kind: ServiceAccount, name: api, namespace: shop}\n"
        let graph = AttackGraph.build(estate: Self.estate(yaml))
        #expect(Self.hasEdge(graph, "scope:service accounts:*", "scope:service accounts:kube-system"))
        #expect(Self.hasEdge(graph, "scope:service accounts:kube-system", "cluster-admin"))
        #expect(!Self.hasEdge(graph, "scope:service accounts:shop", "cluster-admin"))
        let path = try #require(graph.attackPaths(entries: [.assumeBreach]).paths.first { graph.vertices[$0.target].key == "cluster-admin" })
        #expect(path.edges.map { graph.edges[$0].technique.id }.contains("rbac-token-request"))
        // A namespace the user names counts the same; its Secrets become crown jewels.
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: card-key, namespace: payments}\n"
        let plain = AttackGraph.build(estate: Self.estate(secret))
        #expect(plain.vertex("secret:payments/card-key") == nil)
        let named = AttackGraph.build(estate: Self.estate(secret + "---\n" + Self.workload("Deployment", name: "pay", namespace: "payments", spec: "automountServiceAccountToken: false\ncontainers:\n- name: pay\n  image: pay\n  envFrom: [{secretRef: {name: card-key}}]")), options: GraphOptions(privilegedNamespaces: ["payments"]))
        #expect(named.vertex("secret:payments/card-key").map { named.vertices[$0].jewel } == .secrets)
    }

    @Test func userCrownJewelsAreTargets() {
        let yaml = Self.workload("Deployment", name: "ledger", spec: "automountServiceAccountToken: false\ncontainers:\n- {name: l, image: l}")
        let options = GraphOptions(crownJewels: [CrownJewel(kind: "Deployment", namespace: "shop", name: "led*")])
        let graph = AttackGraph.build(estate: Self.estate(yaml), options: options)
        #expect(graph.vertex("workload:Deployment/shop/ledger").map { graph.vertices[$0].jewel } == .named)
        #expect(graph.attackPaths(entries: [.assumeBreach]).paths.count == 1)
    }

    // MARK: Workload identity and cloud IAM

    static let irsa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/shop-api\n---\n"
        + workload("Deployment", name: "api", spec: "serviceAccountName: api\ncontainers:\n- {name: api, image: api}")

    static func role(trust: String, policy: String) -> String {
        """
        resource "aws_iam_role" "api" {
          name               = "shop-api"
          assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [\(trust)] })
        }
        resource "aws_iam_role_policy" "api" {
          role   = aws_iam_role.api.id
          policy = jsonencode({ Version = "2012-10-17", Statement = [\(policy)] })
        }
        resource "aws_s3_bucket" "data" { bucket = "shop-data" }
        resource "aws_s3_bucket" "other" { bucket = "shop-other" }
        """
    }

    static let webIdentity = #"{ Effect = "Allow", Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks" }, Action = "sts:AssumeRoleWithWebIdentity" }"#

    @Test func serviceAccountReachesItsFederatedRoleAndItsData() throws {
        let graph = Self.graph(Self.irsa, terraform: Self.role(trust: Self.webIdentity, policy: #"{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::shop-data/*" }"#))
        #expect(Self.hasEdge(graph, "serviceaccount:shop/api", "cloud:aws_iam_role.api"))
        #expect(Self.targets(graph, of: "cloud:aws_iam_role.api") == ["cloud:aws_s3_bucket.data iam-data-access"])
        let path = try #require(graph.attackPaths(entries: [.assumeBreach]).paths.first { graph.vertices[$0.target].key == "cloud:aws_s3_bucket.data" })
        #expect(path.edges.count == 4)
        // A trust policy that does not federate web identities breaks the link.
        let ec2 = #"{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }"#
        #expect(!Self.hasEdge(Self.graph(Self.irsa, terraform: Self.role(trust: ec2, policy: #"{ Effect = "Allow", Action = "s3:*", Resource = "*" }"#)), "serviceaccount:shop/api", "cloud:aws_iam_role.api"))
        // A role outside the scan is still a vertex, with nothing known beyond it.
        let external = Self.graph(Self.irsa)
        #expect(Self.hasEdge(external, "serviceaccount:shop/api", "cloud-identity:arn:aws:iam::123456789012:role/shop-api"))
    }

    @Test func iamIsReadAsAWSEvaluatesIt() {
        func reach(_ policy: String) -> Set<String> {
            Self.targets(Self.graph("", terraform: Self.role(trust: Self.webIdentity, policy: policy)), of: "cloud:aws_iam_role.api")
        }
        #expect(reach(#"{ Effect = "Allow", Action = "*", Resource = "*" }"#) == ["cloud-admin iam-admin"])
        #expect(reach(#"{ Effect = "Allow", Action = "iam:CreatePolicyVersion", Resource = "*" }"#) == ["cloud-admin iam-privilege-escalation"])
        // An explicit Deny wins.
        #expect(reach(#"{ Effect = "Allow", Action = "iam:PutRolePolicy", Resource = "*" }, { Effect = "Deny", Action = "iam:*", Resource = "*" }"#).isEmpty)
        #expect(reach(#"{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::shop-other/*" }"#) == ["cloud:aws_s3_bucket.other iam-data-access"])
        #expect(reach(#"{ Effect = "Allow", Action = "s3:Get*", Resource = "*" }, { Effect = "Deny", Action = "s3:*", Resource = "arn:aws:s3:::shop-data/*" }"#) == ["cloud:aws_s3_bucket.other iam-data-access"])
        #expect(reach(#"{ Effect = "Allow", NotAction = "iam:*", NotResource = "arn:aws:s3:::shop-data/*" }"#) == ["cloud:aws_s3_bucket.other iam-data-access"])
        #expect(reach(#"{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }"#).isEmpty)
    }

    @Test func resourcePoliciesGrantAndDeny() {
        func reach(_ bucketPolicy: String, identity: String = #"{ Effect = "Allow", Action = "sts:GetCallerIdentity", Resource = "*" }"#) -> Set<String> {
            let tf = Self.role(trust: Self.webIdentity, policy: identity) + """

                resource "aws_s3_bucket_policy" "data" {
                  bucket = aws_s3_bucket.data.id
                  policy = jsonencode({ Version = "2012-10-17", Statement = [\(bucketPolicy)] })
                }
                """
            return Self.targets(Self.graph("", terraform: tf), of: "cloud:aws_iam_role.api")
        }
        // The bucket's policy names the role: it reads the bucket without an identity policy for it.
        #expect(reach(#"{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/shop-api" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::shop-data/*" }"#) == ["cloud:aws_s3_bucket.data iam-data-access"])
        #expect(reach(#"{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/other" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::shop-data/*" }"#).isEmpty)
        // A Deny in the bucket's policy takes back what the identity policy gives, for that bucket only.
        let everything = #"{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }"#
        #expect(reach(#"{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::shop-data/*" }"#, identity: everything) == ["cloud:aws_s3_bucket.other iam-data-access"])
        #expect(reach(#"{ Effect = "Deny", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::shop-data/private/*" }"#, identity: everything) == ["cloud:aws_s3_bucket.data iam-data-access", "cloud:aws_s3_bucket.other iam-data-access"])
    }

    @Test func publicDataStoresAndFunctionURLsAreEntryPoints() {
        let tf = """
            resource "aws_s3_bucket" "open" { bucket = "open" }
            resource "aws_s3_bucket_acl" "open" {
              bucket = aws_s3_bucket.open.id
              acl    = "public-read"
            }
            resource "aws_s3_bucket" "blocked" { bucket = "blocked" }
            resource "aws_s3_bucket_acl" "blocked" {
              bucket = aws_s3_bucket.blocked.id
              acl    = "public-read"
            }
            resource "aws_s3_bucket_public_access_block" "blocked" {
              bucket                  = aws_s3_bucket.blocked.id
              block_public_acls       = true
              ignore_public_acls      = true
              block_public_policy     = true
              restrict_public_buckets = true
            }
            resource "aws_db_instance" "db" {
              identifier          = "db"
              engine              = "postgres"
              instance_class      = "db.t3.micro"
              publicly_accessible = true
            }
            resource "aws_iam_role" "fn" {
              name = "fn"
              assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
            }
            resource "aws_iam_role_policy_attachment" "fn" {
              role       = aws_iam_role.fn.name
              policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
            }
            resource "aws_lambda_function" "fn" {
              function_name = "fn"
              role          = aws_iam_role.fn.arn
              handler       = "index.handler"
              runtime       = "nodejs20.x"
            }
            resource "aws_lambda_function_url" "fn" {
              function_name      = aws_lambda_function.fn.function_name
              authorization_type = "NONE"
            }
            """
        let graph = Self.graph("", terraform: tf)
        #expect(Self.targets(graph, of: "internet") == [
            "cloud:aws_s3_bucket.open public-data", "cloud:aws_db_instance.db public-database", "cloud:aws_lambda_function.fn public-function",
        ])
        #expect(Self.targets(graph, of: "cloud:aws_lambda_function.fn") == ["cloud:aws_iam_role.fn function-role"])
        let paths = graph.attackPaths(entries: [.internet]).paths
        #expect(paths.contains { graph.vertices[$0.target].key == "cloud-admin" && $0.edges.count == 3 })
    }

    @Test func passRoleWithComputeAndAssumeRole() {
        let tf = """
            resource "aws_iam_user" "ci" { name = "ci" }
            resource "aws_iam_user_policy" "ci" {
              user   = aws_iam_user.ci.name
              policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }] })
            }
            resource "aws_iam_user" "dev" { name = "dev" }
            resource "aws_iam_user_policy" "dev" {
              user   = aws_iam_user.dev.name
              policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::123456789012:role/admin" }] })
            }
            resource "aws_iam_role" "admin" {
              name = "admin"
              assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:user/dev" }, Action = "sts:AssumeRole" }] })
            }
            resource "aws_iam_role_policy_attachment" "admin" {
              role       = aws_iam_role.admin.name
              policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
            }
            resource "aws_iam_access_key" "ci" { user = aws_iam_user.ci.name }
            """
        let graph = Self.graph("", terraform: tf)
        #expect(Self.targets(graph, of: "cloud:aws_iam_user.ci") == ["cloud:aws_iam_role.admin iam-pass-role"])
        #expect(Self.targets(graph, of: "cloud:aws_iam_user.dev") == ["cloud:aws_iam_role.admin iam-assume-role"])
        #expect(Self.targets(graph, of: "cloud:aws_iam_role.admin") == ["cloud-admin iam-admin"])
        #expect(Self.targets(graph, of: "leaked-credential") == ["cloud:aws_iam_user.ci leaked-key"])
        let paths = graph.attackPaths(entries: [.leakedCredential]).paths
        #expect(paths.first.map { graph.vertices[$0.target].key } == "cloud-admin")
    }

    // MARK: Paths, blast radius, reports

    @Test func exampleEstateHasAPathFromTheInternetToClusterAdmin() throws {
        let result = Support.scan([Support.root.appendingPathComponent("examples/estate").path]) { $0.keepModels = true }
        let graph = AttackGraph.build(estate: try #require(result.estate), cloud: result.cloud)
        let report = graph.attackPaths()
        let internet = try #require(graph.vertex("internet"))
        let toAdmin = try #require(report.paths.first { $0.entry == internet && graph.vertices[$0.target].key == "cluster-admin" })
        #expect(toAdmin.edges.map { graph.vertices[graph.edges[$0].to].key }.contains("node:root"))
        #expect(report.paths.contains { $0.entry == internet && graph.vertices[$0.target].kind == .dataStore })
        #expect(!report.fixes.isEmpty)
        // Deterministic: the same input renders byte-identical JSON.
        let again = AttackGraph.build(estate: try #require(Support.scan([Support.root.appendingPathComponent("examples/estate").path], jobs: 1) { $0.keepModels = true }.estate), cloud: result.cloud)
        #expect(AttackPathReport.render(report, graph, format: .json) == AttackPathReport.render(again.attackPaths(), again, format: .json))
    }

    @Test func blastRadiusOfAWorkload() {
        let graph = Self.bound("- {apiGroups: [''], resources: [secrets], verbs: [get]}")
        let start = graph.vertices(named: "Deployment/api")
        #expect(start.count == 1)
        let radius = graph.blastRadius(from: start)
        let keys = Set(radius.reached.map { graph.vertices[$0.vertex].key })
        #expect(keys == ["serviceaccount:shop/api", "permissions:RoleBinding/shop/b", "scope:Secrets:shop"])
        #expect(graph.vertices(named: "nothing/here").isEmpty)
        #expect(graph.vertices(named: "shop/api").count == 2, "the workload and its service account")
    }

    @Test func exportsDrawThePaths() {
        let graph = Self.bound("- {apiGroups: ['*'], resources: ['*'], verbs: ['*']}", cluster: true)
        let report = graph.attackPaths()
        let dot = AttackPathReport.render(report, graph, format: .dot)
        #expect(dot.hasPrefix("digraph attack_paths {"))
        #expect(dot.contains("label=\"cluster-admin\", shape=octagon"))
        let mermaid = AttackPathReport.render(report, graph, format: .mermaid)
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        #expect(mermaid.contains("-->|rbac-cluster-admin|"))
        let json = AttackPathReport.render(report, graph, format: .json, wholeGraph: true)
        let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((parsed?["paths"] as? [Any])?.isEmpty == false)
        #expect(((parsed?["graph"] as? [String: Any])?["edges"] as? [Any])?.count == graph.edges.count)
    }

    @Test func commandLine() throws {
        let estate = Support.root.appendingPathComponent("examples/estate").path
        let text = try Support.run(["paths", estate])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Fix these first\n  1. "))
        #expect(text.stdout.contains("the internet -> cluster-admin [cluster-admin]"))
        let json = try Support.run(["paths", estate, "--format", "json", "--entry", "internet"])
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let paths = try #require(parsed["paths"] as? [[String: Any]])
        #expect(!paths.isEmpty && paths.allSatisfy { $0["entry"] as? String == "internet" })
        let html = try Support.run(["paths", estate, "--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("<svg") && html.stdout.contains("<h2>Findings by risk</h2>"))
        #expect(!html.stdout.contains("<script") && !html.stdout.contains("<link") && !html.stdout.contains("src="), "must open offline")
        let trusted = try Support.run(["paths", estate, "--entry", "internet", "--trusted-entry", "Service/shop/log-shipper-metrics"])
        #expect(!trusted.stdout.contains("-> Service/log-shipper-metrics"), "\(trusted.stdout)")
        // The node is still reached: the storefront's Ingress, then the pod network to the log shipper.
        #expect(trusted.stdout.contains("(reaches over the pod network (no NetworkPolicy stops it), ATT&CK T1021)"))
        #expect(trusted.stdout.contains("the internet -> bucket"))
        #expect(try Support.run(["paths", estate, "--trusted-entry", "a/b/c/d"]).status == 2)
        let radius = try Support.run(["blast-radius", "--from", "DaemonSet/log-shipper", estate])
        #expect(radius.status == 0)
        #expect(radius.stdout.contains("root on a node [node root]"))
        #expect(radius.stdout.contains("cluster-admin [cluster-admin]"))
        let none = try Support.run(["blast-radius", "--from", "Deployment/nope", estate])
        #expect(none.status == 2)
        #expect(none.stderr.contains("matches nothing"))
        #expect(try Support.run(["paths", estate, "--format", "pdf"]).status == 2)
        #expect(try Support.run(["paths", estate, "--entry", "moon"]).status == 2)
    }
}

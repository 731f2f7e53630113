import Foundation
import PalisadeCore
import PalisadeLoaders
import Testing

@Suite("Loading")
struct LoaderTests {
    @Test("Keys and values know their line and column")
    func positions() throws {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web\"\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n"
        let object = try #require(Support.objects(yaml).first)
        let entry = try #require(object.root["metadata"]?.entry("name"))
        #expect(entry.key.range.start == SourcePosition(line: 4, column: 3))
        #expect(entry.value.range.start == SourcePosition(line: 4, column: 9))
        #expect(entry.value.range.end == SourcePosition(line: 4, column: 14))
        #expect(entry.value.scalar?.style == .doubleQuoted)
        let container = try #require(object.podSpec?.containers.first)
        #expect(container.node.range.start == SourcePosition(line: 7, column: 7))
        #expect(container.node["image"]?.range.start == SourcePosition(line: 8, column: 14))
    }

    @Test("Multi-document YAML, List kinds and JSON all yield objects; workloads share one pod model")
    func kinds() throws {
        let yaml = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
              - apiVersion: apps/v1
                kind: DeploymentList
                items:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: d}
                    spec: {template: {spec: {containers: [{name: c, image: x}]}}}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: cj
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      initContainers: [{name: i, image: y}]
                      containers: [{name: c, image: y}]
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: custom
            """
        let objects = Support.objects(yaml)
        #expect(objects.map(\.kind) == ["ConfigMap", "Deployment", "CronJob", "Widget"])
        #expect(objects[1].podSpec?.path == "spec.template.spec")
        #expect(objects[2].podSpec?.containers.map(\.path) == [
            "spec.jobTemplate.spec.template.spec.initContainers[i]", "spec.jobTemplate.spec.template.spec.containers[c]",
        ])
        #expect(objects[3].podSpec == nil)
        let json = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"j","namespace":"ns"},"spec":{"containers":[{"name":"c","image":"i:1"}]}}"#
        let pod = try #require(Support.objects(json, file: "pod.json").first)
        #expect(pod.identity == ResourceIdentity(apiVersion: "v1", kind: "Pod", namespace: "ns", name: "j"))
        #expect(pod.podSpec?.containers.first?.node["image"]?.range.start == SourcePosition(line: 1, column: 116))
    }

    @Test("Every workload kind exposes its pod template")
    func workloadKinds() {
        for kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
            let yaml = "apiVersion: apps/v1\nkind: \(kind)\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n"
            #expect(Support.objects(yaml).first?.podSpec?.containers.count == 1, "\(kind)")
        }
    }

    @Test("Scalars resolve as Kubernetes reads them: YAML 1.1 booleans, quoted strings stay strings")
    func scalars() throws {
        let yaml = "a: yes\nb: \"true\"\nc: Off\nd: 0o17\ne: ~\nf: 0x1F\ng: -3\nh: '0'\ni: !!bool \"true\"\nj: !!int '0'\nk: !!str true\n"
        var root: Node?
        YAMLLoader().load(Array(yaml.utf8), file: "t") { node, _ in root = node }
        let r = try #require(root)
        #expect(r["a"]?.bool == true)
        #expect(r["b"]?.bool == nil)
        #expect(r["b"]?.string == "true")
        #expect(r["c"]?.bool == false)
        #expect(r["d"]?.int == 15)
        #expect(r["e"]?.isNull == true)
        #expect(r["f"]?.int == 31)
        #expect(r["g"]?.int == -3)
        #expect(r["h"]?.int == nil)
        #expect(r["i"]?.bool == true, "an explicit !!bool tag makes a quoted scalar a boolean")
        #expect(r["j"]?.int == 0)
        #expect(r["k"]?.bool == nil, "an explicit !!str tag makes true a string")
    }

    @Test("Anchors, aliases and merge keys resolve; written keys win over merged ones")
    func aliases() throws {
        let yaml = """
            base: &base
              privileged: true
              runAsUser: 1000
            ctx:
              <<: *base
              runAsUser: 0
            copy: *base
            """
        var root: Node?
        YAMLLoader().load(Array(yaml.utf8), file: "t") { node, _ in root = node }
        let r = try #require(root)
        #expect(r["ctx"]?["privileged"]?.bool == true)
        #expect(r["ctx"]?["runAsUser"]?.int == 0)
        #expect(r["copy"]?["runAsUser"]?.int == 1000)
        #expect(r["copy"]?.range.start == SourcePosition(line: 7, column: 7))
    }

    @Test("Documents that are not Kubernetes objects are counted and skipped without noise")
    func nonKubernetes() {
        let yaml = "name: CI\non: push\njobs: {}\n---\nservices:\n  web: {image: nginx}\n---\n"
        var delivered = 0
        let (counts, error) = ManifestLoader().load(Array(yaml.utf8), file: "ci.yml") { _ in delivered += 1 }
        #expect(error == nil)
        #expect(delivered == 0)
        #expect(counts.otherDocuments == 2)
        #expect(counts.objects == 0)
    }
}

@Suite("Object views")
struct ObjectViewTests {
    @Test("RBAC, Service, Ingress, NetworkPolicy, ServiceAccount, Secret, ConfigMap and Namespace views")
    func views() throws {
        let yaml = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: reader}
            rules:
              - apiGroups: [""]
                resources: [secrets, pods]
                verbs: [get, list]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: admins}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects:
              - {kind: ServiceAccount, name: reports, namespace: shop}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: LoadBalancer
              selector: {app: web}
              ports: [{port: 443, targetPort: https}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              tls: [{hosts: [shop.example.com], secretName: tls}]
              rules: [{host: shop.example.com}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db}
            spec:
              podSelector: {matchLabels: {app: db}}
              egress: []
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: reports, labels: {team: data}}
            automountServiceAccountToken: false
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: db}
            data: {password: c2VjcmV0}
            stringData: {user: admin}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg}
            data: {LOG_LEVEL: info}
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {pod-security.kubernetes.io/enforce: restricted}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec: {template: {spec: {serviceAccountName: reports, containers: [{name: c, image: i}]}}}
            """
        let o = Support.objects(yaml)
        #expect(o.map(\.kind) == ["ClusterRole", "ClusterRoleBinding", "Service", "Ingress", "NetworkPolicy",
                                 "ServiceAccount", "Secret", "ConfigMap", "Namespace", "Deployment"])
        #expect(o[0].policyRules.first?.resources == ["secrets", "pods"])
        #expect(o[0].policyRules.first?.verbs == ["get", "list"])
        #expect(o[1].roleRef?.name == "cluster-admin")
        #expect(o[1].subjects.first?.namespace == "shop")
        #expect(o[2].serviceType == "LoadBalancer")
        #expect(o[2].selector == ["app": "web"])
        #expect(o[2].servicePorts.first?.port == 443)
        #expect(o[3].ingressHosts == ["shop.example.com"] && o[3].ingressHasTLS)
        #expect(o[4].selector == ["app": "db"])
        #expect(o[4].policyTypes == ["Ingress", "Egress"])
        #expect(o[5].automountServiceAccountToken == false)
        #expect(o[5].labels == ["team": "data"])
        #expect(o[6].secretType == "Opaque")
        #expect(o[6].dataKeys == ["password", "user"])
        #expect(o[7].dataKeys == ["LOG_LEVEL"])
        #expect(o[8].labels["pod-security.kubernetes.io/enforce"] == "restricted")
        #expect(o[9].serviceAccountName == "reports")
        #expect(o[9].automountServiceAccountToken == nil)
    }
}

@Suite("JSON surrogate pairs")
struct JSONSurrogateTests {
    @Test("Characters escaped as UTF-16 surrogate pairs load, and later columns stay put")
    func surrogatePairs() throws {
        let json = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","annotations":{"note":"ok \ud83d\ude00!"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#
        let object = try #require(Support.objects(json, file: "p.json").first)
        #expect(object.annotations["note"] == "ok 😀!")
        let image = try #require(object.podSpec?.containers.first?.node["image"])
        let expectedColumn = json.distance(from: json.startIndex, to: json.range(of: "\"busybox\"")!.lowerBound) + 1
        #expect(image.range.start == SourcePosition(line: 1, column: expectedColumn))
    }
}

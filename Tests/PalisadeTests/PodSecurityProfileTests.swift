import PalisadeCompliance
import PalisadeCore
import PalisadeEngine
import PalisadeRules
import Testing

/// The Pod Security Standards profiles as a whole: what `--profile pss-baseline` and
/// `--profile pss-restricted` report for pods that meet one profile and not the other.
@Suite("Pod Security Standards profiles")
struct PodSecurityProfileTests {
    static func findings(_ yaml: String, _ rules: [any KubernetesRule]) -> [Finding] {
        let scanner = Scanner(rules: rules)
        return Support.objects(yaml).flatMap { scanner.evaluate($0) }
    }

    /// Rule ids with how often each was reported, so a count that drifts fails the test.
    static func counts(_ findings: [Finding]) -> [String: Int] {
        findings.reduce(into: [:]) { $0[$1.ruleId, default: 0] += 1 }
    }

    static let restrictedPod = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              initContainers:
                - name: migrate
                  image: api:1.0
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities:
                      drop: ["ALL"]
              containers:
                - name: api
                  image: api:1.0
                  ports:
                    - containerPort: 8080
                  securityContext:
                    allowPrivilegeEscalation: false
                    runAsUser: 10001
                    capabilities:
                      drop: ["ALL"]
                      add: ["NET_BIND_SERVICE"]
              volumes:
                - name: config
                  configMap: {name: api}
                - name: credentials
                  secret: {secretName: api}
                - name: scratch
                  emptyDir: {}
                - name: data
                  persistentVolumeClaim: {claimName: api}
                - name: token
                  projected:
                    sources:
                      - serviceAccountToken: {path: token}
                - name: pod-info
                  downwardAPI:
                    items:
                      - path: labels
                        fieldRef: {fieldPath: metadata.labels}
        """

    /// A default-ish pod: nothing baseline forbids, none of what restricted requires.
    static let baselinePod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          initContainers:
            - name: init
              image: init:1.0
          containers:
            - name: web
              image: nginx:1.27
              securityContext:
                runAsUser: 0
                capabilities:
                  add: ["CHOWN"]
          volumes:
            - name: shared
              nfs:
                server: nfs.example.com
                path: /exports
        """

    @Test("A pod that meets restricted exactly gives no finding in either profile")
    func restrictedPodIsClean() {
        #expect(Self.findings(Self.restrictedPod, PodSecurityRules.restricted).isEmpty)
        #expect(Self.findings(Self.restrictedPod, PodSecurityRules.baseline).isEmpty)
    }

    @Test("A pod that meets baseline but not restricted gives no baseline finding and exactly the restricted ones")
    func baselineButNotRestricted() {
        #expect(Self.findings(Self.baselinePod, PodSecurityRules.baseline).isEmpty)
        let findings = Self.findings(Self.baselinePod, PodSecurityRules.restricted)
        #expect(Self.counts(findings) == [
            "k8s-pss-restricted-volume-types": 1,
            "k8s-pss-restricted-privilege-escalation": 2,
            "k8s-pss-restricted-running-as-non-root": 2,
            "k8s-pss-restricted-running-as-non-root-user": 1,
            "k8s-pss-restricted-seccomp": 2,
            // drop ALL missing on both containers, and CHOWN added back.
            "k8s-pss-restricted-capabilities": 3,
        ])
        #expect(findings.allSatisfy { !$0.ruleId.hasPrefix("k8s-pss-baseline-") })
        let paths = Set(findings.map(\.path))
        #expect(paths.contains("spec.volumes[shared].nfs"))
        #expect(paths.contains("spec.containers[web].securityContext.runAsUser"))
        #expect(paths.contains("spec.containers[web].securityContext.capabilities.add[CHOWN]"))
        #expect(paths.contains("spec.initContainers[init].securityContext.allowPrivilegeEscalation"))
    }

    @Test("Restricted reports a baseline violation once: through its baseline control")
    func noDoubleReports() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: agent
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile: {type: Unconfined}
              containers:
                - name: agent
                  image: agent:1.0
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities:
                      drop: [ALL]
                      add: [SYS_ADMIN]
              volumes:
                - name: root
                  hostPath: {path: /}
            """
        let findings = Self.findings(yaml, PodSecurityRules.restricted)
        #expect(Self.counts(findings) == [
            "k8s-pss-baseline-seccomp": 1,
            "k8s-pss-baseline-capabilities": 1,
            "k8s-pss-baseline-hostpath-volumes": 1,
        ])
        // SYS_ADMIN and a mount of the node's root hand over the node: critical, not the default high.
        #expect(findings.first { $0.ruleId == "k8s-pss-baseline-capabilities" }?.severity == .critical)
        #expect(findings.first { $0.ruleId == "k8s-pss-baseline-hostpath-volumes" }?.severity == .critical)
        #expect(findings.first { $0.ruleId == "k8s-pss-baseline-seccomp" }?.severity == .medium)
    }

    @Test("Windows pods are exempt from restricted privilege escalation, seccomp and capabilities, and from nothing else")
    func windowsExemptions() {
        let pod = { (os: String) in
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: iis
            spec:
              os:
                name: \(os)
              containers:
                - name: iis
                  image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
                - name: logger
                  image: logger:1.0
                  securityContext:
                    windowsOptions:
                      hostProcess: true
            """
        }
        #expect(Self.counts(Self.findings(pod("windows"), PodSecurityRules.restricted)) == [
            "k8s-pss-baseline-host-process": 1,
            "k8s-pss-restricted-running-as-non-root": 2,
        ])
        #expect(Self.counts(Self.findings(pod("linux"), PodSecurityRules.restricted)) == [
            "k8s-pss-baseline-host-process": 1,
            "k8s-pss-restricted-running-as-non-root": 2,
            "k8s-pss-restricted-privilege-escalation": 2,
            "k8s-pss-restricted-seccomp": 2,
            "k8s-pss-restricted-capabilities": 2,
        ])
    }

    @Test("Pods in a user namespace: runAsNonRoot and runAsUser relaxed, /proc relaxed in baseline only")
    func userNamespaces() {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: builder
            spec:
              hostUsers: false
              securityContext:
                runAsUser: 0
                seccompProfile: {type: RuntimeDefault}
              containers:
                - name: buildkit
                  image: moby/buildkit:v0.15.1-rootless
                  securityContext:
                    allowPrivilegeEscalation: false
                    procMount: Unmasked
                    capabilities: {drop: [ALL]}
            """
        #expect(Self.findings(yaml, PodSecurityRules.baseline).isEmpty)
        let findings = Self.findings(yaml, PodSecurityRules.restricted)
        #expect(findings.map(\.ruleId) == ["k8s-pss-restricted-proc-mount"])
        #expect(findings.first?.location.range.start == SourcePosition(line: 15, column: 20))
    }

    @Test("A pod-level setting is reported once, naming the containers that inherit it")
    func podLevelOnce() {
        let yaml = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            spec:
              template:
                spec:
                  securityContext:
                    runAsNonRoot: false
                    runAsUser: 0
                  containers:
                    - name: a
                      image: migrate:1.0
                    - name: b
                      image: migrate:1.0
                    - name: c
                      image: migrate:1.0
                      securityContext:
                        runAsUser: 1000
                        runAsNonRoot: true
            """
        let rules: [any KubernetesRule] = [
            PodSecurityControl.restrictedRunningAsNonRoot, PodSecurityControl.restrictedRunningAsNonRootUser,
        ]
        let findings = Self.findings(yaml, rules)
        #expect(findings.count == 2)
        for finding in findings {
            #expect(finding.location.range.start.line == (finding.ruleId.hasSuffix("-user") ? 10 : 9))
            #expect(finding.message.contains("containers 'a', 'b'"), "\(finding.message)")
            #expect(!finding.message.contains("'c'"), "\(finding.message)")
            #expect(finding.message.contains("Pod Security Standards restricted profile"))
        }
    }

    @Test("Profiles: restricted is baseline plus its own controls, every id names its level")
    func profiles() {
        let baseline = PodSecurityRules.baseline.map(\.description.id)
        let restricted = PodSecurityRules.restricted.map(\.description.id)
        #expect(baseline.count == 12)
        #expect(PodSecurityRules.restrictedOnly.count == 7)
        #expect(restricted == baseline + PodSecurityRules.restrictedOnly.map(\.description.id))
        #expect(baseline.allSatisfy { $0.hasPrefix("k8s-pss-baseline-") })
        #expect(PodSecurityRules.restrictedOnly.allSatisfy { $0.description.id.hasPrefix("k8s-pss-restricted-") })
        // Not in the default catalogue, but in everything the docs and example tests cover.
        let catalogue = Set(BuiltinRules.kubernetes.map(\.description.id))
        let all = Set(BuiltinRules.allKubernetes.map(\.description.id))
        #expect(catalogue.isDisjoint(with: restricted))
        #expect(Set(restricted).isSubset(of: all))
        for rule in PodSecurityRules.restricted {
            let level = rule.description.id.hasPrefix("k8s-pss-baseline-") ? "baseline/" : "restricted/"
            #expect(Catalogue.controls(evidencedBy: rule.description.id).contains { $0.framework == .podSecurityStandards && $0.id.hasPrefix(level) })
        }
    }
}

import Foundation
import Testing

/// Issue 9's bar, end to end on a real git repository: a team accepts findings three ways (comment,
/// annotation, ignore file), baselines the rest, changes one manifest and sees exactly the new
/// finding; an expired suppression brings its finding back; fingerprints do not depend on how the
/// scan names the tree.
@Suite("Adopting Palisade in CI, end to end")
struct AdoptionEndToEndTests {
    static let agent = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-agent
          namespace: monitoring
          annotations:
            palisade.dev/ignore: "k8s-host-pid=the node exporter reads host processes (SEC-12)"
        spec:
          selector:
            matchLabels: {app: node-agent}
          template:
            metadata:
              labels: {app: node-agent}
            spec:
              hostPID: true
              containers:
                - name: agent
                  image: registry.example.com/node-agent:1.4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                  securityContext:
                    privileged: true  # palisade:ignore k8s-privileged-container the CNI agent programs routes (SEC-13)

        """

    static let web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: registry.example.com/web:2.0

        """

    static let ignoreFile = """
        - rule: k8s-image-no-digest
          resource: Deployment/shop/web
          reason: web is rebuilt and redeployed on every release (SEC-14)
          expires: 2027-01-31

        """

    struct Result {
        var findings: [[String: Any]]
        var diagnostics: [[String: Any]]
        var status: Int32

        /// `rule file:line:column` of the findings that are neither suppressed nor in the baseline.
        var new: [String] {
            findings.filter { $0["suppression"] is NSNull && ($0["baselineState"] as? String) != "unchanged" }.map(Self.place)
        }

        var suppressed: [String: String] {
            var kinds: [String: String] = [:]
            for f in findings {
                if let s = f["suppression"] as? [String: Any] { kinds[f["ruleId"] as! String] = s["kind"] as? String }
            }
            return kinds
        }

        var fingerprints: [String] { findings.compactMap { $0["fingerprint"] as? String }.sorted() }

        static func place(_ f: [String: Any]) -> String {
            let l = f["location"] as! [String: Any]
            return "\(f["ruleId"]!) \(l["file"]!):\(l["line"]!):\(l["column"]!)"
        }
    }

    static func scan(_ arguments: [String], in dir: URL, today: String = "2026-12-01") throws -> Result {
        let run = try Support.run(["scan", "-q", "--format", "json"] + arguments, environment: ["PALISADE_TODAY": today], in: dir)
        let report = try BaselineTests.json(run.stdout)
        return Result(findings: report["findings"] as! [[String: Any]], diagnostics: report["diagnostics"] as! [[String: Any]], status: run.status)
    }

    @Test("Suppress three ways, baseline, change one manifest, expire a suppression, scan from anywhere")
    func adoption() throws {
        let repo = try BaselineTests.repository([
            "deploy/agents/node-agent.yaml": Self.agent, "deploy/apps/web.yaml": Self.web, ".palisadeignore.yaml": Self.ignoreFile,
        ])
        defer { try? FileManager.default.removeItem(at: repo.deletingLastPathComponent()) }

        // Each way of accepting a finding, with its reason, shown as suppressed and never failing.
        let first = try Self.scan(["."], in: repo)
        #expect(first.suppressed == ["k8s-host-pid": "annotation", "k8s-privileged-container": "comment", "k8s-image-no-digest": "ignore-file"])
        #expect(first.status == 0)  // what is left is below high
        #expect(first.new.count == first.findings.count - 3)

        // Baseline the rest, commit it: nothing is new.
        #expect(try Support.run(["baseline", "create", ".", "-q"], environment: ["PALISADE_TODAY": "2026-12-01"], in: repo).status == 0)
        try BaselineTests.git(["add", "-A"], in: repo)
        try BaselineTests.git(["commit", "-q", "-m", "baseline"], in: repo)
        #expect(try Self.scan([".", "--baseline", ".palisade-baseline.json"], in: repo).new == [])

        // One change: the web pods join the host network. Exactly that finding is new, with the
        // baseline and with --changed-since alike.
        let changed = Self.web.replacingOccurrences(of: "    spec:\n      containers:", with: "    spec:\n      hostNetwork: true\n      containers:")
        try Support.write(changed, to: repo.appendingPathComponent("deploy/apps/web.yaml"))
        let expected = ["k8s-host-network deploy/apps/web.yaml:13:7"]
        #expect(try Self.scan([".", "--baseline", ".palisade-baseline.json"], in: repo).new == expected)
        let sinceHead = try Self.scan([".", "--changed-since", "HEAD", "--baseline", ".palisade-baseline.json"], in: repo)
        #expect(sinceHead.new == expected)
        #expect(sinceHead.status == 1)  // high: fails the run

        // The ignore-file entry expires on 2027-01-31: on 2027-02-01 its finding is back (it was
        // suppressed, so not in the baseline) and a warning says where the suppression is written.
        let later = try Self.scan([".", "--baseline", ".palisade-baseline.json"], in: repo, today: "2027-02-01")
        #expect(later.new == ["k8s-host-network deploy/apps/web.yaml:13:7", "k8s-image-no-digest deploy/apps/web.yaml:16:18"])
        #expect(later.suppressed == ["k8s-host-pid": "annotation", "k8s-privileged-container": "comment"])
        let expired = later.diagnostics.filter { $0["code"] as? String == "expired-suppression" }
        #expect(expired.count == 1)
        #expect(expired.first?["file"] as? String == ".palisadeignore.yaml")

        // The same fingerprints from the root, a subfolder and an absolute path from elsewhere.
        let fromRoot = try Self.scan(["deploy"], in: repo).fingerprints
        #expect(fromRoot.count == later.findings.count)
        #expect(try Self.scan(["."], in: repo.appendingPathComponent("deploy")).fingerprints == fromRoot)
        #expect(try Self.scan(["apps", "agents"], in: repo.appendingPathComponent("deploy")).fingerprints == fromRoot)
        #expect(try Self.scan([repo.appendingPathComponent("deploy").path], in: URL(fileURLWithPath: "/")).fingerprints == fromRoot)
    }
}

import Foundation
import PalisadeCore
import PalisadeReport
import Testing

/// SARIF as code-review systems read it (GitHub code scanning above all): each result's severity
/// in the descriptor it names, paths relative to the repository root, the run's category and
/// outcome, rule pages, and rendered Helm output located at its templates. Every log produced here
/// is validated against the official SARIF 2.1.0 schema.
@Suite("SARIF for review systems")
struct SARIFIntegrationTests {
    static let schema = "Tests/Fixtures/sarif-schema-2.1.0.json"

    /// A pod with a hostPort on the node's interfaces (medium, the rule's own severity), one on its
    /// loopback (low) and a privileged container (critical).
    static let ports = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
          namespace: tools
        spec:
          containers:
            - name: debug
              image: debug:1.0
              securityContext:
                privileged: true
              ports:
                - containerPort: 2345
                  hostPort: 2345
                - containerPort: 6060
                  hostPort: 6060
                  hostIP: 127.0.0.1

        """

    typealias JSON = [String: Any]

    static func run(_ sarif: String) throws -> JSON {
        let log = try #require(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? JSON)
        return try #require((log["runs"] as? [JSON])?.first)
    }

    static func validated(_ sarif: String) throws -> JSON {
        let (status, output) = try ReportTests.validate(sarif, schema: schema)
        #expect(status == 0, "\(output)")
        return try run(sarif)
    }

    static func rules(_ run: JSON) -> [JSON] {
        ((run["tool"] as? JSON)?["driver"] as? JSON)?["rules"] as? [JSON] ?? []
    }

    static func results(_ run: JSON) -> [JSON] { run["results"] as? [JSON] ?? [] }

    static func physical(_ result: JSON) -> JSON? {
        ((result["locations"] as? [JSON])?.first)?["physicalLocation"] as? JSON
    }

    static func artifact(_ location: JSON?) -> (uri: String?, base: String?) {
        let a = location?["artifactLocation"] as? JSON
        return (a?["uri"] as? String, a?["uriBaseId"] as? String)
    }

    /// A temporary git work tree (a `.git` folder is all the project root looks for).
    static func repository() throws -> URL {
        let dir = try Support.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".git"), withIntermediateDirectories: true)
        return dir.resolvingSymlinksInPath()
    }

    /// Checks that every result names a descriptor (by index and by id) that gives the result's
    /// own severity, as GitHub reads it; returns the ids of the results.
    @discardableResult
    static func expectDescriptorsMatch(_ run: JSON) -> [String] {
        let rules = rules(run)
        var ids: [String] = []
        for result in results(run) {
            let id = result["ruleId"] as? String ?? ""
            ids.append(id)
            guard let index = result["ruleIndex"] as? Int else { continue }
            let rule = rules[index]
            #expect(rule["id"] as? String == id)
            let score = (result["properties"] as? JSON)?["security-severity"] as? String
            #expect((rule["properties"] as? JSON)?["security-severity"] as? String == score, "\(id)")
            #expect((rule["defaultConfiguration"] as? JSON)?["level"] as? String == result["level"] as? String, "\(id)")
        }
        let ruleIds = rules.compactMap { $0["id"] as? String }
        #expect(Set(ruleIds).count == ruleIds.count, "descriptor ids must be unique")
        return ids
    }

    @Test("A result whose severity differs from its rule's names a descriptor of that severity (k8s-host-port/low)")
    func severityPerDescriptor() throws {
        let repo = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Support.write(Self.ports, to: repo.appendingPathComponent("pod.yaml"))
        let result = Support.scan([repo.path])
        let run = try Self.validated(ReportFormat.sarif.render(result, options: ReportOptions()))
        let ids = Self.expectDescriptorsMatch(run)
        #expect(ids.filter { $0.hasPrefix("k8s-host-port") }.sorted() == ["k8s-host-port", "k8s-host-port/low"])
        // One extra descriptor, after the rules that ran, for the one (rule, severity) pair used.
        let rules = Self.rules(run)
        #expect(rules.count == result.rules.count + 1)
        let low = try #require(rules.last)
        #expect(low["id"] as? String == "k8s-host-port/low")
        #expect(low["name"] as? String == "k8s-host-port")
        #expect((low["properties"] as? JSON)?["security-severity"] as? String == "3.0")
        #expect((low["defaultConfiguration"] as? JSON)?["level"] as? String == "note")
        #expect(low["helpUri"] as? String == PalisadeLinks.rule("k8s-host-port"))
        let plain = try #require(rules.first { $0["id"] as? String == "k8s-host-port" })
        #expect((plain["properties"] as? JSON)?["security-severity"] as? String == "5.5")
        // The base rule stays in every result's properties.
        let lowResult = try #require(Self.results(run).first { $0["ruleId"] as? String == "k8s-host-port/low" })
        #expect((lowResult["properties"] as? JSON)?["rule"] as? String == "k8s-host-port")
        #expect((lowResult["properties"] as? JSON)?["severity"] as? String == "low")
    }

    @Test("Descriptors match results on a result with every severity, undeclared rules and templates")
    func severityPerDescriptorHostile() throws {
        let run = try Self.validated(ReportFormat.sarif.render(StreamingReportTests.hostile, options: ReportOptions()))
        let ids = Self.expectDescriptorsMatch(run)
        // r-lateral is critical; its high findings name r-lateral/high. The undeclared rule has no descriptor.
        #expect(ids == ["r-lateral", "r-lateral/high", "undeclared-rule", "r-exposure", "r-credentials",
                        "r-availability", "r-exposure/critical", "r-lateral/high"])
        #expect(Self.results(run)[2]["ruleIndex"] == nil)
    }

    @Test("Paths are relative to the repository root under %SRCROOT%; files outside it keep absolute file URIs")
    func uriBaseIds() throws {
        let repo = try Self.repository()
        let outside = try Support.temporaryDirectory().resolvingSymlinksInPath()
        defer {
            try? FileManager.default.removeItem(at: repo)
            try? FileManager.default.removeItem(at: outside)
        }
        try Support.write(HostileInputTests.privilegedPod, to: repo.appendingPathComponent("deploy/k8s/pod.yaml"))
        try Support.write("a: [\n", to: repo.appendingPathComponent("deploy/k8s/broken.yaml"))
        try Support.write(HostileInputTests.privilegedPod, to: outside.appendingPathComponent("other pod.yaml"))
        // From a subfolder, naming `.`: the URIs are still from the repository root.
        let cli = try Support.run(["scan", ".", outside.appendingPathComponent("other pod.yaml").path, "--format", "sarif"],
                                  in: repo.appendingPathComponent("deploy/k8s"))
        #expect(cli.status == 1, "\(cli.stderr)")
        let run = try Self.validated(cli.stdout)
        let bases = try #require(run["originalUriBaseIds"] as? JSON)
        #expect((bases["%SRCROOT%"] as? JSON)?["uri"] as? String == "file://\(repo.path)/")
        let artifacts = Set(Self.results(run).map { r in
            let a = Self.artifact(Self.physical(r))
            return "\(a.uri ?? "-") \(a.base ?? "-")"
        })
        #expect(artifacts == ["deploy/k8s/pod.yaml %SRCROOT%", "file://\(outside.path)/other%20pod.yaml -"])
        // The input error is located the same way, though the scan named it relative to its folder.
        let notifications = ((run["invocations"] as? [JSON])?.first?["toolExecutionNotifications"] as? [JSON]) ?? []
        let broken = try #require(notifications.first { ($0["descriptor"] as? JSON)?["id"] as? String == "yaml-syntax" })
        let location = ((broken["locations"] as? [JSON])?.first)?["physicalLocation"] as? JSON
        #expect(Self.artifact(location).uri == "deploy/k8s/broken.yaml")
        #expect(Self.artifact(location).base == "%SRCROOT%")
    }

    @Test("--sarif-category becomes automationDetails.id; executionSuccessful is false exactly when the run exits 3")
    func categoryAndOutcome() throws {
        let repo = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Support.write(HostileInputTests.privilegedPod, to: repo.appendingPathComponent("pod.yaml"))
        try Support.write("a: [\n", to: repo.appendingPathComponent("broken.yaml"))
        let file = repo.appendingPathComponent("out.sarif").path

        let strict = try Support.run(["scan", ".", "--strict", "--sarif-category", "k8s-prod", "--format", "sarif=\(file)"], in: repo)
        #expect(strict.status == 3)
        var run = try Self.validated(try String(contentsOfFile: file, encoding: .utf8))
        #expect((run["automationDetails"] as? JSON)?["id"] as? String == "k8s-prod/")
        #expect((run["invocations"] as? [JSON])?.first?["executionSuccessful"] as? Bool == false)

        let lenient = try Support.run(["scan", ".", "--sarif-category", "k8s/prod/", "--format", "sarif=\(file)"], in: repo)
        #expect(lenient.status == 1)
        run = try Self.validated(try String(contentsOfFile: file, encoding: .utf8))
        #expect((run["automationDetails"] as? JSON)?["id"] as? String == "k8s/prod/")
        #expect((run["invocations"] as? [JSON])?.first?["executionSuccessful"] as? Bool == true)

        // Without the flag there is no automationDetails; an empty category is a usage error.
        let plain = try Self.run(try Support.run(["scan", "pod.yaml", "--format", "sarif"], in: repo).stdout)
        #expect(plain["automationDetails"] == nil)
        #expect(try Support.run(["scan", ".", "--sarif-category", ""], in: repo).status == 2)
    }

    @Test("helpUri is each rule's own page, and the page exists in docs/rules")
    func helpUris() throws {
        let run = try Self.validated(ReportFormat.sarif.render(ReportTests.result, options: ReportOptions()))
        let rules = Self.rules(run)
        #expect(rules.count >= ReportTests.result.rules.count)
        for rule in rules {
            let name = try #require(rule["name"] as? String)
            #expect(rule["helpUri"] as? String == "https://github.com/palisade-dev/palisade/blob/main/docs/rules/\(name).md")
            #expect(FileManager.default.fileExists(atPath: Support.root.appendingPathComponent("docs/rules/\(name).md").path), "\(name)")
        }
        #expect(((run["tool"] as? JSON)?["driver"] as? JSON)?["informationUri"] as? String == PalisadeLinks.repository)
    }

    static let rendered = """
        ---
        # Source: shop/templates/service-account.yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: agent
        ---
        # Source: shop/templates/agent.yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: agent
        spec:
          containers:
            - name: agent
              image: busybox:1.36
              securityContext:
                privileged: true

        """

    @Test("Rendered Helm output is located at its template (no region); the rendered position is related location 1")
    func helmTemplates() throws {
        let repo = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        for base in [nil, "charts", "charts/"] as [String?] {
            var arguments = ["scan", "-", "--format", "sarif"]
            if let base { arguments += ["--template-base", base] }
            let cli = try Support.run(arguments, input: Self.rendered, in: repo)
            #expect(cli.status == 1, "\(cli.stderr)")
            let run = try Self.validated(cli.stdout)
            let results = Self.results(run)
            #expect(!results.isEmpty)
            for result in results {
                let primary = Self.physical(result)
                #expect(Self.artifact(primary).uri == (base == nil ? "" : "charts/") + "shop/templates/agent.yaml")
                #expect(Self.artifact(primary).base == "%SRCROOT%")
                #expect(primary?["region"] == nil)
                let related = try #require((result["relatedLocations"] as? [JSON])?.first)
                #expect(related["id"] as? Int == 1)
                let physical = related["physicalLocation"] as? JSON
                #expect(Self.artifact(physical).uri == "stdin")
                #expect(Self.artifact(physical).base == nil)
                let region = try #require(physical?["region"] as? [String: Int])
                #expect(region["startLine"] ?? 0 >= 9)
                #expect((result["properties"] as? JSON)?["renderedFrom"] as? String == "shop/templates/agent.yaml")
            }
            let privileged = try #require(results.first { $0["ruleId"] as? String == "k8s-privileged-container" })
            let region = ((privileged["relatedLocations"] as? [JSON])?.first?["physicalLocation"] as? JSON)?["region"] as? [String: Int]
            #expect(region?["startLine"] == 18)
            #expect(region?["startColumn"] == 9)
        }
    }
}

import Foundation
import PalisadeLoaders
import Testing

@Suite("Project root: fingerprints relative to the repository, however the scan names it")
struct ProjectRootTests {
    static let privileged = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: agent
        spec:
          containers:
            - name: agent
              image: agent:1.0
              securityContext:
                privileged: true
        """

    /// The sorted fingerprints of a JSON scan.
    static func fingerprints(_ arguments: [String], in dir: URL) throws -> [String] {
        let run = try Support.run(["scan"] + arguments + ["--format", "json"], in: dir)
        let report = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return try #require(report["findings"] as? [[String: Any]]).compactMap { $0["fingerprint"] as? String }.sorted()
    }

    @Test("The same file gives the same fingerprints from ., a subfolder, an absolute path and a symlink")
    func sameFingerprints() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let repo = dir.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Support.write(Self.privileged, to: repo.appendingPathComponent("deploy/k8s/pod.yaml"))
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("link"), withDestinationURL: repo)

        let fromRoot = try Self.fingerprints(["."], in: repo)
        #expect(fromRoot.count >= 3)
        #expect(try Self.fingerprints(["k8s"], in: repo.appendingPathComponent("deploy")) == fromRoot)
        #expect(try Self.fingerprints(["."], in: repo.appendingPathComponent("deploy/k8s")) == fromRoot)
        #expect(try Self.fingerprints(["pod.yaml"], in: repo.appendingPathComponent("deploy/k8s")) == fromRoot)
        #expect(try Self.fingerprints([repo.appendingPathComponent("deploy/k8s").path], in: dir) == fromRoot)
        #expect(try Self.fingerprints(["link/deploy/k8s/pod.yaml"], in: dir) == fromRoot)

        // The same file somewhere else in the repository is a different file, with other fingerprints.
        try Support.write(Self.privileged, to: repo.appendingPathComponent("other/pod.yaml"))
        let other = try Self.fingerprints(["other"], in: repo)
        #expect(other.count == fromRoot.count)
        #expect(Set(other).isDisjoint(with: fromRoot))
    }

    @Test("The root is the git top level, else the nearest .palisade.yaml folder, else the current folder")
    func rootFinding() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let canonical = try #require(ProjectRoot.canonical(dir.path))
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("a/b/c"), withIntermediateDirectories: true)
        try Support.write("x: 1\n", to: dir.appendingPathComponent("a/b/c/pod.yaml"))

        // No marker above: the current folder.
        #expect(ProjectRoot.find(for: [dir.appendingPathComponent("a/b/c/pod.yaml").path]) == ProjectRoot.canonical("."))
        // A config file marks a root outside git.
        try Support.write("version: 1\n", to: dir.appendingPathComponent("a/b/.palisade.yaml"))
        #expect(ProjectRoot.find(for: [dir.appendingPathComponent("a/b/c/pod.yaml").path]) == canonical + "/a/b")
        // The git top level wins over a config file below it (a `.git` file, as in worktrees, counts).
        try Support.write("gitdir: elsewhere\n", to: dir.appendingPathComponent("a/.git"))
        #expect(ProjectRoot.find(for: ["-", dir.appendingPathComponent("a/b/c").path]) == canonical + "/a")

        #expect(ProjectRoot.relative(canonical + "/a/b", to: canonical) == "a/b")
        #expect(ProjectRoot.relative(canonical, to: canonical) == ".")
        #expect(ProjectRoot.relative(canonical + "x/y", to: canonical) == nil)
        #expect(ProjectRoot.relative("/etc/hosts", to: "/") == "etc/hosts")
    }
}

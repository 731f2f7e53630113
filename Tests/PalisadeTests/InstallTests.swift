import Foundation
import PalisadeCore
import PalisadeLoaders
import Testing

/// The installation files, checked for what matters without building them: the static build, the
/// Dockerfile (no Docker engine here to build it), the GitHub Action and the pre-commit hooks.
/// `.ci/install-test` runs them for real: `make install`, the installed binary with no toolchain,
/// the hooks through `pre-commit run --all-files`, the Action's scan step.
@Suite("Installation files")
struct InstallTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: Support.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The one YAML document of a file in the repository, parsed by Palisade's own loader.
    static func yaml(_ path: String) throws -> Node {
        var root: Node?
        let error = YAMLLoader().load(Array(try text(path).utf8), file: path) { node, _ in root = node }
        #expect(error == nil, "\(error?.message ?? "")")
        return try #require(root)
    }

    @Test("make install builds with --static-swift-stdlib and installs into PREFIX/bin")
    func makefile() throws {
        let make = try Self.text("Makefile")
        #expect(make.contains("PREFIX ?= /usr/local"))
        #expect(make.contains("install -m 0755 $(BINARY) \"$(DESTDIR)$(BINDIR)/palisade\""))
        #expect(make.contains("./scripts/build-static.sh $(BINARY)"))
        for target in ["build:", "install: build", "uninstall:"] { #expect(make.contains("\n\(target)"), "\(target)") }
        let script = try Self.text("scripts/build-static.sh")
        #expect(script.contains("swift\" build -c release --static-swift-stdlib --product palisade"))
        #expect(script.contains("-static-stdlib -emit-executable"))
        #expect(script.contains("grep -v '/Yams\\.build/'"))
    }

    @Test("Dockerfile: two stages, the static build, a distroless final stage run as non-root with /palisade as entrypoint and no shell")
    func dockerfile() throws {
        let lines = try Self.text("Dockerfile").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let froms = lines.indices.filter { lines[$0].hasPrefix("FROM ") }
        #expect(froms.count == 2)
        let build = lines[froms[0]..<froms[1]], final = lines[froms[1]...]
        #expect(lines.contains("ARG SWIFT_IMAGE=swift:6.3-bookworm"))
        #expect(lines.contains("ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot"))
        #expect(build.first == "FROM ${SWIFT_IMAGE} AS build")
        #expect(build.contains { $0.hasPrefix("RUN ./scripts/build-static.sh /out/palisade") })
        #expect(final.first == "FROM ${RUNTIME_IMAGE}")
        #expect(final.contains("COPY --from=build /out/palisade /palisade"))
        let users = final.filter { $0.hasPrefix("USER ") }
        #expect(users == ["USER 65532:65532"])
        #expect(final.contains("ENTRYPOINT [\"/palisade\"]"))
        // Nothing in the final stage needs a shell: no RUN, no SHELL, exec-form ENTRYPOINT and CMD.
        #expect(!final.contains { $0.hasPrefix("RUN ") || $0.hasPrefix("SHELL ") })
        #expect(final.filter { $0.hasPrefix("CMD ") || $0.hasPrefix("ENTRYPOINT ") }.allSatisfy { $0.contains("[") })
        let ignore = try Self.text(".dockerignore")
        #expect(ignore.contains(".build*") && ignore.contains(".git"))
    }

    @Test("action.yml: composite, every input documented, values passed as environment (never spliced into the script)")
    func action() throws {
        let action = try Self.yaml("action.yml")
        #expect(action["runs"]?["using"]?.string == "composite")
        let inputs = try #require(action["inputs"]?.entries)
        #expect(inputs.compactMap(\.key.string) == ["paths", "format", "fail-on", "sarif-file", "sarif-category", "args", "image"])
        for input in inputs { #expect(input.value["description"]?.string?.isEmpty == false, "\(input.key.string ?? "")") }
        #expect(action["inputs"]?["sarif-file"]?["default"]?.string == "palisade.sarif")
        #expect(action["outputs"]?.entries?.compactMap(\.key.string) == ["sarif-file", "exit-code"])
        let steps = try #require(action["runs"]?["steps"]?.items)
        #expect(steps.count == 2)
        for step in steps {
            let script = step["run"]?.string ?? ""
            #expect(!script.contains("${{"), "inputs must reach the script as environment variables")
        }
        let scan = steps[1]
        #expect(scan["id"]?.string == "scan")
        #expect(scan["env"]?["PALISADE_SARIF_CATEGORY"]?.string == "${{ inputs.sarif-category }}")
        #expect(scan["run"]?.string?.contains("--volume \"$GITHUB_WORKSPACE:/src\" --workdir /src") == true)
    }

    @Test("The example workflow uploads SARIF with upload-sarif pinned by commit SHA, and is not a workflow of this repository")
    func exampleWorkflow() throws {
        let workflow = try Self.yaml("examples/ci/github-code-scanning.yml")
        let steps = try #require(workflow["jobs"]?["scan"]?["steps"]?.items)
        let uses = steps.compactMap { $0["uses"]?.string }
        #expect(uses.contains("github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7"))
        #expect(uses.contains("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"))
        for use in uses where !use.hasPrefix("palisade-dev/") {
            let sha = use.split(separator: "@").last ?? ""
            #expect(sha.count == 40 && sha.allSatisfy(\.isHexDigit), "\(use) is not pinned by SHA")
        }
        let upload = try #require(steps.first { $0["uses"]?.string?.hasPrefix("github/codeql-action/upload-sarif@") == true })
        #expect(upload["if"]?.string == "${{ !cancelled() }}")
        #expect(upload["with"]?["sarif_file"]?.string == "palisade.sarif")
        #expect(workflow["jobs"]?["scan"]?["permissions"]?["security-events"]?.string == "write")
        #expect(!FileManager.default.fileExists(atPath: Support.root.appendingPathComponent(".github/workflows").path))
    }

    @Test(".pre-commit-hooks.yaml: the system hook and the source hook scan the whole repository")
    func preCommitHooks() throws {
        let hooks = try #require(try Self.yaml(".pre-commit-hooks.yaml").items)
        #expect(hooks.compactMap { $0["id"]?.string } == ["palisade", "palisade-source"])
        #expect(hooks.compactMap { $0["language"]?.string } == ["system", "swift"])
        for hook in hooks {
            #expect(hook["entry"]?.string == "palisade scan --quiet")
            #expect(hook["pass_filenames"]?.bool == false)
            #expect(hook["args"]?.items?.compactMap(\.string) == ["."])
            #expect(hook["files"]?.string == "\\.(ya?ml|json)$")
        }
    }
}

import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders

/// Helpers shared by the tests.
enum Support {
    /// The package's root folder.
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `palisade` binary, next to the test bundle.
    static let binary: URL = {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDir, bundleDir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("palisade")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/palisade")
    }()

    /// Loads every Kubernetes object in a YAML text.
    static func objects(_ yaml: String, file: String = "test.yaml") -> [KubernetesObject] {
        var objects: [KubernetesObject] = []
        let (_, error) = ManifestLoader().load(Array(yaml.utf8), file: file) { objects.append($0) }
        precondition(error == nil, "test YAML does not parse: \(error!.message)")
        return objects
    }

    /// Parses a Dockerfile text; the test fails (and stops) when it does not parse.
    static func dockerfile(_ text: String, file: String = "Dockerfile") -> Dockerfile {
        switch DockerfileParser().parse(Array(text.utf8), file: file) {
        case .success(let dockerfile): return dockerfile
        case .failure(let error): preconditionFailure("test Dockerfile does not parse: \(error.position.map { "\($0.line):\($0.column)" } ?? "") \(error.message)")
        }
    }

    /// Loads a workflow text; the test fails (and stops) when it is not a workflow.
    static func workflow(_ text: String, file: String = ".github/workflows/ci.yml") -> Workflow {
        switch WorkflowLoader().load(Array(text.utf8), file: file) {
        case .success(let workflow): return workflow
        case .failure(let error): preconditionFailure("test workflow does not load: \(error.position.map { "\($0.line):\($0.column)" } ?? "") \(error.message)")
        }
    }

    /// Loads a GitLab CI text; the test fails (and stops) when it does not load.
    static func gitlab(_ text: String, file: String = ".gitlab-ci.yml") -> GitLabPipeline {
        switch GitLabLoader().load(Array(text.utf8), file: file) {
        case .success(let pipeline): return pipeline
        case .failure(let error): preconditionFailure("test GitLab CI file does not load: \(error.message)")
        }
    }

    /// The cloud model of a Terraform module held in one file, or of a CloudFormation template
    /// (a text that starts like one: `AWSTemplateFormatVersion` or `Resources:`); the text must parse.
    static func cloudModel(_ text: String, file: String? = nil) -> CloudModel {
        if RuleInput.isCloudFormationExample(text) {
            return cloudFormation(text, file: file ?? "template.yaml").model
        }
        let file = file ?? "main.tf"
        let parsed = TerraformLoader.parse(Array(text.utf8), display: file, projectPath: file)
        if let error = parsed.parsed.diagnostic {
            preconditionFailure("test Terraform does not parse: \(error.position.map { "\($0.line):\($0.column)" } ?? "") \(error.message)")
        }
        var inputs = CloudInputs()
        inputs.terraform = [parsed]
        return CloudLoader.load(inputs, root: nil, maxFileSize: 1 << 20).model
    }

    /// A CloudFormation template loaded as the cloud phase loads it (the text must be a template
    /// and parse as YAML): the model and the load's diagnostics and placed suppressions.
    static func cloudFormation(_ text: String, file: String = "template.yaml") -> CloudLoader.Loaded {
        guard let parsed = CloudFormationLoader.parse(Array(text.utf8), display: file, projectPath: file) else {
            preconditionFailure("test text is no CloudFormation template")
        }
        if let error = parsed.error { preconditionFailure("test template does not parse: \(error.message)") }
        var inputs = CloudInputs()
        inputs.cloudFormation = parsed.templates
        return CloudLoader.load(inputs, root: nil, maxFileSize: 1 << 20)
    }

    /// A fresh temporary folder, removed when the process ends is not guaranteed: tests clean up.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the `palisade` binary (or `executable`) with `arguments`, feeding `input` on standard input.
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:], in directory: URL? = nil,
                    executable: URL = binary) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.currentDirectoryURL = directory ?? root
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large report cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a Python script from Tests/Scripts; returns its exit status and output.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Scans `paths` in-process.
    static func scan(_ paths: [String], jobs: Int = 0, configure: (inout ScanOptions) -> Void = { _ in }) -> ScanResult {
        var options = ScanOptions()
        options.jobs = jobs
        configure(&options)
        return Scanner(options: options).scan(paths)
    }
}

extension CloudLoader.Loaded {
    /// The model of the one deployment unit a test loaded (a template, a module of one file).
    var model: CloudModel {
        precondition(models.count <= 1, "the test loaded \(models.count) deployment units")
        return models.first ?? CloudModel(sources: CloudSources([]))
    }
}

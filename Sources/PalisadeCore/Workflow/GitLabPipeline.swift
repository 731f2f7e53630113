/// A parsed GitLab CI configuration (`.gitlab-ci.yml`): the images and services jobs run in, the
/// variables they get, what it includes from elsewhere, and its jobs' scripts, each value with its
/// place in the file (`Workflow.Value`, so positions inside scripts are exact). Built by
/// `GitLabLoader` (PalisadeLoaders); read by `GitLabRule`s.
public final class GitLabPipeline: Sendable {
    public let file: String
    public let projectPath: String
    /// `image:` at the top or under `default:`.
    public let image: Image?
    /// `services:` at the top or under `default:`.
    public let services: [Image]
    /// Top-level `variables:`.
    public let variables: [Workflow.Variable]
    /// `include:` entries, in order.
    public let includes: [Include]
    /// Every other top-level mapping: the jobs, hidden ones (`.template`) included.
    public let jobs: [Job]
    public let root: Node
    public let suppressionComments: [SuppressionComment]
    /// The identity of every finding: kind `GitLabCI`, name the file's base name.
    public let ref: ObjectRef

    public static let kind = "GitLabCI"

    public init(file: String, projectPath: String? = nil, image: Image?, services: [Image], variables: [Workflow.Variable],
                includes: [Include], jobs: [Job], root: Node, suppressionComments: [SuppressionComment] = []) {
        self.file = file
        self.projectPath = projectPath ?? file
        self.image = image
        self.services = services
        self.variables = variables
        self.includes = includes
        self.jobs = jobs
        self.root = root
        self.suppressionComments = suppressionComments
        self.ref = ObjectRef(ciFile: file, projectPath: projectPath, kind: Self.kind, root: root)
    }

    /// Top-level keys that are not jobs.
    public static let reservedKeys: Set<String> = [
        "default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script", "after_script", "spec",
    ]
}

extension GitLabPipeline {
    /// An image a job runs in: `image: node:20` or `image: {name: node:20, entrypoint: [""]}`.
    public struct Image: Sendable {
        public let name: Workflow.Value

        public init(name: Workflow.Value) {
            self.name = name
        }
    }

    /// One `include:` entry: `local`, `remote`, `project` (with `ref` and `file`), `template` or
    /// `component`; a bare string is local, or remote when it is a URL.
    public struct Include: Sendable {
        public let kind: String
        /// The `remote`/`project`/... key, or the value of a bare string.
        public let key: SourceRange
        public let value: Workflow.Value
        /// `ref:` of a `project:` include.
        public let ref: Workflow.Value?

        public init(kind: String, key: SourceRange, value: Workflow.Value, ref: Workflow.Value?) {
            self.kind = kind
            self.key = key
            self.value = value
            self.ref = ref
        }
    }

    public struct Job: Sendable {
        public let id: String
        public let key: SourceRange
        public let image: Image?
        public let services: [Image]
        public let variables: [Workflow.Variable]
        /// `before_script`, `script` and `after_script` lines, in that order.
        public let scripts: [Workflow.Value]
        public let node: Node

        public init(id: String, key: SourceRange, image: Image?, services: [Image], variables: [Workflow.Variable],
                    scripts: [Workflow.Value], node: Node) {
            self.id = id
            self.key = key
            self.image = image
            self.services = services
            self.variables = variables
            self.scripts = scripts
            self.node = node
        }
    }
}

/// A rule over one GitLab CI configuration; reports through the CI families' `WorkflowReporter`.
public protocol GitLabRule: Sendable {
    var description: RuleDescription { get }
    func check(_ pipeline: GitLabPipeline, _ report: inout WorkflowReporter)
}

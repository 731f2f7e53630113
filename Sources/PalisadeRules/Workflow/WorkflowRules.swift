import PalisadeCore

typealias Job = Workflow.Job
typealias Step = Workflow.Step
typealias Expression = Workflow.Expression

/// The workflow rules, in the order `palisade rules` lists them.
enum WorkflowRules {
    static let all: [any WorkflowRule] = [
        GHAActionNotPinned(),
        GHAFirstPartyActionNotPinned(),
        GHAPullRequestTargetCheckout(),
        GHAScriptInjection(),
        GHAPermissionsMissing(),
        GHAPermissionsWriteAll(),
        GHASecretsEchoed(),
        GHASecretLiteral(),
        GHASelfHostedPullRequest(),
        GHAUnsecureCommands(),
        GHAArtifactCachePoisoning(),
        GHARemoteScriptExecution(),
        GHASecretsInherit(),
    ]

    static let gitlab: [any GitLabRule] = [
        GitLabImageNotPinned(),
        GitLabIncludeRemote(),
        GitLabSecretVariable(),
        GitLabDebugTrace(),
        GitLabRemoteScriptExecution(),
    ]

    /// Events whose runs hold the base repository's secrets and a write token while acting on
    /// what a pull request or another run (possibly a fork's) produced.
    static let privilegedUntrustedEvents: Set<String> = ["pull_request_target", "workflow_run"]
}

extension Workflow {
    /// Whether the workflow runs with the base repository's secrets on behalf of a fork.
    var runsPrivilegedOnUntrustedInput: Bool { runs(on: WorkflowRules.privilegedUntrustedEvents) }

    /// `on.EVENT` names of the privileged triggers it has, for messages.
    var privilegedTriggers: [String] {
        triggers.map(\.event).filter(WorkflowRules.privilegedUntrustedEvents.contains)
    }
}

extension Workflow.Value {
    /// The expressions of the value whose text names one of `contexts` (see `ContextPath`).
    func expressions(naming matches: (ContextPath) -> Bool) -> [(Expression, ContextPath)] {
        expressions.compactMap { e in ContextPath.all(in: e.text).first(where: matches).map { (e, $0) } }
    }

    /// The value's text with every `${{ ... }}` masked by `X`s of the same width, so the shell
    /// reader sees one word where GitHub will substitute one, and offsets and positions stay
    /// those of the file.
    var shellScript: ShellScript {
        var bytes = source.bytes
        for e in expressions {
            for i in e.start..<e.end where bytes[i] & 0xC0 != 0x80 { bytes[i] = UInt8(ascii: "X") }
        }
        return ShellScript(LogicalText(bytes: bytes, segments: source.segments))
    }
}

/// A dotted property path read from an expression (`github.event.issue.title`,
/// `github.event.commits[0].message`), lower-cased, indexes written as `*`.
struct ContextPath: Hashable {
    let text: String

    /// Every property path in an expression's text, left to right, outside string literals.
    static func all(in expression: String) -> [ContextPath] {
        var paths: [ContextPath] = []
        var current = ""
        var quoted = false
        var inIndex = false
        func flush() {
            if !current.isEmpty, let first = current.first, first.isLetter || first == "_" { paths.append(ContextPath(text: current)) }
            current = ""
        }
        for c in expression.lowercased() {
            if quoted {
                if c == "'" { quoted = false }
                continue
            }
            if inIndex {
                if c == "]" { inIndex = false; current += ".*" }
                continue
            }
            switch c {
            case "'": flush(); quoted = true
            case "[": inIndex = true
            case ".":
                if !current.isEmpty { current.append(c) }
            default:
                if c.isLetter || c.isNumber || c == "_" || c == "-" || c == "*" { current.append(c) } else { flush() }
            }
        }
        flush()
        return paths
    }

    /// Whether the path is `pattern` (with `*` for any one property or index) or a property of it.
    func matches(_ pattern: String) -> Bool {
        let parts = text.split(separator: ".")
        let wanted = pattern.split(separator: ".")
        guard parts.count >= wanted.count else { return false }
        return zip(parts, wanted).allSatisfy { $1 == "*" || $0 == $1 }
    }

    /// Whether the path is exactly `pattern` (with `*` for any one property or index).
    func equals(_ pattern: String) -> Bool {
        text.split(separator: ".").count == pattern.split(separator: ".").count && matches(pattern)
    }
}

extension Step {
    /// `actions/checkout`, any version.
    var isCheckout: Bool { action.map { $0.kind == .repository && $0.repository == "actions/checkout" } ?? false }

    /// The input of a checkout that makes it fetch the pull request's or the triggering run's
    /// code rather than the base repository's (`ref: ${{ github.event.pull_request.head.sha }}`,
    /// `repository: ${{ github.event.pull_request.head.repo.full_name }}`), and the expression.
    var untrustedCheckout: (input: Workflow.Variable, expression: Expression, path: ContextPath)? {
        guard isCheckout else { return nil }
        for name in ["ref", "repository"] {
            guard let input = input(name), let value = input.value else { continue }
            if let (expression, path) = value.expressions(naming: Self.namesUntrustedCode).first { return (input, expression, path) }
        }
        return nil
    }

    /// Contexts that name a pull request's head or the code another run built.
    static func namesUntrustedCode(_ path: ContextPath) -> Bool {
        untrustedRefs.contains { path.equals($0) }
    }

    static let untrustedRefs = [
        "github.event.pull_request.head.sha", "github.event.pull_request.head.ref", "github.event.pull_request.head.repo.full_name",
        "github.event.pull_request.merge_commit_sha", "github.event.pull_request.number", "github.event.number", "github.head_ref",
        "github.event.workflow_run.head_sha", "github.event.workflow_run.head_branch", "github.event.workflow_run.head_repository.full_name",
        "github.event.workflow_run.pull_requests.*.head.sha", "github.event.workflow_run.pull_requests.*.head.ref",
    ]

    /// What in the step runs code from the workspace: a script, or a local action (`./...`).
    var runsCode: Bool { run != nil || action?.kind == .local }
}

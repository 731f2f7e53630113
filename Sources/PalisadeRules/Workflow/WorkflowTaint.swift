import PalisadeCore

/// Where attacker-written text travels inside one workflow, so that `gha-script-injection` also
/// sees it arrive by a detour: a step that writes it to `$GITHUB_OUTPUT` (`steps.ID.outputs.NAME`)
/// or `$GITHUB_ENV` (`env.NAME` in the job's later steps), an `env:` entry set from it (workflow,
/// job or step: `env.NAME`), and a job output set from any of these (`needs.JOB.outputs.NAME`).
/// Only what the workflow itself writes is followed: outputs of actions (`uses:`) and `inputs.*`
/// are not, since what they hold is not in the file.
struct WorkflowTaint {
    /// Where a tainted value came from: the attacker-written context at the root of the chain
    /// (`github.event.issue.title`) and the last hop, for the message.
    struct Source {
        let origin: String
        let via: String
    }

    /// What a step's expressions can name: tainted `env.*`, `steps.*.outputs.*`, `needs.*.outputs.*`,
    /// keyed by the lower-cased name (expression contexts are case-insensitive).
    struct Scope {
        var env: [String: Source] = [:]
        var steps: [String: [String: Source]] = [:]
        var needs: [String: [String: Source]] = [:]

        /// The source of an expression path, when it is untrusted itself or names a tainted value.
        func source(of path: ContextPath, untrusted: (ContextPath) -> Bool) -> Source? {
            if untrusted(path) { return Source(origin: path.text, via: "") }
            let parts = path.text.split(separator: ".").map(String.init)
            switch parts.first {
            case "env" where parts.count == 2: return env[parts[1]]
            case "steps" where parts.count == 4 && parts[2] == "outputs": return steps[parts[1]]?[parts[3]]
            case "needs" where parts.count == 4 && parts[2] == "outputs": return needs[parts[1]]?[parts[3]]
            default: return nil
            }
        }

        /// The first source among a value's expressions.
        func source(of value: Workflow.Value?, untrusted: (ContextPath) -> Bool) -> Source? {
            guard let value else { return nil }
            for e in value.expressions {
                for path in ContextPath.all(in: e.text) {
                    if let s = source(of: path, untrusted: untrusted) { return s }
                }
            }
            return nil
        }
    }

    /// Per job id, the scope each of its steps sees, by step index.
    private(set) var scopes: [String: [Scope]] = [:]

    init(_ workflow: Workflow, untrusted: (ContextPath) -> Bool) {
        var workflowEnv: [String: Source] = [:]
        for variable in workflow.env {
            if let s = Scope().source(of: variable.value, untrusted: untrusted) {
                workflowEnv[variable.name.lowercased()] = Self.hop(s, "env.\(variable.name) is set from \(s.origin)")
            }
        }
        // Job outputs feed other jobs through `needs`: jobs are evaluated after the jobs they
        // need (one pass in dependency order; jobs in a cycle, which GitHub refuses, last).
        var outputs: [String: [String: Source]] = [:]
        for job in Self.dependencyOrder(workflow.jobs) {
            let (stepScopes, jobOutputs) = Self.evaluate(job, workflowEnv: workflowEnv, outputs: outputs, untrusted: untrusted)
            scopes[job.id] = stepScopes
            outputs[job.id.lowercased()] = jobOutputs
        }
    }

    /// The jobs with each after those it `needs` (Kahn's algorithm; linear in jobs and needs).
    static func dependencyOrder(_ jobs: [Workflow.Job]) -> [Workflow.Job] {
        let index = Dictionary(jobs.enumerated().map { ($1.id.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var waiting = jobs.map { job in Set(job.needs.compactMap { index[$0.lowercased()] }).count }
        var dependants = [[Int]](repeating: [], count: jobs.count)
        for (i, job) in jobs.enumerated() {
            for need in Set(job.needs.compactMap({ index[$0.lowercased()] })) { dependants[need].append(i) }
        }
        var ready = (0..<jobs.count).filter { waiting[$0] == 0 }
        var order: [Int] = []
        var placed = [Bool](repeating: false, count: jobs.count)
        while let i = ready.popLast() {
            order.append(i)
            placed[i] = true
            for d in dependants[i] {
                waiting[d] -= 1
                if waiting[d] == 0 { ready.append(d) }
            }
        }
        for i in 0..<jobs.count where !placed[i] { order.append(i) }
        return order.map { jobs[$0] }
    }

    static func hop(_ source: Source, _ via: String) -> Source {
        Source(origin: source.origin, via: via)
    }

    /// One job with the outputs known so far: the scope of each step, and the job's tainted outputs.
    private static func evaluate(_ job: Workflow.Job, workflowEnv: [String: Source], outputs: [String: [String: Source]],
                                 untrusted: (ContextPath) -> Bool) -> ([Scope], [String: Source]) {
        var scope = Scope(env: workflowEnv)
        for need in job.needs { scope.needs[need.lowercased()] = outputs[need.lowercased()] }
        for variable in job.env {
            if let s = scope.source(of: variable.value, untrusted: untrusted) {
                scope.env[variable.name.lowercased()] = hop(s, "env.\(variable.name) of job \(job.id) is set from \(s.origin)")
            }
        }
        var stepScopes: [Scope] = []
        for step in job.steps {
            var own = scope
            for variable in step.env {
                if let s = scope.source(of: variable.value, untrusted: untrusted) {
                    own.env[variable.name.lowercased()] = hop(s, "the step's env.\(variable.name) is set from \(s.origin)")
                }
            }
            stepScopes.append(own)
            guard let run = step.run else { continue }
            for write in commandFileWrites(run, scope: own, untrusted: untrusted) {
                let name = write.name.lowercased()
                if write.file == "GITHUB_OUTPUT", let id = step.id?.text, !id.isEmpty {
                    scope.steps[id.lowercased(), default: [:]][name] = hop(write.source, "step \(id) writes \(write.source.origin) to $GITHUB_OUTPUT as \(write.name)")
                } else if write.file == "GITHUB_ENV" {
                    scope.env[name] = hop(write.source, "step \(step.pathName) writes \(write.source.origin) to $GITHUB_ENV as \(write.name)")
                }
            }
        }
        var jobOutputs: [String: Source] = [:]
        for entry in job.node["outputs"]?.entries ?? [] {
            guard let name = entry.key.string, let text = entry.value.string else { continue }
            let value = Workflow.Value(text: text, range: entry.value.range)
            if let s = scope.source(of: value, untrusted: untrusted) {
                jobOutputs[name.lowercased()] = hop(s, "job \(job.id)'s output \(name) is set from \(s.origin)")
            }
        }
        return (stepScopes, jobOutputs)
    }

    /// `echo "NAME=VALUE" >> "$GITHUB_OUTPUT"` (or `printf`, or `$GITHUB_ENV`) whose value holds a
    /// tainted expression or a tainted environment variable (`$TITLE`, `${TITLE}`).
    static func commandFileWrites(_ run: Workflow.Value, scope: Scope, untrusted: (ContextPath) -> Bool)
        -> [(file: String, name: String, source: Source)] {
        let text = run.text
        guard text.contains("GITHUB_OUTPUT") || text.contains("GITHUB_ENV") else { return [] }
        let expressions = run.expressions
        var writes: [(file: String, name: String, source: Source)] = []
        for command in run.shellScript.commands {
            guard let invocation = ShellScript.invocation(command), ["echo", "printf"].contains(invocation.name),
                  let target = command.stdoutTargets.first(where: { $0.text.contains("GITHUB_OUTPUT") || $0.text.contains("GITHUB_ENV") }),
                  let first = invocation.arguments.first(where: { !$0.text.hasPrefix("-") }) else { continue }
            let file = target.text.contains("GITHUB_OUTPUT") ? "GITHUB_OUTPUT" : "GITHUB_ENV"
            guard let equals = first.text.firstIndex(of: "="), equals != first.text.startIndex else { continue }
            let name = String(first.text[..<equals])
            var source: Source?
            for word in invocation.arguments where word.start >= first.start && source == nil {
                for e in expressions where e.start >= word.start && e.end <= word.end {
                    for path in ContextPath.all(in: e.text) {
                        if let s = scope.source(of: path, untrusted: untrusted) { source = s; break }
                    }
                    if source != nil { break }
                }
                if source == nil {
                    // The shell's own expansion of a tainted variable still carries the text along.
                    for variable in shellVariables(in: String(decoding: run.source.bytes[word.start..<word.end], as: UTF8.self)) {
                        if let s = scope.env[variable.lowercased()] { source = s; break }
                    }
                }
            }
            if let source { writes.append((file, name, source)) }
        }
        return writes
    }

    /// `$NAME` and `${NAME}` references in a shell word.
    static func shellVariables(in word: String) -> [String] {
        var names: [String] = []
        let chars = Array(word.utf8)
        var i = 0
        while i < chars.count {
            guard chars[i] == UInt8(ascii: "$") else { i += 1; continue }
            var j = i + 1
            let braced = j < chars.count && chars[j] == UInt8(ascii: "{")
            if braced { j += 1 }
            let start = j
            while j < chars.count, chars[j] == UInt8(ascii: "_") || (chars[j] | 0x20 >= UInt8(ascii: "a") && chars[j] | 0x20 <= UInt8(ascii: "z"))
                    || (j > start && chars[j] >= UInt8(ascii: "0") && chars[j] <= UInt8(ascii: "9")) { j += 1 }
            if j > start { names.append(String(decoding: chars[start..<j], as: UTF8.self)) }
            i = max(j, i + 1)
        }
        return names
    }
}

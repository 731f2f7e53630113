import PalisadeCore

/// Where `# palisade:ignore` comments apply in a Dockerfile (the comment text itself is parsed by
/// the format-neutral `CommentDirectives`). A comment on a line of its own covers the instruction
/// that follows it, continuation lines and heredocs included; above a `FROM`, the whole stage. A
/// comment at the end of a line inside an instruction (a shell comment in a `RUN`) covers that
/// instruction. Each comment is handed to the stage its scope lies in, since findings are reported
/// on stages.
public enum DockerfileSuppressionComments {
    /// The comments placed, with the stage ref (or the file's, for global `ARG`s) that holds each.
    public struct Placed: Sendable {
        public let comment: SuppressionComment
        public let holder: ObjectRef
    }

    /// Places the candidates found in the file's bytes; `warning` gets comments that suppress
    /// nothing (no rule id, no reason, a bad date) or cover no instruction.
    public static func place(_ candidates: [CommentCandidate], in dockerfile: Dockerfile, warning: (Diagnostic) -> Void) -> [Placed] {
        // Every instruction in file order, with the stage it belongs to (nil: before the first FROM).
        var instructions: [(instruction: Dockerfile.Instruction, stage: Int?)] = dockerfile.globalArguments.map { ($0, nil) }
        for stage in dockerfile.stages {
            instructions.append((stage.from, stage.index))
            instructions += stage.instructions.map { ($0, stage.index) }
        }
        var placed: [Placed] = []
        for candidate in candidates {
            let directive = candidate.directive
            let location = SourceLocation(file: dockerfile.file, range: directive.range)
            guard directive.isValid else {
                warning(Diagnostic(code: "invalid-suppression", level: .warning, file: dockerfile.file, position: directive.range.start,
                                   message: "`\(SuppressionComment.marker)` comment needs rule ids and a reason (and a valid expires= date): it suppresses nothing"))
                continue
            }
            let line = candidate.line
            let target: (scope: SourceRange, stage: Int?)?
            if !candidate.ownLine, let inside = instructions.first(where: { $0.instruction.range.start.line <= line && line <= $0.instruction.range.end.line }) {
                target = (inside.instruction.range, inside.stage)
            } else if let next = instructions.first(where: { $0.instruction.range.start.line > line }) {
                if next.instruction.keyword == "FROM", let index = next.stage {
                    let stage = dockerfile.stages[index]
                    let end = stage.instructions.last?.range.end ?? stage.from.range.end
                    target = (SourceRange(start: stage.from.range.start, end: end), index)
                } else {
                    target = (next.instruction.range, next.stage)
                }
            } else {
                target = nil
            }
            guard let target else {
                warning(Diagnostic(code: "unused-suppression", level: .warning, file: location.file, position: location.range.start,
                                   message: "`\(SuppressionComment.marker)` comment covers no instruction: remove it"))
                continue
            }
            let holder = target.stage.map { dockerfile.stages[$0].ref } ?? dockerfile.ref
            placed.append(Placed(comment: SuppressionComment(file: dockerfile.file, directive: directive, scope: target.scope), holder: holder))
        }
        return placed
    }
}

import PalisadeCore

/// One secret, one finding. A format rule that judges literal secret values (control
/// `secrets-management`: `docker-secret-in-env`, `k8s-env-literal-secret`,
/// `k8s-secret-data-committed`, `gha-secret-literal`, `gitlab-secret-variable`,
/// `cloud-provider-hardcoded-credentials`, `aws-lambda-environment-secret`...) and a `secret-*`
/// detector often report the same bytes. The format rule's finding stays, because it knows the
/// context (the stage, the variable, the function) and its remediation fits the format; the
/// detector's finding on the same file whose range overlaps it is dropped, and the kept finding's
/// message names the detector. Overlap is by range, not by line, so two different secrets on one
/// line stay two findings, and a secret the format rule did not judge is still reported.
/// Findings from `--git-history` (on a commit, not the file) are never merged.
enum SecretOverlap {
    /// Whether findings of `rule` stand for the secret value they are reported at.
    static func judgesSecretValues(_ rule: RuleDescription) -> Bool {
        rule.input != .text && rule.controls.contains(.secretsManagement)
    }

    /// A detector's finding on a file in the tree.
    static func isFileSecret(_ finding: Finding) -> Bool {
        finding.rule.input == .text && finding.object.identity.kind == "File"
    }

    static func overlaps(_ a: SourceRange, _ b: SourceRange) -> Bool {
        a.start < b.end && b.start < a.end
    }

    /// Drops the detector findings a format finding stands for and names their detectors in it.
    static func merge(_ findings: inout [Finding]) {
        var formatByFile: [String: [Int]] = [:]
        for (i, f) in findings.enumerated() where judgesSecretValues(f.rule) { formatByFile[f.object.file, default: []].append(i) }
        guard !formatByFile.isEmpty else { return }
        var detectors: [Int: [String]] = [:]
        var dropped = Set<Int>()
        for (i, s) in findings.enumerated() where isFileSecret(s) {
            guard let candidates = formatByFile[s.object.file],
                  let j = candidates.first(where: { overlaps(findings[$0].range, s.range) }) else { continue }
            dropped.insert(i)
            if detectors[j]?.contains(s.ruleId) != true { detectors[j, default: []].append(s.ruleId) }
        }
        guard !dropped.isEmpty else { return }
        for (j, ids) in detectors {
            let end = findings[j].message.hasSuffix(".") ? " " : ". "
            findings[j].message += end + "Also detected by \(ids.joined(separator: ", "))."
        }
        var kept: [Finding] = []
        kept.reserveCapacity(findings.count - dropped.count)
        for (i, f) in findings.enumerated() where !dropped.contains(i) { kept.append(f) }
        findings = kept
    }
}

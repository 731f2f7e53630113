import PalisadeCore

/// JUnit XML, which every CI system shows as test results: one suite per rule with a test case per
/// finding (a failure at or above `--fail-on`, skipped below it, one passing case when the rule
/// found nothing), and a suite of input errors.
public enum JUnitReport {
    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        var suites: [String] = []
        var totalTests = 0, totalFailures = 0, totalErrors = 0, totalSkipped = 0
        for rule in result.rules {
            let findings = result.findings.filter { $0.ruleId == rule.id }
            var cases: [String] = []
            var failures = 0, skipped = 0
            for f in findings {
                let name = xml("\(f.resource.display) \(f.path)")
                var body = "\(f.whereDisplay): \(f.message)\nFix: \(f.remediation)"
                body = xml(body)
                let attributes = "name=\"\(name)\" classname=\"\(xml(rule.id))\" file=\"\(xml(f.location.file))\" line=\"\(f.location.range.start.line)\""
                if f.severity >= options.failOn {
                    failures += 1
                    cases.append("    <testcase \(attributes)>\n      <failure message=\"\(xml(f.message))\" type=\"\(f.severity.name)\">\(body)</failure>\n    </testcase>")
                } else {
                    skipped += 1
                    cases.append("    <testcase \(attributes)>\n      <skipped message=\"\(f.severity.name) finding, below --fail-on \(options.failOn.name): \(xml(f.message))\"/>\n    </testcase>")
                }
            }
            if findings.isEmpty {
                cases.append("    <testcase name=\"no findings\" classname=\"\(xml(rule.id))\"/>")
            }
            totalTests += cases.count
            totalFailures += failures
            totalSkipped += skipped
            suites.append("  <testsuite name=\"\(xml(rule.id))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
                + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        let errors = result.inputErrors
        if !errors.isEmpty {
            let cases = errors.map { d in
                "    <testcase name=\"\(xml(d.locationDisplay))\" classname=\"input\">\n      <error message=\"\(xml(d.message))\" type=\"\(xml(d.code))\"/>\n    </testcase>"
            }
            totalTests += cases.count
            totalErrors += cases.count
            suites.append("  <testsuite name=\"input-errors\" tests=\"\(cases.count)\" failures=\"0\" errors=\"\(cases.count)\" skipped=\"0\">\n"
                + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"palisade\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(totalErrors)\" skipped=\"\(totalSkipped)\">\n"
            + suites.joined(separator: "\n") + (suites.isEmpty ? "" : "\n") + "</testsuites>\n"
    }

    /// Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

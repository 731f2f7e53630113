import PalisadeCore

/// JUnit XML, which every CI system shows as test results: one suite per rule with a test case per
/// finding (a failure at or above `--fail-on`, skipped below it, one passing case when the rule
/// found nothing), and a suite of input errors. Findings are grouped by rule in one pass, the totals
/// the root element needs are counted from the groups, and the cases are streamed.
public enum JUnitReport {
    public static func render(_ result: ScanResult, options: ReportOptions) -> String {
        ReportFormat.junit.render(result, options: options)
    }

    public static func write(_ result: ScanResult, options: ReportOptions, into out: inout ReportWriter) {
        // Finding indices per rule id, in report order.
        var byRule: [String: [Int]] = [:]
        for rule in result.rules { byRule[rule.id] = [] }
        for (i, f) in result.findings.enumerated() {
            byRule[f.ruleId]?.append(i)
        }
        var totalTests = 0, totalFailures = 0, totalSkipped = 0
        for rule in result.rules {
            let group = byRule[rule.id] ?? []
            let failures = group.reduce(0) { $0 + (fails(result.findings[$1], options) ? 1 : 0) }
            totalTests += max(group.count, 1)
            totalFailures += failures
            totalSkipped += group.count - failures
        }
        let errors = result.inputErrors
        totalTests += errors.count

        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"palisade\" tests=\"")
        out.int(totalTests)
        out.write("\" failures=\"")
        out.int(totalFailures)
        out.write("\" errors=\"")
        out.int(errors.count)
        out.write("\" skipped=\"")
        out.int(totalSkipped)
        out.write("\">\n")
        var firstSuite = true
        for rule in result.rules {
            let group = byRule[rule.id] ?? []
            let failures = group.reduce(0) { $0 + (fails(result.findings[$1], options) ? 1 : 0) }
            if !firstSuite { out.byte(UInt8(ascii: "\n")) }
            firstSuite = false
            out.write("  <testsuite name=\"")
            out.xml(rule.id)
            out.write("\" tests=\"")
            out.int(max(group.count, 1))
            out.write("\" failures=\"")
            out.int(failures)
            out.write("\" errors=\"0\" skipped=\"")
            out.int(group.count - failures)
            out.write("\">\n")
            // Names hold file and line, and a group is in report order (file, then position), so
            // only the names on the current line need remembering.
            var names = Set<String>(), line = (file: "", line: -1)
            for (n, i) in group.enumerated() {
                if n > 0 { out.byte(UInt8(ascii: "\n")) }
                let f = result.findings[i]
                if f.location.range.start.line != line.line || f.location.file != line.file {
                    line = (f.location.file, f.location.range.start.line)
                    names.removeAll(keepingCapacity: true)
                }
                var name = testName(f)
                // Two findings of a rule at one place in one object (two documents with one
                // identity, say): numbered, so no case is dropped as a duplicate.
                if !names.insert(name).inserted {
                    var k = 2
                    while !names.insert("\(name) #\(k)").inserted { k += 1 }
                    name += " #\(k)"
                }
                testCase(f, name: name, rule: rule, options: options, into: &out)
                out.flushIfNeeded()
            }
            if group.isEmpty {
                out.write("    <testcase name=\"no findings\" classname=\"")
                out.xml(rule.id)
                out.write("\"/>")
            }
            out.write("\n  </testsuite>")
        }
        if !errors.isEmpty {
            if !firstSuite { out.byte(UInt8(ascii: "\n")) }
            firstSuite = false
            out.write("  <testsuite name=\"input-errors\" tests=\"")
            out.int(errors.count)
            out.write("\" failures=\"0\" errors=\"")
            out.int(errors.count)
            out.write("\" skipped=\"0\">\n")
            for (n, d) in errors.enumerated() {
                if n > 0 { out.byte(UInt8(ascii: "\n")) }
                out.write("    <testcase name=\"")
                out.xml(d.locationDisplay)
                out.write("\" classname=\"input\">\n      <error message=\"")
                out.xml(d.message)
                out.write("\" type=\"")
                out.xml(d.code)
                out.write("\"/>\n    </testcase>")
                out.flushIfNeeded()
            }
            out.write("\n  </testsuite>")
        }
        if !firstSuite { out.byte(UInt8(ascii: "\n")) }
        out.write("</testsuites>\n")
    }

    /// A finding fails its test case when it is at or above the threshold, not suppressed and not
    /// in the baseline.
    static func fails(_ f: Finding, _ options: ReportOptions) -> Bool {
        f.severity >= options.failOn && !f.isAccepted
    }

    /// A finding's test name: resource, path inside it, file and line. GitLab (and others) keep one
    /// case per suite, class name and name, so two findings of one rule, in one file or in two
    /// files holding the same resource (overlays), must not share a name.
    static func testName(_ f: Finding) -> String {
        "\(f.resource.display) \(f.path) (\(f.location.file):\(f.location.range.start.line))"
    }

    static func testCase(_ f: Finding, name: String, rule: RuleDescription, options: ReportOptions, into out: inout ReportWriter) {
        out.write("    <testcase name=\"")
        out.xml(name)
        out.write("\" classname=\"")
        out.xml(rule.id)
        out.write("\" file=\"")
        out.xml(f.location.file)
        out.write("\" line=\"")
        out.int(f.location.range.start.line)
        out.write("\">\n      ")
        if let s = f.suppression {
            out.write("<skipped message=\"suppressed: ")
            out.xml(s.reason)
            out.write(": ")
            out.xml(f.message)
            out.write("\"/>")
        } else if f.baseline == .unchanged {
            out.write("<skipped message=\"in the baseline: ")
            out.xml(f.message)
            out.write("\"/>")
        } else if f.severity >= options.failOn {
            out.write("<failure message=\"")
            out.xml(f.message)
            out.write("\" type=\"")
            out.text(f.severity.name)
            out.write("\">")
            // `whereDisplay: message\nFix: remediation`, escaped.
            out.xml(f.location.file)
            out.byte(UInt8(ascii: ":"))
            out.int(f.location.range.start.line)
            out.byte(UInt8(ascii: ":"))
            out.int(f.location.range.start.column)
            if let template = f.renderedFrom {
                out.write(" (from ")
                out.xml(template)
                out.byte(UInt8(ascii: ")"))
            }
            out.write(": ")
            out.xml(f.message)
            out.write("\nFix: ")
            out.xml(f.remediation)
            out.write("</failure>")
        } else {
            out.write("<skipped message=\"")
            out.text(f.severity.name)
            out.write(" finding, below --fail-on ")
            out.text(options.failOn.name)
            out.write(": ")
            out.xml(f.message)
            out.write("\"/>")
        }
        out.write("\n    </testcase>")
    }

    /// Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry.
    static func xml(_ s: String) -> String {
        var out = ReportWriter(capacity: s.utf8.count)
        out.xml(s)
        return out.string
    }
}

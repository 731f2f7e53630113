import PalisadeCore
import PalisadeReport
import PalisadeRules

/// A configuration made concrete: the rules to run, the scanner's options, the failure threshold
/// and where each report goes. Everything wrong with it is found here, before anything is scanned.
public struct ScanPlan: Sendable {
    public var configuration: Configuration
    public var rules: RuleSelection
    public var options: ScanOptions
    public var failOn: Severity
    public var strict: Bool
    public var destinations: [ReportDestination]

    /// Resolves `configuration` (a file's, overridden by flags). `output` (`--output`) is where
    /// formats without a file of their own go; `-` or nil is standard output.
    public init(_ configuration: Configuration, output: String? = nil) throws(ConfigurationErrors) {
        self.configuration = configuration
        var errors: [ConfigurationError] = []
        let profile = configuration.profile ?? .threatModel
        do throws(ConfigurationErrors) {
            rules = try RuleSelection(profile: profile, enable: configuration.enable, disable: configuration.disable,
                                      severity: configuration.severity)
        } catch {
            errors += error.errors
            rules = try! RuleSelection(profile: profile, enable: nil, disable: nil, severity: nil)
        }
        failOn = configuration.failOn ?? .high
        strict = configuration.strict ?? false
        let formats = configuration.formats ?? [Setting(ReportDestination(format: .text, file: nil), .flag("--format"))]
        let fallback = output == "-" ? nil : output
        let placed = formats.map { f in Setting(ReportDestination(format: f.value.format, file: f.value.file ?? fallback), f.origin) }
        let toStandardOutput = placed.filter { $0.value.file == nil }
        if toStandardOutput.count > 1 {
            errors.append(ConfigurationError(toStandardOutput[1].origin,
                "only one format can go to standard output (\(toStandardOutput.map(\.value.format.rawValue).joined(separator: ", ")) would); give the others a file: NAME=FILE"))
        }
        var files: Set<String> = []
        for f in placed {
            if let file = f.value.file, !files.insert(file).inserted {
                errors.append(ConfigurationError(f.origin, "two formats would write \(file)"))
            }
        }
        destinations = placed.map(\.value)
        options = ScanOptions()
        for pattern in configuration.exclude ?? [] {
            options.excludes.append(pattern.value)
            if let location = pattern.origin.location { options.excludeOrigins[pattern.value] = location }
        }
        options.severityOverrides = rules.severities
        options.settings = RuleSettings(trustedRegistries: configuration.trustedRegistries ?? [],
                                        privilegedNamespaces: configuration.privilegedNamespaces ?? [],
                                        crownJewels: configuration.crownJewels ?? [],
                                        trustedEntries: configuration.trustedEntries ?? [])
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
    }

    /// The scanner this plan describes.
    public var scanner: Scanner {
        Scanner(options: options, rules: rules.objectRules, estateRules: rules.estateRules, dockerfileRules: rules.dockerfileRules, cloudRules: rules.cloudRules,
                workflowRules: rules.workflowRules, gitlabRules: rules.gitlabRules, secretRules: rules.secretRules)
    }
}

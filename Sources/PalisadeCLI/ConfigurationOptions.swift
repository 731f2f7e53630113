import ArgumentParser
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeReport
import PalisadeRules

/// The `palisade scan` flags that a `.palisade.yaml` can also set (each flag wins over its key),
/// and the file itself. Kept apart from the scan command so it reads as one block, and turned into
/// a `ScanPlan` by the library, which checks the file and the flags alike.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read this configuration file instead of looking for .palisade.yaml.", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Ignore any .palisade.yaml.")
    var noConfig = false

    @Option(name: .long, help: "Rules to run: threat-model (default: the threat catalogue), pss-baseline or pss-restricted (exactly the Pod Security Standards profile).")
    var profile: String?

    @Option(name: .long, help: ArgumentHelp("Run only these rules: an id, a glob (k8s-rbac-*) or pattern:NAME. Repeatable.", valueName: "id|glob"))
    var rule: [String] = []

    @Option(name: .long, help: ArgumentHelp("Do not run these rules: an id, a glob or pattern:NAME. Repeatable.", valueName: "id|glob"))
    var skipRule: [String] = []

    @Option(name: .long, help: ArgumentHelp("Report a rule (id or glob) at this severity. Repeatable.", valueName: "id=severity"))
    var ruleSeverity: [String] = []

    @Option(name: .long, help: "Skip a name (at any depth) or a path relative to the scanned folder (** for any folders). Repeatable.")
    var exclude: [String] = []

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity: low, medium, high (default), critical.")
    var failOn: String?

    @Flag(name: .long, inversion: .prefixedNo, help: "Exit 3 when any input could not be read or parsed, or nothing was scanned.")
    var strict: Bool?

    @Option(name: [.short, .long], help: "Output format NAME or NAME=FILE (text, json, sarif, junit, markdown); FILE - is standard output. Repeatable.")
    var format: [String] = []

    @Option(name: [.short, .long], help: "Write the report (the formats without =FILE) to FILE; - is standard output.")
    var output: String?

    @Option(name: .long, help: "A registry images may come from (host, host/path prefix, or docker.io); repeatable. Images from others are reported.")
    var trustedRegistry: [String] = []

    @Option(name: .long, help: ArgumentHelp("A namespace whose service accounts and Secrets count as cluster-admin level in the attack graph (kube-system always does). Repeatable.", valueName: "namespace"))
    var privilegedNamespace: [String] = []

    @Option(name: .long, help: ArgumentHelp("A resource an attacker must never reach; each part a glob, * for any (attack-path analysis). Repeatable.", valueName: "kind/namespace/name"))
    var crownJewel: [String] = []

    @Option(name: .long, help: ArgumentHelp("A Service or Ingress whose exposure is intended and guarded: no attack path starts through it. Repeatable.", valueName: "kind/namespace/name"))
    var trustedEntry: [String] = []

    func validate() throws {
        if noConfig && config != nil { throw ValidationError("Give --config FILE or --no-config, not both.") }
    }

    /// The file's configuration overridden by the flags, resolved; any error is a usage error.
    func plan(for paths: [String]) throws -> ScanPlan {
        let configuration = try readConfiguration(config, ignoring: noConfig, for: paths)
        do throws(ConfigurationErrors) {
            return try ScanPlan(configuration.overridden(by: try flags()), output: output)
        } catch {
            throw CLIError(usage: error)
        }
    }

    /// The flags as a configuration: a flag not given is nil, so the file's value stands.
    func flags() throws(ConfigurationErrors) -> Configuration {
        var c = Configuration()
        var errors: [ConfigurationError] = []
        func each<T>(_ values: [String], _ flag: String, _ make: (String) throws(ConfigurationError) -> T) -> [Setting<T>]? {
            guard !values.isEmpty else { return nil }
            return values.compactMap { value in
                do throws(ConfigurationError) {
                    return Setting(try make(value), .flag(flag))
                } catch {
                    errors.append(ConfigurationError(.flag(flag), error.message))
                    return nil
                }
            }
        }
        if let profile {
            c.profile = RuleProfile(rawValue: profile)
            if c.profile == nil {
                errors.append(ConfigurationError(.flag("--profile"), "must be one of \(RuleProfile.allCases.map(\.rawValue).joined(separator: ", ")), not '\(profile)'"))
            }
        }
        c.enable = each(rule, "--rule", RuleSelector.init)
        c.disable = each(skipRule, "--skip-rule", RuleSelector.init)
        c.severity = each(ruleSeverity, "--rule-severity") { spec throws(ConfigurationError) in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let severity = Severity(name: parts[1]) else {
                throw ConfigurationError(nil, "'\(spec)' must be ID=SEVERITY (info, low, medium, high, critical)")
            }
            return SeverityOverride(selector: try RuleSelector(parts[0]), severity: severity)
        }
        c.exclude = each(exclude, "--exclude") { $0 }
        if let failOn {
            c.failOn = Severity(name: failOn)
            if c.failOn == nil || c.failOn == .info {
                errors.append(ConfigurationError(.flag("--fail-on"), "must be low, medium, high or critical, not '\(failOn)'"))
            }
        }
        c.strict = strict
        c.formats = each(format, "--format") { spec throws(ConfigurationError) in try ReportDestination.parse(spec) }
        c.trustedRegistries = trustedRegistry.isEmpty ? nil : trustedRegistry
        c.privilegedNamespaces = privilegedNamespace.isEmpty ? nil : privilegedNamespace
        c.crownJewels = each(crownJewel, "--crown-jewel", Self.crownJewel)?.map(\.value)
        c.trustedEntries = each(trustedEntry, "--trusted-entry", Self.crownJewel)?.map(\.value)
        if !errors.isEmpty { throw ConfigurationErrors(errors) }
        return c
    }

    /// `--crown-jewel KIND/NAMESPACE/NAME`, `*` or nothing for any part.
    static func crownJewel(_ spec: String) throws(ConfigurationError) -> CrownJewel {
        let parts = spec.split(separator: "/", omittingEmptySubsequences: false).map { $0 == "*" || $0.isEmpty ? nil : String($0) }
        guard parts.count == 3, parts.contains(where: { $0 != nil }) else {
            throw ConfigurationError(nil, "'\(spec)' must be KIND/NAMESPACE/NAME, * for any part (Secret/payments/*)")
        }
        return CrownJewel(kind: parts[0], namespace: parts[1], name: parts[2])
    }
}

/// The configuration a command reads for a scan of `paths`: `--config FILE` (which must exist),
/// none with `--no-config`, else the nearest `.palisade.yaml` from the first scanned path up to the
/// repository top. A file that does not parse is a usage error naming key, line and column.
func readConfiguration(_ config: String?, ignoring noConfig: Bool, for paths: [String]) throws -> Configuration {
    if noConfig { return Configuration() }
    if let config, case .failure(let error) = FileReader.read(path: config, limit: 1 << 20) {
        throw CLIError(status: .usage, description: "--config \(config): \(error.message)")
    }
    guard let file = config ?? ConfigurationLocator.find(from: paths.first { $0 != "-" } ?? "-") else { return Configuration() }
    do throws(ConfigurationErrors) {
        return try ConfigurationParser.load(file: file)
    } catch {
        throw CLIError(usage: error)
    }
}

extension CLIError {
    /// Configuration problems, one per line, each with its place.
    init(usage errors: ConfigurationErrors) {
        self.init(status: .usage, description: errors.errors.map(\.description).joined(separator: "\npalisade: "))
    }
}

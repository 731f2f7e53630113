import PalisadeCore
import PalisadeReport
import PalisadeRules

/// Where a setting was given, so that an error about it can point there.
public enum Origin: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag, by name (`--rule`).
    case flag(String)
    /// A configuration file entry: where its value is, and its key (`rules.disable`).
    case file(SourceLocation, key: String?)

    /// `--rule`, or `file:line:column: key`.
    public var description: String {
        switch self {
        case .flag(let name): name
        case .file(let l, let key): "\(l.file):\(l.range.start.line):\(l.range.start.column)" + (key.map { ": \($0)" } ?? "")
        }
    }

    /// The place in a file, for diagnostics that point at the entry (`unused-exclude`).
    public var location: SourceLocation? {
        if case .file(let l, _) = self { return l }
        return nil
    }
}

/// A value and where it was given.
public struct Setting<Value: Sendable>: Sendable {
    public var value: Value
    public var origin: Origin

    public init(_ value: Value, _ origin: Origin) {
        self.value = value
        self.origin = origin
    }
}

/// A wrong configuration value or flag. The CLI prints it and exits 2.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var origin: Origin?
    public var message: String

    public init(_ origin: Origin?, _ message: String) {
        self.origin = origin
        self.message = message
    }

    public var description: String { origin.map { "\($0): \(message)" } ?? message }
}

/// Every error a configuration file or a set of flags has, so the user fixes them in one go.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigurationError]

    public init(_ errors: [ConfigurationError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A severity for the rules a selector picks (`rules.severity` in the file, `--rule-severity`).
public struct SeverityOverride: Sendable {
    public var selector: RuleSelector
    public var severity: Severity

    public init(selector: RuleSelector, severity: Severity) {
        self.selector = selector
        self.severity = severity
    }
}

/// A report to write: a format, and a file or (nil) standard output.
public struct ReportDestination: Sendable, Hashable {
    public var format: ReportFormat
    public var file: String?

    public init(format: ReportFormat, file: String?) {
        self.format = format
        self.file = file
    }

    /// Reads `NAME` or `NAME=FILE`; `-` as the file is standard output. A relative file is taken
    /// from `folder` (the configuration file's, so a file's formats write to the same place from
    /// wherever the scan runs).
    public static func parse(_ spec: String, folder: String = ".") throws(ConfigurationError) -> ReportDestination {
        let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let format = ReportFormat(rawValue: parts[0].lowercased()) else {
            throw ConfigurationError(nil, "unknown format '\(parts[0])'; formats: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard parts.count == 2 else { return ReportDestination(format: format, file: nil) }
        let file = parts[1]
        if file.isEmpty { throw ConfigurationError(nil, "'\(spec)' needs a file name after '='") }
        if file == "-" { return ReportDestination(format: format, file: nil) }
        let placed = file.hasPrefix("/") || folder == "." ? file : folder + "/" + file
        return ReportDestination(format: format, file: placed)
    }
}

/// Everything a `.palisade.yaml` or the command line can set. A nil value was not given; flags are
/// read into a `Configuration` too, and `overridden(by:)` lets them win key by key.
public struct Configuration: Sendable {
    /// The file it was read from (nil for flags and defaults).
    public var file: String?
    public var profile: RuleProfile?
    /// Rules to run (the rest of the profile does not); nil runs the whole profile.
    public var enable: [Setting<RuleSelector>]?
    public var disable: [Setting<RuleSelector>]?
    /// Later entries win where two pick the same rule.
    public var severity: [Setting<SeverityOverride>]?
    public var exclude: [Setting<String>]?
    public var failOn: Severity?
    public var strict: Bool?
    public var formats: [Setting<ReportDestination>]?
    public var trustedRegistries: [String]?
    public var privilegedNamespaces: [String]?
    public var crownJewels: [CrownJewel]?
    public var trustedEntries: [CrownJewel]?

    public init() {}

    /// This configuration with every key `flags` gives replaced by the flag's value: a single value
    /// replaces the file's, and a repeatable flag the file's whole list. `--rule` replaces the
    /// whole rule selection (the file's `enable` and `disable`), so `--rule X` runs X even when
    /// the file disables it.
    public func overridden(by flags: Configuration) -> Configuration {
        var merged = self
        merged.profile = flags.profile ?? profile
        if let enable = flags.enable {
            merged.enable = enable
            merged.disable = flags.disable
        } else {
            merged.disable = flags.disable ?? disable
        }
        merged.severity = flags.severity ?? severity
        merged.exclude = flags.exclude ?? exclude
        merged.failOn = flags.failOn ?? failOn
        merged.strict = flags.strict ?? strict
        merged.formats = flags.formats ?? formats
        merged.trustedRegistries = flags.trustedRegistries ?? trustedRegistries
        merged.privilegedNamespaces = flags.privilegedNamespaces ?? privilegedNamespaces
        merged.crownJewels = flags.crownJewels ?? crownJewels
        merged.trustedEntries = flags.trustedEntries ?? trustedEntries
        return merged
    }
}

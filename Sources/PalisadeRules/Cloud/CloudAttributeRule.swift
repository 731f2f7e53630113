import PalisadeCore

/// The template for rules that judge one setting of one resource: written once, with each rule a
/// configured instance of it (kube-linter's templates). A target names a resource type in any
/// input language (`aws_efs_file_system`, `AWS::EFS::FileSystem`) and the setting's path in that
/// language's spelling, so one rule serves Terraform, plans and CloudFormation. A setting that is
/// unknown (not computable before deployment) is never reported.
public struct CloudAttributeRule: CloudRule {
    public enum Expectation: Sendable {
        /// Must be true: unset (the provider's default is off) or false is reported.
        case isTrue
        /// Must not be false: only an explicit false is reported (the default is on).
        case notFalse
        /// Must not be true: only an explicit true is reported (the default is off).
        case notTrue
        /// Must not be one of these values; unset is fine.
        case notOneOf(Set<String>)
        /// Must be set; unset is reported.
        case present
        /// A number at least this; unset is fine.
        case atLeast(Double)
        /// Must be false: unset (the provider's default is on) or true is reported.
        case isFalse
        /// Must be one of these values; unset is reported.
        case oneOf(Set<String>)
        /// A list (or single value) that must not hold any of these values; unset is fine.
        case excludes(Set<String>)
    }

    public struct Target: Sendable {
        public var type: String
        /// Dotted path of attribute names; a block on the way is its first instance.
        public var path: String
        public var expectation: Expectation
        /// When the target applies at all (an engine that supports the setting, a sibling setting
        /// that makes it moot); nil: always. It answers false when what it reads is unknown.
        public var when: (@Sendable (CloudResource) -> Bool)?
        /// Resource types whose presence anywhere in the model settles the question for this
        /// target (a registry-wide scanning configuration makes each repository's scan-on-push moot).
        public var unlessDeclared: Set<String>
        /// The finding's path when the setting's name differs between languages by more than case
        /// and underscores (`iam_database_authentication_enabled`, `EnableIAMDatabaseAuthentication`):
        /// the Terraform spelling, so the same mistake has the same fingerprint path in every form.
        public var findingPath: String

        public init(_ type: String, _ path: String, _ expectation: Expectation, unlessDeclared: Set<String> = [],
                    findingPath: String? = nil, when: (@Sendable (CloudResource) -> Bool)? = nil) {
            self.type = type
            self.path = path
            self.findingPath = findingPath ?? path
            self.expectation = expectation
            self.unlessDeclared = unlessDeclared
            self.when = when
        }
    }

    public let description: RuleDescription
    let targets: [Target]
    /// The resource types the targets name.
    let types: Set<String>
    /// The types whose presence settles some target (`Target.unlessDeclared`).
    let settling: Set<String>
    /// What the bad setting means, for messages: "stores its data unencrypted".
    let consequence: String

    /// The rule judges the resources of its targets' types only: a scan without any has not
    /// checked what the rule checks (the compliance check then says so).
    public init(_ description: RuleDescription, consequence: String, targets: [Target]) {
        let types = Set(targets.map(\.type))
        self.description = description.with(scope: .cloud { model in types.reduce(0) { $0 + model.count(ofType: $1) } })
        self.consequence = consequence
        self.targets = targets
        self.types = types
        settling = targets.reduce(into: Set<String>()) { $0.formUnion($1.unlessDeclared) }
    }

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        let declared = settling.isEmpty ? [] : settling.filter { model.count(ofType: $0) > 0 }
        for resource in model.resources(ofTypes: types) {
            for target in targets where target.type == resource.type {
                if !target.unlessDeclared.isDisjoint(with: declared) { continue }
                if let when = target.when, !when(resource) { continue }
                let value = resource.attributes.at(target.path).flatMap { $0.isNull ? nil : $0 }
                if let value, !value.isKnown { continue }
                let written = value.flatMap { $0.string ?? $0.jsonText } ?? ""
                let bad: Bool
                var site = value?.site
                switch target.expectation {
                case .isTrue: bad = value?.bool != true
                case .notFalse: bad = value?.bool == false
                case .notTrue: bad = value?.bool == true
                case .notOneOf(let values): bad = value != nil && values.contains(written)
                case .present: bad = value == nil
                case .atLeast(let minimum): bad = value?.number.map { $0 < minimum } ?? false
                case .isFalse: bad = value?.bool != false
                case .oneOf(let values): bad = value == nil || !values.contains(written)
                case .excludes(let values):
                    guard let items = value?.elements else { bad = false; break }
                    if items.contains(where: { !$0.isKnown }) { continue }
                    let hit = items.first { $0.string.map(values.contains) == true }
                    bad = hit != nil
                    site = hit?.site
                }
                guard bad else { continue }
                if let value, let site {
                    report.report(resource, at: site, path: target.findingPath,
                                  message: "\(resource.address) \(consequence) (\(target.path) is \(written))")
                } else {
                    report.reportMissing(resource, path: target.findingPath,
                                         message: "\(resource.address) \(consequence) (\(target.path) is not set)")
                }
            }
        }
    }
}

extension CloudResource {
    /// The attribute at a dotted path when it is set and known (what a target's `when` reads).
    func known(_ path: String) -> CloudValue? {
        guard let value = attributes.at(path), !value.isNull, value.isKnown else { return nil }
        return value
    }

    /// The attribute at a dotted path is set, known or not.
    func declares(_ path: String) -> Bool {
        attributes.at(path).map { !$0.isNull } ?? false
    }
}

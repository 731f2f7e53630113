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
    }

    public struct Target: Sendable {
        public var type: String
        /// Dotted path of attribute names; a block on the way is its first instance.
        public var path: String
        public var expectation: Expectation

        public init(_ type: String, _ path: String, _ expectation: Expectation) {
            self.type = type
            self.path = path
            self.expectation = expectation
        }
    }

    public let description: RuleDescription
    let targets: [Target]
    /// What the bad setting means, for messages: "stores its data unencrypted".
    let consequence: String

    /// The rule judges the resources of its targets' types only: a scan without any has not
    /// checked what the rule checks (the compliance check then says so).
    public init(_ description: RuleDescription, consequence: String, targets: [Target]) {
        let types = Set(targets.map(\.type))
        self.description = description.with(scope: .cloud { model in model.resources.count { types.contains($0.type) } })
        self.consequence = consequence
        self.targets = targets
    }

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources {
            for target in targets where target.type == resource.type {
                let value = resource.attributes.at(target.path).flatMap { $0.isNull ? nil : $0 }
                if let value, !value.isKnown { continue }
                let written = value.flatMap { $0.string ?? $0.jsonText } ?? ""
                let bad: Bool
                switch target.expectation {
                case .isTrue: bad = value?.bool != true
                case .notFalse: bad = value?.bool == false
                case .notTrue: bad = value?.bool == true
                case .notOneOf(let values): bad = value != nil && values.contains(written)
                case .present: bad = value == nil
                case .atLeast(let minimum): bad = value?.number.map { $0 < minimum } ?? false
                }
                guard bad else { continue }
                if let value {
                    report.report(resource, at: value.site, path: target.path,
                                  message: "\(resource.address) \(consequence) (\(target.path) is \(written))")
                } else {
                    report.reportMissing(resource, path: target.path,
                                         message: "\(resource.address) \(consequence) (\(target.path) is not set)")
                }
            }
        }
    }
}

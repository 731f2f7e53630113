/// The compliance frameworks Palisade checks coverage for. Each has a catalogue of controls
/// (`Catalogue`) that says which rules evidence which control: the one mapping between rules and
/// frameworks, from which rule docs and reports derive theirs.
public enum Framework: String, CaseIterable, Sendable {
    case cisKubernetes = "cis-kubernetes"
    case nsaKubernetes = "nsa-cisa-kubernetes"
    case podSecurityStandards = "pod-security-standards"
    case cisAWS = "cis-aws"
    case pciDSS4 = "pci-dss-4.0"
    case soc2 = "soc2"
    case iso27001 = "iso-27001-2022"
    case nist800190 = "nist-800-190"
    case cisDocker = "cis-docker"

    public var title: String {
        switch self {
        case .cisKubernetes: "CIS Kubernetes Benchmark"
        case .nsaKubernetes: "NSA/CISA Kubernetes Hardening Guide"
        case .podSecurityStandards: "Kubernetes Pod Security Standards"
        case .cisAWS: "CIS AWS Foundations Benchmark"
        case .pciDSS4: "PCI DSS 4.0"
        case .soc2: "SOC 2 Trust Services Criteria"
        case .iso27001: "ISO/IEC 27001:2022"
        case .nist800190: "NIST SP 800-190"
        case .cisDocker: "CIS Docker Benchmark"
        }
    }

    /// The framework's catalogue.
    public var catalogue: Catalogue {
        switch self {
        case .cisKubernetes: .cisKubernetes
        case .nsaKubernetes: .nsaKubernetes
        case .podSecurityStandards: .podSecurityStandards
        case .cisAWS: .cisAWS
        case .pciDSS4: .pciDSS4
        case .soc2: .soc2
        case .iso27001: .iso27001
        case .nist800190: .nist800190
        case .cisDocker: .cisDocker
        }
    }
}

/// One control of one framework, e.g. CIS Kubernetes 5.2.2: how rule docs and reports name it.
public struct ComplianceControl: Hashable, Sendable {
    public var framework: Framework
    public var id: String

    public init(_ framework: Framework, _ id: String) {
        self.framework = framework
        self.id = id
    }
}

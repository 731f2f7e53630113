/// How bad a finding is. Ordered from least to most severe.
public enum Severity: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    case info, low, medium, high, critical

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .info: "info"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    public var description: String { name }

    public init?(name: String) {
        guard let s = Severity.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = s
    }

    /// The CVSS-like number GitHub code scanning reads from SARIF's `security-severity`.
    public var securityScore: String {
        switch self {
        case .info: "0.0"
        case .low: "3.0"
        case .medium: "5.5"
        case .high: "8.0"
        case .critical: "9.5"
        }
    }
}

/// The attack pattern a rule defends against (DESIGN.md's threat model).
public enum ThreatPattern: String, CaseIterable, Sendable {
    case credentialCompromise = "credential-compromise"
    case exposure
    case supplyChain = "supply-chain"
    case lateralMovement = "lateral-movement"
    case availability

    public var title: String {
        switch self {
        case .credentialCompromise: "Credential compromise"
        case .exposure: "Exposure"
        case .supplyChain: "Supply chain"
        case .lateralMovement: "Lateral movement"
        case .availability: "Availability"
        }
    }

    public var question: String {
        switch self {
        case .credentialCompromise: "Which credentials are exposed or too powerful?"
        case .exposure: "What storage and network is exposed, and where is segmentation missing?"
        case .supplyChain: "What in the supply chain is unpinned, unverified or known-vulnerable?"
        case .lateralMovement: "If this workload is compromised, what can the attacker reach?"
        case .availability: "What can an attacker exhaust or destroy?"
        }
    }
}

/// The defensive controls a rule evidences.
public enum Control: String, CaseIterable, Sendable {
    case leastPrivilegeIdentity = "least-privilege-identity"
    case minimalImmutableWorkloads = "minimal-immutable-workloads"
    case workloadIdentityMTLS = "workload-identity-mtls"
    case secretsManagement = "secrets-management"
    case networkSegmentation = "network-segmentation"
    case encryption
    case supplyChainIntegrity = "supply-chain-integrity"
    case runtimeMonitoring = "runtime-monitoring"
    case ciPolicyValidation = "ci-policy-validation"
    case resilience
}

/// Compliance frameworks whose control ids rules can evidence.
public enum Framework: String, CaseIterable, Sendable {
    case cisKubernetes = "cis-kubernetes"
    case nsaKubernetes = "nsa-cisa-kubernetes"
    case podSecurityStandards = "pod-security-standards"
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
        case .pciDSS4: "PCI DSS 4.0"
        case .soc2: "SOC 2 TSC"
        case .iso27001: "ISO/IEC 27001:2022 Annex A"
        case .nist800190: "NIST SP 800-190"
        case .cisDocker: "CIS Docker Benchmark"
        }
    }
}

/// One compliance control a rule evidences, e.g. CIS Kubernetes 5.2.2.
public struct ComplianceControl: Hashable, Sendable {
    public var framework: Framework
    public var id: String

    public init(_ framework: Framework, _ id: String) {
        self.framework = framework
        self.id = id
    }
}

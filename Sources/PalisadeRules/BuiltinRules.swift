import PalisadeCore

/// Every rule Palisade ships, in the order `palisade rules` lists them.
public enum BuiltinRules {
    /// The threat catalogue: the object rules `palisade scan` runs by default.
    public static let kubernetes: [any KubernetesRule] = [
        PrivilegedContainer(),
        HostNamespace.network,
        HostNamespace.pid,
        HostNamespace.ipc,
        HostPathVolume(),
        RunAsRoot(),
        PrivilegeEscalation(),
        ImageLatestTag(),
        IgnoreWithoutReason(),
    ] + WorkloadRules.all + ExposureRules.all + RBACRules.all

    /// The estate rules: they run once over the joined facts of every object.
    public static let estate: [any EstateRule] = [
        ExposedPrivilegedWorkload(),
        ExposedWorkloadDangerousRBAC(),
        WorkloadDangerousBinding(),
        RBACPowerfulBinding.clusterAdmin,
        RBACPowerfulBinding.adminOrEdit,
        BindingMissingRole(),
        NamespaceDefaultDeny.ingress,
        NamespaceDefaultDeny.egress,
        NetworkPolicySelectsNothing(),
        ServiceAccountTokenAutomount(),
        MeshWithoutAuthorization.istio,
        MeshWithoutAuthorization.linkerd,
    ]

    /// The Dockerfile rules: they run on each Dockerfile and Containerfile.
    public static let dockerfile: [any DockerfileRule] = DockerfileRules.all

    /// The cloud rules: they run once over the cloud model (Terraform, plans, CloudFormation).
    public static let cloud: [any CloudRule] = CloudRules.all

    /// The workflow rules: they run on each GitHub Actions workflow.
    public static let workflow: [any WorkflowRule] = WorkflowRules.all

    /// The GitLab CI rules: they run on each `.gitlab-ci.yml`.
    public static let gitlab: [any GitLabRule] = WorkflowRules.gitlab
    /// The secret rules, one per detector: they run on the bytes of every file read.
    public static let secrets: [SecretRule] = SecretRules.all

    /// Every Kubernetes object rule, the catalogue and the ones only a profile selects: what the
    /// example tests run and the rule docs list.
    public static var allKubernetes: [any KubernetesRule] { kubernetes + PodSecurityRules.baseline + PodSecurityRules.restrictedOnly }

    public static var descriptions: [RuleDescription] {
        allKubernetes.map(\.description) + estate.map(\.description) + dockerfile.map(\.description) + cloud.map(\.description)
            + workflow.map(\.description) + gitlab.map(\.description) + secrets.map(\.description)
    }
}

/// Which rules a scan runs: the threat catalogue (object and estate rules), or the exact checks of
/// a Pod Security Standards profile, as admission would apply them.
public enum RuleProfile: String, CaseIterable, Sendable {
    case threatModel = "threat-model"
    case pssBaseline = "pss-baseline"
    case pssRestricted = "pss-restricted"

    /// Suppression hygiene applies whatever the profile.
    static let always: [any KubernetesRule] = [IgnoreWithoutReason()]

    public var objectRules: [any KubernetesRule] {
        switch self {
        case .threatModel: BuiltinRules.kubernetes
        case .pssBaseline: PodSecurityRules.baseline + Self.always
        case .pssRestricted: PodSecurityRules.restricted + Self.always
        }
    }

    public var estateRules: [any EstateRule] {
        self == .threatModel ? BuiltinRules.estate : []
    }

    /// The Pod Security profiles are about pods only.
    public var dockerfileRules: [any DockerfileRule] {
        self == .threatModel ? BuiltinRules.dockerfile : []
    }

    /// The Pod Security profiles are about pods only.
    public var cloudRules: [any CloudRule] {
        self == .threatModel ? BuiltinRules.cloud : []
    }

    /// Nor are workflows.
    public var workflowRules: [any WorkflowRule] {
        self == .threatModel ? BuiltinRules.workflow : []
    }

    public var gitlabRules: [any GitLabRule] {
        self == .threatModel ? BuiltinRules.gitlab : []
    }

    /// Secret detection is part of the threat catalogue.
    public var secretRules: [SecretRule] {
        self == .threatModel ? BuiltinRules.secrets : []
    }

    /// Every rule the profile runs.
    public var descriptions: [RuleDescription] {
        objectRules.map(\.description) + estateRules.map(\.description) + dockerfileRules.map(\.description) + cloudRules.map(\.description)
            + workflowRules.map(\.description) + gitlabRules.map(\.description) + secretRules.map(\.description)
    }
}

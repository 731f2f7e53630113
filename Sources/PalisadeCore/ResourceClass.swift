/// The families of resources a rule can look at. A scan counts its objects per class, and each
/// rule says which classes it examines (`RuleDescription.appliesTo`), so a compliance check can
/// tell a rule that found nothing on resources it examined from a rule that had nothing to look
/// at: the first is evidence that a control passes, the second is not.
public enum ResourceClass: Int, CaseIterable, Comparable, Sendable {
    /// Every kind with a pod template: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
    /// ReplicationController, Job, CronJob, PodTemplate.
    case workload
    case service
    case ingress
    case networkPolicy
    /// Role and ClusterRole.
    case role
    /// RoleBinding and ClusterRoleBinding.
    case binding
    case serviceAccount
    case secret
    case configMap
    case namespace
    /// Istio's security and networking resources (`*.istio.io`).
    case istio
    /// Linkerd's policy resources (`*.linkerd.io`).
    case linkerd
    /// Any other kind, custom resources included.
    case other
    /// A Dockerfile (or Containerfile): counted once per file.
    case dockerfile
    /// A cloud resource declared in Terraform, a plan or CloudFormation (its identity's
    /// apiVersion is the format: `terraform`, `terraform-plan`, `cloudformation`).
    case cloud
    /// A CI workflow (a GitHub Actions workflow, a GitLab CI configuration): counted once per file.
    case workflow
    /// Any file whose bytes were read and checked for secrets: counted once per file.
    case file

    public static func < (a: ResourceClass, b: ResourceClass) -> Bool { a.rawValue < b.rawValue }

    /// The class of an object of `kind` in `apiVersion`. Cheap: one dictionary look-up and a few
    /// string comparisons, no allocation, so every object of a scan can be counted.
    public init(kind: String, apiVersion: String) {
        if KubernetesObject.podSpecPaths[kind] != nil {
            self = .workload
            return
        }
        switch kind {
        case "Service": self = .service
        case "Ingress": self = .ingress
        case "NetworkPolicy": self = .networkPolicy
        case "Role", "ClusterRole": self = .role
        case "RoleBinding", "ClusterRoleBinding": self = .binding
        case "ServiceAccount": self = .serviceAccount
        case "Secret": self = .secret
        case "ConfigMap": self = .configMap
        case "Namespace": self = .namespace
        case "Dockerfile" where apiVersion.isEmpty: self = .dockerfile
        case "Workflow" where apiVersion.isEmpty, "GitLabCI" where apiVersion.isEmpty: self = .workflow
        case "File" where apiVersion.isEmpty: self = .file
        default:
            if CloudFormat(rawValue: apiVersion) != nil {
                self = .cloud
                return
            }
            let group = apiVersion.firstIndex(of: "/").map { apiVersion[..<$0] } ?? apiVersion[...]
            if group.hasSuffix("istio.io") {
                self = .istio
            } else if group.hasSuffix("linkerd.io") {
                self = .linkerd
            } else {
                self = .other
            }
        }
    }

    public init(_ identity: ResourceIdentity) {
        self.init(kind: identity.kind, apiVersion: identity.apiVersion)
    }

    /// How reports name the class: `workloads`, `network policies`...
    public var name: String {
        switch self {
        case .workload: "workloads"
        case .service: "services"
        case .ingress: "ingresses"
        case .networkPolicy: "network policies"
        case .role: "roles"
        case .binding: "role bindings"
        case .serviceAccount: "service accounts"
        case .secret: "secrets"
        case .configMap: "config maps"
        case .namespace: "namespaces"
        case .istio: "Istio resources"
        case .linkerd: "Linkerd resources"
        case .other: "other objects"
        case .dockerfile: "Dockerfiles"
        case .cloud: "cloud resources"
        case .workflow: "CI workflows"
        case .file: "files"
        }
    }

    /// A stable identifier for machine-readable reports: `workload`, `network-policy`...
    public var id: String {
        switch self {
        case .workload: "workload"
        case .service: "service"
        case .ingress: "ingress"
        case .networkPolicy: "network-policy"
        case .role: "role"
        case .binding: "binding"
        case .serviceAccount: "service-account"
        case .secret: "secret"
        case .configMap: "config-map"
        case .namespace: "namespace"
        case .istio: "istio"
        case .linkerd: "linkerd"
        case .other: "other"
        case .dockerfile: "dockerfile"
        case .cloud: "cloud"
        case .workflow: "workflow"
        case .file: "file"
        }
    }
}

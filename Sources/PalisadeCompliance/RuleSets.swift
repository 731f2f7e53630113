/// Groups of rule ids that several catalogues cite together, so a family of rules is written once
/// and a new rule of the family is added in one place. Plain ids: the catalogues depend on Core
/// only, and a test checks that every id names a rule that exists.
enum RuleSets {
    /// Threat-catalogue rules on a pod's escape routes and confinement.
    static let podHardening = [
        "k8s-privileged-container", "k8s-host-network", "k8s-host-pid", "k8s-host-ipc", "k8s-host-path-volume",
        "k8s-run-as-root", "k8s-run-as-root-group", "k8s-privilege-escalation", "k8s-dangerous-capability",
        "k8s-capabilities-not-dropped", "k8s-writable-root-filesystem", "k8s-seccomp-unconfined", "k8s-seccomp-not-set",
        "k8s-apparmor-unconfined", "k8s-selinux-options", "k8s-proc-mount-unmasked", "k8s-unsafe-sysctls",
        "k8s-share-process-namespace", "k8s-host-port", "k8s-windows-host-process",
    ]

    /// The Pod Security Standards baseline profile, one rule per control.
    static let pssBaseline = [
        "k8s-pss-baseline-host-process", "k8s-pss-baseline-host-namespaces", "k8s-pss-baseline-privileged-containers",
        "k8s-pss-baseline-capabilities", "k8s-pss-baseline-hostpath-volumes", "k8s-pss-baseline-host-ports",
        "k8s-pss-baseline-host-probes", "k8s-pss-baseline-apparmor", "k8s-pss-baseline-selinux",
        "k8s-pss-baseline-proc-mount", "k8s-pss-baseline-seccomp", "k8s-pss-baseline-sysctls",
    ]

    /// The controls the restricted profile adds to baseline.
    static let pssRestricted = [
        "k8s-pss-restricted-volume-types", "k8s-pss-restricted-privilege-escalation",
        "k8s-pss-restricted-running-as-non-root", "k8s-pss-restricted-running-as-non-root-user",
        "k8s-pss-restricted-seccomp", "k8s-pss-restricted-capabilities", "k8s-pss-restricted-proc-mount",
    ]

    /// Every rule that judges how a pod runs: the hardening rules and both PSS profiles.
    static let podConfiguration = podHardening + pssBaseline + pssRestricted

    /// What a Role or ClusterRole grants.
    static let rbacRoles = [
        "k8s-rbac-wildcard-verbs", "k8s-rbac-wildcard-resources", "k8s-rbac-wildcard-api-groups",
        "k8s-rbac-read-secrets", "k8s-rbac-create-workloads", "k8s-rbac-create-persistent-volumes",
        "k8s-rbac-nodes-proxy", "k8s-rbac-escalate", "k8s-rbac-bind", "k8s-rbac-impersonate",
        "k8s-rbac-approve-csr", "k8s-rbac-service-account-token", "k8s-rbac-webhook-configurations",
        "k8s-rbac-patch-namespaces", "k8s-rbac-pods-exec", "k8s-rbac-pods-attach",
        "k8s-rbac-pods-ephemeral-containers", "k8s-rbac-modify-pods", "k8s-rbac-create-token-secrets",
        "k8s-rbac-evict-and-taint", "k8s-rbac-modify-status", "k8s-rbac-aws-auth-configmap",
    ]

    /// Who a binding grants a role to.
    static let rbacBindings = [
        "k8s-rbac-anonymous-subject", "k8s-rbac-default-service-account-subject",
        "k8s-rbac-binding-cluster-admin", "k8s-rbac-binding-admin-or-edit",
    ]

    /// Every rule on RBAC grants.
    static let rbac = rbacRoles + rbacBindings

    /// Workload identities that hold more than they need (estate rules joining RBAC and workloads).
    static let workloadIdentity = [
        "k8s-exposed-workload-dangerous-rbac", "k8s-rbac-dangerous-binding-to-workload",
        "k8s-service-account-token-automount", "k8s-default-service-account",
    ]

    /// Image references that can change under the estate.
    static let mutableImages = ["k8s-image-latest-tag", "k8s-image-no-digest", "k8s-image-pull-policy-mutable"]

    /// Dockerfile rules on how the image is built to run: its user, what it installs and leaves.
    static let dockerfileHardening = [
        "docker-user-root", "docker-sudo", "docker-chmod-world-writable", "docker-ssh-server",
        "docker-apt-install-recommends", "docker-package-cache-kept", "docker-base-image-not-minimal",
    ]

    /// Workflow rules on code a CI run executes that nobody reviewed, pinned or kept apart from
    /// its secrets.
    static let workflowUntrustedCode = [
        "gha-action-not-pinned", "gha-first-party-action-not-pinned", "gha-remote-script-execution", "gha-script-injection",
        "gha-pull-request-target-checkout", "gha-artifact-cache-poisoning", "gha-unsecure-commands",
        "gitlab-image-not-pinned", "gitlab-include-remote", "gitlab-remote-script-execution",
    ]

    /// What a workflow's GITHUB_TOKEN may do.
    static let workflowToken = ["gha-permissions-missing", "gha-permissions-write-all"]

    /// How a workflow handles its secrets.
    static let workflowSecrets = [
        "gha-secrets-echoed", "gha-secrets-inherit", "gha-secret-literal", "gitlab-secret-variable", "gitlab-debug-trace",
    ]

    /// Credentials in manifests or environment variables.
    static let secrets = ["k8s-env-literal-secret", "k8s-secret-data-committed", "k8s-secret-as-env", committedSecrets]

    /// Every secret-detection rule (one per detector: hundreds), written as a glob that catalogues
    /// expand against the rules Palisade knows (`CatalogueControl.expanded`).
    static let committedSecrets = "secret-*"

    /// What a Service, Ingress or host port opens to the world.
    static let exposure = [
        "k8s-service-load-balancer", "k8s-service-node-port", "k8s-service-external-ips", "k8s-host-port",
        "k8s-exposed-privileged-workload",
    ]

    /// Policies that should isolate inbound traffic and don't.
    static let ingressIsolation = [
        "k8s-namespace-without-default-deny-ingress", "k8s-network-policy-allow-all-ingress", "k8s-network-policy-selects-nothing",
    ]

    /// Policies that should limit outbound traffic and don't.
    static let egressIsolation = [
        "k8s-namespace-without-default-deny-egress", "k8s-network-policy-allow-all-egress", "k8s-network-policy-metadata-egress",
    ]

    /// Traffic between or into services without TLS or mutual TLS.
    static let transportEncryption = [
        "k8s-ingress-without-tls", "k8s-istio-peer-authentication-permissive", "k8s-istio-destination-rule-tls-disabled",
    ]

    /// Service-to-service authorization in a mesh.
    static let meshAuthorization = [
        "k8s-istio-authorization-policy-allow-all", "k8s-istio-exposed-without-authorization-policy",
        "k8s-linkerd-workload-without-authorization", "k8s-linkerd-default-inbound-all-unauthenticated",
        "k8s-linkerd-unauthenticated-from-anywhere",
    ]

    /// Requests and limits.
    static let resourceLimits = [
        "k8s-missing-memory-limit", "k8s-missing-cpu-limit", "k8s-missing-memory-request", "k8s-missing-cpu-request",
    ]
}

import PalisadeCore

/// Object rules for images, credentials, resources, network exposure and service meshes.
enum ExposureRules {
    static let all: [any KubernetesRule] = [
        // Images
        ImageNoDigest(),
        ImagePullPolicyMutable(),
        ImageUntrustedRegistry(),
        // Credentials
        EnvLiteralSecret(),
        SecretDataCommitted(),
        SecretAsEnv(),
        DefaultServiceAccount(),
        // Resources
        MissingResource.memoryLimit,
        MissingResource.cpuLimit,
        MissingResource.memoryRequest,
        MissingResource.cpuRequest,
        MissingProbe.liveness,
        MissingProbe.readiness,
        DefaultNamespace(),
        // Network
        ServiceLoadBalancer(),
        ServiceNodePort(),
        ServiceExternalIPs(),
        IngressWithoutTLS(),
        IngressNginxMissingAnnotation.noAuth,
        IngressNginxMissingAnnotation.noRateLimit,
        IngressNginxSnippetAnnotation(),
        NetworkPolicyAllowAll.ingress,
        NetworkPolicyAllowAll.egress,
        NetworkPolicyMetadataEgress(),
        // Service mesh
        IstioPeerAuthenticationPermissive(),
        IstioDestinationRuleTLSDisabled(),
        IstioAuthorizationPolicyAllowAll(),
        LinkerdDefaultInboundUnauthenticated(),
        LinkerdUnauthenticatedFromAnywhere(),
    ]
}

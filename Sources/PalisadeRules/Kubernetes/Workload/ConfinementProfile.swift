import PalisadeCore

/// Which seccomp or AppArmor profile applies to each container of a pod, and where it is set. The
/// kubelet's precedence: the container's field, the container's legacy annotation, the pod's field,
/// the pod's legacy annotation (the API server still copies annotations into unset fields).
struct ConfinementProfile: Sendable {
    /// `seccompProfile` or `appArmorProfile`.
    let field: String
    /// The legacy per-container annotation, followed by the container's name.
    let containerAnnotationPrefix: String
    /// The legacy pod-wide annotation, if the mechanism has one.
    let podAnnotation: String?

    static let seccomp = ConfinementProfile(
        field: "seccompProfile", containerAnnotationPrefix: "container.seccomp.security.alpha.kubernetes.io/",
        podAnnotation: "seccomp.security.alpha.kubernetes.io/pod"
    )
    static let appArmor = ConfinementProfile(
        field: "appArmorProfile", containerAnnotationPrefix: "container.apparmor.security.beta.kubernetes.io/",
        podAnnotation: nil
    )

    /// The profile a container runs with.
    struct Resolved {
        /// `Unconfined`, `RuntimeDefault` or `Localhost`; nil when the value is templated or unknown.
        let type: String?
        /// The value to point at: the field's `type` or the annotation's value.
        let node: Node
        let path: String
        let isPodLevel: Bool
        /// How the manifest spells it, for messages (`seccompProfile.type: Unconfined`).
        let written: String
    }

    /// Resolves profiles for one pod; the pod's annotations are indexed once, so a pod with many
    /// containers and annotations stays linear.
    struct Resolver {
        let profile: ConfinementProfile
        let pod: PodSpecView
        private let annotations: [String: (entry: Node.Entry, path: String)]

        init(_ profile: ConfinementProfile, object: KubernetesObject, pod: PodSpecView) {
            self.profile = profile
            self.pod = pod
            var annotations: [String: (entry: Node.Entry, path: String)] = [:]
            if let metadata = object.podTemplateMetadata {
                for entry in metadata.node["annotations"]?.entries ?? [] {
                    guard let key = entry.key.string else { continue }
                    if key.hasPrefix(profile.containerAnnotationPrefix) || key == profile.podAnnotation {
                        annotations[key] = (entry, metadata.path + ".annotations[\(key)]")
                    }
                }
            }
            self.annotations = annotations
        }

        func resolve(_ container: ContainerView) -> Resolved? {
            if let resolved = field(container.securityContext, path: container.path, podLevel: false) { return resolved }
            if let resolved = annotation(profile.containerAnnotationPrefix + container.name, podLevel: false) { return resolved }
            if let resolved = field(pod.securityContext, path: pod.path, podLevel: true) { return resolved }
            if let key = profile.podAnnotation { return annotation(key, podLevel: true) }
            return nil
        }

        private func field(_ context: Node?, path: String, podLevel: Bool) -> Resolved? {
            guard let value = context?[profile.field], !value.isNull else { return nil }
            let typeNode = value["type"] ?? value
            let text = typeNode.string
            let type: String? = typeNode.isTemplateExpression ? nil : ["Unconfined", "RuntimeDefault", "Localhost"].first { $0 == text }
            return Resolved(
                type: type, node: typeNode, path: "\(path).securityContext.\(profile.field).type", isPodLevel: podLevel,
                written: "\(profile.field).type: \(text ?? "")"
            )
        }

        private func annotation(_ key: String, podLevel: Bool) -> Resolved? {
            guard let (entry, path) = annotations[key] else { return nil }
            let text = entry.value.string ?? ""
            let type: String?
            if entry.value.isTemplateExpression { type = nil }
            else if text == "unconfined" { type = "Unconfined" }
            else if text == "runtime/default" || text == "docker/default" { type = "RuntimeDefault" }
            else if text.hasPrefix("localhost/") { type = "Localhost" }
            else { type = nil }
            return Resolved(type: type, node: entry.value, path: path, isPodLevel: podLevel, written: "\(key): \(text)")
        }
    }
}

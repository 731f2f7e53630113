import PalisadeCore

/// How an Ingress is recognised as served by ingress-nginx: `spec.ingressClassName: nginx` or the
/// older `kubernetes.io/ingress.class: nginx` annotation. Other classes (and Ingresses naming none,
/// which depend on the cluster's default class) are not assumed to be ingress-nginx.
enum IngressNginx {
    static let annotationPrefix = "nginx.ingress.kubernetes.io/"

    /// The entry that makes the Ingress an ingress-nginx one, and its path: where findings about
    /// what the Ingress lacks point.
    static func classEntry(_ object: KubernetesObject) -> (entry: Node.Entry, path: String)? {
        guard object.kind == "Ingress" else { return nil }
        if let entry = object.root["spec"]?.entry("ingressClassName"), entry.value.string == "nginx" {
            return (entry, "spec.ingressClassName")
        }
        if let entry = object.annotationEntry("kubernetes.io/ingress.class"), entry.value.string == "nginx" {
            return (entry, "metadata.annotations[kubernetes.io/ingress.class]")
        }
        return nil
    }
}

/// One template for the protections an ingress-nginx Ingress sets with annotations.
public struct IngressNginxMissingAnnotation: KubernetesRule {
    /// Annotations (without the `nginx.ingress.kubernetes.io/` prefix) any one of which is the protection.
    public let annotations: [String]
    public let consequence: String
    public let description: RuleDescription

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let (entry, path) = IngressNginx.classEntry(object) else { return }
        let present = object.annotations
        if annotations.contains(where: { present[IngressNginx.annotationPrefix + $0] != nil }) { return }
        report.report(entry, path: path, message: "Ingress '\(object.name ?? "")' is served by ingress-nginx \(consequence).")
    }

    private static func example(name: String, annotations: [String], marked: Bool, byAnnotation: Bool = false) -> String {
        var text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: \(name)\n"
        let all = (byAnnotation ? ["\(marked ? "↓" : "")kubernetes.io/ingress.class: nginx"] : []) + annotations
        if !all.isEmpty { text += "  annotations:\n" + all.map { "    \($0)\n" }.joined() }
        text += "spec:\n"
        if !byAnnotation { text += "  \(marked ? "↓" : "")ingressClassName: nginx\n" }
        text += "  tls:\n    - hosts: [app.example.com]\n      secretName: app-tls\n"
        text += "  rules:\n    - host: app.example.com\n      http:\n        paths:\n"
        text += "          - {path: /, pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}"
        return text
    }

    static func make(
        annotations: [String], id: String, title: String, severity: Severity, consequence: String, mitre: [String],
        controls: [Control], rationale: String, remediation: String, references: [String],
        goodAnnotation: String
    ) -> IngressNginxMissingAnnotation {
        IngressNginxMissingAnnotation(annotations: annotations, consequence: consequence, description: RuleDescription(
            id: id, title: title, severity: severity, pattern: .exposure,
            controls: controls, mitre: mitre, appliesTo: [.ingress], scope: .objects { IngressNginx.classEntry($0) != nil },
            rationale: rationale + """
                 An Ingress is taken to be ingress-nginx's when `spec.ingressClassName` is `nginx` or the \
                `kubernetes.io/ingress.class` annotation is `nginx`; other classes and Ingresses that rely \
                on the cluster's default class are not reported.
                """,
            remediation: remediation,
            references: references + ["https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/"],
            goodExamples: [
                example(name: "protected", annotations: [goodAnnotation], marked: false),
                """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: traefik
                spec:
                  ingressClassName: traefik
                  rules:
                    - host: app.example.com
                """,
            ],
            badExamples: [
                example(name: "open", annotations: [], marked: true),
                example(name: "legacy", annotations: ["nginx.ingress.kubernetes.io/ssl-redirect: \"true\""], marked: true, byAnnotation: true),
            ]
        ))
    }

    public static let noAuth = make(
        annotations: ["auth-url", "auth-type", "auth-tls-secret", "auth-signin", "whitelist-source-range", "allowlist-source-range"],
        id: "k8s-ingress-nginx-no-auth", title: "ingress-nginx Ingress has no authentication or source allow-list",
        severity: .info,
        consequence: "with no authentication (auth-url, auth-type, auth-tls-secret) or source allow-list annotation: anyone who reaches it reaches the backend",
        mitre: ["T1190"],
        controls: [.networkSegmentation, .leastPrivilegeIdentity],
        rationale: """
            ingress-nginx can put authentication in front of a backend (external auth with `auth-url`, \
            basic auth with `auth-type`, client certificates with `auth-tls-secret`) or admit only some \
            source ranges (`allowlist-source-range`). Without any of them every request from anywhere \
            reaches the backend, which for admin consoles, dashboards and internal APIs exposed by \
            mistake is the whole compromise. Info only: most public sites authenticate in the \
            application, which a manifest cannot show.
            """,
        remediation: "Add external authentication (`nginx.ingress.kubernetes.io/auth-url`), client certificates or an `allowlist-source-range` when the backend is not meant to be public.",
        references: ["https://kubernetes.github.io/ingress-nginx/examples/auth/oauth-external-auth/"],
        goodAnnotation: "nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/oauth2/auth"
    )

    public static let noRateLimit = make(
        annotations: ["limit-rps", "limit-rpm", "limit-connections", "limit-rph", "global-rate-limit"],
        id: "k8s-ingress-nginx-no-rate-limit", title: "ingress-nginx Ingress has no rate limit",
        severity: .low,
        consequence: "with no rate limit (limit-rps, limit-rpm, limit-connections): one client can flood the backend or brute-force its logins",
        mitre: ["T1499", "T1110"],
        controls: [.resilience],
        rationale: """
            Without `limit-rps`, `limit-rpm` or `limit-connections` ingress-nginx forwards as many requests \
            per client as it can take: a single client can exhaust the backend's workers, run up its \
            autoscaling bill or try passwords and tokens at full speed.
            """,
        remediation: "Set `nginx.ingress.kubernetes.io/limit-rps` (or limit-rpm / limit-connections) to what a legitimate client needs.",
        references: ["https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting"],
        goodAnnotation: "nginx.ingress.kubernetes.io/limit-rps: \"20\""
    )
}

/// Snippet annotations inject raw NGINX configuration into the shared controller.
public struct IngressNginxSnippetAnnotation: KubernetesRule {
    public init() {}

    static let snippets = ["configuration-snippet", "server-snippet", "auth-snippet", "stream-snippet", "modsecurity-snippet"]

    public let description = RuleDescription(
        id: "k8s-ingress-nginx-snippet-annotation",
        title: "Ingress injects raw NGINX configuration (snippet annotation)",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity, .ciPolicyValidation],
        mitre: ["T1552.007", "T1190"],
        appliesTo: [.ingress],
        rationale: """
            ingress-nginx copies `configuration-snippet`, `server-snippet`, `auth-snippet` and similar \
            annotations verbatim into the configuration of the one controller every Ingress shares. \
            Whoever may create or edit an Ingress in any namespace can therefore run Lua or read files \
            in the controller, which holds a service-account token that can read every Secret in the \
            cluster (CVE-2021-25742), and annotation injection of this family was the core of the \
            2025 "IngressNightmare" issues (CVE-2025-1974 and related). Recent controllers disable snippet \
            annotations by default; an Ingress that relies on them needs them re-enabled cluster-wide. \
            Reported wherever the annotation appears, because the prefix itself belongs to ingress-nginx.
            """,
        remediation: "Remove the snippet annotation and use the dedicated annotations or the controller's ConfigMap; keep `allow-snippet-annotations: false` on the controller.",
        references: [
            "https://github.com/kubernetes/ingress-nginx/issues/7837",
            "https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/",
            "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/",
        ],
        goodExamples: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: app
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: 8m
                nginx.ingress.kubernetes.io/limit-rps: "20"
            spec:
              ingressClassName: nginx
              rules:
                - host: app.example.com
            """,
        ],
        badExamples: [
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: app
              annotations:
                ↓nginx.ingress.kubernetes.io/configuration-snippet: |
                  more_set_headers "X-Frame-Options: DENY";
                ↓nginx.ingress.kubernetes.io/server-snippet: |
                  location /internal { deny all; }
            spec:
              rules:
                - host: app.example.com
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "Ingress" else { return }
        for snippet in Self.snippets {
            let key = IngressNginx.annotationPrefix + snippet
            guard let entry = object.annotationEntry(key) else { continue }
            report.report(
                Node.keyRange(entry), path: "metadata.annotations[\(key)]",
                message: "Ingress '\(object.name ?? "")' injects raw NGINX configuration with \(snippet): whoever may edit Ingresses can run code in the shared controller and read every Secret it can."
            )
        }
    }
}

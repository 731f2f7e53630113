import PalisadeCore

/// A Secret with its values in the repository.
public struct SecretDataCommitted: KubernetesRule {
    public init() {}

    /// Secret types that only ever hold credentials.
    static let credentialTypes: Set<String> = [
        "kubernetes.io/tls", "kubernetes.io/ssh-auth", "kubernetes.io/basic-auth", "kubernetes.io/dockerconfigjson",
        "kubernetes.io/dockercfg", "kubernetes.io/service-account-token", "bootstrap.kubernetes.io/token",
    ]

    /// Last parts of key names that hold key material (`tls.key`, `id_rsa`, `keystore.p12`).
    static let keyMaterialSuffixes: Set<String> = ["KEY", "PEM", "P12", "PFX", "JKS", "KEYSTORE", "RSA", "ED25519", "ECDSA", "DOCKERCONFIGJSON", "DOCKERCFG"]

    public let description = RuleDescription(
        id: "k8s-secret-data-committed",
        title: "Secret values are committed with the manifest",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001"],
        appliesTo: [.secret],
        rationale: """
            `data` is base64, not encryption, and `stringData` is plain text: a Secret manifest with \
            values puts the credentials into the repository, its history, every clone and every CI log \
            that prints the rendered manifests, where no RBAC on Secrets protects them and rotation does \
            not remove them. Reported as high when the Secret's type or a key's name says it holds \
            credentials or key material (`kubernetes.io/tls`, `password`, `tls.key`), medium otherwise. \
            Keys are named, values never shown. Empty values, Secrets with no data (a \
            service-account-token Secret the token controller fills) and templated values (`{{ }}`, \
            `${VAR}`) are not reported; sealed or external secrets are other kinds and never match.
            """,
        remediation: "Keep secret values out of the repository: use Sealed Secrets, SOPS, the External Secrets Operator or the CSI secrets-store driver, and rotate the committed values.",
        references: [
            "https://kubernetes.io/docs/concepts/configuration/secret/",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        ],
        goodExamples: [
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: build-robot
              annotations:
                kubernetes.io/service-account.name: build-robot
            type: kubernetes.io/service-account-token
            """,
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: templated
            type: Opaque
            data:
              password: "{{ .Values.password | b64enc }}"
              empty: ""
            stringData:
              token: ${API_TOKEN}
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              password-policy: strict
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: postgres
            type: Opaque
            ↓data:
              username: YXBw
              password: czNjcjN0
            """,
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: settings
            ↓stringData:
              region: eu-west-1
              bucket: backups
            """,
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: web-tls
            type: kubernetes.io/tls
            ↓data:
              tls.crt: LS0tLS1CRUdJTi
              tls.key: LS0tLS1CRUdJTi
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard object.kind == "Secret" else { return }
        let type = object.secretType ?? "Opaque"
        for field in ["data", "stringData"] {
            guard let entry = object.root.entry(field), let entries = entry.value.entries else { continue }
            var keys: [String] = []
            var credential = Self.credentialTypes.contains(type)
            for item in entries {
                guard let key = item.key.string, let value = item.value.string else { continue }
                let trimmed = value.trimmingEdges()
                guard !trimmed.isEmpty, !SecretText.isReference(trimmed) else { continue }
                keys.append(key)
                if !credential {
                    credential = SecretText.nameLooksSecret(key) || SecretText.tokens(key).last.map { Self.keyMaterialSuffixes.contains($0) } == true
                }
            }
            guard !keys.isEmpty else { continue }
            let shown = keys.prefix(5).joined(separator: ", ") + (keys.count > 5 ? " and \(keys.count - 5) more" : "")
            // From the key to the end of its values: the finding stands for every value below it
            // (a `secret-*` detector's finding on one of them is merged into it, `SecretOverlap`).
            report.report(
                SourceRange(start: entry.key.range.start, end: max(entry.key.range.end, entry.value.range.end)), path: field,
                message: "Secret '\(object.name ?? "")' commits the values of \(shown) in its \(field): whoever can read the repository has them.",
                severity: credential ? .high : .medium
            )
        }
    }
}

import PalisadeCore

/// Credentials written into a container's environment in the manifest itself.
public struct EnvLiteralSecret: KubernetesRule {
    public init() {}

    public let description = RuleDescription(
        id: "k8s-env-literal-secret",
        title: "Container environment holds a literal secret",
        severity: .high,
        pattern: .credentialCompromise,
        controls: [.secretsManagement],
        mitre: ["T1552.001", "T1078"],
        rationale: """
            A password in `env[].value` is in the repository, its history and every fork and CI log, and \
            in the cluster it is readable by anyone allowed to `get` the workload (far more people than \
            may read Secrets), shown by `kubectl describe` and stored unencrypted in etcd. The rule finds \
            credentials by name (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIALS, \
            AUTH and similar parts of the name) and, whatever the name, by the shape of well-known \
            credentials: AWS access key ids, GitHub, Slack and Stripe live tokens, PEM private keys, \
            JSON Web Tokens and URLs with `user:password@`. It stays quiet where name-only scanners are noisy: names \
            that describe a credential rather than hold it (`TOKEN_TTL`, `PASSWORD_FILE`, `SECRET_NAME`, \
            `AUTH_URL`, `AUTH_BACKEND`), flags (`true`, `0`), absolute file paths, plain URLs with no token or key in \
            their query, `<placeholders>`, empty values and references resolved \
            later (`$(VAR)`, `${VAR}`, `{{ .Values.x }}`). Weak values such as `changeme` are real \
            passwords and are reported. Messages never show more than a value's first and last character.
            """,
        remediation: "Move the value into a Secret (better: an external secret store) and mount it as a file, or reference it with `valueFrom.secretKeyRef`; rotate the exposed credential.",
        references: [
            "https://kubernetes.io/docs/concepts/configuration/secret/",
            "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        ],
        goodExamples: [
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  containers:
                    - name: api
                      image: api:1.0
                      env:
                        - name: DB_PASSWORD
                          valueFrom:
                            secretKeyRef: {name: db, key: password}
                        - name: DB_PASSWORD_FILE
                          value: /run/secrets/db/password
                        - name: TOKEN_TTL
                          value: "3600"
                        - name: AUTH_URL
                          value: https://auth.example.com/oauth/token
                        - name: AUTH_ENABLED
                          value: "true"
                        - name: API_KEY
                          value: $(API_KEY_FROM_SECRET)
                        - name: CLIENT_SECRET
                          value: "{{ .Values.clientSecret }}"
                        - name: SMTP_PASSWORD
                          value: ""
                        - name: SECRET_NAME
                          value: api-credentials
                        - name: PWD
                          value: /app
                        - name: PAYMENT_API_KEY
                          value: <paste the key here>
                        - name: AUTHOR
                          value: platform-team
                        - name: passwordPolicy
                          value: strict
                        - name: AUTH_ISSUER
                          value: https://login.example.com/realms/shop
                        - name: MONGO_AUTH_SOURCE
                          value: admin
                        - name: DATABASE_URL
                          value: postgres://app@db:5432/app
                        - name: GOOGLE_APPLICATION_CREDENTIALS
                          value: /var/secrets/google/key.json
            """,
        ],
        badExamples: [
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: legacy
            spec:
              initContainers:
                - name: seed
                  image: seed:1.0
                  env:
                    - name: ADMIN_PASSWORD
                      value: ↓changeme
              containers:
                - name: app
                  image: app:1.0
                  env:
                    - name: stripeApiKey
                      value: ↓"sk_test_51Hx0000000000000000"
                    - name: DATABASE_URL
                      value: ↓postgres://app:s3cr3t-pw@db:5432/app
                    - name: DEPLOY_CONFIG
                      value: ↓ghp_0123456789abcdefghijABCDEFGHIJ012345
                    - name: AWS_ACCESS_KEY_ID
                      value: ↓AKIAIOSFODNN7EXAMPLE
                    - name: ALERT_WEBHOOK_TOKEN
                      value: ↓https://alerts.example.com/hook?token=8f14e45fceea167a
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: sync
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: sync
                          image: sync:2.1
                          env:
                            - {name: upstream-token, value: ↓'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzeW5jIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ'}
                            - name: TLS_KEY
                              value: ↓|
                                -----BEGIN RSA PRIVATE KEY-----
                                MIIEowIBAAKCAQEA
                                -----END RSA PRIVATE KEY-----
            """,
        ]
    )

    public func check(_ object: KubernetesObject, _ report: inout FindingReporter) {
        guard let pod = object.podSpec else { return }
        for container in pod.containers {
            for (index, item) in (container.node["env"]?.items ?? []).enumerated() {
                guard let node = item["value"], let value = node.string else { continue }
                let trimmed = value.trimmingEdges()
                guard !trimmed.isEmpty, !SecretText.isReference(trimmed) else { continue }
                let name = item["name"]?.string ?? ""
                let path = "\(container.path).env[\(name.isEmpty ? String(index) : name)].value"
                if let kind = SecretText.shape(trimmed) {
                    report.report(
                        node.range, path: path,
                        message: "Container '\(container.name)' sets \(name.isEmpty ? "an environment variable" : name) to \(kind) (\(SecretText.hint(trimmed))) in the manifest: whoever reads the repository or the pod spec has the credential."
                    )
                } else if SecretText.nameLooksSecret(name), !SecretText.isClearlyNotSecret(trimmed) {
                    report.report(
                        node.range, path: path,
                        message: "Container '\(container.name)' sets \(name) to a literal value (\(SecretText.hint(trimmed))) in the manifest: whoever reads the repository or the pod spec has the credential."
                    )
                }
            }
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingEdges() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

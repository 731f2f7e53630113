import PalisadeCore

extension SecretCatalogue {
    /// Connection URLs that carry a password: `scheme://user:password@host`.
    static let structured: [SecretDetector] = [
        ("jdbc-url", "JDBC URL with a password", ["jdbc:postgresql", "jdbc:mysql", "jdbc:mariadb", "jdbc:oracle:thin"]),
        ("postgres-url", "PostgreSQL connection URL with a password", ["postgres", "postgresql"]),
        ("mysql-url", "MySQL or MariaDB connection URL with a password", ["mysql", "mariadb", "mysql+pymysql", "mysql+mysqldb"]),
        ("mongodb-url", "MongoDB connection URL with a password", ["mongodb", "mongodb+srv"]),
        ("redis-url", "Redis connection URL with a password", ["redis", "rediss"]),
        ("amqp-url", "AMQP (RabbitMQ) connection URL with a password", ["amqp", "amqps"]),
        ("sqlserver-url", "SQL Server connection URL with a password", ["mssql", "sqlserver", "mssql+pyodbc"]),
        ("oracle-url", "Oracle connection URL with a password", ["oracle", "oracle+cx_oracle"]),
        ("clickhouse-url", "ClickHouse connection URL with a password", ["clickhouse"]),
        ("cockroachdb-url", "CockroachDB connection URL with a password", ["cockroachdb"]),
        ("nats-url", "NATS connection URL with a password", ["nats"]),
        ("mqtt-url", "MQTT connection URL with a password", ["mqtt", "mqtts"]),
        ("ldap-url", "LDAP URL with a password", ["ldap", "ldaps"]),
        ("ftp-url", "FTP URL with a password", ["ftp", "ftps", "sftp"]),
        ("smtp-url", "SMTP URL with a password", ["smtp", "smtps"]),
        ("snowflake-url", "Snowflake connection URL with a password", ["snowflake"]),
        ("neo4j-url", "Neo4j connection URL with a password", ["neo4j", "neo4j+s", "bolt"]),
    ].map { id, name, schemes in
        let alternatives = schemes.map { $0.replacingOccurrences("+", "\\+").replacingOccurrences(".", "\\.") }.joined(separator: "|")
        return SecretDetector(id, name, keywords: schemes.map { $0 + "://" },
                              pattern: #"\b(?:"# + alternatives + #")://[A-Za-z0-9._~%!+\-]{1,64}:([^@/\s"'<>`]{3,128})@[A-Za-z0-9\[][A-Za-z0-9.:\-\]]*"#,
                              severity: .high, validation: .urlPassword,
                              examples: ["DATABASE_URL=\(schemes[0])://app:↓{rand:20}@db.internal:5432/app", "url: \"\(schemes.last!)://svc:↓{rand:16}@10.0.3.7/main\""],
                              decoys: ["\(schemes[0])://user:password@localhost/db", "\(schemes[0])://app:${DB_PASSWORD}@db/app", "\(schemes[0])://app@db.internal/app",
                                       "\(schemes[0])://app:<password>@db/app"])
    }

    /// Assignments whose name says they hold a credential, with a random-looking value. Each name
    /// family is a detector of its own, so each can be selected, suppressed and tuned on its own.
    static let generic: [SecretDetector] = [
        SecretDetector("generic-password", "Password assigned in code or configuration", keywords: ["password", "passwd", "pwd", "passphrase"], .generic,
                       severity: .medium, generic: true,
                       examples: ["DB_PASSWORD=\"↓Xk9#mQ2vLp7&wRt4\"", "  password: ↓Zq8!rT3uWx6nBv1K", "export SMTP_PASSWD=↓n7Rq2Lx9Vb4Tz1Ps"],
                       decoys: ["password = os.environ[\"DB_PASSWORD\"]", "password: \"{{ .Values.db.password }}\"", "password_file: /run/secrets/db",
                                "PASSWORD_MIN_LENGTH = 12", "if password == confirm_password:", "password: changeme", "password = \"********\"",
                                "password: ${DB_PASSWORD}", "self.password = password", "password=settings.DATABASE_PASSWORD"]),
        SecretDetector("generic-secret", "Secret assigned in code or configuration", keywords: ["secret"], .generic, severity: .medium, generic: true,
                       examples: ["SECRET_KEY = \"↓8f3kR9x!Lq2mVz7wTb5nPc1sYd4hGj6e\"", "client_secret: ↓Qw7Er9Ty2Ui4Op6As8Df1Gh"],
                       decoys: ["secret_name: db-credentials", "SECRET_KEY = get_secret(\"django\")", "secretRef:\n  name: api", "secret: true",
                                "client_secret = \"your-client-secret\"", "secretKeyRef: {name: x, key: y}"]),
        SecretDetector("generic-token", "Token assigned in code or configuration", keywords: ["token"], .generic, severity: .medium, generic: true,
                       examples: ["api_token = '↓a8Fk2Lm9Qx3Rt7Vz1Wb5Nc'", "\"refreshToken\": \"↓Zx8Cv7Bn6Mq5Lw4Ke3Rj2Ht\""],
                       decoys: ["token_type = \"bearer\"", "tokens = tokenize(text)", "token = request.headers.get(\"X-Token\")", "token_url: https://auth/token",
                                "TOKEN_EXPIRY=3600", "token: <token>", "tokenizer = AutoTokenizer.from_pretrained(\"bert-base-uncased\")"]),
        SecretDetector("generic-api-key", "API key assigned in code or configuration", keywords: ["api_key", "apikey", "api-key", "access_key", "accesskey"], .generic,
                       severity: .medium, generic: true,
                       examples: ["API_KEY=↓9fK2mX7qL4vR8tW1zB6n", "\"apiKey\": \"↓Kq3Wm8Zx1Rv6Tn9Lp4Bs\""],
                       decoys: ["api_key = None", "apiKey: process.env.API_KEY", "api_key_name: primary", "API_KEY_HEADER = \"X-API-Key\"",
                                "access_key_id = \"AKIA...\"", "api_key = \"sk-...\""]),
        SecretDetector("generic-credential", "Credential assigned in code or configuration", keywords: ["credential", "auth_key", "authkey", "private_key", "privatekey", "signing_key", "encryption_key", "master_key"],
                       .generic, severity: .medium, generic: true,
                       examples: ["ENCRYPTION_KEY=\"↓b7Rk2Px9Lm4Qv8Zt1Wc6\"", "signing_key: ↓Tn4Vb8Xq2Lk7Rm1Pz9Ws"],
                       decoys: ["credentials_path = \"/etc/app/creds.json\"", "private_key_file: key.pem", "credential_provider = default"]),
    ]
}

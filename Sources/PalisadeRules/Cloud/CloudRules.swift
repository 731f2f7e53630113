import PalisadeCore

/// The cloud rules, in the order they run.
enum CloudRules {
    static let all: [any CloudRule] = [
        CloudBucketPublicACL(),
        CloudBucketPublicPolicy(),
        AWSS3PublicAccessBlockDisabled(),
        CloudBucketVersioningDisabled(),
        CloudFirewallOpenPort.admin,
        CloudFirewallOpenPort.database,
        CloudFirewallOpenPort.allPorts,
        CloudDatabasePublic(),
        CloudDatabaseUnencrypted(),
        CloudDatabaseNoBackups(),
        CloudVolumeUnencrypted(),
        AWSInstanceIMDSv1(),
        CloudClusterPublicEndpoint(),
        AWSKMSKeyRotationDisabled(),
        CloudResourcePolicyPublic(),
        CloudMessagingUnencrypted(),
        AWSIAMAccessKey(),
        GCPServiceAccountKey(),
        CloudProviderCredentials(),
        AWSIAMTrustAnyPrincipal(),
        AWSIAMTrustCrossAccountUnconditioned(),
        AWSIAMPolicyAdmin(),
        AWSIAMPolicyNotAction(),
        AWSIAMPassRoleWildcard(),
        AWSIAMUserAdmin(),
        AWSIAMPrivilegeEscalation(),
        AWSLambdaEnvironmentSecrets(),
        AWSLambdaURLNoAuth(),
        AWSCloudTrailIncomplete(),
        CloudLogRetentionShort(),
        CloudAttributeRule.fileSystemUnencrypted,
        CloudAttributeRule.databaseDeletionProtection,
        CloudAttributeRule.databaseMinorUpgrades,
        CloudAttributeRule.tablePointInTimeRecovery,
        CloudAttributeRule.cacheUnencrypted,
        CloudAttributeRule.warehousePublic,
        CloudAttributeRule.warehouseUnencrypted,
        CloudAttributeRule.searchUnencrypted,
        CloudAttributeRule.documentDatabaseUnencrypted,
        CloudAttributeRule.trailUnencrypted,
        CloudAttributeRule.distributionHTTP,
        CloudAttributeRule.registryMutableTags,
        CloudAttributeRule.clusterSecretsEncryption,
        CloudAttributeRule.clusterAuditLogs,
        AWSAPIGatewayMethodNoAuth(),
        CloudAttributeRule.azureStorageSharedKey,
        CloudAttributeRule.azureStorageHTTP,
        CloudAttributeRule.azureStoragePublicBlobs,
        CloudAttributeRule.azureKeyVaultPurgeProtection,
        CloudAttributeRule.gcpUniformAccess,
        CloudAttributeRule.gcpLegacyABAC,
        CloudAttributeRule.passwordPolicyWeak,
        CloudAttributeRule.ebsDefaultEncryptionOff,
        CloudAttributeRule.instancePublicIP,
        CloudAttributeRule.notebookExposed,
        CloudAttributeRule.gcpSerialPort,
        CloudAttributeRule.gcpKeyRotation,
        CloudAttributeRule.azureAKSRBAC,
        CloudAttributeRule.azureVMPasswordLogin,
        CloudAttributeRule.azureAppHTTP,
        AWSVPCFlowLogsMissing(),
        AWSDefaultSecurityGroupOpen(),
        AWSLambdaAdminRole(),
        AWSSSMParameterPlaintextSecret(),
        AWSLoadBalancerListenerInsecure(),
        GCPIAMPublicMember(),
        GCPIAMPrimitiveRole(),
        CloudDatabaseOpenNetwork(),
        // AWS data services
        CloudAttributeRule.secretNoCustomerKey,
        CloudAttributeRule.tableAWSOwnedKey,
        CloudAttributeRule.streamUnencrypted,
        CloudAttributeRule.kafkaPlaintext,
        CloudAttributeRule.kafkaPublic,
        CloudAttributeRule.workspaceUnencrypted,
        CloudAttributeRule.queryResultsUnencrypted,
        CloudAttributeRule.glueUnencrypted,
        CloudAttributeRule.logGroupNoKey,
        CloudAttributeRule.daxUnencrypted,
        CloudAttributeRule.buildArtifactsUnencrypted,
        CloudAttributeRule.snapshotPublic,
        CloudAttributeRule.databaseIAMAuth,
        CloudAttributeRule.cacheNoAuth,
        CloudAttributeRule.searchHTTPS,
        CloudAttributeRule.searchPublic,
        // AWS edge, API, compute, monitoring and messaging
        CloudAttributeRule.apiStageAccessLogs,
        CloudAttributeRule.registryScanOnPush,
        CloudAttributeRule.distributionNoWAF,
        CloudAttributeRule.distributionOldTLS,
        CloudAttributeRule.trailNoCloudWatch,
        CloudAttributeRule.configRecorderPartial,
        CloudAttributeRule.guardDutyDisabled,
        CloudAttributeRule.brokerPublic,
        CloudAttributeRule.replicationInstancePublic,
        CloudAttributeRule.apiDomainOldTLS,
        CloudAttributeRule.transferFTP,
        CloudAttributeRule.functionConcurrency,
        // Google Cloud
        CloudAttributeRule.gcpOSLoginDisabled,
        CloudAttributeRule.gcpProjectSSHKeys,
        CloudAttributeRule.gcpSQLSSL,
        CloudAttributeRule.gkePrivateNodes,
        CloudAttributeRule.gkeNetworkPolicy,
        CloudAttributeRule.gkeLegacyMetadata,
        CloudAttributeRule.gkeShieldedNodes,
        CloudAttributeRule.gkeWorkloadIdentity,
        CloudAttributeRule.gkeClientCertificate,
        CloudAttributeRule.gcpIPForwarding,
        CloudAttributeRule.gcpShieldedVM,
        CloudAttributeRule.gcpDNSSEC,
        CloudAttributeRule.gcpSubnetFlowLogs,
        CloudAttributeRule.gcpDefaultNetwork,
        // Azure
        CloudAttributeRule.azureKeyVaultNetwork,
        CloudAttributeRule.azureAKSNetworkPolicy,
        CloudAttributeRule.azureAKSAPIServer,
        CloudAttributeRule.azureCosmosPublic,
        CloudAttributeRule.azureAppFTP,
        CloudAttributeRule.azureAppOldTLS,
        CloudAttributeRule.azureAppIdentity,
        CloudAttributeRule.azureDatabaseTLS,
        CloudAttributeRule.azureRedisTLS,
        CloudAttributeRule.azureRegistryAdmin,
        CloudAttributeRule.azureSQLPublic,
        CloudAttributeRule.azureStorageNetwork,
        CloudAttributeRule.azureDefenderFree,
        // Rules that join or read more than one setting
        CloudBucketAccessLoggingDisabled(),
        AWSS3BucketAllowsHTTP(),
        AWSIAMUserDirectPolicy(),
        AWSIAMUserConsolePassword(),
        AWSIAMAdminRoleTrustNoMFA(),
        AWSIAMSensitiveActionAllResources(),
        AWSSecretRotationDisabled(),
        AWSLambdaPermissionUnrestricted(),
        AWSEKSNodeGroupSSHOpen(),
        AWSLoadBalancerSetting.accessLogs,
        AWSLoadBalancerSetting.invalidHeaders,
        AWSRedshiftAuditLoggingDisabled(),
        GCPDefaultServiceAccount(),
        GCPBigQueryDatasetPublic(),
    ]
}

/// What IAM statements grant, read the way AWS evaluates them: an explicit Deny wins over any
/// Allow; `NotAction` allows everything but what it names; wildcards match case-insensitively.
enum IAM {
    /// A resource that stands for all resources of a kind, or all of them: `*`, `arn:aws:iam::*:role/*`.
    static func isBroad(_ resource: String) -> Bool {
        resource == "*" || resource.hasSuffix(":*") || resource.hasSuffix("/*")
    }

    /// The statement applies to every resource (or every one of a kind), with no condition.
    static func isUnscoped(_ statement: PolicyStatement) -> Bool {
        if !statement.notResources.isEmpty { return true }
        return statement.resources.contains { isBroad($0.value) }
    }

    /// A principal's effective policies, read once for many questions: each statement's action
    /// patterns compiled (`IAMPatterns`), so asking about an action costs comparisons, not parsing.
    struct Effective {
        struct Statement {
            var policy: PolicyDocument
            var statement: PolicyStatement
            var actions: IAMActions

            /// The statement's actions cover `action` (lower-cased), through `Action` or `NotAction`.
            func covers(_ action: String) -> Bool { actions.covers(action) }
        }

        var allows: [Statement] = []
        var denies: [Statement] = []

        init(_ policies: [PolicyDocument]) {
            for policy in policies {
                for statement in policy.statements {
                    let read = Statement(policy: policy, statement: statement, actions: IAMActions(statement))
                    if statement.denies, statement.conditions.isEmpty,
                       statement.resources.contains(where: { $0.value == "*" }) || !statement.notResources.isEmpty {
                        denies.append(read)
                    } else if statement.allows, IAM.isUnscoped(statement) {
                        allows.append(read)
                    }
                }
            }
        }

        /// The first statement that allows `action` on every resource (of a kind), unless an
        /// unconditional Deny of it on every resource overrides it.
        func grant(_ action: String) -> (PolicyDocument, PolicyStatement)? {
            let lower = action.lowercased()
            if denies.contains(where: { $0.covers(lower) }) { return nil }
            return allows.first { $0.covers(lower) }.map { ($0.policy, $0.statement) }
        }
    }

    /// `Action: "*"` on `Resource: "*"`, allowed and not denied: full administrator.
    static func isAdmin(_ statement: PolicyStatement) -> Bool {
        statement.allows && statement.actions.contains { $0.value == "*" } && statement.resources.contains { $0.value == "*" }
    }

    /// Provider-managed policies that grant administrator (or IAM administrator) rights.
    static let adminManagedPolicies: Set<String> = [
        "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess",
        "arn:aws:iam::aws:policy/PowerUserAccess",
    ]

    /// What makes an identity an administrator, if anything: a provider-managed administrator
    /// policy (named by its last part) or a statement allowing `*` on `*`, with where it is written.
    static func administrator(_ identity: CloudIdentity) -> (name: String, site: CloudSite)? {
        if let managed = identity.managedPolicies.first(where: { adminManagedPolicies.contains($0.value) }) {
            return (String(managed.value.split(separator: "/").last ?? ""), managed.site)
        }
        if let statement = identity.policies.lazy.flatMap(\.statements).first(where: isAdmin) { return ("a policy allowing * on *", statement.site) }
        return nil
    }

    /// Every role's trust statement that allows with no condition, with its index: what the trust
    /// rules judge.
    static func unconditionedTrust(_ model: CloudModel) -> [(identity: CloudIdentity, trust: PolicyDocument, index: Int, statement: PolicyStatement)] {
        model.identities.flatMap { identity -> [(CloudIdentity, PolicyDocument, Int, PolicyStatement)] in
            guard let trust = identity.trust else { return [] }
            return trust.statements.enumerated().filter { $0.element.allows && !restricts($0.element) }.map { (identity, trust, $0.offset, $0.element) }
        }
    }

    /// The principals that mean anyone: `*` and `AWS:*`.
    static func isAnyone(_ principal: String) -> Bool { principal == "*" || principal == "AWS:*" }

    /// A condition that limits who may use a public grant to a known account, organisation,
    /// network or source (any condition on these keys counts; an unknown condition counts too).
    static func restricts(_ statement: PolicyStatement) -> Bool {
        !statement.conditions.isEmpty
    }
}

/// Secret-looking names of environment variables, parameters and attributes.
enum SecretNames {
    static let words = ["password", "passwd", "secret", "token", "apikey", "api_key", "access_key", "private_key", "credential", "auth"]
    private static let wordBytes = words.map { Array($0.utf8) }
    private static let referenceSuffixes = ["_id", "_arn", "_name", "_file", "_path", "_url"].map { Array($0.utf8) }
    private static let referencePrefixes = ["arn:", "${", "{{"].map { Array($0.utf8) }
    private static let placeholders = ["changeme", "example", "placeholder", "dummy", "xxxx", "todo", "<", "redacted"].map { Array($0.utf8) }

    /// Every rule with a secret-looking setting asks this of every name, so it compares bytes.
    static func looksSecret(_ name: String) -> Bool {
        let lower = folded(name, dashAsUnderscore: true)
        if referenceSuffixes.contains(where: { lower.suffix($0.count).elementsEqual($0) }) { return false }
        return wordBytes.contains { lower.firstOccurrence(of: $0) != nil }
    }

    /// A value that is a placeholder or a reference rather than a secret.
    static func isPlaceholder(_ value: String) -> Bool {
        let lower = folded(value, dashAsUnderscore: false)
        return value.count < 4 || referencePrefixes.contains(where: lower.starts(with:))
            || placeholders.contains { lower.firstOccurrence(of: $0) != nil }
    }

    /// The UTF-8 bytes with ASCII letters lower-cased (and `-` as `_`).
    private static func folded(_ text: String, dashAsUnderscore: Bool) -> [UInt8] {
        text.utf8.map { b in
            if b >= 0x41 && b <= 0x5A { return b | 0x20 }
            return dashAsUnderscore && b == 0x2D ? 0x5F : b
        }
    }
}

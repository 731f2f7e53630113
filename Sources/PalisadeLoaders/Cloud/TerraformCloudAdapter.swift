import PalisadeCore

/// Reads resources in Terraform's schema (from HCL or from a plan) into the neutral cloud model,
/// joining the resources the providers split: an S3 bucket's ACL, policy, versioning, encryption,
/// logging and public-access block; security group rules declared apart from their group; IAM
/// policies attached to users, groups and roles by separate resources.
///
/// A split resource joins its target by reference (`bucket = aws_s3_bucket.logs.id`) or by the
/// target's statically known name (`bucket = "logs"`); one whose target is unknown joins nothing.
extension CloudModelBuilder {
    // MARK: First pass: the entities

    mutating func declareTerraform(_ r: CloudResource) {
        switch r.type {
        case "aws_s3_bucket":
            var bucket = CloudBucket(resource: r, name: r["bucket"]?.string, encryptedByDefault: true)
            if let acl = string(r, r["acl"]), Self.publicACLs.contains(acl.value) { bucket.publicGrants.append(acl) }
            for grant in r.attributes.blocks("grant") { bucket.publicGrants += publicGrantees(r, grant["uri"]) }
            if let versioning = r.attributes.blocks("versioning").first { bucket.versioning = bool(r, versioning["enabled"]) }
            if let rule = r.attributes.at("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default") {
                bucket.encryption = string(r, rule["sse_algorithm"])
                bucket.encryptionKey = string(r, rule["kms_master_key_id"])
            }
            if let logging = r.attributes.blocks("logging").first { bucket.logging = evidence(true, r, logging.site) }
            if let policy = r["policy"], let document = policyDocument(policy, role: .resource, resource: r) { bucket.policies.append(document) }
            Self.index(&bucketIndex, r, name: bucket.name, at: model.buckets.count)
            model.buckets.append(bucket)
        case "google_storage_bucket":
            var bucket = CloudBucket(resource: r, name: r["name"]?.string, encryptedByDefault: true)
            if let versioning = r.attributes.blocks("versioning").first { bucket.versioning = bool(r, versioning["enabled"]) }
            if let logging = r.attributes.blocks("logging").first { bucket.logging = evidence(true, r, logging.site) }
            Self.index(&bucketIndex, r, name: bucket.name, at: model.buckets.count)
            model.buckets.append(bucket)
        case "azurerm_storage_container":
            var bucket = CloudBucket(resource: r, name: r["name"]?.string, encryptedByDefault: true)
            if let access = string(r, r["container_access_type"]), access.value == "blob" || access.value == "container" {
                bucket.publicGrants.append(access)
            }
            Self.index(&bucketIndex, r, name: bucket.name, at: model.buckets.count)
            model.buckets.append(bucket)
        case "aws_s3_account_public_access_block":
            model.accountPublicAccessBlocks.append(publicAccessBlock(r))
        case "aws_iam_user", "aws_iam_role", "aws_iam_group", "google_service_account":
            let kind: CloudIdentity.Kind = r.type == "aws_iam_user" ? .user : r.type == "aws_iam_role" ? .role : r.type == "aws_iam_group" ? .group : .serviceAccount
            var identity = CloudIdentity(kind: kind, resource: r, name: r["name"]?.string ?? r["account_id"]?.string)
            if kind == .role, let trust = r["assume_role_policy"] {
                identity.trust = policyDocument(trust, role: .trust, resource: r)
                if let trust = identity.trust { model.policies.append(trust) }
            }
            for inline in r.attributes.blocks("inline_policy") {
                if let policy = inline["policy"], let document = policyDocument(policy, role: .identity, resource: r) {
                    identity.policies.append(document)
                    model.policies.append(document)
                }
            }
            if let arns = r["managed_policy_arns"]?.list {
                for arn in arns {
                    if let text = string(r, arn) { identity.managedPolicies.append(text) }
                    else if case .reference(let address, _) = arn.kind {
                        attachments.append((model.identities.count, address, evidence(address, r, arn.site)))
                    }
                }
            }
            Self.index(&identityIndex, r, name: identity.name, at: model.identities.count)
            model.identities.append(identity)
        case "aws_iam_policy":
            if let policy = r["policy"], let document = policyDocument(policy, role: .identity, resource: r) {
                policyIndex[r.address, default: []].append(model.policies.count)
                if let name = r["name"]?.string { policyIndex["aws_iam_policy:" + name, default: []].append(model.policies.count) }
                model.policies.append(document)
            }
        case "aws_security_group":
            for direction in [FirewallRule.Direction.ingress, .egress] {
                for block in r.attributes.blocks(direction.rawValue) {
                    model.firewallRules.append(awsRule(r, block, direction: direction, group: r.address))
                }
            }
        case "aws_security_group_rule":
            guard let type = r["type"]?.string, let direction = FirewallRule.Direction(rawValue: type) else { break }
            model.firewallRules.append(awsRule(r, r.attributes, direction: direction, group: Self.keys(of: r["security_group_id"]).first))
        case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
            let direction: FirewallRule.Direction = r.type.hasSuffix("ingress_rule") ? .ingress : .egress
            var peers: [CloudEvidence<String>] = []
            for key in ["cidr_ipv4", "cidr_ipv6"] { if let peer = string(r, r[key]) { peers.append(peer) } }
            let proto = Self.protocolName(r["ip_protocol"]?.string)
            let ports = proto == "all" ? 0...65535 : Self.ports(r["from_port"]?.int, r["to_port"]?.int)
            model.firewallRules.append(FirewallRule(resource: r, site: r.site, direction: direction, allows: true, proto: proto,
                                                    ports: ports, peers: peers, group: Self.keys(of: r["security_group_id"]).first))
        case "google_compute_firewall":
            if r["disabled"]?.bool == true { break }
            let direction: FirewallRule.Direction = r["direction"]?.string == "EGRESS" ? .egress : .ingress
            let ranges = (r[direction == .ingress ? "source_ranges" : "destination_ranges"]?.list ?? []).compactMap { string(r, $0) }
            for (kind, allows) in [("allow", true), ("deny", false)] {
                for block in r.attributes.blocks(kind) {
                    let proto = Self.protocolName(block["protocol"]?.string)
                    let portValues = block["ports"]?.list ?? []
                    if portValues.isEmpty {
                        model.firewallRules.append(FirewallRule(resource: r, site: block.site, direction: direction, allows: allows, proto: proto,
                                                                ports: 0...65535, peers: ranges, group: r.address))
                    }
                    for port in portValues {
                        model.firewallRules.append(FirewallRule(resource: r, site: port.site, direction: direction, allows: allows, proto: proto,
                                                                ports: port.string.flatMap(Self.portRange), peers: ranges, group: r.address))
                    }
                }
            }
        case "azurerm_network_security_rule":
            model.firewallRules += azureRules(r, r.attributes)
        case "azurerm_network_security_group":
            for block in r.attributes.blocks("security_rule") { model.firewallRules += azureRules(r, block) }
        case "aws_db_instance", "aws_rds_cluster", "google_sql_database_instance":
            var database = CloudDatabase(resource: r)
            if r.type == "google_sql_database_instance" {
                database.encryptedByDefault = true
                if let ip = r.attributes.at("settings.ip_configuration") {
                    database.publiclyAccessible = bool(r, ip["ipv4_enabled"]) ?? evidence(true, r, ip.site)
                }
                database.deletionProtection = bool(r, r["deletion_protection"])
            } else {
                database.publiclyAccessible = bool(r, r["publicly_accessible"])
                database.storageEncrypted = bool(r, r["storage_encrypted"])
                database.backupRetentionDays = int(r, r["backup_retention_period"])
                database.deletionProtection = bool(r, r["deletion_protection"])
                database.encryptedByDefault = r["engine_mode"]?.string == "serverless"
                database.storageEncryptionUnknown = database.storageEncrypted == nil && r["storage_encrypted"] != nil
            }
            model.databases.append(database)
        case "aws_instance", "aws_launch_template", "aws_launch_configuration":
            var instance = CloudInstance(resource: r)
            if let metadata = r.attributes.blocks(r.type == "aws_launch_configuration" ? "metadata_options" : "metadata_options").first {
                instance.metadataTokens = string(r, metadata["http_tokens"])
                instance.metadataDisabled = metadata["http_endpoint"]?.string == "disabled"
                if instance.metadataTokens == nil { instance.metadataTokens = evidence("optional", r, metadata.site) }
            }
            for key in ["root_block_device", "ebs_block_device"] {
                for device in r.attributes.blocks(key) { instance.volumes.append((device.site, bool(r, device["encrypted"]))) }
            }
            for mapping in r.attributes.blocks("block_device_mappings") {
                for ebs in mapping.blocks("ebs") { instance.volumes.append((ebs.site, bool(r, ebs["encrypted"]))) }
            }
            instance.publicIP = bool(r, r["associate_public_ip_address"])
            model.instances.append(instance)
        case "aws_ebs_encryption_by_default":
            // `enabled` defaults to true; only a known false leaves volumes to their own setting.
            model.volumesEncryptedByDefault = evidence(r["enabled"]?.bool ?? true, r, r["enabled"]?.site ?? r.site)
        case "aws_ebs_volume":
            var volume = CloudVolume(resource: r)
            volume.encrypted = bool(r, r["encrypted"])
            model.volumes.append(volume)
        case "aws_kms_key":
            var key = CloudKey(resource: r)
            key.rotation = bool(r, r["enable_key_rotation"])
            key.rotationUnknown = key.rotation == nil && r["enable_key_rotation"] != nil
            let spec = r["customer_master_key_spec"]?.string ?? "SYMMETRIC_DEFAULT"
            key.symmetric = spec == "SYMMETRIC_DEFAULT"
            if let policy = r["policy"] {
                key.policy = policyDocument(policy, role: .resource, resource: r)
                if let document = key.policy { model.policies.append(document) }
            }
            keyIndex[r.address] = model.keys.count
            model.keys.append(key)
        case "aws_eks_cluster":
            var cluster = CloudCluster(resource: r, publicEndpointDefault: true)
            if let vpc = r.attributes.blocks("vpc_config").first {
                cluster.networkSite = vpc.site
                cluster.publicEndpoint = bool(r, vpc["endpoint_public_access"])
                cluster.publicCIDRs = (vpc["public_access_cidrs"]?.list ?? []).compactMap { string(r, $0) }
            }
            cluster.secretsEncryption = r.attributes.blocks("encryption_config").isEmpty ? nil : evidence(true, r, r.attributes.blocks("encryption_config")[0].site)
            model.clusters.append(cluster)
        case "google_container_cluster":
            var cluster = CloudCluster(resource: r, publicEndpointDefault: true)
            if let privateConfig = r.attributes.at("private_cluster_config"), let flag = bool(r, privateConfig["enable_private_endpoint"]) {
                cluster.publicEndpoint = evidence(!flag.value, r, flag.site)
            }
            if let networks = r.attributes.at("master_authorized_networks_config") {
                cluster.publicCIDRs = networks.blocks("cidr_blocks").compactMap { string(r, $0["cidr_block"]) }
                if cluster.publicCIDRs.isEmpty { cluster.publicCIDRs = [evidence("none", r, networks.site)] }
            }
            model.clusters.append(cluster)
        case "aws_lambda_function":
            var function = CloudFunction(resource: r)
            if let variables = r.attributes.at("environment.variables")?.members {
                function.environment = variables.map { ($0.key, $0.value) }
            }
            function.role = Self.keys(of: r["role"]).first
            function.timeout = int(r, r["timeout"])
            function.reservedConcurrency = int(r, r["reserved_concurrent_executions"])
            Self.index(&functionIndex, r, name: r["function_name"]?.string, at: model.functions.count)
            model.functions.append(function)
        case "aws_cloudtrail":
            var trail = CloudTrail(resource: r)
            trail.multiRegion = bool(r, r["is_multi_region_trail"])
            trail.logValidation = bool(r, r["enable_log_file_validation"])
            trail.kmsKey = string(r, r["kms_key_id"]) ?? (r["kms_key_id"].map { evidence("(reference)", r, $0.site) })
            model.trails.append(trail)
        case "aws_sqs_queue", "aws_sns_topic":
            var messaging = CloudMessaging(kind: r.type == "aws_sqs_queue" ? .queue : .topic, resource: r)
            if let key = r["kms_master_key_id"] { messaging.kmsKey = string(r, key) ?? evidence("(reference)", r, key.site) }
            messaging.managedEncryption = bool(r, r["sqs_managed_sse_enabled"])
            if let policy = r["policy"], let document = policyDocument(policy, role: .resource, resource: r) {
                messaging.policies.append(document)
                model.policies.append(document)
            }
            Self.index(&messagingIndex, r, name: nil, at: model.messaging.count)
            model.messaging.append(messaging)
        case "aws_iam_access_key", "google_service_account_key":
            var key = CloudAccessKey(resource: r)
            key.owner = Self.keys(of: r["user"] ?? r["service_account_id"]).first
            model.accessKeys.append(key)
        case "aws_cloudwatch_log_group":
            var group = CloudLogGroup(resource: r)
            group.retentionDays = int(r, r["retention_in_days"])
            if group.retentionDays?.value == 0 { group.retentionDays = nil }
            model.logGroups.append(group)
        case "provider":
            for attribute in ["access_key", "secret_key", "token", "client_secret", "password"] {
                if let value = string(r, r[attribute]), !value.value.isEmpty {
                    model.credentials.append(CloudCredential(resource: r, attribute: attribute, value: value))
                }
            }
        case "aws_ecr_repository_policy", "aws_secretsmanager_secret_policy", "aws_glacier_vault":
            if let policy = r["policy"] ?? r["access_policy"], let document = policyDocument(policy, role: .resource, resource: r) {
                model.policies.append(document)
            }
        default: break
        }
    }

    // MARK: Second pass: the joins

    mutating func joinTerraform(_ r: CloudResource) {
        switch r.type {
        case "aws_s3_bucket_acl":
            guard let b = lookup(bucketIndex, r["bucket"], type: "aws_s3_bucket") else { return }
            if let acl = string(r, r["acl"]), Self.publicACLs.contains(acl.value) { model.buckets[b].publicGrants.append(acl) }
            for policy in r.attributes.blocks("access_control_policy") {
                for grant in policy.blocks("grant") {
                    for grantee in grant.blocks("grantee") { model.buckets[b].publicGrants += publicGrantees(r, grantee["uri"]) }
                }
            }
        case "aws_s3_bucket_versioning":
            guard let b = lookup(bucketIndex, r["bucket"], type: "aws_s3_bucket") else { return }
            guard let configuration = r.attributes.blocks("versioning_configuration").first,
                  let status = string(r, configuration["status"]) else {
                model.buckets[b].versioningUnknown = model.buckets[b].versioning == nil
                return
            }
            model.buckets[b].versioning = evidence(status.value == "Enabled", r, status.site)
        case "aws_s3_bucket_server_side_encryption_configuration":
            guard let b = lookup(bucketIndex, r["bucket"], type: "aws_s3_bucket"),
                  let rule = r.attributes.at("rule.apply_server_side_encryption_by_default") else { return }
            model.buckets[b].encryption = string(r, rule["sse_algorithm"])
            model.buckets[b].encryptionKey = string(r, rule["kms_master_key_id"]) ?? rule["kms_master_key_id"].map { evidence("(reference)", r, $0.site) }
        case "aws_s3_bucket_logging":
            guard let b = lookup(bucketIndex, r["bucket"], type: "aws_s3_bucket") else { return }
            model.buckets[b].logging = evidence(true, r, r.site)
        case "aws_s3_bucket_policy":
            guard let policy = r["policy"], let document = policyDocument(policy, role: .resource, resource: r) else { return }
            model.policies.append(document)
            if let b = lookup(bucketIndex, r["bucket"], type: "aws_s3_bucket") { model.buckets[b].policies.append(document) }
        case "aws_s3_bucket_public_access_block":
            let block = publicAccessBlock(r)
            model.publicAccessBlocks.append(block)
            if let b = lookup(bucketIndex, r["bucket"], type: "aws_s3_bucket") { model.buckets[b].publicAccessBlock = block }
        case "google_storage_bucket_iam_member", "google_storage_bucket_iam_binding":
            guard let b = lookup(bucketIndex, r["bucket"], type: "google_storage_bucket") else { return }
            let members = r["member"].map { [$0] } ?? r["members"]?.list ?? []
            for member in members {
                if let text = string(r, member), text.value == "allUsers" || text.value == "allAuthenticatedUsers" {
                    model.buckets[b].publicGrants.append(text)
                }
            }
        case "google_storage_bucket_acl":
            guard let b = lookup(bucketIndex, r["bucket"], type: "google_storage_bucket") else { return }
            if let acl = string(r, r["predefined_acl"]), acl.value == "publicRead" || acl.value == "publicReadWrite" {
                model.buckets[b].publicGrants.append(acl)
            }
        case "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy":
            let (key, type) = Self.ownerKey(r.type)
            guard let policy = r["policy"], let document = policyDocument(policy, role: .identity, resource: r) else { return }
            model.policies.append(document)
            if let i = lookup(identityIndex, r[key], type: type) { model.identities[i].policies.append(document) }
        case "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment":
            let (key, type) = Self.ownerKey(r.type)
            guard let i = lookup(identityIndex, r[key], type: type), let arn = r["policy_arn"] else { return }
            attach(i, arn, r)
        case "aws_iam_policy_attachment":
            guard let arn = r["policy_arn"] else { return }
            for (key, type) in [("users", "aws_iam_user"), ("roles", "aws_iam_role"), ("groups", "aws_iam_group")] {
                for owner in r[key]?.list ?? [] { if let i = lookup(identityIndex, owner, type: type) { attach(i, arn, r) } }
            }
        case "aws_iam_user_group_membership":
            guard let i = lookup(identityIndex, r["user"], type: "aws_iam_user") else { return }
            for group in r["groups"]?.list ?? [] { model.identities[i].groups += Self.keys(of: group) }
        case "aws_iam_group_membership":
            let group = Self.keys(of: r["group"])
            for user in r["users"]?.list ?? [] {
                if let i = lookup(identityIndex, user, type: "aws_iam_user") { model.identities[i].groups += group }
            }
        case "aws_lambda_function_url":
            var url = CloudFunctionURL(resource: r)
            url.authorization = string(r, r["authorization_type"])
            model.functionURLs.append(url)
            guard let f = lookup(functionIndex, r["function_name"], type: "aws_lambda_function"), let auth = url.authorization else { return }
            model.functions[f].urls.append(auth)
        case "aws_sqs_queue_policy", "aws_sns_topic_policy":
            guard let policy = r["policy"], let document = policyDocument(policy, role: .resource, resource: r) else { return }
            model.policies.append(document)
            let target = r["queue_url"] ?? r["arn"]
            if let m = lookup(messagingIndex, target, type: r.type == "aws_sqs_queue_policy" ? "aws_sqs_queue" : "aws_sns_topic") {
                model.messaging[m].policies.append(document)
            }
        case "aws_kms_key_policy":
            guard let policy = r["policy"], let document = policyDocument(policy, role: .resource, resource: r) else { return }
            model.policies.append(document)
            if let k = lookup(keyIndex, r["key_id"], type: "aws_kms_key") { model.keys[k].policy = document }
        default: break
        }
    }

    static func ownerKey(_ type: String) -> (String, String) {
        if type.hasPrefix("aws_iam_role") { return ("role", "aws_iam_role") }
        if type.hasPrefix("aws_iam_user") { return ("user", "aws_iam_user") }
        return ("group", "aws_iam_group")
    }

    // MARK: Pieces

    static let publicACLs: Set<String> = ["public-read", "public-read-write", "authenticated-read"]

    func publicGrantees(_ r: CloudResource, _ uri: CloudValue?) -> [CloudEvidence<String>] {
        guard let text = string(r, uri), text.value.hasSuffix("/global/AllUsers") || text.value.hasSuffix("/global/AuthenticatedUsers") else { return [] }
        return [text]
    }

    func publicAccessBlock(_ r: CloudResource) -> PublicAccessBlock {
        var block = PublicAccessBlock(resource: r)
        block.blockPublicACLs = bool(r, r["block_public_acls"])
        block.ignorePublicACLs = bool(r, r["ignore_public_acls"])
        block.blockPublicPolicy = bool(r, r["block_public_policy"])
        block.restrictPublicBuckets = bool(r, r["restrict_public_buckets"])
        return block
    }

    func awsRule(_ r: CloudResource, _ block: CloudValue, direction: FirewallRule.Direction, group: String?) -> FirewallRule {
        var peers: [CloudEvidence<String>] = []
        for key in ["cidr_blocks", "ipv6_cidr_blocks"] {
            for cidr in block[key]?.list ?? [] { if let peer = string(r, cidr) { peers.append(peer) } }
        }
        let proto = Self.protocolName(block["protocol"]?.string)
        let ports = proto == "all" ? 0...65535 : Self.ports(block["from_port"]?.int, block["to_port"]?.int)
        return FirewallRule(resource: r, site: block.site == r.attributes.site ? r.site : block.site, direction: direction,
                            allows: true, proto: proto, ports: ports, peers: peers, group: group)
    }

    func azureRules(_ r: CloudResource, _ block: CloudValue) -> [FirewallRule] {
        let direction: FirewallRule.Direction = block["direction"]?.string?.lowercased() == "outbound" ? .egress : .ingress
        let allows = block["access"]?.string?.lowercased() != "deny"
        var peers: [CloudEvidence<String>] = []
        if let one = string(r, block["source_address_prefix"]) { peers.append(one) }
        for prefix in block["source_address_prefixes"]?.list ?? [] { if let peer = string(r, prefix) { peers.append(peer) } }
        let proto = Self.protocolName(block["protocol"]?.string)
        var ranges: [(CloudSite, ClosedRange<Int>?)] = []
        if let one = block["destination_port_range"], let text = one.string { ranges.append((one.site, Self.portRange(text))) }
        for range in block["destination_port_ranges"]?.list ?? [] { ranges.append((range.site, range.string.flatMap(Self.portRange))) }
        let site = block.site == r.attributes.site ? r.site : block.site
        return ranges.map { FirewallRule(resource: r, site: $0.0 == CloudSite.none ? site : $0.0, direction: direction, allows: allows,
                                         proto: proto, ports: $0.1, peers: peers, group: r.address) }
    }

}

import PalisadeCore

/// Reads CloudFormation (and SAM) resources into the neutral cloud model. CloudFormation declares
/// most settings inline (a bucket's public-access block, versioning and encryption; a group's
/// rules), and splits out what Terraform splits too: bucket, queue and topic policies, security
/// group ingress and egress, IAM policies attached to roles, users and groups, function URLs.
/// A split resource joins its target by `Ref`/`Fn::GetAtt` (a `.reference` to the logical id) or
/// by the target's statically known name.
///
/// Where CloudFormation's defaults differ from what a setting's absence says, the entity says what
/// AWS does: an EKS endpoint is public unless `EndpointPublicAccess: false`, RDS storage is
/// unencrypted unless `StorageEncrypted: true` (but an Aurora instance's storage is its cluster's,
/// and a replica's or a restored snapshot's is inherited: no verdict there).
extension CloudModelBuilder {
    mutating func declareCloudFormation(_ r: CloudResource) {
        let p = r.attributes
        switch r.type {
        case "AWS::S3::Bucket":
            var bucket = CloudBucket(resource: r, name: r["BucketName"]?.string, encryptedByDefault: true)
            if let acl = string(r, r["AccessControl"]), Self.publicCannedACLs.contains(acl.value) { bucket.publicGrants.append(acl) }
            if let configuration = r["PublicAccessBlockConfiguration"], configuration.members != nil {
                var block = PublicAccessBlock(resource: r)
                block.blockPublicACLs = bool(r, configuration["BlockPublicAcls"])
                block.ignorePublicACLs = bool(r, configuration["IgnorePublicAcls"])
                block.blockPublicPolicy = bool(r, configuration["BlockPublicPolicy"])
                block.restrictPublicBuckets = bool(r, configuration["RestrictPublicBuckets"])
                bucket.publicAccessBlock = block
                model.publicAccessBlocks.append(block)
            }
            if let status = string(r, p.at("VersioningConfiguration.Status")) { bucket.versioning = evidence(status.value == "Enabled", r, status.site) }
            else if r["VersioningConfiguration"] != nil { bucket.versioningUnknown = true }
            if let rule = p.at("BucketEncryption.ServerSideEncryptionConfiguration.ServerSideEncryptionByDefault") {
                bucket.encryption = string(r, rule["SSEAlgorithm"])
                bucket.encryptionKey = string(r, rule["KMSMasterKeyID"]) ?? rule["KMSMasterKeyID"].map { evidence("(reference)", r, $0.site) }
            }
            if let logging = r["LoggingConfiguration"] { bucket.logging = evidence(true, r, logging.site) }
            Self.index(&bucketIndex, r, name: bucket.name, at: model.buckets.count)
            model.buckets.append(bucket)
        case "AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group":
            let kind: CloudIdentity.Kind = r.type == "AWS::IAM::User" ? .user : r.type == "AWS::IAM::Role" ? .role : .group
            let nameKey = kind == .user ? "UserName" : kind == .role ? "RoleName" : "GroupName"
            var identity = CloudIdentity(kind: kind, resource: r, name: r[nameKey]?.string)
            if kind == .role, let trust = r["AssumeRolePolicyDocument"], let document = policyDocument(trust, role: .trust, resource: r) {
                identity.trust = document
                model.policies.append(document)
            }
            addInlinePolicies(r["Policies"], to: &identity, r)
            addManagedPolicies(r["ManagedPolicyArns"], to: &identity, at: model.identities.count, r)
            if kind == .user { identity.groups += (r["Groups"]?.list ?? []).flatMap { Self.keys(of: $0) } }
            Self.index(&identityIndex, r, name: identity.name, at: model.identities.count)
            model.identities.append(identity)
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
            guard let policy = r["PolicyDocument"], let document = policyDocument(policy, role: .identity, resource: r) else { break }
            policyIndex[r.address, default: []].append(model.policies.count)
            model.policies.append(document)
        case "AWS::IAM::AccessKey":
            var key = CloudAccessKey(resource: r)
            key.owner = Self.keys(of: r["UserName"]).first
            model.accessKeys.append(key)
        case "AWS::EC2::SecurityGroup":
            for (direction, key) in [(FirewallRule.Direction.ingress, "SecurityGroupIngress"), (.egress, "SecurityGroupEgress")] {
                for entry in r[key]?.list ?? [] where entry.members != nil {
                    model.firewallRules.append(cfnRule(r, entry, direction: direction, site: entry.site, group: r.address))
                }
            }
        case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
            let direction: FirewallRule.Direction = r.type.hasSuffix("Ingress") ? .ingress : .egress
            model.firewallRules.append(cfnRule(r, p, direction: direction, site: r.site, group: Self.keys(of: r["GroupId"] ?? r["GroupName"]).first))
        case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster":
            var database = CloudDatabase(resource: r)
            database.publiclyAccessible = bool(r, r["PubliclyAccessible"])
            database.storageEncrypted = bool(r, r["StorageEncrypted"])
            database.backupRetentionDays = int(r, r["BackupRetentionPeriod"])
            database.deletionProtection = bool(r, r["DeletionProtection"])
            database.encryptedByDefault = r["EngineMode"]?.string == "serverless"
            let inherited = ["DBClusterIdentifier", "SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "SnapshotIdentifier",
                             "SourceDBClusterIdentifier", "SourceDBInstanceAutomatedBackupsArn"].contains { r[$0] != nil }
            database.storageEncryptionUnknown = database.storageEncrypted == nil && (r["StorageEncrypted"] != nil || inherited)
            model.databases.append(database)
        case "AWS::EC2::Instance", "AWS::EC2::LaunchTemplate":
            var instance = CloudInstance(resource: r)
            let data = r.type == "AWS::EC2::Instance" ? p : (r["LaunchTemplateData"] ?? CloudValue(.object([]), site: r.site))
            if let metadata = data["MetadataOptions"], metadata.members != nil {
                instance.metadataTokens = string(r, metadata["HttpTokens"]) ?? (metadata["HttpTokens"] == nil ? evidence("optional", r, metadata.site) : nil)
                instance.metadataDisabled = metadata["HttpEndpoint"]?.string == "disabled"
                instance.metadataUnknown = metadata["HttpTokens"].map { !$0.isKnown } == true
            } else if data["MetadataOptions"] != nil {
                instance.metadataUnknown = true
            }
            for mapping in data["BlockDeviceMappings"]?.list ?? [] {
                if let ebs = mapping["Ebs"], ebs.members != nil { instance.volumes.append((ebs.site, bool(r, ebs["Encrypted"]))) }
            }
            for interface in data["NetworkInterfaces"]?.list ?? [] {
                if let flag = bool(r, interface["AssociatePublicIpAddress"]) { instance.publicIP = flag }
            }
            model.instances.append(instance)
        case "AWS::EC2::Volume":
            var volume = CloudVolume(resource: r)
            volume.encrypted = bool(r, r["Encrypted"])
            // Restored from a snapshot, a volume is encrypted as the snapshot is: no verdict.
            if volume.encrypted == nil && (r["Encrypted"] != nil || r["SnapshotId"] != nil) { break }
            model.volumes.append(volume)
        case "AWS::KMS::Key":
            var key = CloudKey(resource: r)
            key.rotation = bool(r, r["EnableKeyRotation"])
            key.rotationUnknown = key.rotation == nil && r["EnableKeyRotation"] != nil
            let spec = r["KeySpec"]?.string ?? "SYMMETRIC_DEFAULT"
            key.symmetric = spec == "SYMMETRIC_DEFAULT" && r["KeySpec"].map(\.isKnown) != false
            if let policy = r["KeyPolicy"], let document = policyDocument(policy, role: .resource, resource: r) {
                key.policy = document
                model.policies.append(document)
            }
            keyIndex[r.address] = model.keys.count
            model.keys.append(key)
        case "AWS::EKS::Cluster":
            var cluster = CloudCluster(resource: r, publicEndpointDefault: true)
            if let vpc = r["ResourcesVpcConfig"] {
                cluster.networkSite = vpc.site
                cluster.publicEndpoint = bool(r, vpc["EndpointPublicAccess"])
                cluster.publicCIDRs = (vpc["PublicAccessCidrs"]?.list ?? []).compactMap { string(r, $0) }
                // An endpoint switch or address list known only at deployment: no verdict.
                if vpc["EndpointPublicAccess"].map({ !$0.isKnown }) == true || vpc["PublicAccessCidrs"].map({ $0.list == nil || $0.list!.contains { !$0.isKnown } }) == true {
                    break
                }
            }
            if let encryption = r["EncryptionConfig"] { cluster.secretsEncryption = evidence(true, r, encryption.site) }
            model.clusters.append(cluster)
        case "AWS::Lambda::Function", "AWS::Serverless::Function":
            var function = CloudFunction(resource: r)
            if let variables = p.at("Environment.Variables")?.members { function.environment = variables.map { ($0.key, $0.value) } }
            function.role = Self.keys(of: r["Role"]).first
            function.timeout = int(r, r["Timeout"])
            function.reservedConcurrency = int(r, r["ReservedConcurrentExecutions"])
            if r.type == "AWS::Serverless::Function" {
                if let configuration = r["FunctionUrlConfig"], configuration.members != nil {
                    var url = CloudFunctionURL(resource: r)
                    url.authorization = string(r, configuration["AuthType"])
                    if let auth = url.authorization { function.urls.append(auth) }
                    model.functionURLs.append(url)
                }
                if r["Role"] == nil, r["Policies"] != nil {
                    serverlessRole(r)
                    function.role = r.address
                }
            }
            Self.index(&functionIndex, r, name: r["FunctionName"]?.string, at: model.functions.count)
            model.functions.append(function)
        case "AWS::CloudTrail::Trail":
            var trail = CloudTrail(resource: r)
            trail.multiRegion = bool(r, r["IsMultiRegionTrail"])
            trail.logValidation = bool(r, r["EnableLogFileValidation"])
            trail.kmsKey = string(r, r["KMSKeyId"]) ?? (r["KMSKeyId"].map { evidence("(reference)", r, $0.site) })
            model.trails.append(trail)
        case "AWS::SQS::Queue", "AWS::SNS::Topic":
            var messaging = CloudMessaging(kind: r.type == "AWS::SQS::Queue" ? .queue : .topic, resource: r)
            if let key = r["KmsMasterKeyId"] { messaging.kmsKey = string(r, key) ?? evidence("(reference)", r, key.site) }
            messaging.managedEncryption = bool(r, r["SqsManagedSseEnabled"])
            Self.index(&messagingIndex, r, name: r["QueueName"]?.string ?? r["TopicName"]?.string, at: model.messaging.count)
            model.messaging.append(messaging)
        case "AWS::Logs::LogGroup":
            var group = CloudLogGroup(resource: r)
            group.retentionDays = int(r, r["RetentionInDays"])
            model.logGroups.append(group)
        case "AWS::ECR::Repository", "AWS::SecretsManager::ResourcePolicy":
            if let policy = r["RepositoryPolicyText"] ?? r["ResourcePolicy"], let document = policyDocument(policy, role: .resource, resource: r) {
                model.policies.append(document)
            }
        default: break
        }
    }

    mutating func joinCloudFormation(_ r: CloudResource) {
        switch r.type {
        case "AWS::S3::BucketPolicy":
            guard let policy = r["PolicyDocument"], let document = policyDocument(policy, role: .resource, resource: r) else { return }
            model.policies.append(document)
            if let b = lookup(bucketIndex, r["Bucket"], type: "AWS::S3::Bucket") { model.buckets[b].policies.append(document) }
        case "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy":
            guard let policy = r["PolicyDocument"], let document = policyDocument(policy, role: .resource, resource: r) else { return }
            model.policies.append(document)
            let queue = r.type == "AWS::SQS::QueuePolicy"
            for target in r[queue ? "Queues" : "Topics"]?.list ?? [] {
                if let m = lookup(messagingIndex, target, type: queue ? "AWS::SQS::Queue" : "AWS::SNS::Topic") { model.messaging[m].policies.append(document) }
            }
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
            for (key, type) in [("Users", "AWS::IAM::User"), ("Roles", "AWS::IAM::Role"), ("Groups", "AWS::IAM::Group")] {
                for owner in r[key]?.list ?? [] {
                    guard let i = lookup(identityIndex, owner, type: type) else { continue }
                    for p in policyIndex[r.address] ?? [] { model.identities[i].policies.append(model.policies[p]) }
                }
            }
        case "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy":
            let (key, type) = r.type == "AWS::IAM::RolePolicy" ? ("RoleName", "AWS::IAM::Role")
                : r.type == "AWS::IAM::UserPolicy" ? ("UserName", "AWS::IAM::User") : ("GroupName", "AWS::IAM::Group")
            guard let policy = r["PolicyDocument"], let document = policyDocument(policy, role: .identity, resource: r) else { return }
            model.policies.append(document)
            if let i = lookup(identityIndex, r[key], type: type) { model.identities[i].policies.append(document) }
        case "AWS::IAM::UserToGroupAddition":
            let group = Self.keys(of: r["GroupName"])
            for user in r["Users"]?.list ?? [] {
                if let i = lookup(identityIndex, user, type: "AWS::IAM::User") { model.identities[i].groups += group }
            }
        case "AWS::Lambda::Url":
            var url = CloudFunctionURL(resource: r)
            url.authorization = string(r, r["AuthType"])
            model.functionURLs.append(url)
            if let f = lookup(functionIndex, r["TargetFunctionArn"], type: "AWS::Lambda::Function"), let auth = url.authorization {
                model.functions[f].urls.append(auth)
            }
        default: break
        }
    }

    /// CloudFormation's canned ACLs that open a bucket to everyone or every AWS account.
    static let publicCannedACLs: Set<String> = ["PublicRead", "PublicReadWrite", "AuthenticatedRead"]

    /// `Policies: [{PolicyName, PolicyDocument}]` of a user, group or role.
    mutating func addInlinePolicies(_ value: CloudValue?, to identity: inout CloudIdentity, _ r: CloudResource) {
        for entry in value?.list ?? [] {
            guard let policy = entry["PolicyDocument"], let document = policyDocument(policy, role: .identity, resource: r) else { continue }
            identity.policies.append(document)
            model.policies.append(document)
        }
    }

    /// `ManagedPolicyArns`: AWS-managed ARNs as written; a `Ref` to a customer-managed policy of
    /// the template is attached once every policy is read.
    mutating func addManagedPolicies(_ value: CloudValue?, to identity: inout CloudIdentity, at position: Int, _ r: CloudResource) {
        for arn in value?.list ?? [] {
            if let text = string(r, arn) { identity.managedPolicies.append(text) }
            else if case .reference(let address, _) = arn.kind { attachments.append((position, address, evidence(address, r, arn.site))) }
        }
    }

    /// The role SAM creates for a function without `Role`, from its `Policies`: managed policy
    /// names or ARNs, policy documents, and SAM's common policy templates expanded into their
    /// statements (`SAMPolicyTemplates`).
    mutating func serverlessRole(_ r: CloudResource) {
        var identity = CloudIdentity(kind: .role, resource: r, name: nil)
        for entry in r["Policies"]?.elements ?? [] {
            if let name = string(r, entry) {
                let arn = name.value.hasPrefix("arn:") ? name.value : "arn:aws:iam::aws:policy/" + name.value
                identity.managedPolicies.append(evidence(arn, r, name.site))
            } else if entry["Statement"] != nil, let document = policyDocument(entry, role: .identity, resource: r) {
                identity.policies.append(document)
                model.policies.append(document)
            } else if let template = SAMPolicyTemplates.document(entry), let document = policyDocument(template, role: .identity, resource: r) {
                identity.policies.append(document)
                model.policies.append(document)
            }
        }
        Self.index(&identityIndex, r, name: nil, at: model.identities.count)
        model.identities.append(identity)
    }

    /// A security group rule: `IpProtocol`, `FromPort`/`ToPort`, `CidrIp`/`CidrIpv6` (egress
    /// rules name their destination the same way).
    func cfnRule(_ r: CloudResource, _ rule: CloudValue, direction: FirewallRule.Direction, site: CloudSite, group: String?) -> FirewallRule {
        var peers: [CloudEvidence<String>] = []
        for key in ["CidrIp", "CidrIpv6"] { if let peer = string(r, rule[key]) { peers.append(peer) } }
        let proto = Self.protocolName(rule["IpProtocol"]?.string)
        let ports = proto == "all" ? 0...65535 : Self.ports(rule["FromPort"]?.int, rule["ToPort"]?.int)
        return FirewallRule(resource: r, site: site, direction: direction, allows: true, proto: proto, ports: ports, peers: peers, group: group)
    }
}

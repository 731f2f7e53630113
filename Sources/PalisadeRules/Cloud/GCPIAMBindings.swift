import PalisadeCore

/// GCP IAM members and bindings on projects, folders, organisations and resources.
enum GCPIAM {
    /// Every `(member, role, site)` an IAM member or binding resource grants, with the resource.
    static func grants(_ model: CloudModel) -> [(resource: CloudResource, member: CloudEvidence<String>, role: String)] {
        var found: [(CloudResource, CloudEvidence<String>, String)] = []
        for resource in model.resources where resource.type.hasPrefix("google_") && (resource.type.hasSuffix("_iam_member") || resource.type.hasSuffix("_iam_binding")) {
            guard let role = resource["role"]?.string else { continue }
            let members = resource["member"].map { [$0] } ?? resource["members"]?.list ?? []
            for member in members {
                guard let text = member.string else { continue }
                found.append((resource, CloudEvidence(text, resource: resource, site: member.site), role))
            }
        }
        return found
    }
}

public struct GCPIAMPublicMember: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "gcp-iam-public-member",
        title: "IAM grants a role to everyone on the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1530", "T1078.004"],
        appliesTo: [.cloud],
        rationale: "`allUsers` is anyone on the internet and `allAuthenticatedUsers` anyone with a Google account: a role granted to them on a project, dataset, topic, function or secret is public. (Cloud Storage buckets are judged by `cloud-bucket-public-acl`.)",
        remediation: "Grant the role to specific users, groups or service accounts.",
        references: ["https://cloud.google.com/iam/docs/principals-overview#all-users"],
        goodExamples: ["resource \"google_pubsub_topic_iam_member\" \"publisher\" {\n  topic  = \"orders\"\n  role   = \"roles/pubsub.publisher\"\n  member = \"serviceAccount:app@acme.iam.gserviceaccount.com\"\n}"],
        badExamples: ["resource \"google_cloudfunctions_function_iam_member\" \"invoker\" {\n  cloud_function = \"export\"\n  role           = \"roles/cloudfunctions.invoker\"\n  member         = ↓\"allUsers\"\n}"],
        input: .cloud
    ).with(scope: .cloud { GCPIAM.grants($0).count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for grant in GCPIAM.grants(model) where !grant.resource.type.hasPrefix("google_storage_bucket") {
            guard grant.member.value == "allUsers" || grant.member.value == "allAuthenticatedUsers" else { continue }
            report.report(grant.member, path: "member[\(grant.member.value)]", message: "\(grant.resource.address) grants \(grant.role) to \(grant.member.value)")
        }
    }
}

public struct GCPIAMPrimitiveRole: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "gcp-iam-primitive-role",
        title: "Owner or Editor granted on a project",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.004", "T1098"],
        appliesTo: [.cloud],
        rationale: "The basic roles `roles/owner` and `roles/editor` grant thousands of permissions across every service of the project; a service account holding one turns any compromise of its workload (or key) into control of the project.",
        remediation: "Grant predefined or custom roles limited to what the principal does.",
        references: ["https://cloud.google.com/iam/docs/understanding-roles#basic"],
        goodExamples: ["resource \"google_project_iam_member\" \"deployer\" {\n  project = \"acme\"\n  role    = \"roles/run.developer\"\n  member  = \"serviceAccount:deploy@acme.iam.gserviceaccount.com\"\n}"],
        badExamples: ["resource \"google_project_iam_member\" \"deployer\" {\n  project = \"acme\"\n  role    = \"roles/editor\"\n  member  = ↓\"serviceAccount:deploy@acme.iam.gserviceaccount.com\"\n}"],
        input: .cloud
    ).with(scope: .cloud { GCPIAM.grants($0).count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for grant in GCPIAM.grants(model) where grant.role == "roles/owner" || grant.role == "roles/editor" {
            guard grant.resource.type.hasPrefix("google_project") || grant.resource.type.hasPrefix("google_folder") || grant.resource.type.hasPrefix("google_organization") else { continue }
            report.report(grant.member, path: "member[\(grant.member.value)][\(grant.role)]", message: "\(grant.resource.address) grants \(grant.role) to \(grant.member.value)")
        }
    }
}

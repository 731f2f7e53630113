import PalisadeCore

/// Managed node groups with an SSH key and no source security groups: EKS opens port 22 to all.
public struct AWSEKSNodeGroupSSHOpen: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-eks-node-group-ssh-open",
        title: "EKS node group opens SSH to the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1021.004", "T1133"],
        appliesTo: [.cloud],
        rationale: """
            When a managed node group's `remote_access` names an `ec2_ssh_key` but no \
            `source_security_group_ids`, EKS opens port 22 on every node to 0.0.0.0/0: the nodes, \
            and through them the kubelet credentials and every pod's secrets, are one weak or leaked \
            key away. No security group in the template shows it, so firewall rules do not catch it.
            """,
        remediation: "Set `source_security_group_ids` to a bastion's group (CloudFormation: `RemoteAccess.SourceSecurityGroups`), or drop `remote_access` and use SSM Session Manager.",
        references: ["https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html"],
        goodExamples: [
            """
            resource "aws_eks_node_group" "workers" {
              cluster_name    = "main"
              node_group_name = "workers"
              node_role_arn   = "arn:aws:iam::123456789012:role/nodes"
              subnet_ids      = ["subnet-1"]
              remote_access {
                ec2_ssh_key               = "ops"
                source_security_group_ids = ["sg-bastion"]
              }
            }
            """,
            """
            Resources:
              Workers:
                Type: AWS::EKS::Nodegroup
                Properties:
                  ClusterName: main
                  NodeRole: arn:aws:iam::123456789012:role/nodes
                  Subnets: [subnet-1]
            """,
        ],
        badExamples: [
            """
            resource "aws_eks_node_group" "workers" {
              cluster_name    = "main"
              node_group_name = "workers"
              node_role_arn   = "arn:aws:iam::123456789012:role/nodes"
              subnet_ids      = ["subnet-1"]
              remote_access {
                ec2_ssh_key = ↓"ops"
              }
            }
            """,
            """
            Resources:
              Workers:
                Type: AWS::EKS::Nodegroup
                Properties:
                  ClusterName: main
                  NodeRole: arn:aws:iam::123456789012:role/nodes
                  Subnets: [subnet-1]
                  RemoteAccess:
                    Ec2SshKey: ↓ops
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_eks_node_group", "AWS::EKS::Nodegroup") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources(ofTypes: ["aws_eks_node_group", "AWS::EKS::Nodegroup"]) {
            let (block, key, sources) = resource.format == .cloudFormation ? ("RemoteAccess", "Ec2SshKey", "SourceSecurityGroups") : ("remote_access", "ec2_ssh_key", "source_security_group_ids")
            guard let access = resource.attributes.at(block), let sshKey = access[key], !sshKey.isNull else { continue }
            if let groups = access[sources], !groups.isNull, groups.list?.isEmpty != true { continue }
            report.report(resource, at: sshKey.site, path: "\(block).\(key)", message: "node group \(resource.address) opens SSH (port 22) on its nodes to 0.0.0.0/0")
        }
    }
}

import PalisadeCore

public struct CloudClusterPublicEndpoint: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-cluster-public-endpoint",
        title: "Kubernetes API endpoint is open to the internet",
        severity: .high,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1133", "T1190"],
        appliesTo: [.cloud],
        rationale: """
            A managed cluster's API server reachable from any address (EKS's default public endpoint \
            with no `public_access_cidrs`, or `0.0.0.0/0` among them; a GKE cluster without a private \
            endpoint or authorised networks) is one leaked kubeconfig or one API server vulnerability \
            away from the whole cluster.
            """,
        remediation: "Use a private endpoint (`endpoint_public_access = false`, GKE `enable_private_endpoint = true`, CloudFormation `EndpointPublicAccess: false`), or restrict the public one to the ranges that need it.",
        references: ["https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html"],
        goodExamples: [
            """
            resource "aws_eks_cluster" "main" {
              name     = "main"
              role_arn = "arn:aws:iam::123456789012:role/eks"
              vpc_config {
                subnet_ids              = ["subnet-1"]
                endpoint_private_access = true
                endpoint_public_access  = true
                public_access_cidrs     = ["203.0.113.0/24"]
              }
            }
            """,
            """
            Resources:
              Cluster:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1, subnet-2]
                    EndpointPublicAccess: false
                    EndpointPrivateAccess: true
              Office:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1, subnet-2]
                    PublicAccessCidrs: [203.0.113.0/24]
            """,
        ],
        badExamples: [
            """
            resource "aws_eks_cluster" "main" {
              name     = "main"
              role_arn = "arn:aws:iam::123456789012:role/eks"
              ↓vpc_config {
                subnet_ids = ["subnet-1"]
              }
            }
            """,
            """
            resource "aws_eks_cluster" "main" {
              name     = "main"
              role_arn = "arn:aws:iam::123456789012:role/eks"
              vpc_config {
                subnet_ids             = ["subnet-1"]
                endpoint_public_access = true
                public_access_cidrs    = [↓"0.0.0.0/0"]
              }
            }
            """,
            """
            Resources:
              Cluster:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1, subnet-2]
                    EndpointPublicAccess: ↓true
            """,
            """
            Resources:
              Cluster:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1, subnet-2]
                    PublicAccessCidrs: [↓0.0.0.0/0]
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.clusters.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for cluster in model.clusters {
            let isPublic = cluster.publicEndpoint?.value ?? cluster.publicEndpointDefault
            guard isPublic else { continue }
            let name = cluster.resource.address
            if let open = cluster.publicCIDRs.first(where: { CloudNetwork.isInternet($0.value) }) {
                report.report(open, path: "public_access_cidrs", message: "the API endpoint of \(name) is open to \(open.value)")
            } else if cluster.publicCIDRs.isEmpty {
                let site = cluster.publicEndpoint?.site ?? cluster.networkSite ?? cluster.resource.site
                report.report(cluster.resource, at: site, path: "endpoint", message: "the API endpoint of \(name) is public with no address restriction")
            }
        }
    }
}

import PalisadeCore

// Settings of networks, registries, clusters and functions, as instances of the attribute template.
extension CloudAttributeRule {
    public static let distributionHTTP = CloudAttributeRule(RuleDescription(
        id: "aws-cloudfront-allows-http",
        title: "CloudFront serves viewers over plain HTTP",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1557", "T1040"],
        appliesTo: [.cloud],
        rationale: "`viewer_protocol_policy = \"allow-all\"` serves pages, cookies and tokens over HTTP to anyone who asks: on a hostile network they are read and rewritten in transit.",
        remediation: "Use `redirect-to-https` (or `https-only`) on every cache behaviour.",
        references: ["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html"],
        goodExamples: ["resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled = true\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = \"redirect-to-https\"\n  }\n}",
            """
            Resources:
              Site:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
            """],
        badExamples: ["resource \"aws_cloudfront_distribution\" \"site\" {\n  enabled = true\n  default_cache_behavior {\n    target_origin_id       = \"site\"\n    viewer_protocol_policy = ↓\"allow-all\"\n  }\n}",
            """
            Resources:
              Site:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: ↓allow-all
            """],
        input: .cloud
    ), consequence: "serves viewers over plain HTTP", targets: [
        Target("aws_cloudfront_distribution", "default_cache_behavior.viewer_protocol_policy", .notOneOf(["allow-all"])),
        Target("AWS::CloudFront::Distribution", "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy", .notOneOf(["allow-all"]), findingPath: "default_cache_behavior.viewer_protocol_policy"),
    ])

    public static let registryMutableTags = CloudAttributeRule(RuleDescription(
        id: "aws-ecr-mutable-tags",
        title: "Container registry allows tags to be overwritten",
        severity: .medium,
        pattern: .supplyChain,
        controls: [.supplyChainIntegrity],
        mitre: ["T1525", "T1195.002"],
        appliesTo: [.cloud],
        rationale: "With mutable tags, whoever can push (a leaked CI token) replaces `app:1.4.2` with their own image, and every cluster that pulls the tag runs it. Immutable tags make a tag mean one image for ever.",
        remediation: "Set `image_tag_mutability = \"IMMUTABLE\"` and deploy by digest.",
        references: ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
        goodExamples: ["resource \"aws_ecr_repository\" \"app\" {\n  name                 = \"app\"\n  image_tag_mutability = \"IMMUTABLE\"\n}",
            """
            Resources:
              App:
                Type: AWS::ECR::Repository
                Properties:
                  RepositoryName: app
                  ImageTagMutability: IMMUTABLE
            """],
        badExamples: ["resource \"aws_ecr_repository\" ↓\"app\" {\n  name = \"app\"\n}",
            """
            Resources:
              App:
                Type: AWS::ECR::Repository
                Properties:
                  RepositoryName: app
                  ImageTagMutability: ↓MUTABLE
            """],
        input: .cloud
    ), consequence: "lets pushed tags be overwritten", targets: [
        Target("aws_ecr_repository", "image_tag_mutability", .notOneOf(["MUTABLE"])),
        Target("aws_ecr_repository", "image_tag_mutability", .present),
        Target("AWS::ECR::Repository", "ImageTagMutability", .notOneOf(["MUTABLE"])),
        Target("AWS::ECR::Repository", "ImageTagMutability", .present),
    ])

    public static let clusterSecretsEncryption = CloudAttributeRule(RuleDescription(
        id: "aws-eks-secrets-unencrypted",
        title: "EKS does not encrypt Kubernetes Secrets with a KMS key",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.encryption, .secretsManagement],
        mitre: ["T1552.007"],
        appliesTo: [.cloud],
        rationale: "Without envelope encryption (`encryption_config` for `secrets`), Kubernetes Secrets sit in etcd protected only by the volume's encryption: anyone with an etcd backup reads every token and password.",
        remediation: "Add `encryption_config { resources = [\"secrets\"] provider { key_arn = ... } }`.",
        references: ["https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html"],
        goodExamples: ["resource \"aws_eks_cluster\" \"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks\"\n  vpc_config {\n    subnet_ids             = [\"subnet-1\"]\n    endpoint_public_access = false\n  }\n  encryption_config {\n    resources = [\"secrets\"]\n    provider {\n      key_arn = \"arn:aws:kms:eu-west-1:123456789012:key/abc\"\n    }\n  }\n}",
            """
            Resources:
              Main:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1]
                    EndpointPublicAccess: false
                    EndpointPrivateAccess: true
                  EncryptionConfig:
                    - Resources: [secrets]
                      Provider:
                        KeyArn: arn:aws:kms:eu-west-1:123456789012:key/abc
            """],
        badExamples: ["resource \"aws_eks_cluster\" ↓\"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks\"\n  vpc_config {\n    subnet_ids             = [\"subnet-1\"]\n    endpoint_public_access = false\n  }\n}",
            """
            Resources:
              ↓Main:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1]
                    EndpointPublicAccess: false
                    EndpointPrivateAccess: true
            """],
        input: .cloud
    ), consequence: "keeps Kubernetes Secrets without KMS envelope encryption", targets: [
        Target("aws_eks_cluster", "encryption_config", .present), Target("AWS::EKS::Cluster", "EncryptionConfig", .present),
    ])

    public static let clusterAuditLogs = CloudAttributeRule(RuleDescription(
        id: "aws-eks-control-plane-logging-disabled",
        title: "EKS control plane sends no audit logs",
        severity: .low,
        pattern: .availability,
        controls: [.runtimeMonitoring],
        mitre: ["T1562.008"],
        appliesTo: [.cloud],
        rationale: "Without `enabled_cluster_log_types` (at least `audit` and `authenticator`), nothing records who read Secrets, created pods or bound roles: an intrusion in the cluster leaves no trail.",
        remediation: "Set `enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\"]`.",
        references: ["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
        goodExamples: ["resource \"aws_eks_cluster\" \"main\" {\n  name                      = \"main\"\n  role_arn                  = \"arn:aws:iam::123456789012:role/eks\"\n  enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\"]\n}",
            """
            Resources:
              Main:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1]
                  Logging:
                    ClusterLogging:
                      EnabledTypes:
                        - Type: api
                        - Type: audit
                        - Type: authenticator
            """],
        badExamples: ["resource \"aws_eks_cluster\" ↓\"main\" {\n  name     = \"main\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks\"\n}",
            """
            Resources:
              ↓Main:
                Type: AWS::EKS::Cluster
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/eks
                  ResourcesVpcConfig:
                    SubnetIds: [subnet-1]
            """],
        input: .cloud
    ), consequence: "sends no control plane logs", targets: [
        Target("aws_eks_cluster", "enabled_cluster_log_types", .present), Target("AWS::EKS::Cluster", "Logging", .present, findingPath: "enabled_cluster_log_types"),
    ])
}

/// Needs two settings at once (no authoriser and no API key, not a CORS preflight), so it is a
/// rule of its own rather than an instance of the template.
public struct AWSAPIGatewayMethodNoAuth: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "aws-api-gateway-method-no-auth",
        title: "API Gateway method needs no authorisation",
        severity: .medium,
        pattern: .exposure,
        controls: [.leastPrivilegeIdentity, .networkSegmentation],
        mitre: ["T1190"],
        appliesTo: [.cloud],
        rationale: "A method with `authorization = \"NONE\"` and no API key is callable by anyone on the internet; whatever it fronts (a function with a role, a database) is then public. CORS preflight (`OPTIONS`) methods are not reported.",
        remediation: "Use an IAM, Cognito or Lambda authoriser (or at least `api_key_required = true` with a usage plan that throttles).",
        references: ["https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html"],
        goodExamples: ["resource \"aws_api_gateway_method\" \"get\" {\n  rest_api_id   = \"abc\"\n  resource_id   = \"def\"\n  http_method   = \"GET\"\n  authorization = \"AWS_IAM\"\n}\n\nresource \"aws_api_gateway_method\" \"preflight\" {\n  rest_api_id   = \"abc\"\n  resource_id   = \"def\"\n  http_method   = \"OPTIONS\"\n  authorization = \"NONE\"\n}",
            """
            Resources:
              GetOrders:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: abc
                  ResourceId: def
                  HttpMethod: GET
                  AuthorizationType: AWS_IAM
              Preflight:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: abc
                  ResourceId: def
                  HttpMethod: OPTIONS
                  AuthorizationType: NONE
            """],
        badExamples: ["resource \"aws_api_gateway_method\" \"post\" {\n  rest_api_id   = \"abc\"\n  resource_id   = \"def\"\n  http_method   = \"POST\"\n  authorization = ↓\"NONE\"\n}",
            """
            Resources:
              CreateOrder:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: abc
                  ResourceId: def
                  HttpMethod: POST
                  AuthorizationType: ↓NONE
            """],
        input: .cloud
    ).with(scope: .cloud { $0.count(ofTypes: "aws_api_gateway_method", "AWS::ApiGateway::Method") })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        for resource in model.resources {
            let (auth, method, key): (CloudValue?, CloudValue?, CloudValue?)
            switch resource.type {
            case "aws_api_gateway_method": (auth, method, key) = (resource["authorization"], resource["http_method"], resource["api_key_required"])
            case "AWS::ApiGateway::Method": (auth, method, key) = (resource["AuthorizationType"], resource["HttpMethod"], resource["ApiKeyRequired"])
            default: continue
            }
            guard let auth, auth.string == "NONE", let verb = method?.string, verb != "OPTIONS", key?.bool != true else { continue }
            report.report(resource, at: auth.site, path: "authorization", message: "\(verb) method \(resource.address) can be called by anyone, without authorisation or API key")
        }
    }
}

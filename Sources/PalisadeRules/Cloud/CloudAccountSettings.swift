import PalisadeCore

// Account-wide and platform settings, as instances of the attribute template.
extension CloudAttributeRule {
    public static let passwordPolicyWeak = CloudAttributeRule(RuleDescription(
        id: "aws-iam-password-policy-weak",
        title: "Account password policy allows short or reused passwords",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1110"],
        appliesTo: [.cloud],
        rationale: "Console passwords shorter than 14 characters fall to guessing and credential stuffing; a policy that does not remember previous passwords lets a leaked one come back.",
        remediation: "Set `minimum_password_length = 14` or more and `password_reuse_prevention = 24`; better, sign people in through SSO.",
        references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html"],
        goodExamples: ["resource \"aws_iam_account_password_policy\" \"strict\" {\n  minimum_password_length   = 16\n  password_reuse_prevention = 24\n}"],
        badExamples: ["resource \"aws_iam_account_password_policy\" ↓\"weak\" {\n  minimum_password_length = ↓8\n}"],
        input: .cloud
    ), consequence: "allows weak console passwords", targets: [
        Target("aws_iam_account_password_policy", "minimum_password_length", .atLeast(14)),
        Target("aws_iam_account_password_policy", "minimum_password_length", .present),
        Target("aws_iam_account_password_policy", "password_reuse_prevention", .atLeast(24)),
        Target("aws_iam_account_password_policy", "password_reuse_prevention", .present),
    ])

    public static let ebsDefaultEncryptionOff = CloudAttributeRule(RuleDescription(
        id: "aws-ebs-default-encryption-disabled",
        title: "EBS encryption by default is switched off",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: "With `aws_ebs_encryption_by_default` disabled, every volume and snapshot created without an explicit `encrypted = true` (by a person, an autoscaling group, a tool) is stored in the clear.",
        remediation: "Set `enabled = true` in every region.",
        references: ["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
        goodExamples: ["resource \"aws_ebs_encryption_by_default\" \"on\" {\n  enabled = true\n}"],
        badExamples: ["resource \"aws_ebs_encryption_by_default\" \"off\" {\n  enabled = ↓false\n}"],
        input: .cloud
    ), consequence: "lets new volumes be created unencrypted", targets: [
        Target("aws_ebs_encryption_by_default", "enabled", .notFalse),
    ])

    public static let instancePublicIP = CloudAttributeRule(RuleDescription(
        id: "aws-instance-public-ip",
        title: "Instance gets a public IP address",
        severity: .low,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1133"],
        appliesTo: [.cloud],
        rationale: "An instance with a public address is one security group rule away from the internet; servers belong in private subnets behind a load balancer or NAT.",
        remediation: "Set `associate_public_ip_address = false` and expose services through a load balancer.",
        references: ["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html#vpc-public-ipv4-addresses"],
        goodExamples: ["resource \"aws_instance\" \"app\" {\n  ami                         = \"ami-123\"\n  associate_public_ip_address = false\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}",
            """
            Resources:
              App:
                Type: AWS::EC2::Instance
                Properties:
                  ImageId: ami-123
                  MetadataOptions: {HttpTokens: required}
                  NetworkInterfaces:
                    - DeviceIndex: "0"
                      SubnetId: subnet-1
                      AssociatePublicIpAddress: false
            """],
        badExamples: ["resource \"aws_instance\" \"app\" {\n  ami                         = \"ami-123\"\n  associate_public_ip_address = ↓true\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}",
            """
            Resources:
              App:
                Type: AWS::EC2::Instance
                Properties:
                  ImageId: ami-123
                  MetadataOptions: {HttpTokens: required}
                  NetworkInterfaces:
                    - DeviceIndex: "0"
                      SubnetId: subnet-1
                      AssociatePublicIpAddress: ↓true
            """],
        input: .cloud
    ), consequence: "has a public IP address", targets: [
        Target("aws_instance", "associate_public_ip_address", .notTrue),
        Target("aws_launch_template", "network_interfaces.associate_public_ip_address", .notTrue),
        Target("AWS::EC2::Instance", "NetworkInterfaces.AssociatePublicIpAddress", .notTrue),
    ])

    public static let notebookExposed = CloudAttributeRule(RuleDescription(
        id: "aws-sagemaker-notebook-exposed",
        title: "SageMaker notebook has direct internet access or root",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation, .leastPrivilegeIdentity],
        mitre: ["T1133", "T1548"],
        appliesTo: [.cloud],
        rationale: "Notebooks run arbitrary code with the notebook role's permissions; with direct internet access (the default) data leaves without passing the VPC's controls, and root access (the default) lets anyone with the notebook change its software.",
        remediation: "Set `direct_internet_access = \"Disabled\"` (with a subnet) and `root_access = \"Disabled\"`.",
        references: ["https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html"],
        goodExamples: ["resource \"aws_sagemaker_notebook_instance\" \"lab\" {\n  name                   = \"lab\"\n  role_arn               = \"arn:aws:iam::123456789012:role/lab\"\n  instance_type          = \"ml.t3.medium\"\n  direct_internet_access = \"Disabled\"\n  root_access            = \"Disabled\"\n}",
            """
            Resources:
              Lab:
                Type: AWS::SageMaker::NotebookInstance
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/lab
                  InstanceType: ml.t3.medium
                  SubnetId: subnet-1
                  SecurityGroupIds: [sg-1]
                  DirectInternetAccess: Disabled
                  RootAccess: Disabled
            """],
        badExamples: ["resource \"aws_sagemaker_notebook_instance\" ↓\"lab\" {\n  name          = \"lab\"\n  role_arn      = \"arn:aws:iam::123456789012:role/lab\"\n  instance_type = \"ml.t3.medium\"\n  root_access   = \"Disabled\"\n}",
            """
            Resources:
              ↓Lab:
                Type: AWS::SageMaker::NotebookInstance
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/lab
                  InstanceType: ml.t3.medium
                  DirectInternetAccess: ↓Enabled
            """],
        input: .cloud
    ), consequence: "is exposed", targets: [
        Target("aws_sagemaker_notebook_instance", "direct_internet_access", .notOneOf(["Enabled"])),
        Target("aws_sagemaker_notebook_instance", "direct_internet_access", .present),
        Target("aws_sagemaker_notebook_instance", "root_access", .notOneOf(["Enabled"])),
        Target("aws_sagemaker_notebook_instance", "root_access", .present),
        Target("AWS::SageMaker::NotebookInstance", "DirectInternetAccess", .notOneOf(["Enabled"]), findingPath: "direct_internet_access"),
        Target("AWS::SageMaker::NotebookInstance", "DirectInternetAccess", .present, findingPath: "direct_internet_access"),
        Target("AWS::SageMaker::NotebookInstance", "RootAccess", .notOneOf(["Enabled"]), findingPath: "root_access"),
        Target("AWS::SageMaker::NotebookInstance", "RootAccess", .present, findingPath: "root_access"),
    ])

    public static let gcpSerialPort = CloudAttributeRule(RuleDescription(
        id: "gcp-compute-serial-port-enabled",
        title: "VM accepts interactive serial console connections",
        severity: .medium,
        pattern: .exposure,
        controls: [.networkSegmentation],
        mitre: ["T1021"],
        appliesTo: [.cloud],
        rationale: "The interactive serial console is reachable from any address, outside the VPC's firewall rules, for anyone with the right IAM permission or SSH key.",
        remediation: "Remove `serial-port-enable` from the instance metadata (or set it to false).",
        references: ["https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console"],
        goodExamples: ["resource \"google_compute_instance\" \"vm\" {\n  name         = \"vm\"\n  machine_type = \"e2-small\"\n  metadata = {\n    enable-oslogin = \"TRUE\"\n  }\n}"],
        badExamples: ["resource \"google_compute_instance\" \"vm\" {\n  name         = \"vm\"\n  machine_type = \"e2-small\"\n  metadata = {\n    serial-port-enable = ↓true\n  }\n}"],
        input: .cloud
    ), consequence: "accepts serial console connections", targets: [
        Target("google_compute_instance", "metadata.serial-port-enable", .notTrue),
    ])

    public static let gcpKeyRotation = CloudAttributeRule(RuleDescription(
        id: "gcp-kms-key-rotation-disabled",
        title: "Cloud KMS key is not rotated",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.encryption, .secretsManagement],
        mitre: ["T1552"],
        appliesTo: [.cloud],
        rationale: "A key without `rotation_period` keeps one key version for ever; CIS asks for rotation at least every 90 days.",
        remediation: "Set `rotation_period = \"7776000s\"` (90 days) or shorter.",
        references: ["https://cloud.google.com/kms/docs/key-rotation"],
        goodExamples: ["resource \"google_kms_crypto_key\" \"data\" {\n  name            = \"data\"\n  key_ring        = \"ring\"\n  rotation_period = \"7776000s\"\n}"],
        badExamples: ["resource \"google_kms_crypto_key\" ↓\"data\" {\n  name     = \"data\"\n  key_ring = \"ring\"\n}"],
        input: .cloud
    ), consequence: "is never rotated", targets: [
        Target("google_kms_crypto_key", "rotation_period", .present),
    ])

    public static let azureAKSRBAC = CloudAttributeRule(RuleDescription(
        id: "azure-aks-rbac-disabled",
        title: "AKS cluster has Kubernetes RBAC switched off",
        severity: .high,
        pattern: .lateralMovement,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1078.001"],
        appliesTo: [.cloud],
        rationale: "Without RBAC every authenticated identity can do everything in the cluster: one stolen token is cluster-admin.",
        remediation: "Set `role_based_access_control_enabled = true` (the default) and use Entra ID integration.",
        references: ["https://learn.microsoft.com/azure/aks/concepts-identity#kubernetes-rbac"],
        goodExamples: ["resource \"azurerm_kubernetes_cluster\" \"main\" {\n  name                              = \"main\"\n  role_based_access_control_enabled = true\n}"],
        badExamples: ["resource \"azurerm_kubernetes_cluster\" \"main\" {\n  name                              = \"main\"\n  role_based_access_control_enabled = ↓false\n}"],
        input: .cloud
    ), consequence: "authorises without RBAC", targets: [
        Target("azurerm_kubernetes_cluster", "role_based_access_control_enabled", .notFalse),
    ])

    public static let azureVMPasswordLogin = CloudAttributeRule(RuleDescription(
        id: "azure-vm-password-authentication",
        title: "Linux VM accepts password logins",
        severity: .medium,
        pattern: .credentialCompromise,
        controls: [.leastPrivilegeIdentity],
        mitre: ["T1110"],
        appliesTo: [.cloud],
        rationale: "`disable_password_authentication = false` lets SSH accept passwords, which are guessed and stuffed; keys (or Entra ID login) cannot be.",
        remediation: "Set `disable_password_authentication = true` and use `admin_ssh_key`.",
        references: ["https://learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed"],
        goodExamples: ["resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  name                            = \"vm\"\n  disable_password_authentication = true\n}"],
        badExamples: ["resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  name                            = \"vm\"\n  admin_password                  = var.password\n  disable_password_authentication = ↓false\n}"],
        input: .cloud
    ), consequence: "accepts password logins", targets: [
        Target("azurerm_linux_virtual_machine", "disable_password_authentication", .notFalse),
    ])

    public static let azureAppHTTP = CloudAttributeRule(RuleDescription(
        id: "azure-app-service-allows-http",
        title: "App Service accepts plain HTTP",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1040", "T1557"],
        appliesTo: [.cloud],
        rationale: "Without `https_only = true`, the app answers over HTTP: sessions and credentials cross the network in clear text.",
        remediation: "Set `https_only = true` and `site_config { minimum_tls_version = \"1.2\" }`.",
        references: ["https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https"],
        goodExamples: ["resource \"azurerm_linux_web_app\" \"shop\" {\n  name       = \"shop\"\n  https_only = true\n}"],
        badExamples: ["resource \"azurerm_linux_web_app\" ↓\"shop\" {\n  name = \"shop\"\n}"],
        input: .cloud
    ), consequence: "accepts plain HTTP", targets: [
        Target("azurerm_linux_web_app", "https_only", .isTrue), Target("azurerm_windows_web_app", "https_only", .isTrue),
        Target("azurerm_app_service", "https_only", .isTrue),
    ])
}

import PalisadeCore

public struct CloudVolumeUnencrypted: CloudRule {
    public init() {}

    public let description = RuleDescription(
        id: "cloud-volume-unencrypted",
        title: "Block storage volume is not encrypted",
        severity: .medium,
        pattern: .exposure,
        controls: [.encryption],
        mitre: ["T1530"],
        appliesTo: [.cloud],
        rationale: """
            An EBS volume, or an instance's root or data volume, declared with `encrypted = false` (or \
            an `aws_ebs_volume` without `encrypted`) stores its data and every snapshot of it in the \
            clear: a shared or leaked snapshot gives the disk away. Inline block devices that leave \
            `encrypted` unset follow the account's EBS encryption-by-default setting and are not reported.
            """,
        remediation: "Set `encrypted = true` (CloudFormation: `Encrypted: true`, on the volume or a block device mapping's `Ebs`; with `kms_key_id` for a customer-managed key), and turn on EBS encryption by default for the account (`aws_ebs_encryption_by_default`).",
        references: ["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
        goodExamples: [
            """
            resource "aws_ebs_volume" "data" {
              availability_zone = "eu-west-1a"
              size              = 100
              encrypted         = true
            }

            resource "aws_instance" "app" {
              ami           = "ami-123"
              instance_type = "t3.micro"
              metadata_options {
                http_tokens = "required"
              }
              root_block_device {
                volume_size = 20
              }
            }
            """,
            """
            Resources:
              Data:
                Type: AWS::EC2::Volume
                Properties:
                  AvailabilityZone: eu-west-1a
                  Size: 100
                  Encrypted: true
              Restored:
                Type: AWS::EC2::Volume
                Properties:
                  AvailabilityZone: eu-west-1a
                  SnapshotId: snap-0123456789abcdef0
            """,
        ],
        badExamples: [
            """
            resource "aws_ebs_volume" ↓"data" {
              availability_zone = "eu-west-1a"
              size              = 100
            }
            """,
            """
            resource "aws_instance" "app" {
              ami           = "ami-123"
              instance_type = "t3.micro"
              metadata_options {
                http_tokens = "required"
              }
              root_block_device {
                encrypted = ↓false
              }
            }
            """,
            """
            Resources:
              ↓Data:
                Type: AWS::EC2::Volume
                Properties:
                  AvailabilityZone: eu-west-1a
                  Size: 100
            """,
            """
            Resources:
              App:
                Type: AWS::EC2::Instance
                Properties:
                  ImageId: ami-123
                  MetadataOptions:
                    HttpTokens: required
                  BlockDeviceMappings:
                    - DeviceName: /dev/xvda
                      Ebs:
                        VolumeSize: 20
                        Encrypted: ↓false
            """,
        ],
        input: .cloud
    ).with(scope: .cloud { $0.volumes.count + $0.instances.count })

    public func check(_ model: CloudModel, _ report: inout CloudReporter) {
        if model.volumesEncryptedByDefault?.value == true { return }
        for volume in model.volumes {
            if let flag = volume.encrypted {
                if !flag.value { report.report(flag, path: "encrypted", message: "volume \(volume.resource.address) is not encrypted") }
            } else {
                report.reportMissing(volume.resource, path: "encrypted", message: "volume \(volume.resource.address) does not set \(volume.resource.named("encrypted", "Encrypted")): it is stored unencrypted")
            }
        }
        for instance in model.instances {
            for device in instance.volumes {
                guard let flag = device.encrypted, !flag.value else { continue }
                report.report(flag, path: "block_device.encrypted",
                              message: "a volume of \(instance.resource.address) is not encrypted")
            }
        }
    }
}

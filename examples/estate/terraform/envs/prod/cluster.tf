resource "aws_eks_cluster" "shop" {
  name     = local.name
  role_arn = "arn:aws:iam::111122223333:role/shop-eks-cluster"

  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  vpc_config {
    subnet_ids              = ["subnet-0aa", "subnet-0bb"]
    endpoint_private_access = true
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.data.arn
    }
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix   = "${local.name}-nodes-"
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "m6i.large"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      encrypted   = true
    }
  }
}

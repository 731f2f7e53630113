provider "aws" {
  region = var.region
}

locals {
  name = "shop-prod"
  tags = {
    team = "platform"
    env  = "prod"
  }
}

resource "aws_kms_key" "data" {
  description         = "${local.name} data"
  enable_key_rotation = true
}

module "backups" {
  source      = "../../modules/bucket"
  name        = "${local.name}-backups"
  kms_key_arn = aws_kms_key.data.arn
}

module "assets" {
  source      = "../../modules/bucket"
  name        = "${local.name}-assets"
  public_read = true
  versioned   = false
}

resource "aws_cloudtrail" "main" {
  name                       = local.name
  s3_bucket_name             = module.backups.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.data.arn
}

resource "aws_cloudwatch_log_group" "payments" {
  name              = "/shop/prod/payments"
  retention_in_days = var.log_retention_days
}

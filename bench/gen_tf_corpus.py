#!/usr/bin/env python3
"""Generate a synthetic Terraform tree for benchmarks: many root modules (one per service and
environment) that call shared local modules, with a realistic mix of AWS resources and a
realistic share of weaknesses (public ACLs, open security groups, unencrypted databases, wide
IAM policies), split resources (the AWS provider v4 S3 split, separate security group rules,
policy attachments) and variables, locals, count and for_each.

Usage: python3 bench/gen_tf_corpus.py --resources 5000 --out /tmp/tf-corpus [--seed 42]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil

GENERATOR_VERSION = 1

BUCKET_MODULE = '''variable "name" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

variable "versioned" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.public ? 0 : 1
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "this" {
  count  = var.public ? 1 : 0
  bucket = aws_s3_bucket.this.id
  acl    = "public-read"
}

resource "aws_s3_bucket_versioning" "this" {
  count  = var.versioned ? 1 : 0
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
'''

SG_MODULE = '''variable "name" {
  type = string
}

variable "ports" {
  type = list(number)
}

variable "cidrs" {
  type = list(string)
}

resource "aws_security_group" "this" {
  name   = var.name
  vpc_id = "vpc-0123456789"

  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.cidrs
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "id" {
  value = aws_security_group.this.id
}
'''


def service_root(rng: random.Random, name: str, env: str, target: int) -> tuple[str, int]:
    """One root module's main.tf and how many resources it declares (module instances counted)."""
    parts: list[str] = []
    count = 0
    parts.append(f'''provider "aws" {{
  region = "eu-west-1"
}}

locals {{
  name = "{name}-{env}"
  tags = {{
    service = "{name}"
    env     = "{env}"
  }}
}}

variable "db_password_arn" {{
  type    = string
  default = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:{name}"
}}
''')
    i = 0
    while count < target:
        i += 1
        kind = rng.choice(["bucket", "bucket", "sg", "db", "iam", "instance", "kms", "lambda", "queue", "logs"])
        if kind == "bucket":
            public = "true" if rng.random() < 0.1 else "false"
            versioned = "false" if rng.random() < 0.2 else "true"
            parts.append(f'''module "bucket_{i}" {{
  source    = "../../modules/bucket"
  name      = "${{local.name}}-data-{i}"
  public    = {public}
  versioned = {versioned}
}}
''')
            count += 4
        elif kind == "sg":
            open_ = rng.random() < 0.15
            ports = "[22, 443]" if open_ else "[443, 8443]"
            cidrs = '["0.0.0.0/0"]' if open_ or rng.random() < 0.5 else '["10.0.0.0/8"]'
            parts.append(f'''module "sg_{i}" {{
  source = "../../modules/sg"
  name   = "${{local.name}}-sg-{i}"
  ports  = {ports}
  cidrs  = {cidrs}
}}

resource "aws_vpc_security_group_ingress_rule" "extra_{i}" {{
  security_group_id = module.sg_{i}.id
  from_port         = {rng.choice([5432, 6379, 8080, 9090])}
  to_port           = {rng.choice([5432, 6379, 8080, 9090])}
  ip_protocol       = "tcp"
  cidr_ipv4         = "{rng.choice(["10.1.0.0/16", "10.2.0.0/16", "0.0.0.0/0"])}"
}}
''')
            count += 2
        elif kind == "db":
            enc = "true" if rng.random() < 0.8 else "false"
            pub = "true" if rng.random() < 0.05 else "false"
            parts.append(f'''resource "aws_db_instance" "db_{i}" {{
  identifier              = "${{local.name}}-db-{i}"
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  allocated_storage       = 50
  storage_encrypted       = {enc}
  publicly_accessible     = {pub}
  backup_retention_period = {rng.choice([0, 7, 14, 30])}
  deletion_protection     = true
  tags                    = local.tags
}}
''')
            count += 1
        elif kind == "iam":
            wide = rng.random() < 0.15
            actions = '["iam:PassRole", "ec2:RunInstances"]' if wide else '["s3:GetObject", "s3:PutObject"]'
            resource = '"*"' if wide else f'"arn:aws:s3:::{name}-{env}-data-{i}/*"'
            parts.append(f'''resource "aws_iam_role" "role_{i}" {{
  name = "${{local.name}}-role-{i}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Principal = {{ Service = "ec2.amazonaws.com" }}, Action = "sts:AssumeRole" }}]
  }})
}}

data "aws_iam_policy_document" "doc_{i}" {{
  statement {{
    actions   = {actions}
    resources = [{resource}]
  }}
}}

resource "aws_iam_policy" "policy_{i}" {{
  name   = "${{local.name}}-policy-{i}"
  policy = data.aws_iam_policy_document.doc_{i}.json
}}

resource "aws_iam_role_policy_attachment" "attach_{i}" {{
  role       = aws_iam_role.role_{i}.name
  policy_arn = aws_iam_policy.policy_{i}.arn
}}
''')
            count += 3
        elif kind == "instance":
            tokens = '"required"' if rng.random() < 0.7 else '"optional"'
            n = rng.choice([1, 2, 3])
            parts.append(f'''resource "aws_instance" "app_{i}" {{
  count         = {n}
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.large"
  tags          = merge(local.tags, {{ Name = "${{local.name}}-app-{i}-${{count.index}}" }})

  metadata_options {{
    http_tokens = {tokens}
  }}

  root_block_device {{
    volume_size = 30
    encrypted   = true
  }}
}}
''')
            count += n
        elif kind == "kms":
            parts.append(f'''resource "aws_kms_key" "key_{i}" {{
  description         = "${{local.name}} key {i}"
  enable_key_rotation = {"true" if rng.random() < 0.8 else "false"}
}}
''')
            count += 1
        elif kind == "lambda":
            secret = rng.random() < 0.1
            env_vars = ('API_TOKEN = "tok-' + "".join(rng.choice("abcdef0123456789") for _ in range(24)) + '"') if secret else "DB_PASSWORD_ARN = var.db_password_arn"
            parts.append(f'''resource "aws_lambda_function" "fn_{i}" {{
  function_name = "${{local.name}}-fn-{i}"
  role          = "arn:aws:iam::111122223333:role/${{local.name}}-fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  timeout       = 30

  environment {{
    variables = {{
      LOG_LEVEL = "info"
      {env_vars}
    }}
  }}
}}
''')
            count += 1
        elif kind == "queue":
            parts.append(f'''resource "aws_sqs_queue" "q_{i}" {{
  name                    = "${{local.name}}-q-{i}"
  sqs_managed_sse_enabled = true
}}

resource "aws_sns_topic" "t_{i}" {{
  name              = "${{local.name}}-t-{i}"
  kms_master_key_id = "alias/aws/sns"
}}
''')
            count += 2
        else:
            parts.append(f'''resource "aws_cloudwatch_log_group" "logs_{i}" {{
  name              = "/${{local.name}}/{i}"
  retention_in_days = {rng.choice([7, 30, 90, 365])}
}}
''')
            count += 1
    return "\n".join(parts), count


def generate(resources: int, out: str, seed: int = 42, quiet: bool = False) -> dict:
    rng = random.Random(seed)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "modules", "bucket"))
    os.makedirs(os.path.join(out, "modules", "sg"))
    with open(os.path.join(out, "modules", "bucket", "main.tf"), "w") as fh:
        fh.write(BUCKET_MODULE)
    with open(os.path.join(out, "modules", "sg", "main.tf"), "w") as fh:
        fh.write(SG_MODULE)
    total = files = 0
    size = len(BUCKET_MODULE) + len(SG_MODULE)
    service = 0
    while total < resources:
        service += 1
        for env in ["dev", "staging", "prod"]:
            if total >= resources:
                break
            text, n = service_root(rng, f"svc{service:04d}", env, min(40, resources - total))
            folder = os.path.join(out, "services", f"svc{service:04d}-{env}")
            os.makedirs(folder)
            with open(os.path.join(folder, "main.tf"), "w") as fh:
                fh.write(text)
            total += n
            files += 1
            size += len(text)
    info = {"generator_version": GENERATOR_VERSION, "seed": seed, "objects": total, "files": files + 2, "bytes": size,
            "resources": resources}
    with open(out.rstrip("/") + ".info.json", "w") as fh:
        json.dump(info, fh)
    if not quiet:
        print(f"{total} resources in {files} root modules ({size / 2**20:.1f} MiB) -> {out}")
    return info


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resources", type=int, default=5000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    generate(a.resources, a.out, a.seed)

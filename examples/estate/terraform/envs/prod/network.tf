resource "aws_security_group" "bastion" {
  name        = "${local.name}-bastion"
  description = "Operator access"
  vpc_id      = "vpc-0a1b2c3d"

  ingress {
    description = "SSH for the on-call engineer"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "orders_db" {
  name   = "${local.name}-orders-db"
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_vpc_security_group_ingress_rule" "orders_db_from_office" {
  security_group_id = aws_security_group.orders_db.id
  description       = "Analysts query the database from the office"
  from_port         = 5432
  to_port           = 5432
  ip_protocol       = "tcp"
  cidr_ipv4         = var.office_cidr
}

resource "aws_db_instance" "orders" {
  identifier              = "${local.name}-orders"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.r6g.large"
  allocated_storage       = 100
  username                = "shop"
  manage_master_user_password = true
  vpc_security_group_ids  = [aws_security_group.orders_db.id]
  backup_retention_period = 7
  deletion_protection     = true
  publicly_accessible     = false
}

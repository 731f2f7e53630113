office_cidr        = "203.0.113.0/24"
log_retention_days = 14

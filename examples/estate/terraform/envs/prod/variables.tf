variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "office_cidr" {
  type = string
}

variable "log_retention_days" {
  type    = number
  default = 365
}

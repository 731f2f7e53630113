variable "name" {
  description = "Bucket name."
  type        = string
}

variable "public_read" {
  description = "Objects are readable by anyone (product images)."
  type        = bool
  default     = false
}

variable "versioned" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type    = string
  default = null
}

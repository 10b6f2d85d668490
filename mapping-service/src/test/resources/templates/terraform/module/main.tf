# Web tier of the demo shop
terraform {
  required_providers {
    alicloud = { source = "aliyun/alicloud" }
  }
}

locals {
  banner = "$${not_interpolated} and %%{ not a directive }"
  script = <<-EOT
    #!/bin/sh
    echo "image_id = \"centos_7\"" > /etc/motd
    echo ${var.name}
  EOT
}

resource "alicloud_instance" "web" {
  instance_name = "${var.name}-web"   // interpolation elsewhere is fine
  image_id      = "centos_7"          # the literal to associate   
  /* a block comment { with braces } and "quotes */
  instance_type = "ecs.g7.large"
	user_data     = local.script
  tags = {
    Name = "web ${lower("X")}"
  }

  data_disks {
    size     = 40
    category = "cloud_essd"
  }
}

resource "alicloud_ecs_launch_template" "tpl" { image_id = "ubuntu_22" }

resource "alicloud_ecp_instance" "phone" {
  image_id = "centos_7"
}

variable "image_id" {
  default = "centos_7"
}

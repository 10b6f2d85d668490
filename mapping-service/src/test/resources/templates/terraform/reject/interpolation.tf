resource "alicloud_instance" "fine" {
  image_id = "centos_7"
}

resource "alicloud_instance" "offender" {
  instance_type = "ecs.g7.large"
  image_id      = "${var.prefix}_7"
}

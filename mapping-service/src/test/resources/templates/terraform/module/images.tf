resource "alicloud_ecs_instance_set" "batch" {
  amount   = 2
  image_id = "anolis_8" // 中文注释 😀
}

resource "alicloud_ess_scaling_configuration" "scale" {
  scaling_group_id = alicloud_ess_scaling_group.group.id
  image_id         = "alinux_3"
}

resource "alicloud_launch_template" "legacy" {
  image_id = "rocky_9"
}

module "fleet" {
  source    = "./fleet"
  image_id  = "debian_12"
  image_ids = [
    "debian_12",
    "windows_2022",
  ]
}
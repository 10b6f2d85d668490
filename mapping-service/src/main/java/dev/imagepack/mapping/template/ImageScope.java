package dev.imagepack.mapping.template;

import java.util.Set;

/**
 * Which resource types carry an image property that association and rendering act on.
 */
final class ImageScope {

	/** The ROS property that holds the image. */
	static final String ROS_PROPERTY = "ImageId";

	/** The Terraform resource attribute that holds the image. */
	static final String TERRAFORM_ATTRIBUTE = "image_id";

	/** The module argument that holds a list of images. */
	static final String TERRAFORM_MODULE_LIST = "image_ids";

	/**
	 * ROS types in scope. The seed's table names {@code ALIYUN::ESS::ScalingGroup}, which
	 * has no ImageId; it is kept in case it ever carries one, beside the real
	 * {@code ALIYUN::ESS::ScalingConfiguration}.
	 */
	private static final Set<String> ROS_TYPES = Set.of("ALIYUN::ECS::Instance", "ALIYUN::ECS::InstanceGroup",
			"ALIYUN::ECS::InstanceClone", "ALIYUN::ECS::LaunchTemplate", "ALIYUN::ESS::ScalingConfiguration",
			"ALIYUN::ESS::ScalingGroup", "ALIYUN::EHPC::Cluster");

	private static final Set<String> TERRAFORM_TYPES = Set.of("alicloud_instance", "alicloud_ecs_instance_set",
			"alicloud_ess_scaling_configuration", "alicloud_ecs_launch_template", "alicloud_launch_template");

	private ImageScope() {
	}

	static boolean isRosType(String type) {
		return ROS_TYPES.contains(type);
	}

	static boolean isTerraformType(String type) {
		return TERRAFORM_TYPES.contains(type);
	}

}

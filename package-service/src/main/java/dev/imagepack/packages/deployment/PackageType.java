package dev.imagepack.packages.deployment;

/**
 * What a deployment package distributes; ECS images are the first kind.
 */
public enum PackageType {

	/** A VM image replicated into each distribution region. */
	ECS_IMAGE

}

package dev.imagepack.packages.deployment;

import java.util.List;

/**
 * Turns the facts a package raised into events that wait inside the package document
 * until they are relayed.
 */
public interface PackageEventOutbox {

	/**
	 * Adds the published form of each fact to the package's pending events; call before
	 * saving it.
	 * @param deploymentPackage the package, in the state the facts describe
	 * @param events the facts
	 */
	void append(DeploymentPackage deploymentPackage, List<PackageEvent> events);

	/**
	 * Asks for the package's pending events to be relayed soon; call after saving it.
	 * @param packageId the package
	 */
	void relaySoon(String packageId);

}

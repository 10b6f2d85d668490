package dev.imagepack.permission.visibility;

/**
 * Publishes a package's changed visibility. A package stays marked unpublished until its
 * latest visibility is sent, so a failed send is repeated later; only the latest revision
 * matters to readers.
 */
public interface VisibilityPublisher {

	/**
	 * Publishes the package's current visibility now, or leaves it for a later attempt.
	 * @param changed the package as saved
	 */
	void publish(PackageAccess changed);

}

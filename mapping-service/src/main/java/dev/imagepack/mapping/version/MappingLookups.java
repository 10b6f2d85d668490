package dev.imagepack.mapping.version;

import org.springframework.stereotype.Service;

import dev.imagepack.platform.identity.Caller;

/**
 * Answers lookups from the in-memory view only: no lookup touches the database. A package
 * the caller may not use answers exactly like one that does not exist.
 */
@Service
public class MappingLookups {

	private final MappingView view;

	MappingLookups(MappingView view) {
		this.view = view;
	}

	/**
	 * The image a deployment of a version gets in a region.
	 * @param caller the caller
	 * @param packageId the package
	 * @param selector which version
	 * @param region the region
	 * @return the image
	 */
	public Resolution resolve(Caller caller, String packageId, VersionSelector selector, String region) {
		IndexedPackage mapping = this.view.find(packageId);
		if (mapping == null || !mapping.admits(caller)) {
			throw new MappingNotFoundException(packageId);
		}
		if (selector.kind() == VersionSelector.Kind.DRAFT && !mapping.showsDetailsTo(caller)) {
			// A draft is the ISV's to test; the visibility that services give the package
			// covers its published versions only.
			throw new MappingNotFoundException(packageId);
		}
		return mapping.resolve(selector, region);
	}

	/**
	 * The current draft, for the package's owner and operators.
	 * @param caller the caller
	 * @param packageId the package
	 * @return the draft
	 */
	public SavedDraft draft(Caller caller, String packageId) {
		return detailsFor(caller, packageId).requireDraft();
	}

	/**
	 * A live published version with every region's state, for the package's owner and
	 * operators.
	 * @param caller the caller
	 * @param packageId the package
	 * @param number the version number
	 * @return the version
	 */
	public IndexedVersion publishedVersion(Caller caller, String packageId, int number) {
		return detailsFor(caller, packageId).requirePublished(number);
	}

	private IndexedPackage detailsFor(Caller caller, String packageId) {
		IndexedPackage mapping = this.view.find(packageId);
		if (mapping == null || !mapping.showsDetailsTo(caller)) {
			throw new MappingNotFoundException(packageId);
		}
		return mapping;
	}

}

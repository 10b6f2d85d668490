package dev.imagepack.permission.visibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derives a package's visibility from the active services of its owner that use it. The
 * decision table, top row first:
 * <table>
 * <caption>Visibility of a package</caption>
 * <tr>
 * <th>active services using the package</th>
 * <th>visibility</th>
 * <th>allowed</th>
 * </tr>
 * <tr>
 * <td>at least one public service without a whitelist</td>
 * <td>PUBLIC</td>
 * <td>anyone</td>
 * </tr>
 * <tr>
 * <td>otherwise, at least one service with a whitelist (public or private)</td>
 * <td>WHITELIST</td>
 * <td>the owner and the union of those whitelists</td>
 * </tr>
 * <tr>
 * <td>otherwise (only private services without whitelist, or none)</td>
 * <td>PRIVATE</td>
 * <td>the owner</td>
 * </tr>
 * </table>
 * A service of an unknown visibility counts as private. Services that are deleted, or
 * owned by another account than the package, never reach these rules.
 */
public final class VisibilityRules {

	private VisibilityRules() {
	}

	/**
	 * Decides a package's visibility.
	 * @param packageId the package
	 * @param services the active services of the package's owner that use it
	 * @return the visibility
	 */
	public static Visibility decide(String packageId, List<ServiceRecord> services) {
		SortedSet<String> publicServices = new TreeSet<>();
		SortedSet<String> whitelistServices = new TreeSet<>();
		SortedSet<String> allowed = new TreeSet<>();
		SortedSet<String> privateServices = new TreeSet<>();
		SortedMap<String, SortedSet<String>> usages = new TreeMap<>();
		for (ServiceRecord service : services) {
			if (!service.active() || !service.uses(packageId)) {
				continue;
			}
			service.packageVersions()
				.stream()
				.filter((ref) -> ref.packageId().equals(packageId))
				.forEach(
						(ref) -> usages.computeIfAbsent(ref.version(), (version) -> new TreeSet<>()).add(service.id()));
			boolean whitelisted = !service.whitelistAccountIds().isEmpty();
			if ("PUBLIC".equals(service.visibility()) && !whitelisted) {
				publicServices.add(service.id());
			}
			else if (whitelisted) {
				whitelistServices.add(service.id());
				allowed.addAll(service.whitelistAccountIds());
			}
			else {
				privateServices.add(service.id());
			}
		}
		List<Visibility.VersionUsage> versionUsages = new ArrayList<>();
		for (Map.Entry<String, SortedSet<String>> usage : usages.entrySet()) {
			versionUsages.add(new Visibility.VersionUsage(usage.getKey(), List.copyOf(usage.getValue())));
		}
		if (!publicServices.isEmpty()) {
			return new Visibility("PUBLIC", List.of(), List.copyOf(publicServices), versionUsages);
		}
		if (!whitelistServices.isEmpty()) {
			return new Visibility("WHITELIST", List.copyOf(allowed), List.copyOf(whitelistServices), versionUsages);
		}
		return new Visibility("PRIVATE", List.of(), List.copyOf(privateServices), versionUsages);
	}

}

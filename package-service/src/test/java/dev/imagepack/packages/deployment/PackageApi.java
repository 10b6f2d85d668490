package dev.imagepack.packages.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.imagepack.testsupport.ServiceApi;

/**
 * Calls package-service over HTTP as a console would, with development tokens minted for
 * the given account.
 */
final class PackageApi extends ServiceApi {

	private PackageApi(String base, String token) {
		super(base, token);
	}

	public static PackageApi anonymous(int port) {
		return new PackageApi(base(port), "");
	}

	public static PackageApi as(int port, String accountId, String... roles) {
		return new PackageApi(base(port), mintToken(port, accountId, roles));
	}

	/**
	 * A request body for a package, with a valid first draft; tests change what they
	 * probe.
	 */
	static Map<String, Object> newPackage(String name) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("tags", List.of(Map.of("key", "team", "value", "web")));
		body.put("version", version("release_1", List.of("cn-hangzhou", "cn-shanghai", "ap-southeast-1")));
		return body;
	}

	static Map<String, Object> version(String name, List<String> regions) {
		Map<String, Object> version = new LinkedHashMap<>();
		version.put("name", name);
		version.put("description", "WordPress on Alibaba Cloud Linux 3");
		version.put("content", new LinkedHashMap<>(Map.of("imageType", "CUSTOM", "sourceRegion", "cn-hangzhou",
				"sourceImageId", "m-bp1g7004ksh0oeuc", "imageSizeGib", 20)));
		version.put("regions", regions);
		return version;
	}

}

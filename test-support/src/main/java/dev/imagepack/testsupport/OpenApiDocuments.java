package dev.imagepack.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Checks of the OpenAPI documents the services serve at {@code /v3/api-docs}.
 */
public final class OpenApiDocuments {

	private OpenApiDocuments() {
	}

	/**
	 * The operations a document leaves without a summary.
	 * @param document the OpenAPI document
	 * @return each as its method and path, such as {@code POST /v1/packages}
	 */
	public static List<String> operationsWithoutSummary(JsonNode document) {
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				if (operation.getValue().path("summary").asString("").isBlank()) {
					missing.add(operation.getKey().toUpperCase() + " " + path.getKey());
				}
			}
		}
		return missing;
	}

}

package dev.imagepack.platform.problem;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.imagepack.platform.identity.Caller;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that take a JSON body and a path variable, to exercise how malformed requests
 * are answered.
 */
@SpringBootApplication
class ProblemTestApplication {

	@RestController
	static class ThingController {

		@PostMapping("/v1/things")
		Thing create(Caller caller, @RequestBody Thing thing) {
			return thing;
		}

		@GetMapping("/v1/things/{id}/stored")
		String stored(Caller caller, @PathVariable String id) {
			throw new DataAccessResourceFailureException("Timed out while waiting for the store's answer");
		}

		@GetMapping("/v1/things/{id}/missing")
		String missing(Caller caller, @PathVariable String id) {
			throw new ThingNotFound(id);
		}

		@GetMapping("/v1/things/{id}")
		String get(Caller caller, @PathVariable String id, @RequestParam(required = false) @Nullable String name) {
			return id + ((name != null) ? " " + name : "");
		}

		@GetMapping("/v1/things/{id}/labels")
		String labels(Caller caller, @PathVariable String id, @RequestParam("label") List<String> labels,
				@RequestParam(name = "format", required = false) @Nullable String format) {
			return id + " " + String.join("+", labels) + ((format != null) ? " " + format : "");
		}

	}

	static class ThingNotFound extends ApiProblem {

		ThingNotFound(String id) {
			super("thing-not-found", "Thing not found", 404, "No thing " + id + " exists", Map.of("thingId", id));
		}

	}

	record Thing(@Nullable String name, @Nullable Integer count, @Nullable Boolean enabled,
			@Nullable List<@Nullable Part> parts) {
	}

	record Part(@Nullable String key, @Nullable Integer size) {
	}

}

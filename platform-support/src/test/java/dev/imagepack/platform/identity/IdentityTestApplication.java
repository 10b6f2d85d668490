package dev.imagepack.platform.identity;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * An endpoint that echoes its caller, to exercise the identity defaults.
 */
@SpringBootApplication
class IdentityTestApplication {

	@RestController
	static class WhoAmIController {

		@GetMapping("/v1/whoami")
		Caller whoAmI(Caller caller) {
			return caller;
		}

		@GetMapping("/v1/widgets/{id}")
		Caller widget(Caller caller, @PathVariable String id) {
			throw new WidgetMissingException(id);
		}

	}

	static class WidgetMissingException extends ApiProblem {

		WidgetMissingException(String id) {
			super("widget-not-found", "Widget not found", 404, "No widget " + id, Map.of("widgetId", id));
		}

	}

}

package dev.imagepack.platform.identity;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

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

	}

}

package dev.imagepack.permission.visibility.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import dev.imagepack.events.PackageVersionRef;
import dev.imagepack.events.ServiceStatus;
import dev.imagepack.events.ServiceVisibility;
import dev.imagepack.events.ServiceVisibilityChanged;
import dev.imagepack.events.catalog.EventCatalog;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.messaging.EventMessages;
import dev.imagepack.permission.visibility.Permissions;
import dev.imagepack.permission.visibility.ServiceRecords;
import dev.imagepack.platform.problem.ApiProblem;
import dev.imagepack.platform.problem.InvalidRequestException;
import dev.imagepack.platform.problem.Violation;
import dev.imagepack.platform.problem.Violations;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plays the service catalogue in the embedded default: an operator describes a service
 * and this publishes the {@code ServiceVisibilityChanged} the real catalogue would. Only
 * registered when {@code imagepack.catalogue.dev-endpoint=true}; never enable it in
 * production, where the catalogue publishes its own events.
 */
@RestController
@ConditionalOnBooleanProperty("imagepack.catalogue.dev-endpoint")
class CatalogueController {

	private static final String AN_ID = "must be 1 to 128 letters, digits, '.', '_', ':' or '-', "
			+ "starting with a letter or digit";

	static final String BINDING = "service-visibility-events";

	private final StreamBridge streamBridge;

	private final AtomicLong revisions = new AtomicLong(System.currentTimeMillis() * 1_000);

	/** The last revisions given to services ahead of the clock, the most recent 1,000. */
	private final Map<String, Long> aheadOfTheClock = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > 1_000;
		}

	};

	private final Permissions permissions;

	CatalogueController(StreamBridge streamBridge, Permissions permissions) {
		this.streamBridge = streamBridge;
		this.permissions = permissions;
	}

	@Operation(summary = "Play the service catalogue: publish a ServiceVisibilityChanged",
			description = "Operators only; answers 202. For local use, off with its property.")
	@PutMapping(path = "/dev/catalogue/services/{serviceId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	PublishedService publish(Caller caller, @PathVariable String serviceId,
			@RequestBody @Nullable ServiceRequest request) {
		if (!caller.isOperator()) {
			throw new OperatorRequiredException();
		}
		Violations violations = new Violations();
		if (request == null) {
			violations.add("body", "is required");
			violations.throwIfAny();
		}
		violations.check(ServiceRecords.isId(serviceId), "serviceId", AN_ID);
		if (violations.check(request.ownerAccountId() != null, "ownerAccountId", "is required")) {
			violations.check(ServiceRecords.isId(request.ownerAccountId()), "ownerAccountId", AN_ID);
		}
		ServiceVisibility visibility = parse(ServiceVisibility.class, request.visibility(), "PRIVATE", "visibility",
				violations);
		ServiceStatus status = parse(ServiceStatus.class, request.status(), "ACTIVE", "status", violations);
		violations.check(visibility != ServiceVisibility.UNKNOWN, "visibility", "must be PUBLIC or PRIVATE");
		violations.check(status != ServiceStatus.UNKNOWN, "status", "must be ACTIVE or DELETED");
		List<PackageVersionRef> versions = new ArrayList<>();
		List<ServiceRequest.@Nullable VersionRequest> requested = (request.packageVersions() != null)
				? request.packageVersions() : List.of();
		// Each entry is checked only within the limits, so that a refusal stays short.
		boolean fewVersions = violations.check(requested.size() <= ServiceRecords.MAX_ASSOCIATIONS, "packageVersions",
				"names at most " + ServiceRecords.MAX_ASSOCIATIONS + " package versions, not " + requested.size());
		for (int i = 0; fewVersions && i < requested.size(); i++) {
			ServiceRequest.VersionRequest version = requested.get(i);
			String at = "packageVersions[" + i + "]";
			boolean complete = violations.check(
					version != null && version.packageId() != null && version.version() != null, at,
					"needs packageId and version");
			boolean validId = violations.check(
					version == null || version.packageId() == null || ServiceRecords.isId(version.packageId()),
					at + ".packageId", AN_ID);
			boolean validVersion = violations.check(
					version == null || version.version() == null || ServiceRecords.isVersion(version.version()),
					at + ".version", "must be 'draft' or a version number");
			if (complete && validId && validVersion) {
				versions.add(new PackageVersionRef(version.packageId(), version.version()));
			}
		}
		violations.check(
				request.revision() == null
						|| (request.revision() >= 0 && request.revision() <= ServiceRecords.MAX_REVISION),
				"revision", "must be 0 to " + ServiceRecords.MAX_REVISION + " (2^53 - 1)");
		List<@Nullable String> whitelist = (request.whitelistAccountIds() != null) ? request.whitelistAccountIds()
				: List.of();
		boolean fewAccounts = violations.check(whitelist.size() <= ServiceRecords.MAX_WHITELIST, "whitelistAccountIds",
				"names at most " + ServiceRecords.MAX_WHITELIST + " accounts, not " + whitelist.size());
		for (int i = 0; fewAccounts && i < whitelist.size(); i++) {
			violations.check(ServiceRecords.isId(whitelist.get(i)), "whitelistAccountIds[" + i + "]", AN_ID);
		}
		violations.throwIfAny();
		long revision = (request.revision() != null) ? request.revision() : nextRevision(serviceId);
		ServiceVisibilityChanged event = ServiceVisibilityChanged.newBuilder()
			.setServiceId(serviceId)
			.setOwnerAccountId(request.ownerAccountId())
			.setVisibility(visibility)
			.setWhitelistAccountIds(whitelist.stream().map(String::valueOf).toList())
			.setPackageVersions(versions)
			.setStatus(status)
			.setRevision(revision)
			.setChangedAt(Instant.now())
			.build();
		try {
			// Refused here rather than dead-lettered by the consumer after a 202.
			ServiceRecords.of(event);
		}
		catch (ServiceRecords.InvalidServiceException ex) {
			throw new InvalidRequestException(List.of(new Violation("body", ex.getMessage())));
		}
		String eventId = UUID.randomUUID().toString();
		this.streamBridge.send(BINDING, EventMessages.toMessage(event, new CloudEventAttributes(eventId,
				EventCatalog.of(event).name(), "/service-catalogue", event.getChangedAt(), serviceId)));
		return new PublishedService(serviceId, revision, eventId);
	}

	/**
	 * One higher than any this endpoint gave before, and than the service's stored
	 * revision, which an explicit one may have set ahead of the clock. The revisions
	 * given to services ahead of the clock are remembered here too, since the stored one
	 * follows only once the event is consumed; the clock's own are not.
	 */
	private long nextRevision(String serviceId) {
		long stored = this.permissions.serviceRevision(serviceId).orElse(-1);
		synchronized (this.aheadOfTheClock) {
			long floor = Math.max(stored, this.aheadOfTheClock.getOrDefault(serviceId, -1L));
			if (floor >= ServiceRecords.MAX_REVISION) {
				throw new RevisionsExhaustedException(serviceId);
			}
			long clock = this.revisions.incrementAndGet();
			if (clock > floor) {
				return clock;
			}
			this.aheadOfTheClock.put(serviceId, floor + 1);
			return floor + 1;
		}
	}

	private static <E extends Enum<E>> @Nullable E parse(Class<E> type, @Nullable String value, String fallback,
			String field, Violations violations) {
		try {
			return Enum.valueOf(type, (value != null) ? value : fallback);
		}
		catch (IllegalArgumentException ex) {
			violations.add(field,
					"'" + value + "' is not one of "
							+ Stream.of(type.getEnumConstants())
								.map(Enum::name)
								.filter((name) -> !name.equals("UNKNOWN"))
								.toList());
			return null;
		}
	}

	/**
	 * A service as the catalogue describes it.
	 *
	 * @param ownerAccountId the ISV that owns the service
	 * @param visibility PUBLIC or PRIVATE (default)
	 * @param whitelistAccountIds accounts allowed besides the owner
	 * @param packageVersions the package versions its templates use
	 * @param status ACTIVE (default) or DELETED
	 * @param revision the service's revision; by default one higher than any this
	 * endpoint gave before
	 */
	record ServiceRequest(@Nullable String ownerAccountId, @Nullable String visibility,
			@Nullable List<@Nullable String> whitelistAccountIds,
			@Nullable List<@Nullable VersionRequest> packageVersions, @Nullable String status,
			@Nullable Long revision) {

		record VersionRequest(@Nullable String packageId, @Nullable String version) {
		}

	}

	/**
	 * What was published.
	 *
	 * @param serviceId the service
	 * @param revision the revision the event carries
	 * @param eventId the event's {@code ce_id}
	 */
	record PublishedService(String serviceId, long revision, String eventId) {
	}

	static class RevisionsExhaustedException extends ApiProblem {

		RevisionsExhaustedException(String serviceId) {
			super("service-revisions-exhausted", "No higher revision", 409,
					"Service " + serviceId + " is stored at the highest revision, " + ServiceRecords.MAX_REVISION
							+ "; no change can follow it",
					Map.of("serviceId", serviceId));
		}

	}

	static class OperatorRequiredException extends ApiProblem {

		OperatorRequiredException() {
			super("operator-required", "Operator role required", 403, "Only operators play the service catalogue",
					Map.of());
		}

	}

}

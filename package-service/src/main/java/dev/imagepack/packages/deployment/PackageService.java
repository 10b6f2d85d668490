package dev.imagepack.packages.deployment;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.InvalidRequestException;
import dev.imagepack.platform.problem.Violation;
import dev.imagepack.platform.store.VersionedWrites;

/**
 * The use cases of the ISV's console: each loads one package, applies one rule of the
 * aggregate, stores the result together with the events it raised, and asks for those
 * events to be relayed.
 */
@Service
public class PackageService {

	private static final int MAX_CONFLICTS = 10;

	private static final Logger logger = LoggerFactory.getLogger(PackageService.class);

	private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final Pattern PAGE_TOKEN = Pattern.compile("(\\d{1,19}):(pkg-[a-z0-9]{1,64})");

	private final DeploymentPackageRepository repository;

	private final MongoTemplate mongo;

	private final PackageEventOutbox outbox;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	PackageService(DeploymentPackageRepository repository, MongoTemplate mongo, PackageEventOutbox outbox,
			Clock clock) {
		this.repository = repository;
		this.mongo = mongo;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Creates a package with its first draft.
	 * @param caller the ISV
	 * @param request the validated request
	 * @return the new package
	 */
	public DeploymentPackage create(Caller caller, NewPackage request) {
		Instant now = this.clock.instant();
		DeploymentPackage created = DeploymentPackage.create(newId(), caller.accountId(), request.name(),
				request.resourceGroupId(), request.tags(), request.firstDraft(), now);
		this.outbox.append(created, List.of(new PackageEvent.DraftSaved(now)));
		try {
			created = this.repository.insert(created);
		}
		catch (DuplicateKeyException ex) {
			throw new PackageNameTakenException(request.name());
		}
		this.outbox.relaySoon(created.getId());
		logger.atInfo()
			.addKeyValue("packageId", created.getId())
			.addKeyValue("ownerAccountId", caller.accountId())
			.log("Package created");
		return created;
	}

	/**
	 * Reads a package the caller may see.
	 * @param caller the caller
	 * @param packageId the package
	 * @return the package
	 */
	public DeploymentPackage get(Caller caller, String packageId) {
		return this.repository.findById(packageId)
			.filter((found) -> caller.maySee(found.getOwnerAccountId()))
			.filter((found) -> found.getStatus() != PackageStatus.DELETED)
			.orElseThrow(() -> new PackageNotFoundException(packageId));
	}

	/**
	 * Lists the caller's packages, newest first; an operator sees every account's.
	 * @param caller the caller
	 * @param query filters and paging
	 * @return one page
	 */
	public PackagePage list(Caller caller, PackageQuery query) {
		List<Criteria> filters = new ArrayList<>();
		filters.add(Criteria.where("status").ne(PackageStatus.DELETED.name()));
		if (!caller.isOperator()) {
			filters.add(Criteria.where("ownerAccountId").is(caller.accountId()));
		}
		if (query.namePrefix() != null) {
			filters.add(Criteria.where("name").regex("^" + Pattern.quote(query.namePrefix())));
		}
		if (query.tagKey() != null) {
			Criteria tag = Criteria.where("key").is(query.tagKey());
			if (query.tagValue() != null) {
				tag = tag.and("value").is(query.tagValue());
			}
			filters.add(Criteria.where("tags").elemMatch(tag));
		}
		if (query.resourceGroupId() != null) {
			filters.add(Criteria.where("resourceGroupId").is(query.resourceGroupId()));
		}
		if (query.status() != null) {
			filters.add(new Criteria().orOperator(Criteria.where("draft.status").is(query.status().name()),
					Criteria.where("versions.status").is(query.status().name())));
		}
		if (query.pageToken() != null) {
			filters.add(after(query.pageToken()));
		}
		Query mongoQuery = Query.query(new Criteria().andOperator(filters))
			.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id")))
			.limit(query.pageSize() + 1);
		List<DeploymentPackage> found = this.mongo.find(mongoQuery, DeploymentPackage.class);
		if (found.size() <= query.pageSize()) {
			return new PackagePage(found, null);
		}
		List<DeploymentPackage> page = found.subList(0, query.pageSize());
		return new PackagePage(List.copyOf(page), pageToken(page.get(page.size() - 1)));
	}

	private static String pageToken(DeploymentPackage last) {
		String position = last.getCreatedAt().toEpochMilli() + ":" + last.getId();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether a listing's page token is one this service returns.
	 * @param pageToken the token
	 * @return whether it is
	 */
	public static boolean isPageToken(String pageToken) {
		return position(pageToken).matches();
	}

	private static Matcher position(String pageToken) {
		String position;
		try {
			position = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			position = "";
		}
		return PAGE_TOKEN.matcher(position);
	}

	private static Criteria after(String pageToken) {
		Matcher match = position(pageToken);
		if (!match.matches()) {
			throw new InvalidRequestException(
					List.of(new Violation("pageToken", "is not a token this service returned")));
		}
		Instant createdAt = Instant.ofEpochMilli(Long.parseLong(match.group(1)));
		String id = match.group(2);
		return new Criteria().orOperator(Criteria.where("createdAt").lt(createdAt),
				new Criteria().andOperator(Criteria.where("createdAt").is(createdAt), Criteria.where("_id").lt(id)));
	}

	/**
	 * Changes the resource group and tags.
	 * @param caller the caller
	 * @param packageId the package
	 * @param ifMatch the caller's entity tag, or null to skip the check
	 * @param resourceGroupId the new resource group: null leaves it, empty removes it
	 * @param tags the new tags, or null to leave them
	 * @return the changed package
	 */
	public DeploymentPackage changeSettings(Caller caller, String packageId, @Nullable String ifMatch,
			@Nullable String resourceGroupId, @Nullable List<Tag> tags) {
		return change(caller, packageId, ifMatch, (found) -> {
			String group = (resourceGroupId == null) ? found.getResourceGroupId()
					: (resourceGroupId.isEmpty() ? null : resourceGroupId);
			found.changeSettings(group, (tags != null) ? tags : found.getTags(), this.clock.instant());
			return List.of();
		});
	}

	/**
	 * Deletes a package and all its versions.
	 * @param caller the caller
	 * @param packageId the package
	 * @param ifMatch the caller's entity tag, or null to skip the check
	 * @return the package, deleting or deleted
	 */
	public DeploymentPackage delete(Caller caller, String packageId, @Nullable String ifMatch) {
		return change(caller, packageId, ifMatch, (found) -> found.delete(this.clock.instant()));
	}

	/**
	 * Starts a new draft, empty or as a copy of another version's content.
	 * @param caller the caller
	 * @param packageId the package
	 * @param ifMatch the caller's entity tag, or null to skip the check
	 * @param draft the draft's content
	 * @return the changed package
	 */
	public DeploymentPackage createDraft(Caller caller, String packageId, @Nullable String ifMatch,
			VersionDraft draft) {
		return change(caller, packageId, ifMatch, (found) -> found.createDraft(draft, this.clock.instant()));
	}

	/**
	 * Reads the content of a version, to start a draft from it.
	 * @param caller the caller
	 * @param packageId the package
	 * @param version the version to copy
	 * @return its content and regions
	 */
	public PackageVersion versionToCopy(Caller caller, String packageId, VersionRef version) {
		return get(caller, packageId).versionToCopy(version);
	}

	/**
	 * Replaces the draft's content; a published version is locked.
	 * @param caller the caller
	 * @param packageId the package
	 * @param version the version to change
	 * @param ifMatch the caller's entity tag, or null to skip the check
	 * @param draft the new content
	 * @return the changed package
	 */
	public DeploymentPackage editVersion(Caller caller, String packageId, VersionRef version, @Nullable String ifMatch,
			VersionDraft draft) {
		return change(caller, packageId, ifMatch, (found) -> found.editVersion(version, draft, this.clock.instant()));
	}

	/**
	 * Publishes the draft.
	 * @param caller the caller
	 * @param packageId the package
	 * @param ifMatch the caller's entity tag, or null to skip the check
	 * @return the changed package
	 */
	public DeploymentPackage publish(Caller caller, String packageId, @Nullable String ifMatch) {
		return change(caller, packageId, ifMatch, (found) -> found.publishDraft(this.clock.instant()));
	}

	/**
	 * Replicates the failed regions of a settled version again.
	 * @param caller the caller
	 * @param packageId the package
	 * @param number the version number
	 * @param ifMatch the caller's entity tag, or null to skip the check
	 * @return the changed package
	 */
	public DeploymentPackage retryFailedRegions(Caller caller, String packageId, int number, @Nullable String ifMatch) {
		return change(caller, packageId, ifMatch, (found) -> found.retryFailedRegions(number, this.clock.instant()));
	}

	/**
	 * Deletes a version.
	 * @param caller the caller
	 * @param packageId the package
	 * @param version the version
	 * @param ifMatch the caller's entity tag, or null to skip the check
	 * @return the changed package
	 */
	public DeploymentPackage deleteVersion(Caller caller, String packageId, VersionRef version,
			@Nullable String ifMatch) {
		return change(caller, packageId, ifMatch, (found) -> found.deleteVersion(version, this.clock.instant()));
	}

	private DeploymentPackage change(Caller caller, String packageId, @Nullable String ifMatch,
			Function<DeploymentPackage, List<PackageEvent>> rule) {
		for (int attempt = 1;; attempt++) {
			DeploymentPackage found = get(caller, packageId);
			if (ifMatch != null && !IfMatch.matches(ifMatch, found.etag())) {
				throw new StaleETagException(packageId, ifMatch, found.etag());
			}
			List<PackageEvent> events = rule.apply(found);
			this.outbox.append(found, events);
			found.countChange();
			DeploymentPackage saved;
			try {
				saved = this.repository.save(found);
			}
			catch (OptimisticLockingFailureException ex) {
				// Changed in the meantime. A caller that named the version it saw learns
				// so on the next round; one that did not gets the change applied to the
				// new state, where the rules are checked again.
				if (attempt < MAX_CONFLICTS) {
					continue;
				}
				throw ex;
			}
			if (!events.isEmpty()) {
				this.outbox.relaySoon(packageId);
				logger.atInfo()
					.addKeyValue("packageId", packageId)
					.addKeyValue("events", events.stream().map((event) -> event.getClass().getSimpleName()).toList())
					.log("Package changed");
			}
			return saved;
		}
	}

	/**
	 * Applies a consumed event to its package once: a duplicate, by event ID, changes
	 * nothing, and a concurrent change is retried on the fresh state.
	 * @param packageId the package
	 * @param eventId the consumed event's {@code ce_id}
	 * @param rule what the event does to the package
	 * @return whether a package was found
	 */
	public boolean applyConsumedEvent(String packageId, String eventId,
			Function<DeploymentPackage, List<PackageEvent>> rule) {
		for (int attempt = 1;; attempt++) {
			DeploymentPackage found = this.repository.findById(packageId).orElse(null);
			if (found == null) {
				return false;
			}
			if (found.hasHandled(eventId)) {
				// Delivery is at least once: a duplicate is expected now and then.
				logger.atInfo()
					.addKeyValue("packageId", packageId)
					.addKeyValue("eventId", eventId)
					.log("Duplicate event skipped");
				return true;
			}
			List<PackageEvent> events = rule.apply(found);
			found.markHandled(eventId);
			found.countChange();
			this.outbox.append(found, events);
			try {
				this.repository.save(found);
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt < 10) {
					continue;
				}
				throw ex;
			}
			if (!events.isEmpty()) {
				this.outbox.relaySoon(packageId);
			}
			return true;
		}
	}

	/**
	 * Applies consumed events of many packages, each package's in order: the packages are
	 * read with one query and those the events changed are written with one bulk command,
	 * each conditional on the revision it was read at. A package that is unknown, whose
	 * rule fails, or that was changed elsewhere meanwhile takes the way of
	 * {@link #applyConsumedEvents(String, List)}, which reads it again; events it already
	 * shows as handled change nothing there.
	 * @param byPackage the events by package, in the order the packages came
	 * @return the earliest event, by its place in the batch, that could not be applied;
	 * after one the store failed on, later packages are left alone
	 */
	public Optional<FailedEvent> applyConsumedEvents(Map<String, List<ConsumedEvent>> byPackage) {
		Map<String, DeploymentPackage> found = new HashMap<>();
		if (byPackage.size() > 1) {
			try {
				this.repository.findAllById(byPackage.keySet()).forEach((read) -> found.put(read.getId(), read));
			}
			catch (RuntimeException ex) {
				// Each package is tried alone, and the store's failure reported there.
				found.clear();
			}
		}
		List<DeploymentPackage> changed = new ArrayList<>();
		Set<String> relayed = new HashSet<>();
		Set<String> alone = new HashSet<>();
		for (Map.Entry<String, List<ConsumedEvent>> events : byPackage.entrySet()) {
			DeploymentPackage read = found.get(events.getKey());
			if (read == null || !applyAll(read, events.getValue(), changed, relayed)) {
				alone.add(events.getKey());
			}
		}
		if (!changed.isEmpty()) {
			boolean stored;
			try {
				stored = VersionedWrites.replaceAll(this.mongo, DeploymentPackage.class, changed);
			}
			catch (RuntimeException ex) {
				stored = false;
			}
			if (!stored) {
				// Any of them may have been stored: each is read again, and what it
				// stored is found handled.
				changed.forEach((written) -> alone.add(written.getId()));
			}
			relayed.forEach(this.outbox::relaySoon);
		}
		FailedEvent first = null;
		for (Map.Entry<String, List<ConsumedEvent>> events : byPackage.entrySet()) {
			if (!alone.contains(events.getKey())) {
				continue;
			}
			FailedEvent failed = applyConsumedEvents(events.getKey(), events.getValue()).orElse(null);
			if (failed != null && (first == null || failed.event().index() < first.event().index())) {
				first = failed;
			}
			if (failed != null && failed.inStore()) {
				// Later packages are left to the retry, which starts here.
				break;
			}
		}
		return Optional.ofNullable(first);
	}

	/**
	 * Applies a package's events to the package as read, unless one of them fails.
	 * @return whether they were applied; if not, the package may be changed halfway
	 */
	private boolean applyAll(DeploymentPackage read, List<ConsumedEvent> events, List<DeploymentPackage> changed,
			Set<String> relayed) {
		List<PackageEvent> outgoing = new ArrayList<>();
		int applied = 0;
		for (ConsumedEvent event : events) {
			if (read.hasHandled(event.eventId())) {
				continue;
			}
			try {
				outgoing.addAll(event.rule().apply(read));
			}
			catch (RuntimeException ex) {
				return false;
			}
			read.markHandled(event.eventId());
			applied++;
		}
		if (applied > 0) {
			read.countChange();
			this.outbox.append(read, outgoing);
			changed.add(read);
			if (!outgoing.isEmpty()) {
				relayed.add(read.getId());
			}
		}
		return true;
	}

	/**
	 * Applies consumed events of one package, in order, with one write for all of them. A
	 * duplicate, by event ID, changes nothing, and a concurrent change is retried on the
	 * fresh state. An event whose rule fails stops the package there: the events before
	 * it are applied to a fresh copy and stored. Events for an unknown package are
	 * skipped.
	 * @param packageId the package
	 * @param events its events, in the order they were consumed
	 * @return the first event that failed, or empty if all were applied or skipped
	 */
	public Optional<FailedEvent> applyConsumedEvents(String packageId, List<ConsumedEvent> events) {
		int limit = events.size();
		FailedEvent failed = null;
		for (int attempt = 1;; attempt++) {
			DeploymentPackage found;
			try {
				found = this.repository.findById(packageId).orElse(null);
			}
			catch (RuntimeException ex) {
				return Optional.of(new FailedEvent(events.get(0), ex, true));
			}
			if (found == null) {
				logger.atWarn()
					.addKeyValue("packageId", packageId)
					.addKeyValue("events", events.size())
					.log("Events for an unknown package skipped");
				return Optional.ofNullable(failed);
			}
			List<PackageEvent> outgoing = new ArrayList<>();
			int applied = 0;
			FailedEvent ruleFailed = null;
			for (int i = 0; i < limit && ruleFailed == null; i++) {
				ConsumedEvent event = events.get(i);
				if (found.hasHandled(event.eventId())) {
					continue;
				}
				try {
					outgoing.addAll(event.rule().apply(found));
					found.markHandled(event.eventId());
					applied++;
				}
				catch (RuntimeException ex) {
					ruleFailed = new FailedEvent(event, ex, false);
					limit = i;
				}
			}
			if (ruleFailed != null) {
				// The failed rule may have changed the package halfway: the events before
				// it are applied again to a fresh copy.
				failed = ruleFailed;
				continue;
			}
			if (applied == 0) {
				return Optional.ofNullable(failed);
			}
			found.countChange();
			this.outbox.append(found, outgoing);
			try {
				this.repository.save(found);
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt < 10) {
					continue;
				}
				return Optional.of(new FailedEvent(events.get(0), ex, true));
			}
			catch (RuntimeException ex) {
				return Optional.of(new FailedEvent(events.get(0), ex, true));
			}
			if (!outgoing.isEmpty()) {
				this.outbox.relaySoon(packageId);
			}
			return Optional.ofNullable(failed);
		}
	}

	/**
	 * One consumed event of a batch.
	 *
	 * @param index its place in the batch
	 * @param eventId its {@code ce_id}
	 * @param rule what it does to the package
	 */
	public record ConsumedEvent(int index, String eventId, Function<DeploymentPackage, List<PackageEvent>> rule) {

	}

	/**
	 * The first event of a package that could not be applied, and why.
	 *
	 * @param event the event
	 * @param cause what failed
	 * @param inStore whether the store failed, before the event could be applied, rather
	 * than the event itself
	 */
	public record FailedEvent(ConsumedEvent event, RuntimeException cause, boolean inStore) {

	}

	private String newId() {
		StringBuilder id = new StringBuilder("pkg-");
		for (int i = 0; i < 16; i++) {
			id.append(ID_ALPHABET.charAt(this.random.nextInt(ID_ALPHABET.length())));
		}
		return id.toString();
	}

}

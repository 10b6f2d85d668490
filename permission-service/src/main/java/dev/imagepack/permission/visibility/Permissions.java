package dev.imagepack.permission.visibility;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Keeps each package's visibility in step with the services that use it. A service's
 * association counts only once the package's owner is known from the package's own
 * events, and only if the service has the same owner; until then it waits, and a foreign
 * one is rejected.
 */
@Service
public class Permissions {

	private static final Logger logger = LoggerFactory.getLogger(Permissions.class);

	private static final int MAX_CONFLICTS = 10;

	private static final String PENDING_DERIVATIONS = "pending_derivations";

	private final MongoTemplate mongo;

	private final VisibilityPublisher publisher;

	private final RejectionReporter rejections;

	private final Clock clock;

	Permissions(MongoTemplate mongo, VisibilityPublisher publisher, RejectionReporter rejections, Clock clock) {
		this.mongo = mongo;
		this.publisher = publisher;
		this.rejections = rejections;
		this.clock = clock;
	}

	/**
	 * Takes the catalogue's new view of a service, unless a newer or the same revision
	 * was taken already, and recomputes every package it used or uses.
	 * @param incoming the service as the event describes it
	 * @return whether the event changed anything stored
	 */
	public boolean serviceChanged(ServiceRecord incoming) {
		ServiceRecord stored = this.mongo.findById(incoming.id(), ServiceRecord.class);
		if (stored != null && stored.revision() > incoming.revision()) {
			logger.atInfo()
				.addKeyValue("serviceId", incoming.id())
				.addKeyValue("revision", incoming.revision())
				.addKeyValue("storedRevision", stored.revision())
				.log("Stale service revision skipped");
			return false;
		}
		if (stored != null && stored.revision() == incoming.revision()) {
			logger.atInfo()
				.addKeyValue("serviceId", incoming.id())
				.addKeyValue("revision", incoming.revision())
				.log("Duplicate service revision skipped");
			derivePending(incoming.id());
			return false;
		}
		Set<String> affected = new LinkedHashSet<>();
		if (stored != null) {
			stored.packageVersions().forEach((ref) -> affected.add(ref.packageId()));
		}
		incoming.packageVersions().forEach((ref) -> affected.add(ref.packageId()));
		Document interrupted = this.mongo.findById(incoming.id(), Document.class, PENDING_DERIVATIONS);
		if (interrupted != null) {
			affected.addAll(interrupted.getList("packageIds", String.class, List.of()));
		}
		// Noted before the service is stored: if this stops halfway, the redelivered
		// event is a duplicate, and the duplicate finishes deriving these packages.
		this.mongo.save(new Document("_id", incoming.id()).append("revision", incoming.revision())
			.append("packageIds", List.copyOf(affected)), PENDING_DERIVATIONS);
		this.mongo.save(incoming);
		logger.atInfo()
			.addKeyValue("serviceId", incoming.id())
			.addKeyValue("revision", incoming.revision())
			.addKeyValue("active", incoming.active())
			.addKeyValue("packages", affected.size())
			.log("Service changed");
		affected.forEach(this::recompute);
		this.mongo.remove(Query.query(Criteria.where("_id").is(incoming.id())), PENDING_DERIVATIONS);
		return true;
	}

	private void derivePending(String serviceId) {
		Document pending = this.mongo.findById(serviceId, Document.class, PENDING_DERIVATIONS);
		if (pending == null) {
			return;
		}
		List<String> packageIds = pending.getList("packageIds", String.class, List.of());
		logger.atInfo()
			.addKeyValue("serviceId", serviceId)
			.addKeyValue("packages", packageIds.size())
			.log("Deriving the packages an interrupted change left");
		packageIds.forEach(this::recompute);
		this.mongo.remove(Query.query(Criteria.where("_id").is(serviceId)), PENDING_DERIVATIONS);
	}

	/**
	 * Learns a package's owner from one of its events; associations that were waiting for
	 * it are decided now.
	 * @param packageId the package
	 * @param ownerAccountId its owner
	 */
	public void packageSeen(String packageId, String ownerAccountId) {
		// Read by ID rather than with exists(), which counts through an aggregation that
		// the embedded store answers by reading every package.
		Query byId = Query.query(Criteria.where("_id").is(packageId));
		byId.fields().include("_id");
		if (this.mongo.findOne(byId, Document.class, this.mongo.getCollectionName(PackageAccess.class)) != null) {
			return;
		}
		try {
			this.mongo.insert(PackageAccess.known(packageId, ownerAccountId));
		}
		catch (DuplicateKeyException ex) {
			return;
		}
		logger.atInfo()
			.addKeyValue("packageId", packageId)
			.addKeyValue("ownerAccountId", ownerAccountId)
			.log("Package owner known");
		recompute(packageId);
	}

	/**
	 * Forgets a deleted package; only a tombstone stays, so that late events cannot bring
	 * it back.
	 * @param packageId the package
	 * @param ownerAccountId its owner
	 */
	public void packageDeleted(String packageId, String ownerAccountId) {
		for (int attempt = 1;; attempt++) {
			PackageAccess found = this.mongo.findById(packageId, PackageAccess.class);
			PackageAccess tombstone = (found != null) ? found : PackageAccess.known(packageId, ownerAccountId);
			if (tombstone.isDeleted()) {
				return;
			}
			tombstone.delete();
			try {
				this.mongo.save(tombstone);
				logger.atInfo().addKeyValue("packageId", packageId).log("Package forgotten");
				return;
			}
			catch (OptimisticLockingFailureException | DuplicateKeyException ex) {
				if (attempt >= MAX_CONFLICTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Derives a package's visibility again and publishes it if it changed.
	 * @param packageId the package
	 */
	public void recompute(String packageId) {
		for (int attempt = 1;; attempt++) {
			PackageAccess found = this.mongo.findById(packageId, PackageAccess.class);
			if (found == null || found.isDeleted()) {
				return;
			}
			List<ServiceRecord> trusted = new ArrayList<>();
			for (ServiceRecord service : servicesUsing(packageId)) {
				if (service.ownerAccountId().equals(found.getOwnerAccountId())) {
					trusted.add(service);
				}
				else {
					this.rejections.reject(service, packageId, found.getOwnerAccountId());
				}
			}
			if (!found.change(VisibilityRules.decide(packageId, trusted), this.clock.instant())) {
				return;
			}
			try {
				this.mongo.save(found);
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt < MAX_CONFLICTS) {
					continue;
				}
				throw ex;
			}
			logger.atInfo()
				.addKeyValue("packageId", packageId)
				.addKeyValue("level", found.getVisibility().level())
				.addKeyValue("revision", found.getRevision())
				.addKeyValue("services", found.getVisibility().contributingServiceIds().size())
				.log("Package visibility changed");
			this.publisher.publish(found);
			return;
		}
	}

	/**
	 * A package as permission-service knows it, deleted ones excluded.
	 * @param packageId the package
	 * @return the package, if its owner is known and it is not deleted
	 */
	public Optional<PackageAccess> find(String packageId) {
		return Optional.ofNullable(this.mongo.findById(packageId, PackageAccess.class))
			.filter((found) -> !found.isDeleted());
	}

	/**
	 * The revision of a service as stored, deleted ones included.
	 * @param serviceId the service
	 * @return its revision, if permission-service has taken an event of it
	 */
	public OptionalLong serviceRevision(String serviceId) {
		ServiceRecord stored = this.mongo.findById(serviceId, ServiceRecord.class);
		return (stored != null) ? OptionalLong.of(stored.revision()) : OptionalLong.empty();
	}

	private List<ServiceRecord> servicesUsing(String packageId) {
		return this.mongo.find(
				Query.query(Criteria.where("packageVersions.packageId").is(packageId).and("active").is(true)),
				ServiceRecord.class);
	}

}

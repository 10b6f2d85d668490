package dev.imagepack.permission.visibility;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Records an association of a package by a service of another owner, once per service
 * revision, and hands it to the dead-letter topic with the reason.
 */
public class RejectionReporter {

	private static final Logger logger = LoggerFactory.getLogger(RejectionReporter.class);

	private final MongoTemplate mongo;

	private final DeadLetters deadLetters;

	private final Clock clock;

	public RejectionReporter(MongoTemplate mongo, DeadLetters deadLetters, Clock clock) {
		this.mongo = mongo;
		this.deadLetters = deadLetters;
		this.clock = clock;
	}

	void reject(ServiceRecord service, String packageId, String packageOwnerAccountId) {
		RejectedAssociation rejected = RejectedAssociation.of(service, packageId, this.clock.instant());
		try {
			this.mongo.insert(rejected);
		}
		catch (DuplicateKeyException ex) {
			return;
		}
		String reason = "Service " + service.id() + " of account " + service.ownerAccountId() + " associates package "
				+ packageId + ", which that account does not own; the association is ignored";
		logger.atWarn()
			.addKeyValue("serviceId", service.id())
			.addKeyValue("serviceOwnerAccountId", service.ownerAccountId())
			.addKeyValue("packageId", packageId)
			.addKeyValue("packageOwnerAccountId", packageOwnerAccountId)
			.addKeyValue("revision", service.revision())
			.log("Association rejected");
		this.deadLetters.send(service, reason);
	}

	/**
	 * Sends a rejected service's event to the dead-letter topic.
	 */
	public interface DeadLetters {

		/**
		 * Sends the service, as the event that described it, with the reason.
		 * @param service the service
		 * @param reason why its association was rejected
		 */
		void send(ServiceRecord service, String reason);

	}

}

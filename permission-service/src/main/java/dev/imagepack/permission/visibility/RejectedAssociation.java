package dev.imagepack.permission.visibility;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A service that named a package its owner does not own. The association never counts;
 * this record keeps the IDs for operators, once per service revision.
 *
 * @param id {@code serviceId/packageId/revision}
 * @param serviceId the service
 * @param serviceOwnerAccountId the service's owner
 * @param packageId the package it named
 * @param serviceRevision the service revision that named it
 * @param rejectedAt when the association was rejected
 */
@Document("rejected_associations")
public record RejectedAssociation(@Id String id, String serviceId, String serviceOwnerAccountId, String packageId,
		long serviceRevision, Instant rejectedAt) {

	static RejectedAssociation of(ServiceRecord service, String packageId, Instant now) {
		return new RejectedAssociation(service.id() + "/" + packageId + "/" + service.revision(), service.id(),
				service.ownerAccountId(), packageId, service.revision(), now);
	}

}

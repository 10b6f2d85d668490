package dev.imagepack.packages.deployment;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Stores packages, one document each with all versions and pending events.
 */
public interface DeploymentPackageRepository extends MongoRepository<DeploymentPackage, String> {

}

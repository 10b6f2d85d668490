package dev.imagepack.replication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of the replication-service: replicates every published version into every
 * selected region.
 */
@SpringBootApplication
public class ReplicationServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReplicationServiceApplication.class, args);
	}

}

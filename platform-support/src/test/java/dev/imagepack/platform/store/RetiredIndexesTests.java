package dev.imagepack.platform.store;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetiredIndexesTests {

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	@BeforeEach
	void startStore() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort());
		this.mongo = new MongoTemplate(this.client, "retired-indexes");
		this.mongo.indexOps("jobs")
			.createIndex(new Index().on("_id", Sort.Direction.ASC)
				.on("revision", Sort.Direction.ASC)
				.unique()
				.named("id_revision"));
		this.mongo.indexOps("jobs").createIndex(new Index().on("status", Sort.Direction.ASC).named("status"));
	}

	@AfterEach
	void stopStore() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void anIndexAnEarlierVersionLeftIsDroppedAndTheOthersAreKept() {
		RetiredIndexes retired = new RetiredIndexes(this.mongo, List.of(new RetiredIndex("jobs", "id_revision"),
				new RetiredIndex("jobs", "never_created"), new RetiredIndex("no_such_collection", "id_revision")));

		int dropped = retired.dropAll();

		assertThat(dropped).isOne();
		assertThat(indexNames("jobs")).containsExactlyInAnyOrder("_id_", "status");
		assertThat(retired.dropAll()).as("a second start").isZero();
	}

	@Test
	void aServiceThatDeclaresRetiredIndexesDropsThemWhenItStarts() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RetiredIndexesAutoConfiguration.class))
			.withBean(MongoOperations.class, () -> this.mongo)
			.withBean(RetiredIndex.class, () -> new RetiredIndex("jobs", "id_revision"))
			.run((context) -> assertThat(context).hasSingleBean(RetiredIndexes.class));

		assertThat(indexNames("jobs")).containsExactlyInAnyOrder("_id_", "status");
	}

	@Test
	void aServiceThatDeclaresNoneTouchesNoIndex() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RetiredIndexesAutoConfiguration.class))
			.withBean(MongoOperations.class, () -> this.mongo)
			.run((context) -> assertThat(context).doesNotHaveBean(RetiredIndexes.class));

		assertThat(indexNames("jobs")).containsExactlyInAnyOrder("_id_", "id_revision", "status");
	}

	@Test
	void theIndexOfIdsCannotBeRetired() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetiredIndex("jobs", "_id_"));
	}

	private List<String> indexNames(String collection) {
		return this.mongo.indexOps(collection).getIndexInfo().stream().map(IndexInfo::getName).toList();
	}

}

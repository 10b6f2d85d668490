package dev.imagepack.events.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import dev.imagepack.events.VersionPublished;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCompatibilityGateTests {

	private static final List<Schema> RELEASED = SchemaHistory.load().released(VersionPublished.class.getName());

	@Test
	void everyCurrentSchemaIsReleasedAndCompatibleWithEveryReleasedVersion() {
		List<String> problems = SchemaCompatibilityGate.check(SchemaHistory.load(Path.of("src/main/resources")));

		assertThat(problems).as("See README.md, Changing an event schema").isEmpty();
	}

	@Test
	void theShippedHistoryIsTheHistoryInTheSources() {
		SchemaHistory shipped = SchemaHistory.load();
		SchemaHistory sources = SchemaHistory.load(Path.of("src/main/resources"));

		assertThat(EventCatalog.types()).allSatisfy((type) -> assertThat(shipped.released(type.name()))
			.as("run ./mvnw clean after deleting an unreleased history file")
			.isEqualTo(sources.released(type.name())));
	}

	@Test
	void everyEventOfTheCatalogueHasAReleasedVersion() {
		SchemaHistory history = SchemaHistory.load();

		assertThat(EventCatalog.types()).allSatisfy((type) -> assertThat(history.released(type.name())).isNotEmpty());
	}

	@Test
	void gateRejectsAFieldWhoseTypeChanged() {
		List<String> problems = SchemaCompatibilityGate.check(fixture("VersionPublished-number-became-string"),
				RELEASED);

		assertThat(problems).anySatisfy((problem) -> assertThat(problem)
			.startsWith("dev.imagepack.events.VersionPublished cannot read events written with v1: TYPE_MISMATCH"));
		assertThat(problems).anySatisfy((problem) -> assertThat(problem)
			.startsWith("dev.imagepack.events.VersionPublished v1 cannot read events written with the current schema"));
	}

	@Test
	void gateRejectsRemovingAFieldThatOldReadersNeed() {
		List<String> problems = SchemaCompatibilityGate.check(fixture("VersionPublished-regions-removed"), RELEASED);

		assertThat(problems).anySatisfy((problem) -> assertThat(problem).contains("v1 cannot read events written with")
			.contains("READER_FIELD_MISSING_DEFAULT_VALUE")
			.contains("regions"));
	}

	@Test
	void gateRejectsAChangedLogicalTypeThatAvroWouldResolveSilently() {
		Schema next = fixture("VersionPublished-time-became-micros");

		assertThat(SchemaCompatibilityGate.check(next, List.of(RELEASED.get(0), next))).containsExactly(
				"dev.imagepack.events.VersionPublished.publishedAt changed its logical type from timestamp-millis in v1 "
						+ "to timestamp-micros");
	}

	@Test
	void gateRejectsAddingAFieldWithoutDefault() {
		List<String> problems = SchemaCompatibilityGate.check(fixture("VersionPublished-required-field-added"),
				RELEASED);

		assertThat(problems).anySatisfy((problem) -> assertThat(problem)
			.contains("cannot read events written with v1: READER_FIELD_MISSING_DEFAULT_VALUE")
			.contains("approvedBy"));
	}

	@Test
	void gateAsksToRecordACompatibleChangeAsTheNextVersion() {
		List<String> problems = SchemaCompatibilityGate.check(fixture("VersionPublished-optional-field-added"),
				RELEASED);

		assertThat(problems).containsExactly(
				"dev.imagepack.events.VersionPublished differs from its newest release v1: record it as v2");
	}

	@Test
	void gatePassesACompatibleChangeOnceRecorded() {
		Schema next = fixture("VersionPublished-optional-field-added");

		assertThat(SchemaCompatibilityGate.check(next, List.of(RELEASED.get(0), next))).isEmpty();
	}

	@Test
	void gateRejectsAFieldWithoutDoc() {
		Schema next = fixture("VersionPublished-field-without-doc");

		assertThat(SchemaCompatibilityGate.check(next, List.of(RELEASED.get(0), next)))
			.containsExactly("dev.imagepack.events.VersionPublished.approvedBy has no doc");
	}

	@Test
	void gateRejectsASchemaThatWasNeverReleased() {
		assertThat(SchemaCompatibilityGate.check(VersionPublished.getClassSchema(), List.of()))
			.containsExactly("dev.imagepack.events.VersionPublished has no released version: record it as v1");
	}

	private static Schema fixture(String name) {
		try (InputStream in = SchemaCompatibilityGateTests.class
			.getResourceAsStream("/gate-fixtures/" + name + ".avsc")) {
			return new Schema.Parser().parse(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

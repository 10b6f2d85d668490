package dev.imagepack.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

import dev.imagepack.mapping.access.AccessLevel;
import dev.imagepack.mapping.access.PackageAccess;
import dev.imagepack.mapping.version.ImageKind;
import dev.imagepack.mapping.version.ImageSource;
import dev.imagepack.mapping.version.PackageMapping;
import dev.imagepack.mapping.version.PublishedContent;
import dev.imagepack.mapping.version.RegionReplica;
import dev.imagepack.mapping.version.ReplicaProgress;
import dev.imagepack.mapping.version.ReplicaResult;
import dev.imagepack.mapping.version.VersionMapping;

/**
 * Writes mapping-service's store directly: public packages whose published versions
 * succeeded in every region, as the documents the service itself stores (its own records,
 * converted by Spring Data's MongoDB converter and stamped with {@code storedAt} as
 * mapping-service does). A mapping is one version's copy in one region.
 * <p>
 * Arguments: the store's MongoDB URI with the database, the number of mappings, the file
 * to write lookup paths to, and how many paths.
 */
public final class MappingStoreSeeder {

	/** The regions of every version; the first is the source region. */
	static final List<String> REGIONS = List.of("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen",
			"cn-hongkong", "ap-southeast-1", "ap-northeast-1", "us-west-1", "us-east-1", "eu-central-1");

	/** Published versions per package. */
	static final int VERSIONS = 5;

	/** The account that owns every seeded package. */
	static final String OWNER = "isv-bench";

	private static final int BATCH = 200;

	private MappingStoreSeeder() {
	}

	public static void main(String[] args) throws IOException {
		String uri = args[0];
		long mappings = Long.parseLong(args[1]);
		Path paths = Path.of(args[2]);
		int pathCount = Integer.parseInt(args[3]);
		int perPackage = VERSIONS * REGIONS.size();
		int packages = (int) ((mappings + perPackage - 1) / perPackage);
		Instant started = Instant.now();
		try (MongoClient client = MongoClients.create(uri)) {
			String database = new ConnectionString(uri).getDatabase();
			MongoTemplate mongo = new MongoTemplate(client, (database != null) ? database : "mapping-service");
			MongoCollection<Document> collection = mongo.getCollection("mappings");
			collection.drop();
			List<Document> batch = new ArrayList<>(BATCH);
			for (int p = 0; p < packages; p++) {
				Document document = new Document();
				mongo.getConverter().write(packageMapping(packageId(p), started), document);
				document.put("storedAt", Date.from(Instant.now()));
				batch.add(document);
				if (batch.size() == BATCH) {
					collection.insertMany(batch);
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				collection.insertMany(batch);
			}
			long stored = collection.countDocuments();
			System.out.printf(
					"seeded packages=%d versionsPerPackage=%d regions=%d mappings=%d storedDocuments=%d "
							+ "seconds=%.1f%n",
					packages, VERSIONS, REGIONS.size(), (long) packages * perPackage, stored,
					Duration.between(started, Instant.now()).toMillis() / 1000.0);
		}
		writePaths(paths, packages, pathCount);
	}

	static String packageId(int index) {
		return String.format("pkg-bench%07d", index);
	}

	static PackageMapping packageMapping(String packageId, Instant at) {
		Map<String, VersionMapping> versions = new LinkedHashMap<>();
		for (int number = 1; number <= VERSIONS; number++) {
			String sourceImage = imageId("bp1", packageId, number, 0);
			PublishedContent content = new PublishedContent(
					new ImageSource(ImageKind.CUSTOM, REGIONS.get(0), sourceImage), REGIONS.subList(1, REGIONS.size()),
					at.minusSeconds(3600));
			Map<String, RegionReplica> regions = new LinkedHashMap<>();
			for (int r = 0; r < REGIONS.size(); r++) {
				// Each region's reports at their own times, as replication reports them.
				Instant finished = at.minusMillis(1_800_000 - number * 60_000L - r * 997L);
				ReplicaResult result = new ReplicaResult(true, imageId("uf6", packageId, number, r + 1), null, null, 1,
						finished);
				regions.put(REGIONS.get(r),
						new RegionReplica(result, new ReplicaProgress(100, 1, finished.minusMillis(5)), null, null));
			}
			versions.put(Integer.toString(number), new VersionMapping(number, content, regions, null));
		}
		return new PackageMapping(packageId, 1 + VERSIONS * (1 + 2L * REGIONS.size()), OWNER,
				new PackageAccess(AccessLevel.PUBLIC, List.of(), 1), null, at.minusSeconds(3600), versions, null);
	}

	private static String imageId(String prefix, String packageId, int version, int region) {
		String digits = packageId.substring(packageId.length() - 7) + version + String.format("%02d", region);
		return "m-" + prefix + "bench" + digits + "x".repeat(Math.max(0, 12 - digits.length()));
	}

	private static void writePaths(Path file, int packages, int count) throws IOException {
		Random random = new Random(7);
		List<String> lines = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			lines.add("/v1/mappings/" + packageId(random.nextInt(packages)) + "/versions/"
					+ (1 + random.nextInt(VERSIONS)) + "/regions/" + REGIONS.get(random.nextInt(REGIONS.size())));
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.write(file, lines);
	}

}

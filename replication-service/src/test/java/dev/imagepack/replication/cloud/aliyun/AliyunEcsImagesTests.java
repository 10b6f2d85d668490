package dev.imagepack.replication.cloud.aliyun;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.imagepack.replication.cloud.CloudException;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.replication.cloud.CopyRequest;
import dev.imagepack.replication.cloud.CopyStatus;
import dev.imagepack.replication.cloud.aliyun.EcsStub.Call;
import dev.imagepack.replication.cloud.aliyun.EcsStub.Reply;

import static dev.imagepack.replication.cloud.aliyun.EcsStub.image;
import static dev.imagepack.replication.cloud.aliyun.EcsStub.images;
import static dev.imagepack.replication.cloud.aliyun.EcsStub.marketplaceImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The ECS adapter against a stub of the ECS API on loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
class AliyunEcsImagesTests {

	private static final String SECRET = "stub-secret-must-never-be-logged";

	private static final CopyRequest COPY = new CopyRequest("cn-hangzhou", "m-bp1source0000000001", "cn-shanghai", 20,
			"pkg-1:3:cn-shanghai#1", "imagepack-pkg-1-v3");

	private EcsStub ecs;

	private AliyunEcsImages cloud;

	@BeforeEach
	void startStub() throws IOException {
		this.ecs = new EcsStub();
		this.cloud = new AliyunEcsImages(properties(this.ecs.endpoint()));
	}

	@AfterEach
	void stopStub() {
		this.ecs.close();
	}

	private static AliyunProperties properties(String endpoint) {
		return new AliyunProperties("stub-access-key-id", SECRET, endpoint, "https", Duration.ofSeconds(1),
				Duration.ofSeconds(2));
	}

	@Test
	void copyStartedInTheSourceRegionCarriesTheClientToken() {
		this.ecs.on("DescribeImages", images())
			.on("CopyImage", Reply.ok("{\"ImageId\":\"m-uf6copy\",\"RequestId\":\"r\"}"));

		String imageId = this.cloud.startCopy(COPY);

		assertThat(imageId).isEqualTo("m-uf6copy");
		assertThat(this.ecs.actions()).containsExactly("DescribeImages", "CopyImage");
		Call lookup = this.ecs.calls("DescribeImages").get(0);
		assertThat(lookup.param("RegionId")).isEqualTo("cn-shanghai");
		assertThat(lookup.param("Tag.1.Key")).isEqualTo(AliyunEcsImages.TOKEN_TAG);
		assertThat(lookup.param("Tag.1.Value")).isEqualTo("pkg-1:3:cn-shanghai#1");
		Call copy = this.ecs.calls("CopyImage").get(0);
		assertThat(copy.signed()).isTrue();
		assertThat(copy.param("RegionId")).isEqualTo("cn-hangzhou");
		assertThat(copy.param("DestinationRegionId")).isEqualTo("cn-shanghai");
		assertThat(copy.param("ImageId")).isEqualTo("m-bp1source0000000001");
		assertThat(copy.param("DestinationImageName")).isEqualTo("imagepack-pkg-1-v3");
		assertThat(copy.param("Tag.1.Key")).isEqualTo(AliyunEcsImages.TOKEN_TAG);
		assertThat(copy.param("Tag.1.Value")).isEqualTo("pkg-1:3:cn-shanghai#1");
	}

	@Test
	void copyRepeatedWithTheSameClientTokenReturnsTheFirstCopy() {
		this.ecs.on("DescribeImages", images(image("m-uf6first", "Creating", "10%")));

		String imageId = this.cloud.startCopy(COPY);

		assertThat(imageId).isEqualTo("m-uf6first");
		assertThat(this.ecs.calls("CopyImage")).isEmpty();
	}

	@Test
	void copyWithinTheSourceRegionNamesItAsDestination() {
		this.ecs.on("DescribeImages", images())
			.on("CopyImage", Reply.ok("{\"ImageId\":\"m-bp1copy\",\"RequestId\":\"r\"}"));
		CopyRequest sameRegion = new CopyRequest("cn-hangzhou", "m-bp1source0000000001", "cn-hangzhou", null,
				"pkg-1:3:cn-hangzhou#1", "imagepack-pkg-1-v3");

		assertThat(this.cloud.startCopy(sameRegion)).isEqualTo("m-bp1copy");

		Call copy = this.ecs.calls("CopyImage").get(0);
		assertThat(copy.param("RegionId")).isEqualTo("cn-hangzhou");
		assertThat(copy.param("DestinationRegionId")).isEqualTo("cn-hangzhou");
	}

	@Test
	void copyThatProgressesReportsCopyingThenAvailable() {
		AtomicInteger polls = new AtomicInteger();
		this.ecs.on("DescribeImages", (call) -> (polls.incrementAndGet() == 1)
				? images(image("m-uf6copy", "Creating", "45%")) : images(image("m-uf6copy", "Available", "100%")));

		CopyStatus first = this.cloud.describeCopy("cn-shanghai", "m-uf6copy");
		CopyStatus second = this.cloud.describeCopy("cn-shanghai", "m-uf6copy");

		assertThat(first.state()).isEqualTo(CopyStatus.State.COPYING);
		assertThat(first.percent()).isEqualTo(45);
		assertThat(second.state()).isEqualTo(CopyStatus.State.AVAILABLE);
		assertThat(second.percent()).isEqualTo(100);
		Call describe = this.ecs.calls("DescribeImages").get(0);
		assertThat(describe.param("RegionId")).isEqualTo("cn-shanghai");
		assertThat(describe.param("ImageId")).isEqualTo("m-uf6copy");
		assertThat(describe.param("Status"))
			.isEqualTo("Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated");
	}

	@Test
	void copyThatFailedInTheCloudReportsFailed() {
		this.ecs.on("DescribeImages", images(image("m-uf6copy", "CreateFailed", "60%")));

		CopyStatus status = this.cloud.describeCopy("cn-shanghai", "m-uf6copy");

		assertThat(status.state()).isEqualTo(CopyStatus.State.FAILED);
		assertThat(status.failureReason()).contains("m-uf6copy", "CreateFailed");
	}

	@Test
	void copyTheCloudDoesNotListReportsNotFound() {
		this.ecs.on("DescribeImages", images());

		CopyStatus status = this.cloud.describeCopy("cn-shanghai", "m-uf6gone");

		assertThat(status.state()).isEqualTo(CopyStatus.State.NOT_FOUND);
	}

	@Test
	void deletingAMissingImageSucceeds() {
		this.ecs.on("DescribeImages", images())
			.on("DeleteImage", Reply.error(404, "InvalidImageId.NotFound", "The specified ImageId does not exist."));

		assertThatNoException().isThrownBy(() -> this.cloud.deleteImage("cn-shanghai", "m-uf6gone"));

		assertThat(this.ecs.calls("DeleteImage")).hasSize(1);
		assertThat(this.ecs.calls("CancelCopyImage")).isEmpty();
	}

	@Test
	void deletingARunningCopyCancelsItFirst() {
		this.ecs.on("DescribeImages", images(image("m-uf6copy", "Creating", "30%")))
			.on("CancelCopyImage", Reply.ok("{\"RequestId\":\"r\"}"))
			.on("DeleteImage", Reply.ok("{\"RequestId\":\"r\"}"));

		this.cloud.deleteImage("cn-shanghai", "m-uf6copy");

		assertThat(this.ecs.actions()).containsExactly("DescribeImages", "CancelCopyImage", "DeleteImage");
		assertThat(this.ecs.calls("CancelCopyImage").get(0).param("ImageId")).isEqualTo("m-uf6copy");
		Call delete = this.ecs.calls("DeleteImage").get(0);
		assertThat(delete.param("Force")).isEqualTo("true");
		assertThat(delete.param("RegionId")).isEqualTo("cn-shanghai");
	}

	@Test
	void deletingACopyThatJustEndedSkipsTheCancellation() {
		this.ecs.on("DescribeImages", images(image("m-uf6copy", "Waiting", "99%")))
			.on("CancelCopyImage",
					Reply.error(403, "IncorrectImageStatus", "The current status of the resource does not support"))
			.on("DeleteImage", Reply.ok("{\"RequestId\":\"r\"}"));

		this.cloud.deleteImage("cn-shanghai", "m-uf6copy");

		assertThat(this.ecs.calls("DeleteImage")).hasSize(1);
	}

	@Test
	void marketplaceProductFoundOnALaterPage() {
		List<String> firstPage = new ArrayList<>();
		IntStream.range(0, 100)
			.forEach((i) -> firstPage.add(marketplaceImage("m-other" + i, "cmjj00" + i, "2026-01-01T00:00:00Z")));
		this.ecs.on("DescribeImages",
				(call) -> "1".equals(call.param("PageNumber")) ? images(102, firstPage)
						: images(102, List.of(marketplaceImage("m-older", "cmjj000321", "2025-06-01T00:00:00Z"),
								marketplaceImage("m-newest", "cmjj000321", "2026-06-01T00:00:00Z"))));

		Optional<String> image = this.cloud.findMarketplaceImage("cmjj000321", "cn-hangzhou");

		assertThat(image).contains("m-newest");
		List<Call> calls = this.ecs.calls("DescribeImages");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).param("ImageOwnerAlias")).isEqualTo("marketplace");
		assertThat(calls.get(0).param("RegionId")).isEqualTo("cn-hangzhou");
		assertThat(calls.get(1).param("PageNumber")).isEqualTo("2");
	}

	@Test
	void marketplaceProductNotOfferedInTheRegionIsEmpty() {
		this.ecs.on("DescribeImages", images(marketplaceImage("m-other", "cmjj000999", "2026-01-01T00:00:00Z")));

		assertThat(this.cloud.findMarketplaceImage("cmjj000321", "us-west-1")).isEmpty();
	}

	@Test
	void sharingWith25AccountsTakesThreeCallsOfAtMostTen() {
		this.ecs.on("ModifyImageSharePermission", Reply.ok("{\"RequestId\":\"r\"}"));
		List<String> accounts = IntStream.rangeClosed(1, 25).mapToObj((i) -> String.valueOf(1000000000L + i)).toList();

		this.cloud.shareImage("cn-shanghai", "m-uf6copy", accounts);

		List<Call> calls = this.ecs.calls("ModifyImageSharePermission");
		assertThat(calls).hasSize(3);
		assertThat(calls.get(0).list("AddAccount")).containsExactlyElementsOf(accounts.subList(0, 10));
		assertThat(calls.get(1).list("AddAccount")).containsExactlyElementsOf(accounts.subList(10, 20));
		assertThat(calls.get(2).list("AddAccount")).containsExactlyElementsOf(accounts.subList(20, 25));
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call.param("ImageId")).isEqualTo("m-uf6copy");
			assertThat(call.param("RegionId")).isEqualTo("cn-shanghai");
		});
	}

	@Test
	void throttlingIsARetryableThrottledFailure() {
		this.ecs.on("DescribeImages",
				Reply.error(400, "Throttling.User", "Request was denied due to user flow control."));

		CloudException failure = describeFails();

		assertThat(failure.failure()).isEqualTo(CloudFailure.THROTTLED);
		assertThat(failure.failure().isRetryable()).isTrue();
		assertThat(failure.getMessage()).contains("DescribeImages", "cn-shanghai", "Throttling.User");
	}

	@Test
	void serviceUnavailableAnswerIsARetryableServerFailure() {
		this.ecs.on("DescribeImages", Reply.error(503, "ServiceUnavailable",
				"The request has failed due to a " + "temporary failure of the server."));

		CloudException failure = describeFails();

		assertThat(failure.failure()).isEqualTo(CloudFailure.SERVICE_UNAVAILABLE);
		assertThat(failure.failure().isRetryable()).isTrue();
	}

	@Test
	void answerThatIsNoEcsDocumentIsARetryableServerFailure() {
		this.ecs.on("DescribeImages", Reply.html(502, "<html><body>Bad Gateway</body></html>"));

		assertThat(describeFails().failure()).isEqualTo(CloudFailure.SERVICE_UNAVAILABLE);
	}

	@Test
	void missingSourceImageIsAFinalNotFoundFailure() {
		this.ecs.on("DescribeImages", images())
			.on("CopyImage", Reply.error(404, "InvalidImageId.NotFound", "The specified ImageId does not exist."));

		assertThatExceptionOfType(CloudException.class).isThrownBy(() -> this.cloud.startCopy(COPY))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(CloudFailure.SOURCE_IMAGE_NOT_FOUND))
			.satisfies((ex) -> assertThat(ex.failure().isRetryable()).isFalse());
	}

	@Test
	void refusedConnectionIsARetryableServerFailure() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			closedPort = socket.getLocalPort();
		}
		AliyunEcsImages unreachable = new AliyunEcsImages(properties("http://127.0.0.1:" + closedPort));

		assertThatExceptionOfType(CloudException.class)
			.isThrownBy(() -> unreachable.describeCopy("cn-shanghai", "m-uf6copy"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(CloudFailure.SERVICE_UNAVAILABLE));
	}

	@Test
	void secretIsNeverLogged(CapturedOutput output) {
		this.ecs.on("DescribeImages", images())
			.on("CopyImage", Reply.ok("{\"ImageId\":\"m-uf6copy\",\"RequestId\":\"r\"}"))
			.on("DeleteImage", Reply.error(403, "Forbidden.RAM", "User not authorized to operate on the resource."));

		this.cloud.startCopy(COPY);
		assertThatExceptionOfType(CloudException.class)
			.isThrownBy(() -> this.cloud.deleteImage("cn-shanghai", "m-uf6copy"))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(CloudFailure.PERMISSION_DENIED))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SECRET));

		assertThat(output.getAll()).contains("Copy started").doesNotContain(SECRET);
		assertThat(properties(this.ecs.endpoint()).toString()).doesNotContain(SECRET);
	}

	private CloudException describeFails() {
		try {
			this.cloud.describeCopy("cn-shanghai", "m-uf6copy");
		}
		catch (CloudException ex) {
			return ex;
		}
		throw new AssertionError("describeCopy succeeded");
	}

}

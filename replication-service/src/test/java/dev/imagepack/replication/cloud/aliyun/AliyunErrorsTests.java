package dev.imagepack.replication.cloud.aliyun;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRetryableException;
import com.aliyun.tea.TeaUnretryableException;
import com.aliyun.teautil.models.TeaUtilException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.imagepack.replication.cloud.CloudException;
import dev.imagepack.replication.cloud.CloudFailure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failure each ECS error stands for.
 */
class AliyunErrorsTests {

	@ParameterizedTest(name = "{0} with HTTP {1} is {2}")
	@CsvSource(nullValues = "-", textBlock = """
			InvalidImageId.NotFound,            404, SOURCE_IMAGE_NOT_FOUND
			InvalidImageId.Malformed,           400, SOURCE_IMAGE_NOT_FOUND
			QuotaExceed.Image,                  403, QUOTA_EXCEEDED
			QuotaExceed.ShareImageUser,         403, QUOTA_EXCEEDED
			QuotaExceeded.Image,                400, QUOTA_EXCEEDED
			Forbidden,                          403, PERMISSION_DENIED
			Forbidden.RAM,                      403, PERMISSION_DENIED
			Forbidden.NotSupportRAM,            403, PERMISSION_DENIED
			NoPermission,                       403, PERMISSION_DENIED
			InvalidAccessKeyId.NotFound,        404, PERMISSION_DENIED
			InvalidAccessKeyId.Inactive,        400, PERMISSION_DENIED
			SignatureDoesNotMatch,              400, PERMISSION_DENIED
			Throttling,                         400, THROTTLED
			Throttling.User,                    400, THROTTLED
			Throttling.Api,                     503, THROTTLED
			-,                                  429, THROTTLED
			ServiceUnavailable,                 503, SERVICE_UNAVAILABLE
			InternalError,                      500, SERVICE_UNAVAILABLE
			UnknownError,                       500, SERVICE_UNAVAILABLE
			SomethingNew,                       502, SERVICE_UNAVAILABLE
			-,                                  504, SERVICE_UNAVAILABLE
			InvalidRegionId.NotFound,           404, INVALID_REQUEST
			InvalidImageName.Duplicated,        400, INVALID_REQUEST
			IncorrectImageStatus,               403, INVALID_REQUEST
			MissingParameter,                   400, INVALID_REQUEST
			-,                                  -,   INVALID_REQUEST
			""")
	void ecsErrorMapsToItsFailure(String code, Integer status, CloudFailure expected) {
		assertThat(AliyunErrors.failureOf(code, status)).isEqualTo(expected);
	}

	@Test
	void ecsErrorAnswerIsMappedByItsCodeAndStatus() {
		TeaException answer = new TeaException(Map.of("code", "QuotaExceed.Image", "message",
				"code: 403, The image quota is exceeded. request id: r", "data", Map.of("statusCode", 403)));

		CloudException failure = AliyunErrors.toCloudException("CopyImage", "cn-hangzhou", answer);

		assertThat(failure.failure()).isEqualTo(CloudFailure.QUOTA_EXCEEDED);
		assertThat(failure.getMessage()).contains("CopyImage in cn-hangzhou", "QuotaExceed.Image", "HTTP 403");
		assertThat(failure.getCause()).isSameAs(answer);
	}

	@Test
	void refusedConnectionIsServiceUnavailable() {
		TeaUnretryableException refused = new TeaUnretryableException(null,
				new TeaRetryableException(new ConnectException("Failed to connect to /127.0.0.1:1")));

		assertThat(AliyunErrors.toCloudException("DescribeImages", "cn-hangzhou", refused).failure())
			.isEqualTo(CloudFailure.SERVICE_UNAVAILABLE);
	}

	@Test
	void timeoutIsServiceUnavailable() {
		TeaUnretryableException timedOut = new TeaUnretryableException(null,
				new TeaRetryableException(new SocketTimeoutException("timeout")));

		assertThat(AliyunErrors.toCloudException("DescribeImages", "cn-hangzhou", timedOut).failure())
			.isEqualTo(CloudFailure.SERVICE_UNAVAILABLE);
	}

	@Test
	void answerThatIsNoJsonIsServiceUnavailable() {
		TeaUtilException unreadable = new TeaUtilException("Error: convert to JSON, response is:\n<html></html>");

		assertThat(AliyunErrors.toCloudException("DescribeImages", "cn-hangzhou", unreadable).failure())
			.isEqualTo(CloudFailure.SERVICE_UNAVAILABLE);
	}

	@Test
	void clientSideRefusalIsAnInvalidRequest() {
		IllegalArgumentException refused = new IllegalArgumentException("ImageId is required");

		assertThat(AliyunErrors.toCloudException("CopyImage", "cn-hangzhou", refused).failure())
			.isEqualTo(CloudFailure.INVALID_REQUEST);
	}

}

package dev.imagepack.replication.cloud.aliyun;

import java.io.IOException;
import java.util.Set;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRetryableException;
import com.aliyun.teautil.models.TeaUtilException;
import org.jspecify.annotations.Nullable;

import dev.imagepack.replication.cloud.CloudException;
import dev.imagepack.replication.cloud.CloudFailure;

/**
 * Turns what the ECS SDK throws into {@link CloudException}s. An ECS error code decides
 * first; without a known code the HTTP status does: 429 is throttling, 5xx a server
 * error, any other 4xx an invalid request. A call that got no answer (refused or reset
 * connections, timeouts) or an answer that is no ECS error document (such as a proxy's
 * HTML page) is {@link CloudFailure#SERVICE_UNAVAILABLE}.
 */
final class AliyunErrors {

	/** The codes ECS answers for an image that does not exist. */
	static final Set<String> IMAGE_NOT_FOUND = Set.of("InvalidImageId.NotFound", "InvalidImageId.Malformed");

	private static final Set<String> PERMISSION_DENIED = Set.of("NoPermission", "SignatureDoesNotMatch",
			"IncompleteSignature", "Account.Arrearage");

	private static final Set<String> SERVER_ERRORS = Set.of("ServiceUnavailable", "InternalError", "UnknownError");

	private static final int MAX_MESSAGE = 300;

	private AliyunErrors() {
	}

	/**
	 * The failure an ECS error stands for.
	 * @param code the ECS error code, if the answer had one
	 * @param httpStatus the HTTP status of the answer, if there was one
	 * @return the failure
	 */
	static CloudFailure failureOf(@Nullable String code, @Nullable Integer httpStatus) {
		if (code != null && !code.isBlank()) {
			CloudFailure byCode = byCode(code);
			if (byCode != null) {
				return byCode;
			}
		}
		if (httpStatus != null) {
			if (httpStatus == 429) {
				return CloudFailure.THROTTLED;
			}
			if (httpStatus >= 500) {
				return CloudFailure.SERVICE_UNAVAILABLE;
			}
		}
		return CloudFailure.INVALID_REQUEST;
	}

	private static @Nullable CloudFailure byCode(String code) {
		if (IMAGE_NOT_FOUND.contains(code)) {
			return CloudFailure.SOURCE_IMAGE_NOT_FOUND;
		}
		if (code.startsWith("QuotaExceed")) {
			return CloudFailure.QUOTA_EXCEEDED;
		}
		if (PERMISSION_DENIED.contains(code) || code.startsWith("Forbidden") || code.startsWith("NoPermission.")
				|| code.startsWith("InvalidAccessKeyId") || code.startsWith("InvalidSecurityToken")) {
			return CloudFailure.PERMISSION_DENIED;
		}
		if (code.startsWith("Throttling")) {
			return CloudFailure.THROTTLED;
		}
		if (SERVER_ERRORS.contains(code) || code.startsWith("ServiceUnavailable.")
				|| code.startsWith("InternalError.")) {
			return CloudFailure.SERVICE_UNAVAILABLE;
		}
		return null;
	}

	/**
	 * The ECS error code of a failed call.
	 * @param ex what the call threw, if anything
	 * @return the code, or null if ECS did not answer with one
	 */
	static @Nullable String codeOf(@Nullable Throwable ex) {
		if (ex instanceof TeaException tea && !(ex instanceof TeaRetryableException)) {
			String code = tea.getCode();
			return (code == null || code.isBlank() || code.equals("null")) ? null : code;
		}
		return null;
	}

	/**
	 * Whether a call failed because ECS knows no such image.
	 * @param ex what the call threw, if anything
	 * @return true for the image-not-found codes
	 */
	static boolean isImageNotFound(@Nullable Throwable ex) {
		String code = codeOf(ex);
		return code != null && IMAGE_NOT_FOUND.contains(code);
	}

	/**
	 * The cloud exception for a failed call.
	 * @param action the ECS action, such as {@code CopyImage}
	 * @param region the region it was called in
	 * @param ex what the SDK threw
	 * @return the exception to throw
	 */
	static CloudException toCloudException(String action, String region, Throwable ex) {
		String call = action + " in " + region;
		IOException io = ioCause(ex);
		if (io != null) {
			return new CloudException(CloudFailure.SERVICE_UNAVAILABLE,
					shorten(call + " got no answer: " + io.getClass().getSimpleName() + ": " + io.getMessage()), ex);
		}
		if (ex instanceof TeaException tea && !(ex instanceof TeaRetryableException)) {
			String code = codeOf(tea);
			Integer status = tea.getStatusCode();
			CloudFailure failure = failureOf(code, status);
			return new CloudException(failure, shorten(call + " failed with " + ((code != null) ? code : "no code")
					+ ((status != null) ? " (HTTP " + status + ")" : "") + ": " + tea.getMessage()), ex);
		}
		if (ex instanceof TeaUtilException) {
			// The SDK reads every error answer as JSON; one that is not came from
			// something in front of ECS, not from ECS.
			return new CloudException(CloudFailure.SERVICE_UNAVAILABLE,
					shorten(call + " got an answer that is no ECS document: " + ex.getMessage()), ex);
		}
		return new CloudException(CloudFailure.INVALID_REQUEST,
				shorten(call + " failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()), ex);
	}

	private static @Nullable IOException ioCause(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 10; depth++) {
			if (current instanceof IOException io) {
				return io;
			}
			current = current.getCause();
		}
		return null;
	}

	private static String shorten(String message) {
		String oneLine = message.replaceAll("\\s+", " ").trim();
		return (oneLine.length() <= MAX_MESSAGE) ? oneLine : oneLine.substring(0, MAX_MESSAGE - 1) + "…";
	}

}

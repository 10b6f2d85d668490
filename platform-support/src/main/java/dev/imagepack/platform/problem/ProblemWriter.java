package dev.imagepack.platform.problem;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem straight into a response, for the places that answer before
 * or outside Spring MVC: the servlet container's error report and the error page.
 */
public final class ProblemWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemWriter() {
	}

	/**
	 * The last segment of the problem type for a status that no more specific problem
	 * explains, such as {@code method-not-allowed} for 405.
	 * @param status the HTTP status
	 * @return the type name
	 */
	public static String typeFor(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		if (known == null) {
			return (status >= 500) ? "internal-error" : "bad-request";
		}
		if (known == HttpStatus.INTERNAL_SERVER_ERROR) {
			return "internal-error";
		}
		return known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
	}

	/**
	 * The title for a status that no more specific problem explains.
	 * @param status the HTTP status
	 * @return the title
	 */
	public static String titleFor(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

	/**
	 * A problem as a JSON document.
	 * @param status the HTTP status
	 * @param detail what went wrong
	 * @param instance the request path, if known
	 * @return the document
	 */
	public static Map<String, Object> problem(int status, String detail, @Nullable String instance) {
		return problem(typeFor(status), titleFor(status), status, detail, instance);
	}

	/**
	 * A problem of a given type as a JSON document.
	 * @param type the last segment of the type URI
	 * @param title the title
	 * @param status the HTTP status
	 * @param detail what went wrong
	 * @param instance the request path, if known
	 * @return the document
	 */
	public static Map<String, Object> problem(String type, String title, int status, String detail,
			@Nullable String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", ProblemDetailsAdvice.TYPE_BASE + type);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		if (instance != null) {
			problem.put("instance", instance);
		}
		return problem;
	}

	/**
	 * Writes a problem document.
	 * @param problem the document
	 * @param out where to write it
	 * @throws IOException if the response cannot be written
	 */
	public static void write(Map<String, Object> problem, OutputStream out) throws IOException {
		JSON.writeValue(out, problem);
	}

	/**
	 * The media type of a problem document.
	 * @return {@code application/problem+json}
	 */
	public static String contentType() {
		return MediaType.APPLICATION_PROBLEM_JSON_VALUE;
	}

}

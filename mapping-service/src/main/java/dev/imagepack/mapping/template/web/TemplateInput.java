package dev.imagepack.mapping.template.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.imagepack.mapping.template.ImageAssociation;
import dev.imagepack.mapping.template.Template;
import dev.imagepack.mapping.template.TemplateFile;
import dev.imagepack.mapping.template.TemplateFormat;
import dev.imagepack.mapping.template.web.TemplateRequests.AssociationRequest;
import dev.imagepack.mapping.template.web.TemplateRequests.TemplateRequest;
import dev.imagepack.platform.problem.Violations;

/**
 * Reads a template and its associations from what a client sent, as JSON, as multipart
 * files or as one raw file, and checks every field and limit before the engine sees them.
 * Text must be UTF-8; a file that is not is refused, never repaired.
 */
@Component
class TemplateInput {

	/** The most files one template may have. */
	static final int MAX_FILES = 50;

	/** The most associations one request may carry. */
	static final int MAX_ASSOCIATIONS = 500;

	/** The longest literal, in characters. */
	static final int MAX_LITERAL = 256;

	/** The name of a template sent without one. */
	static final String DEFAULT_NAME = "template";

	private static final Pattern PACKAGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private static final Pattern VERSION = Pattern.compile("draft|[1-9][0-9]{0,8}");

	private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\]{1,255}");

	private static final String FORMATS = "must be one of ROS_YAML, ROS_JSON, TERRAFORM_HCL, TERRAFORM_JSON";

	private static final TypeReference<List<@Nullable AssociationRequest>> ASSOCIATIONS = new TypeReference<>() {
	};

	private final JsonMapper json;

	private final long maxFileSize;

	private final long maxRequestSize;

	TemplateInput(JsonMapper json, @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize maxFileSize,
			@Value("${spring.servlet.multipart.max-request-size:2MB}") DataSize maxRequestSize) {
		this.json = json;
		this.maxFileSize = maxFileSize.toBytes();
		this.maxRequestSize = maxRequestSize.toBytes();
	}

	/**
	 * The size limits, for a person.
	 * @return the limits
	 */
	String limits() {
		return this.maxFileSize + " bytes per file or " + this.maxRequestSize + " bytes in all";
	}

	/**
	 * Reads a JSON request.
	 * @param request the body, null if there was none
	 * @return the template and associations
	 */
	TemplateWithAssociations fromJson(@Nullable TemplateRequest request) {
		Violations violations = new Violations();
		if (request == null) {
			violations.add("body", "is required");
			violations.throwIfAny();
		}
		TemplateFormat format = format(violations, request.format());
		List<TemplateFile> files = new ArrayList<>();
		Map<String, @Nullable String> named = request.files();
		String single = request.template();
		if (violations.check((single != null) != (named != null), "template",
				"give either template, the text of one file, or files, its files by name")) {
			if (single != null) {
				addFile(files, violations, "template", DEFAULT_NAME, single, format);
			}
			else if (checkFileCount(violations, named.size())) {
				named.forEach((name, text) -> {
					String field = "files[" + name + "]";
					if (violations.check(text != null, field, "must be the file's text")) {
						addFile(files, violations, field, name, text, format);
					}
				});
			}
		}
		Map<String, ImageAssociation> associations = associations(violations, "associations", request.associations());
		violations.throwIfAny();
		return new TemplateWithAssociations(new Template(files), associations);
	}

	/**
	 * Reads a multipart request: every part with a file name is a template file, except
	 * an {@code associations} part; a {@code format} part applies to every file.
	 * @param request the request
	 * @return the template and associations
	 * @throws org.springframework.web.multipart.MultipartException if the body is not
	 * well-formed multipart or exceeds a multipart limit
	 */
	TemplateWithAssociations fromParts(MultipartHttpServletRequest request) {
		MultiValueMap<String, MultipartFile> parts = request.getMultiFileMap();
		Violations violations = new Violations();
		String[] formats = request.getParameterValues("format");
		String[] associationValues = request.getParameterValues("associations");
		violations.check(formats == null || formats.length == 1, "format", "must be given once");
		violations.check(associationValues == null || associationValues.length == 1, "associations",
				"must be given once");
		TemplateFormat format = format(violations, request.getParameter("format"));
		String associationsJson = request.getParameter("associations");
		List<TemplateFile> files = new ArrayList<>();
		int count = 0;
		for (Map.Entry<String, List<MultipartFile>> entry : parts.entrySet()) {
			for (MultipartFile part : entry.getValue()) {
				if ("associations".equals(entry.getKey())) {
					violations.check(associationsJson == null, "associations", "must be given once");
					associationsJson = decode(violations, "associations", bytes(part));
					continue;
				}
				String name = part.getOriginalFilename();
				String field = "files[" + name + "]";
				String text = decode(violations, field, bytes(part));
				count++;
				if (count <= MAX_FILES && text != null && name != null) {
					addFile(files, violations, field, name, text, format);
				}
			}
		}
		if (violations.check(count > 0, "files", "at least one part must be a template file with a file name")) {
			checkFileCount(violations, count);
		}
		Map<String, ImageAssociation> associations = Map.of();
		if (associationsJson != null) {
			associations = associations(violations, "associations", parseAssociations(violations, associationsJson));
		}
		violations.throwIfAny();
		return new TemplateWithAssociations(new Template(files), associations);
	}

	/**
	 * Reads one raw file, with associations written as {@code literal=packageId@version}.
	 * @param body the file's bytes
	 * @param contentType the body's media type; its charset, if any, must be UTF-8
	 * @param name the file's name, which may announce its format
	 * @param format the file's format, overriding its name
	 * @param associations the associations
	 * @return the template and associations
	 */
	TemplateWithAssociations fromRaw(byte[] body, MediaType contentType, @Nullable String name, @Nullable String format,
			@Nullable List<String> associations) {
		Violations violations = new Violations();
		Charset charset = contentType.getCharset();
		violations.check(charset == null || charset.equals(StandardCharsets.UTF_8), "Content-Type",
				"must be UTF-8 text");
		TemplateFormat known = format(violations, format);
		String fileName = (name != null) ? name : DEFAULT_NAME;
		List<TemplateFile> files = new ArrayList<>();
		String text = decode(violations, "body", body);
		if (text != null) {
			addFile(files, violations, (name != null) ? "name" : "body", fileName, text, known);
		}
		List<@Nullable AssociationRequest> requests = new ArrayList<>();
		for (String association : (associations != null) ? associations : List.<String>of()) {
			requests.add(parseAssociation(association));
		}
		Map<String, ImageAssociation> checked = associations(violations, "association", requests);
		violations.throwIfAny();
		return new TemplateWithAssociations(new Template(files), checked);
	}

	private static @Nullable TemplateFormat format(Violations violations, @Nullable String format) {
		if (format == null) {
			return null;
		}
		try {
			return TemplateFormat.valueOf(format.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			violations.add("format", FORMATS);
			return null;
		}
	}

	private static boolean checkFileCount(Violations violations, int count) {
		return violations.check(count >= 1 && count <= MAX_FILES, "files", "must hold 1 to " + MAX_FILES + " files");
	}

	private void addFile(List<TemplateFile> files, Violations violations, String field, String name, String text,
			@Nullable TemplateFormat format) {
		boolean named = violations.check(FILE_NAME.matcher(name).matches() && Violations.isPlainText(name, false),
				field, "must be named by a file name without a path, 1 to 255 characters");
		boolean wellFormed = violations.check(isWellFormed(text), field, "must be well-formed Unicode text");
		if (!named || !wellFormed) {
			return;
		}
		long bytes = utf8Length(text);
		if (bytes > this.maxFileSize) {
			throw new TemplateTooLargeException(name, bytes, this.maxFileSize);
		}
		files.add((format != null) ? new TemplateFile(name, format, text) : TemplateFile.of(name, text));
	}

	private static Map<String, ImageAssociation> associations(Violations violations, String name,
			@Nullable List<@Nullable AssociationRequest> requests) {
		Map<String, ImageAssociation> associations = new LinkedHashMap<>();
		if (requests == null || !violations.check(requests.size() <= MAX_ASSOCIATIONS, name,
				"must hold at most " + MAX_ASSOCIATIONS + " associations")) {
			return associations;
		}
		for (int i = 0; i < requests.size(); i++) {
			String field = name + "[" + i + "]";
			AssociationRequest request = requests.get(i);
			if (!violations.check(request != null, field, "must give a literal, a packageId and a version")) {
				continue;
			}
			String literal = request.literal();
			String packageId = request.packageId();
			String version = request.version();
			boolean valid = violations.check(
					literal != null && literal.length() <= MAX_LITERAL && Violations.isPlainText(literal, false),
					field + ".literal",
					"must be the literal as the template holds it, at most " + MAX_LITERAL + " characters on one line");
			valid &= violations.check(packageId != null && PACKAGE_ID.matcher(packageId).matches(),
					field + ".packageId", "must be a package ID such as pkg-3f9a1c");
			valid &= violations.check(version != null && VERSION.matcher(version).matches(), field + ".version",
					"must be 'draft' or a version number from 1");
			if (valid && violations.check(!associations.containsKey(literal), field + ".literal",
					"is associated more than once")) {
				associations.put(literal, new ImageAssociation(packageId, version));
			}
		}
		return associations;
	}

	private @Nullable List<@Nullable AssociationRequest> parseAssociations(Violations violations, String text) {
		try {
			return this.json.readValue(text, ASSOCIATIONS);
		}
		catch (JacksonException ex) {
			violations.add("associations",
					"must be a JSON array of objects with literal, packageId and version"
							+ ((ex.getLocation() != null) ? " (the error is at line " + ex.getLocation().getLineNr()
									+ ", column " + ex.getLocation().getColumnNr() + ")" : ""));
			return null;
		}
	}

	/**
	 * Reads {@code literal=packageId@version}. A package ID and a version hold neither
	 * {@code =} nor {@code @}, so the last of each ends the literal and the package.
	 */
	private static @Nullable AssociationRequest parseAssociation(String text) {
		int at = text.lastIndexOf('@');
		int equals = (at > 0) ? text.lastIndexOf('=', at) : -1;
		if (equals < 0) {
			return null;
		}
		return new AssociationRequest(text.substring(0, equals), text.substring(equals + 1, at),
				text.substring(at + 1));
	}

	private static byte[] bytes(MultipartFile part) {
		try {
			return part.getBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static @Nullable String decode(Violations violations, String field, byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			violations.add(field, "must be UTF-8 text");
			return null;
		}
	}

	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static long utf8Length(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

	/**
	 * A template as read, with its checked associations.
	 *
	 * @param template the template
	 * @param associations literal to package version
	 */
	record TemplateWithAssociations(Template template, Map<String, ImageAssociation> associations) {

	}

}

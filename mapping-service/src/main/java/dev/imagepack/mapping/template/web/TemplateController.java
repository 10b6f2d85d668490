package dev.imagepack.mapping.template.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.imagepack.mapping.template.RenderedTemplate;
import dev.imagepack.mapping.template.TemplateEngine;
import dev.imagepack.mapping.template.web.TemplateInput.TemplateWithAssociations;
import dev.imagepack.mapping.template.web.TemplateRequests.TemplateRequest;
import dev.imagepack.mapping.template.web.TemplateResponses.RenderResponse;
import dev.imagepack.mapping.template.web.TemplateResponses.ValidationResponse;
import dev.imagepack.mapping.version.MappingLookups;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.messaging.EventFields;
import dev.imagepack.platform.problem.ApiProblem;
import dev.imagepack.platform.problem.ProblemDetailsAdvice;
import dev.imagepack.platform.problem.Violations;

/**
 * Validates, associates and renders templates. Each operation takes the template as a
 * JSON body, as multipart files, or as one raw file ({@code text/plain} or
 * {@code application/yaml}); rendering resolves each associated literal through the
 * mapping lookups as the caller, and is all or nothing.
 */
@RestController
@RequestMapping("/v1/templates")
class TemplateController {

	private static final String RAW_YAML = "application/yaml";

	private final TemplateEngine engine = new TemplateEngine();

	private final TemplateInput input;

	private final MappingLookups lookups;

	private static final int CONCURRENT_TEMPLATES = 2;

	private static final Duration CAPACITY_WAIT = Duration.ofSeconds(10);

	private final Semaphore capacity = new Semaphore(CONCURRENT_TEMPLATES, true);

	TemplateController(TemplateInput input, MappingLookups lookups) {
		this.input = input;
		this.lookups = lookups;
	}

	@Operation(summary = "Report a template's image properties (files as JSON)",
			description = "Every in-scope image property with its file, line, column and JSON "
					+ "pointer or HCL address, and its literal or the reason it has none.")
	@PostMapping(path = "/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
	ValidationResponse validate(@RequestBody(required = false) @Nullable TemplateRequest request) {
		return validate(this.input.fromJson(request));
	}

	@Operation(summary = "Report a template's image properties (files as multipart parts)")
	@PostMapping(path = "/validate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ValidationResponse validate(MultipartHttpServletRequest request) {
		return validate(this.input.fromParts(request));
	}

	@Operation(summary = "Report a template's image properties (one raw file)")
	@PostMapping(path = "/validate", consumes = { MediaType.TEXT_PLAIN_VALUE, RAW_YAML })
	ValidationResponse validate(@RequestBody byte[] body,
			@Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(name = "association", required = false) @Nullable List<String> associations) {
		return validate(this.input.fromRaw(body, contentType, name, format, associations));
	}

	@Operation(summary = "Check a template can be associated with package versions (files as JSON)",
			description = "The validation report when every in-scope property is a literal and "
					+ "every associated literal is in the template; else 422 "
					+ "template-not-associable naming every offender.")
	@PostMapping(path = "/associate", consumes = MediaType.APPLICATION_JSON_VALUE)
	ValidationResponse associate(@RequestBody(required = false) @Nullable TemplateRequest request) {
		return associate(this.input.fromJson(request));
	}

	@Operation(summary = "Check a template can be associated with package versions (files as multipart parts)")
	@PostMapping(path = "/associate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ValidationResponse associate(MultipartHttpServletRequest request) {
		return associate(this.input.fromParts(request));
	}

	@Operation(summary = "Check a template can be associated with package versions (one raw file)")
	@PostMapping(path = "/associate", consumes = { MediaType.TEXT_PLAIN_VALUE, RAW_YAML })
	ValidationResponse associate(@RequestBody byte[] body,
			@Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(name = "association", required = false) @Nullable List<String> associations) {
		return associate(this.input.fromRaw(body, contentType, name, format, associations));
	}

	@Operation(summary = "Render a template for a region (files as JSON)",
			description = "Each associated literal replaced by the image its package version has "
					+ "in the region for the caller; else 422 image-not-resolved naming every "
					+ "literal with the reason.")
	@PostMapping(path = "/render", consumes = MediaType.APPLICATION_JSON_VALUE)
	RenderResponse render(Caller caller, @RequestParam(required = false) @Nullable String region,
			@RequestBody(required = false) @Nullable TemplateRequest request) {
		String target = checkRegion(region);
		return RenderResponse.of(target, render(caller, target, this.input.fromJson(request)));
	}

	@Operation(summary = "Render a template for a region (files as multipart parts)")
	@PostMapping(path = "/render", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	RenderResponse render(Caller caller, @RequestParam(required = false) @Nullable String region,
			MultipartHttpServletRequest request) {
		String target = checkRegion(region);
		return RenderResponse.of(target, render(caller, target, this.input.fromParts(request)));
	}

	/**
	 * Renders one raw file and answers the rendered file itself, in the media type it was
	 * sent in, byte for byte as sent except the replaced values.
	 */
	@Operation(summary = "Render one raw file for a region",
			description = "Answers the rendered file itself, in the media type it was sent in.")
	@PostMapping(path = "/render", consumes = { MediaType.TEXT_PLAIN_VALUE, RAW_YAML })
	ResponseEntity<byte[]> render(Caller caller, @RequestParam(required = false) @Nullable String region,
			@RequestBody byte[] body,
			@Parameter(hidden = true) @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(name = "association", required = false) @Nullable List<String> associations) {
		String target = checkRegion(region);
		RenderedTemplate rendered = render(caller, target,
				this.input.fromRaw(body, contentType, name, format, associations));
		return ResponseEntity.ok()
			.contentType(new MediaType(contentType.getType(), contentType.getSubtype(), StandardCharsets.UTF_8))
			.body(rendered.files().get(0).text().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Multipart bodies are parsed when the handler first reads them, so that a body which
	 * is not well-formed, or too large, is answered here as a problem.
	 */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> refuseMultipart(MultipartException ex) {
		if (ex instanceof MaxUploadSizeExceededException) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large",
					"The multipart request, or one of its files, is larger than " + this.input.limits());
		}
		return problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
				"The request body is not well-formed multipart/form-data");
	}

	private ValidationResponse validate(TemplateWithAssociations request) {
		return withCapacity(() -> ValidationResponse.of(this.engine.validate(request.template())));
	}

	private ValidationResponse associate(TemplateWithAssociations request) {
		return withCapacity(
				() -> ValidationResponse.of(this.engine.associate(request.template(), request.associations())));
	}

	private RenderedTemplate render(Caller caller, String region, TemplateWithAssociations request) {
		return withCapacity(() -> this.engine.render(request.template(), request.associations(), region,
				caller.accountId(), new CallerImageResolver(this.lookups, caller)));
	}

	/**
	 * Reads at most a few templates at a time: a parsed template takes many times its
	 * text in memory, and the service runs in a small heap.
	 */
	private <T> T withCapacity(Supplier<T> work) {
		try {
			if (!this.capacity.tryAcquire(CAPACITY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new TemplatesBusyException();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TemplatesBusyException();
		}
		try {
			return work.get();
		}
		finally {
			this.capacity.release();
		}
	}

	static class TemplatesBusyException extends ApiProblem {

		TemplatesBusyException() {
			super("templates-busy", "Too many templates at once", 503,
					"Too many templates are being read at the moment; retry in a few seconds", Map.of());
		}

	}

	private static String checkRegion(@Nullable String region) {
		Violations violations = new Violations();
		violations.check(EventFields.isRegion(region), "region", "must be the target region, such as cn-hangzhou");
		violations.throwIfAny();
		return region;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create(ProblemDetailsAdvice.TYPE_BASE + type));
		body.setTitle(title);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

}

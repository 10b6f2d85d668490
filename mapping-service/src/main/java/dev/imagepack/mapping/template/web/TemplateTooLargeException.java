package dev.imagepack.mapping.template.web;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * A template file is larger than one file may be, although the request as a whole fits.
 */
class TemplateTooLargeException extends ApiProblem {

	TemplateTooLargeException(String file, long bytes, long limit) {
		super("template-too-large", "Template too large", 413,
				"The file " + file + " has " + bytes + " bytes; a template file may have at most " + limit + " bytes",
				Map.of("file", file, "limit", limit));
	}

}

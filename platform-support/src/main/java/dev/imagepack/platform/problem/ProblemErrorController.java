package dev.imagepack.platform.problem;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Answers the servlet error page as an RFC 9457 problem instead of Boot's own error
 * document. Requests end up here when something outside the controllers refused them,
 * such as the request firewall rejecting {@code ;jsessionid} or an encoded {@code ..}.
 */
@Controller
class ProblemErrorController implements ErrorController {

	private static final Logger logger = LoggerFactory.getLogger(ProblemErrorController.class);

	@RequestMapping("${server.error.path:${error.path:/error}}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		int status = status(request, failure);
		String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (status >= 500) {
			logger.error("Request failed outside the controllers status={} path={}", status, path, failure);
		}
		Map<String, Object> problem = ProblemWriter.problem(status, detail(status, request, failure), path);
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType(ProblemWriter.contentType());
		ProblemWriter.write(problem, response.getOutputStream());
	}

	private static int status(HttpServletRequest request, @Nullable Throwable failure) {
		if (failure instanceof InvalidParameterException) {
			return 400;
		}
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (status == null) {
			// Asked for directly, not forwarded to by the container.
			return 404;
		}
		return (status instanceof Integer code && code >= 400 && code <= 599) ? code : 500;
	}

	private static String detail(int status, HttpServletRequest request, @Nullable Throwable failure) {
		if (failure instanceof RequestRejectedException rejected) {
			return "The request was refused: " + rejected.getMessage();
		}
		if (failure instanceof InvalidParameterException) {
			return ProblemDetailsAdvice.INVALID_QUERY;
		}
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			return "No resource at this path";
		}
		if (status >= 500) {
			return "The request failed unexpectedly; it is safe to retry";
		}
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		if (message instanceof String text && !text.isBlank()) {
			return text;
		}
		return "The request was refused: " + ProblemWriter.titleFor(status);
	}

}

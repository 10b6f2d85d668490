package dev.imagepack.platform.problem;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last-resort error report, written as an RFC 9457 problem instead of an HTML
 * page. Tomcat uses it for requests it refuses before any servlet runs, such as an
 * encoded {@code /} or a NUL byte in the path.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		String detail;
		if (status == 501 || status == 505) {
			// A method, transfer coding or HTTP version Tomcat does not implement: the
			// same request fails again.
			detail = "The server does not support this request: " + ProblemWriter.titleFor(status)
					+ "; check the method, the Transfer-Encoding header and the HTTP version";
		}
		else if (status >= 500) {
			detail = "The request failed unexpectedly; it is safe to retry";
		}
		else {
			detail = "The server refused the request before reading it: " + ProblemWriter.titleFor(status)
					+ "; check the path's encoding and the headers";
		}
		try {
			response.setContentType(ProblemWriter.contentType());
			response.setCharacterEncoding("UTF-8");
			OutputStream out = response.getOutputStream();
			ProblemWriter.write(ProblemWriter.problem(status, detail, null), out);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot take a body; there is no one to
			// tell.
		}
	}

}

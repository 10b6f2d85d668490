package dev.imagepack.platform.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.imagepack.platform.problem.ProblemWriter;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than a limit with a 413 problem: at once when the
 * declared length is too large, and while reading when a chunked body grows past it.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	RequestBodyLimitFilter(long limit) {
		this.limit = limit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			refuse(request, response);
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, this.limit), response);
		}
		catch (RequestBodyTooLargeException ex) {
			if (!response.isCommitted()) {
				refuse(request, response);
				return;
			}
			throw ex;
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Map<String, Object> problem = ProblemWriter.problem("request-too-large", "Request too large", 413,
				"The request body is larger than " + this.limit + " bytes", request.getRequestURI());
		response.resetBuffer();
		response.setStatus(413);
		response.setHeader("Connection", "close");
		response.setContentType(ProblemWriter.contentType());
		ProblemWriter.write(problem, response.getOutputStream());
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private @Nullable LimitedInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int next = this.delegate.read();
			if (next >= 0) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.delegate.read(buffer, offset, length);
			if (count > 0) {
				count(count);
			}
			return count;
		}

		private void count(int bytes) throws RequestBodyTooLargeException {
			this.read += bytes;
			if (this.read > this.limit) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}

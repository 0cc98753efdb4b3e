package dev.observability.logging;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.observability.core.PathPatterns;
import dev.observability.core.ServletRequestPath;
import dev.observability.correlation.Correlation;
import dev.observability.correlation.UserContext;
import dev.observability.privacy.PrivacyPolicy;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.MappingMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes one INFO line per request to the {@value #LOGGER_NAME} logger: method, path template
 * (never the raw URL, which may hold ids and personal data; for a request that Spring Security
 * refused or redirected before any handler, its routed path, bounded and masked), status, duration
 * in milliseconds and bytes written, plus the user id when one was resolved; the request and trace
 * ids come from the MDC. Excluded paths (by default {@code /actuator/**} and the probes) get no
 * line.
 * <p>
 * A request that goes async is logged when it completes; a request that throws is logged with
 * status 500, and the exception is rethrown untouched.
 */
public final class AccessLogFilter implements Filter {

	/**
	 * The logger of access lines; set it to WARN to silence them.
	 */
	public static final String LOGGER_NAME = "dev.observability.access";

	/**
	 * The path of a request that the server refused before any filter ran.
	 */
	static final String REJECTED = "REJECTED";

	// The keys of an access line's fields, shared with LogbackAccessLine.
	static final String METHOD = "method";

	static final String PATH = "path";

	static final String STATUS = "status";

	static final String DURATION_MS = "duration_ms";

	static final String BYTES = "bytes";

	public static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private static final boolean LOGBACK = isPresent("ch.qos.logback.classic.spi.LoggingEvent");

	private static final boolean TOMCAT = isPresent("org.apache.catalina.connector.ResponseFacade");

	/**
	 * The longest path written for a request that no handler answered.
	 */
	public static final int MAX_PATH_LENGTH = 200;

	private final PathPatterns excluded;

	private final PrivacyPolicy policy;

	/**
	 * Create a filter.
	 * @param excludePaths paths with no access line: exact, or a prefix ending with {@code /**}
	 */
	public AccessLogFilter(List<String> excludePaths) {
		this(excludePaths, null);
	}

	/**
	 * Create a filter.
	 * @param excludePaths paths with no access line: exact, or a prefix ending with {@code /**}
	 * @param policy the privacy policy applied to the path of a request that no handler answered (a
	 * refusal of Spring Security, a redirect to the login page), or {@code null}
	 */
	public AccessLogFilter(List<String> excludePaths, PrivacyPolicy policy) {
		this.excluded = PathPatterns.of(excludePaths);
		this.policy = policy;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
				|| !logger.isInfoEnabled() || isExcluded(ServletRequestPath.of(request))) {
			chain.doFilter(req, res);
			return;
		}
		long start = System.nanoTime();
		// Tomcat counts what is written itself: its own response needs no counting wrapper, which
		// would stand between the application and the response on every call it makes.
		boolean counted = TOMCAT && TomcatContentWritten.counts(response);
		long before = counted ? TomcatContentWritten.of(response) : 0;
		HttpServletResponse downstream = counted ? response : new CountingResponse(response);
		boolean failed = true;
		try {
			chain.doFilter(request, downstream);
			failed = false;
		}
		finally {
			if (failed) {
				// The trace is still current here, and gone when the server writes its error line.
				Correlation.keepFailureContext(request);
			}
			if (!failed && request.isAsyncStarted()) {
				request.getAsyncContext()
					.addListener(new AsyncCompletion(this, request, downstream, before, start,
							MDC.getCopyOfContextMap()));
			}
			else {
				log(request, downstream, before, start, failed);
			}
		}
	}

	void log(HttpServletRequest request, HttpServletResponse response, long before, long start, boolean failed) {
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		int status = failed ? 500 : response.getStatus();
		String method = request.getMethod();
		String path = pathTemplate(request, status);
		UserContext user = Correlation.userContext(request);
		write(method, path, status, millis, bytesWritten(response, before), (user != null) ? user.userId() : null);
	}

	private static long bytesWritten(HttpServletResponse response, long before) {
		if (response instanceof CountingResponse counting) {
			return counting.bytes;
		}
		try {
			return TomcatContentWritten.of(response) - before;
		}
		catch (RuntimeException ex) {
			// Tomcat gave the response back already: the size is not known, the line is still written.
			return 0;
		}
	}

	static boolean isEnabled() {
		return logger.isInfoEnabled();
	}

	/**
	 * The access line of a request the server answered itself, before any filter ran.
	 */
	static void logRejected(String method, int status, long millis) {
		write(method, REJECTED, status, millis, 0, null);
	}

	private static void write(String method, String path, int status, long millis, long bytes, String userId) {
		if (LOGBACK && LogbackAccessLine.write(logger, method, path, status, millis, bytes, userId)) {
			return;
		}
		var line = logger.atInfo()
			.addKeyValue(METHOD, method)
			.addKeyValue(PATH, path)
			.addKeyValue(STATUS, status)
			.addKeyValue(DURATION_MS, millis)
			.addKeyValue(BYTES, bytes);
		if (userId != null) {
			line = line.addKeyValue(Correlation.USER_ID, userId);
		}
		line.log("{} {} {} {}ms", method, path, status, millis);
	}

	private String pathTemplate(HttpServletRequest request, int status) {
		Object pattern = request.getAttribute(BEST_MATCHING_PATTERN);
		if (pattern != null) {
			return pattern.toString();
		}
		if (status == 404) {
			return "NOT_FOUND";
		}
		if (status == 401 || status == 403 || (status >= 300 && status < 400)) {
			// Refused or redirected before any handler (Spring Security): the path is all there is.
			return refusedPath(request);
		}
		// A servlet of its own (such as the Sentry tunnel): its mapping is a template too.
		HttpServletMapping mapping = request.getHttpServletMapping();
		if (mapping != null && (mapping.getMappingMatch() == MappingMatch.EXACT
				|| mapping.getMappingMatch() == MappingMatch.PATH)) {
			return mapping.getPattern();
		}
		return "UNKNOWN";
	}

	/**
	 * The routed path of a request no handler answered: at most {@value #MAX_PATH_LENGTH} characters,
	 * control characters replaced, and masked by the privacy policy.
	 */
	private String refusedPath(HttpServletRequest request) {
		String path = ServletRequestPath.of(request);
		int length = Math.min(path.length(), MAX_PATH_LENGTH);
		StringBuilder safe = null;
		for (int i = 0; i < length; i++) {
			char c = path.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				if (safe == null) {
					safe = new StringBuilder(path.substring(0, length));
				}
				safe.setCharAt(i, '?');
			}
		}
		String bounded = (safe != null) ? safe.toString() : path.substring(0, length);
		if (path.length() > MAX_PATH_LENGTH) {
			bounded = bounded + "...";
		}
		return (this.policy != null) ? this.policy.mask(bounded) : bounded;
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, AccessLogFilter.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	boolean isExcluded(String path) {
		return this.excluded.matches(path);
	}

	/**
	 * Logs an async request when it completes, on whatever thread that is, with the MDC the request
	 * had (request id, trace id), so that its access line is found like any other.
	 */
	private record AsyncCompletion(AccessLogFilter filter, HttpServletRequest request, HttpServletResponse response,
			long before, long start, Map<String, String> mdc) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			Map<String, String> previous = MDC.getCopyOfContextMap();
			if (this.mdc != null) {
				MDC.setContextMap(this.mdc);
			}
			try {
				this.filter.log(this.request, this.response, this.before, this.start, false);
			}
			finally {
				if (previous != null) {
					MDC.setContextMap(previous);
				}
				else {
					MDC.clear();
				}
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

	/**
	 * Counts the bytes written through the output stream, and the characters written through the
	 * writer (equal to bytes for ASCII output), as Tomcat counts them; for other servers, and for a
	 * response that a filter before this one wrapped.
	 */
	static final class CountingResponse extends HttpServletResponseWrapper {

		long bytes;

		private ServletOutputStream stream;

		private PrintWriter writer;

		CountingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CountingOutputStream(super.getOutputStream());
			}
			return this.stream;
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (this.writer == null) {
				this.writer = new CountingWriter(super.getWriter());
			}
			return this.writer;
		}

		private final class CountingOutputStream extends ServletOutputStream {

			private final ServletOutputStream delegate;

			CountingOutputStream(ServletOutputStream delegate) {
				this.delegate = delegate;
			}

			@Override
			public void write(int b) throws IOException {
				this.delegate.write(b);
				CountingResponse.this.bytes++;
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				this.delegate.write(b, off, len);
				CountingResponse.this.bytes += len;
			}

			@Override
			public void flush() throws IOException {
				this.delegate.flush();
			}

			@Override
			public void close() throws IOException {
				this.delegate.close();
			}

			@Override
			public boolean isReady() {
				return this.delegate.isReady();
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				this.delegate.setWriteListener(listener);
			}

		}

		private final class CountingWriter extends PrintWriter {

			CountingWriter(PrintWriter delegate) {
				super(delegate);
			}

			@Override
			public void write(int c) {
				super.write(c);
				CountingResponse.this.bytes++;
			}

			@Override
			public void write(char[] buf, int off, int len) {
				super.write(buf, off, len);
				CountingResponse.this.bytes += len;
			}

			@Override
			public void write(String s, int off, int len) {
				super.write(s, off, len);
				CountingResponse.this.bytes += len;
			}

		}

	}

}

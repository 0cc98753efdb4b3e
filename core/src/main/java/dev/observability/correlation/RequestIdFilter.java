package dev.observability.correlation;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.observability.core.HookFailures;
import dev.observability.privacy.PrivacyPolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's, when the first present accepted header holds a safe
 * value, else a fresh one. The id is put in the MDC under {@value Correlation#REQUEST_ID}, in the
 * response header and in a request attribute, so that async and error dispatches of the same
 * exchange reuse it.
 * <p>
 * A caller's value is accepted only if it is at most {@code maxLength} characters of letters,
 * digits and {@code -_.:+=/}; anything else (line breaks, quotes, non-ASCII, lookup expressions) is
 * replaced, never echoed into a header or a log line. So is a value that the privacy policy would
 * mask, such as a token or {@code password=...}: it would be echoed to the caller and sent on to
 * other services, and the masked id in the log lines would not match the one in the header. The MDC
 * entry is restored in {@code finally}, also when the application throws; on Tomcat, the ids of a
 * request that throws stay for the server's error line and {@link ErrorLineValve} restores the MDC
 * after it.
 */
public final class RequestIdFilter implements Filter {

	private static final Logger logger = LoggerFactory.getLogger(RequestIdFilter.class);

	private static final boolean[] SAFE = new boolean[128];

	private static final RequestIdGenerator FALLBACK = RequestIdGenerator.random();

	static {
		for (char c = '0'; c <= '9'; c++) {
			SAFE[c] = true;
		}
		for (char c = 'a'; c <= 'z'; c++) {
			SAFE[c] = true;
			SAFE[Character.toUpperCase(c)] = true;
		}
		for (char c : "-_.:+=/".toCharArray()) {
			SAFE[c] = true;
		}
	}

	private final String responseHeader;

	private final String[] acceptedHeaders;

	private final int maxLength;

	private final RequestIdGenerator generator;

	private final PrivacyPolicy policy;

	private final HookFailures failures;

	/**
	 * Create a filter that accepts any caller's id of safe characters, with no privacy check.
	 * @param responseHeader the response header that carries the id
	 * @param acceptedHeaders the inbound headers read for a caller's id, in order
	 * @param maxLength the longest inbound id accepted
	 * @param generator the generator of fresh ids
	 */
	public RequestIdFilter(String responseHeader, List<String> acceptedHeaders, int maxLength,
			RequestIdGenerator generator) {
		this(responseHeader, acceptedHeaders, maxLength, generator, null);
	}

	/**
	 * Create a filter.
	 * @param responseHeader the response header that carries the id
	 * @param acceptedHeaders the inbound headers read for a caller's id, in order
	 * @param maxLength the longest inbound id accepted
	 * @param generator the generator of fresh ids
	 * @param policy the privacy policy: a caller's id it would mask is replaced; {@code null} for no
	 * check
	 */
	public RequestIdFilter(String responseHeader, List<String> acceptedHeaders, int maxLength,
			RequestIdGenerator generator, PrivacyPolicy policy) {
		this(responseHeader, acceptedHeaders, maxLength, generator, policy, HookFailures.logOnly());
	}

	/**
	 * Create a filter.
	 * @param responseHeader the response header that carries the id
	 * @param acceptedHeaders the inbound headers read for a caller's id, in order
	 * @param maxLength the longest inbound id accepted
	 * @param generator the generator of fresh ids
	 * @param policy the privacy policy: a caller's id it would mask is replaced; {@code null} for no
	 * check
	 * @param failures where a failure of the generator is reported; the request gets a random id
	 */
	public RequestIdFilter(String responseHeader, List<String> acceptedHeaders, int maxLength,
			RequestIdGenerator generator, PrivacyPolicy policy, HookFailures failures) {
		this.responseHeader = responseHeader;
		this.acceptedHeaders = acceptedHeaders.toArray(String[]::new);
		this.maxLength = maxLength;
		this.generator = generator;
		this.policy = policy;
		this.failures = failures;
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
			chain.doFilter(req, res);
			return;
		}
		String id = Correlation.requestId(request);
		if (id == null) {
			id = resolve(request);
			request.setAttribute(Correlation.REQUEST_ID_ATTRIBUTE, id);
			response.setHeader(this.responseHeader, id);
		}
		String previous = MDC.get(Correlation.REQUEST_ID);
		MDC.put(Correlation.REQUEST_ID, id);
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			if (failed && request.getAttribute(Correlation.ERROR_LINE_VALVE_ATTRIBUTE) != null) {
				keepForErrorLine(request);
			}
			else if (previous != null) {
				MDC.put(Correlation.REQUEST_ID, previous);
			}
			else {
				MDC.remove(Correlation.REQUEST_ID);
			}
		}
	}

	/**
	 * The server writes the error line of an exception that leaves every filter after they have all
	 * returned: leave the request's ids in the MDC for it (with the trace ids a filter nearer the
	 * application kept), for the valve around the request to restore afterwards.
	 */
	@SuppressWarnings("unchecked")
	private static void keepForErrorLine(HttpServletRequest request) {
		Object kept = request.getAttribute(Correlation.FAILURE_MDC_ATTRIBUTE);
		if (kept instanceof Map<?, ?> mdc) {
			MDC.setContextMap((Map<String, String>) mdc);
		}
	}

	private String resolve(HttpServletRequest request) {
		for (String header : this.acceptedHeaders) {
			String value = request.getHeader(header);
			if (value != null) {
				if (isSafe(value)) {
					return value;
				}
				if (logger.isDebugEnabled()) {
					logger.debug("Replaced an invalid request id in header {} ({} characters)", header,
							value.length());
				}
				break;
			}
		}
		return generate();
	}

	/**
	 * A fresh id from the application's generator, or a random one when it fails or gives none: the
	 * request goes on either way.
	 */
	private String generate() {
		try {
			String id = this.generator.generate();
			if (id != null && !id.isEmpty()) {
				return id;
			}
			this.failures.failed(HookFailures.Part.REQUEST_ID,
					new IllegalStateException("The request id generator returned no id"));
		}
		catch (RuntimeException ex) {
			this.failures.failed(HookFailures.Part.REQUEST_ID, ex);
		}
		return FALLBACK.generate();
	}

	boolean isSafe(String value) {
		int length = value.length();
		if (length == 0 || length > this.maxLength) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= 128 || !SAFE[c]) {
				return false;
			}
		}
		// The policy returns the same instance when it masks nothing.
		return this.policy == null || this.policy.mask(value) == value;
	}

}

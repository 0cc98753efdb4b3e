package dev.observability.correlation;

import java.util.Map;

import jakarta.servlet.ServletRequest;
import org.slf4j.MDC;

/**
 * The names under which a request's correlation data is published: MDC keys for log lines and
 * request attributes for code that runs after the MDC has been cleared (the access line, error
 * reporting).
 */
public final class Correlation {

	/**
	 * MDC key of the request id.
	 */
	public static final String REQUEST_ID = "requestId";

	/**
	 * MDC key of the authenticated user's id (hashed when it looks like an email address).
	 */
	public static final String USER_ID = "userId";

	/**
	 * MDC key of the authenticated user's organisation id.
	 */
	public static final String ORG_ID = "orgId";

	/**
	 * MDC key of the hashed HTTP session id.
	 */
	public static final String SESSION_ID = "sessionId";

	/**
	 * Request attribute that holds the request id for the whole exchange, async and error
	 * dispatches included.
	 */
	public static final String REQUEST_ID_ATTRIBUTE = Correlation.class.getName() + ".requestId";

	/**
	 * Request attribute that holds the resolved {@link UserContext}, already privacy-filtered.
	 */
	public static final String USER_CONTEXT_ATTRIBUTE = Correlation.class.getName() + ".userContext";

	/**
	 * Request attribute that holds the MDC of a request that failed, taken where the failure passed
	 * while the trace was still current, for the error line the server writes once every filter has
	 * returned.
	 */
	public static final String FAILURE_MDC_ATTRIBUTE = Correlation.class.getName() + ".failureMdc";

	/**
	 * Request attribute set while {@link ErrorLineValve} wraps the request: the request-id filter may
	 * then leave the MDC of a failed request in place, for the valve to restore.
	 */
	public static final String ERROR_LINE_VALVE_ATTRIBUTE = Correlation.class.getName() + ".errorLineValve";

	private Correlation() {
	}

	/**
	 * Keep the current MDC (request, trace and span ids) of a request that is failing, unless a filter
	 * nearer the application kept it already.
	 * @param request the failing request
	 */
	public static void keepFailureContext(ServletRequest request) {
		if (request.getAttribute(FAILURE_MDC_ATTRIBUTE) == null) {
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			if (mdc != null && !mdc.isEmpty()) {
				request.setAttribute(FAILURE_MDC_ATTRIBUTE, mdc);
			}
		}
	}

	/**
	 * The request id of a request, if the request-id filter has seen it.
	 * @param request the request
	 * @return the request id or {@code null}
	 */
	public static String requestId(ServletRequest request) {
		return (String) request.getAttribute(REQUEST_ID_ATTRIBUTE);
	}

	/**
	 * The user context of a request, if one was resolved.
	 * @param request the request
	 * @return the user context or {@code null}
	 */
	public static UserContext userContext(ServletRequest request) {
		return (UserContext) request.getAttribute(USER_CONTEXT_ATTRIBUTE);
	}

}

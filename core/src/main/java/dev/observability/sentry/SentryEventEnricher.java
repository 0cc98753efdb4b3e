package dev.observability.sentry;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.observability.correlation.Correlation;
import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.SpanContext;
import io.sentry.SpanId;
import io.sentry.protocol.SentryId;
import io.sentry.protocol.User;
import org.slf4j.MDC;

/**
 * Adds the request's correlation to every error event, from the MDC of the thread that captures
 * it (a request thread, or a task thread that carries the request's MDC):
 * <ul>
 * <li>tags {@value #REQUEST_ID_TAG} and {@value #TRACE_ID_TAG}, the ids that log lines and spans
 * carry;</li>
 * <li>the event's trace context set to the current span, so that the issue links to its trace
 * rather than to Sentry's own, unrelated trace id;</li>
 * <li>the user id (already privacy-filtered by the correlation filter), and the organisation and
 * hashed session id in an {@value #CONTEXT} context.</li>
 * </ul>
 */
public final class SentryEventEnricher implements EventProcessor {

	static final String REQUEST_ID_TAG = "request_id";

	static final String TRACE_ID_TAG = "trace_id";

	static final String CONTEXT = "correlation";

	@Override
	public SentryEvent process(SentryEvent event, Hint hint) {
		String requestId = MDC.get(Correlation.REQUEST_ID);
		if (requestId != null) {
			event.setTag(REQUEST_ID_TAG, requestId);
		}
		String traceId = MDC.get("traceId");
		String spanId = MDC.get("spanId");
		if (isHex(traceId, 32) && isHex(spanId, 16)) {
			event.setTag(TRACE_ID_TAG, traceId);
			event.getContexts()
				.setTrace(new SpanContext(new SentryId(traceId), new SpanId(spanId),
						(event.getRequest() != null) ? "http.server" : "default", null, null));
		}
		String userId = MDC.get(Correlation.USER_ID);
		if (userId != null) {
			User user = (event.getUser() != null) ? event.getUser() : new User();
			user.setId(userId);
			event.setUser(user);
		}
		Map<String, Object> correlation = new LinkedHashMap<>();
		putIfPresent(correlation, "request_id", requestId);
		putIfPresent(correlation, "org_id", MDC.get(Correlation.ORG_ID));
		putIfPresent(correlation, "session_id", MDC.get(Correlation.SESSION_ID));
		if (!correlation.isEmpty()) {
			event.getContexts().put(CONTEXT, correlation);
		}
		return event;
	}

	private static void putIfPresent(Map<String, Object> map, String key, String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static boolean isHex(String value, int length) {
		if (value == null || value.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return !value.chars().allMatch((c) -> c == '0');
	}

}

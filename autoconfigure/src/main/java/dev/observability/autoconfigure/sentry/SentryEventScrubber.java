package dev.observability.autoconfigure.sentry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observability.autoconfigure.privacy.PrivacyPolicy;
import io.sentry.Breadcrumb;
import io.sentry.SentryEvent;
import io.sentry.protocol.Message;
import io.sentry.protocol.Request;
import io.sentry.protocol.Response;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.User;

/**
 * Applies the {@link PrivacyPolicy} to a whole error event, as the last step before it is sent:
 * request URL, query string, headers, cookies and body; message and exception values; extras,
 * tags and contexts (the MDC among them); the user (email and IP dropped unless allowed, ids that
 * look like email addresses hashed); and breadcrumbs (message and data).
 * <p>
 * Values under a sensitive key are replaced entirely; secrets in other strings are masked. Nested
 * maps and lists are walked to a fixed depth; anything deeper is replaced.
 */
public final class SentryEventScrubber {

	private static final int MAX_DEPTH = 8;

	private final PrivacyPolicy policy;

	private final boolean keepUserEmail;

	private final boolean keepUserIp;

	public SentryEventScrubber(PrivacyPolicy policy, boolean keepUserEmail, boolean keepUserIp) {
		this.policy = policy;
		this.keepUserEmail = keepUserEmail;
		this.keepUserIp = keepUserIp;
	}

	/**
	 * Scrub an event in place.
	 * @param event the event
	 * @return the same event
	 */
	public SentryEvent scrub(SentryEvent event) {
		scrubRequest(event.getRequest());
		Message message = event.getMessage();
		if (message != null) {
			message.setFormatted(mask(message.getFormatted()));
			message.setMessage(mask(message.getMessage()));
			if (message.getParams() != null) {
				message.setParams(message.getParams().stream().map(this::mask).toList());
			}
		}
		List<SentryException> exceptions = event.getExceptions();
		if (exceptions != null) {
			for (SentryException exception : exceptions) {
				exception.setValue(mask(exception.getValue()));
			}
		}
		scrubObjectsInPlace(event.getExtras());
		scrubStringsInPlace(event.getTags());
		scrubContexts(event);
		scrubUser(event.getUser());
		if (event.getBreadcrumbs() != null) {
			for (Breadcrumb breadcrumb : event.getBreadcrumbs()) {
				scrub(breadcrumb);
			}
		}
		return event;
	}

	/**
	 * Scrub a breadcrumb in place.
	 * @param breadcrumb the breadcrumb
	 * @return the same breadcrumb
	 */
	public Breadcrumb scrub(Breadcrumb breadcrumb) {
		breadcrumb.setMessage(mask(breadcrumb.getMessage()));
		scrubObjectsInPlace(breadcrumb.getData());
		return breadcrumb;
	}

	private void scrubRequest(Request request) {
		if (request == null) {
			return;
		}
		request.setUrl(mask(request.getUrl()));
		request.setQueryString(this.policy.maskQuery(request.getQueryString()));
		if (request.getCookies() != null) {
			request.setCookies(PrivacyPolicy.FILTERED);
		}
		scrubStringsInPlace(request.getHeaders());
		scrubStringsInPlace(request.getEnvs());
		scrubStringsInPlace(request.getOthers());
		request.setData(scrubValue("data", request.getData(), 0));
	}

	private void scrubContexts(SentryEvent event) {
		for (Map.Entry<String, Object> entry : event.getContexts().entrySet()) {
			Object value = entry.getValue();
			if (value instanceof Response response) {
				if (response.getCookies() != null) {
					response.setCookies(PrivacyPolicy.FILTERED);
				}
				scrubStringsInPlace(response.getHeaders());
				response.setData(scrubValue("data", response.getData(), 0));
			}
			else if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof String) {
				event.getContexts().put(entry.getKey(), scrubValue(entry.getKey(), value, 0));
			}
		}
	}

	private void scrubUser(User user) {
		if (user == null) {
			return;
		}
		if (!this.keepUserEmail) {
			user.setEmail(null);
		}
		if (!this.keepUserIp) {
			user.setIpAddress(null);
		}
		user.setId(this.policy.identifier(user.getId()));
		user.setUsername(this.policy.identifier(user.getUsername()));
		user.setName(this.policy.identifier(user.getName()));
		scrubStringsInPlace(user.getData());
	}

	/**
	 * Scrub the values of one of the event's own maps where they are: Sentry's setters copy the map
	 * they are given, so rewriting entries saves two copies per map. {@code forEach} walks Sentry's
	 * concurrent maps without an entry object per value, and replacing the value of a present key
	 * is allowed while it walks.
	 */
	private void scrubStringsInPlace(Map<String, String> values) {
		if (values == null) {
			return;
		}
		values.forEach((key, value) -> {
			String masked = this.policy.mask(key, value);
			if (masked != value) {
				values.put(key, masked);
			}
		});
	}

	private void scrubObjectsInPlace(Map<String, Object> values) {
		if (values == null) {
			return;
		}
		values.forEach((key, value) -> {
			Object scrubbed = scrubValue(key, value, 0);
			if (scrubbed != value && scrubbed != null) {
				values.put(key, scrubbed);
			}
		});
	}

	private Map<String, Object> scrubMap(Map<?, ?> values, int depth) {
		Map<String, Object> scrubbed = new LinkedHashMap<>();
		values.forEach((key, value) -> {
			String name = String.valueOf(key);
			scrubbed.put(name, scrubValue(name, value, depth + 1));
		});
		return scrubbed;
	}

	private Object scrubValue(String key, Object value, int depth) {
		if (value == null) {
			return null;
		}
		if (key != null && this.policy.isSensitiveKey(key)) {
			return PrivacyPolicy.FILTERED;
		}
		if (depth > MAX_DEPTH) {
			return PrivacyPolicy.FILTERED;
		}
		if (value instanceof String text) {
			return this.policy.mask(text);
		}
		if (value instanceof Map<?, ?> map) {
			return scrubMap(map, depth);
		}
		if (value instanceof Collection<?> collection) {
			List<Object> scrubbed = new ArrayList<>(collection.size());
			for (Object element : collection) {
				scrubbed.add(scrubValue(null, element, depth + 1));
			}
			return scrubbed;
		}
		if (value instanceof Object[] array) {
			return scrubValue(key, java.util.Arrays.asList(array), depth);
		}
		if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
			return value;
		}
		return this.policy.mask(value.toString());
	}

	private String mask(String text) {
		return this.policy.mask(text);
	}

}

package dev.observability.sentry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observability.privacy.PrivacyPolicy;
import io.sentry.Breadcrumb;
import io.sentry.SentryEvent;
import io.sentry.protocol.Message;
import io.sentry.protocol.Request;
import io.sentry.protocol.Response;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.User;

/**
 * Applies the {@link PrivacyPolicy} to a whole error event, as the last step before it is sent:
 * request URL, query string, fragment, headers, cookies and body; message and exception values; extras,
 * tags and contexts (the MDC among them); the user (email and IP dropped unless allowed, ids that
 * look like email addresses hashed); and breadcrumbs (message and data).
 * <p>
 * Values under a sensitive key are replaced entirely; secrets in other strings are masked, and a
 * string that is a URL has its query and fragment masked parameter by parameter, so that
 * {@code ?code=}, {@code ?key=} and {@code #access_token=} are found in breadcrumb and context
 * URLs too. Nested
 * maps and lists are walked to a fixed depth; anything deeper is replaced.
 */
public final class SentryEventScrubber {

	private static final int MAX_DEPTH = 8;

	private final PrivacyPolicy policy;

	private final SentryUserFields users;

	public SentryEventScrubber(PrivacyPolicy policy, boolean keepUserEmail, boolean keepUserIp) {
		this.policy = policy;
		this.users = new SentryUserFields(policy, keepUserEmail, keepUserIp);
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
		request.setUrl(UrlMasking.mask(this.policy, request.getUrl()));
		request.setQueryString(this.policy.maskQuery(request.getQueryString()));
		request.setFragment(this.policy.maskQuery(request.getFragment()));
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
				Object scrubbed = scrubValue(entry.getKey(), value, 0);
				if (scrubbed != value) {
					event.getContexts().put(entry.getKey(), scrubbed);
				}
			}
		}
	}

	private void scrubUser(User user) {
		if (user == null) {
			return;
		}
		user.setEmail(this.users.scrub(SentryUserFields.EMAIL, user.getEmail()));
		user.setIpAddress(this.users.scrub(SentryUserFields.IP_ADDRESS, user.getIpAddress()));
		user.setId(this.users.scrub("id", user.getId()));
		user.setUsername(this.users.scrub("username", user.getUsername()));
		user.setName(this.users.scrub("name", user.getName()));
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

	/**
	 * A nested map with its values scrubbed: the same map when nothing in it changed (most of
	 * them), else a copy with string keys.
	 */
	private Map<?, ?> scrubMap(Map<?, ?> values, int depth) {
		Map<String, Object> copy = null;
		for (Map.Entry<?, ?> entry : values.entrySet()) {
			Object key = entry.getKey();
			String name = String.valueOf(key);
			Object value = entry.getValue();
			Object scrubbed = scrubValue(name, value, depth + 1);
			if (copy == null && (scrubbed != value || !(key instanceof String))) {
				copy = new LinkedHashMap<>();
				for (Map.Entry<?, ?> earlier : values.entrySet()) {
					if (earlier.getKey() == key) {
						break;
					}
					copy.put(String.valueOf(earlier.getKey()), earlier.getValue());
				}
			}
			if (copy != null) {
				copy.put(name, scrubbed);
			}
		}
		return (copy != null) ? copy : values;
	}

	private Collection<?> scrubCollection(Collection<?> values, int depth) {
		List<Object> copy = null;
		int index = 0;
		for (Object value : values) {
			Object scrubbed = scrubValue(null, value, depth + 1);
			if (copy == null && scrubbed != value) {
				copy = new ArrayList<>(values.size());
				for (Object earlier : values) {
					if (copy.size() == index) {
						break;
					}
					copy.add(earlier);
				}
			}
			if (copy != null) {
				copy.add(scrubbed);
			}
			index++;
		}
		return (copy != null) ? copy : values;
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
			return UrlMasking.mask(this.policy, key, text);
		}
		if (value instanceof Map<?, ?> map) {
			return scrubMap(map, depth);
		}
		if (value instanceof Collection<?> collection) {
			return scrubCollection(collection, depth);
		}
		if (value instanceof Object[] array) {
			List<Object> elements = Arrays.asList(array);
			Collection<?> scrubbed = scrubCollection(elements, depth);
			return (scrubbed != elements) ? scrubbed : value;
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

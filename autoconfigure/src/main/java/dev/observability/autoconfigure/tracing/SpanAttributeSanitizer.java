package dev.observability.autoconfigure.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.observability.autoconfigure.privacy.PrivacyPolicy;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanFilter;

/**
 * Applies the {@link PrivacyPolicy} to every exported span's attributes: a value under a sensitive
 * name is replaced, a URL's query string is masked pair by pair, secrets in other values are masked;
 * then values are truncated and the number of attributes capped.
 */
final class SpanAttributeSanitizer implements SpanFilter {

	static final String TRUNCATED = "...[truncated]";

	private final PrivacyPolicy policy;

	private final int maxLength;

	private final int maxAttributes;

	SpanAttributeSanitizer(PrivacyPolicy policy, int maxLength, int maxAttributes) {
		this.policy = policy;
		this.maxLength = maxLength;
		this.maxAttributes = maxAttributes;
	}

	@Override
	public FinishedSpan map(FinishedSpan span) {
		Map<String, String> tags = span.getTags();
		if (tags == null || tags.isEmpty()) {
			return span;
		}
		Map<String, String> sanitized = new LinkedHashMap<>();
		for (Map.Entry<String, String> tag : tags.entrySet()) {
			if (sanitized.size() >= this.maxAttributes) {
				break;
			}
			sanitized.put(tag.getKey(), sanitize(tag.getKey(), tag.getValue()));
		}
		return span.setTags(sanitized);
	}

	String sanitize(String key, String value) {
		if (value == null) {
			return null;
		}
		String masked = this.policy.mask(key, maskQuery(value));
		if (masked.length() > this.maxLength) {
			return masked.substring(0, this.maxLength - TRUNCATED.length()) + TRUNCATED;
		}
		return masked;
	}

	/**
	 * Mask the values of sensitive parameters of a URL's query string, and any secret in the others.
	 */
	private String maskQuery(String value) {
		int query = value.indexOf('?');
		if (query < 0 || !(value.startsWith("http") || value.startsWith("/"))) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length()).append(value, 0, query + 1);
		String[] pairs = value.substring(query + 1).split("&", -1);
		for (int i = 0; i < pairs.length; i++) {
			if (i > 0) {
				out.append('&');
			}
			int equals = pairs[i].indexOf('=');
			if (equals < 0) {
				out.append(pairs[i]);
			}
			else {
				String name = pairs[i].substring(0, equals);
				out.append(name).append('=').append(this.policy.mask(name, pairs[i].substring(equals + 1)));
			}
		}
		return out.toString();
	}

}

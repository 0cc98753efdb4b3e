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

	/**
	 * The query string of a URL-like value (absolute, or a path) passes the policy pair by pair.
	 */
	private String maskQueryOfUrl(String value) {
		int query = value.indexOf('?');
		if (query < 0 || !(value.startsWith("http") || value.startsWith("/"))) {
			return value;
		}
		String masked = this.policy.maskQuery(value.substring(query + 1));
		return value.substring(0, query + 1) + masked;
	}

	String sanitize(String key, String value) {
		if (value == null) {
			return null;
		}
		String masked = this.policy.mask(key, maskQueryOfUrl(value));
		if (masked.length() > this.maxLength) {
			return masked.substring(0, this.maxLength - TRUNCATED.length()) + TRUNCATED;
		}
		return masked;
	}

}

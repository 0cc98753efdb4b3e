package dev.observability.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * Applies the {@link PrivacyPolicy} to OpenTelemetry attributes, as spans and log records carry
 * them out of the process: a value under a sensitive name replaced, a URL's query string masked
 * pair by pair, secrets in other values masked, then truncated and capped in number.
 * <p>
 * {@link #changes} finds out whether anything would change without building anything, so that
 * clean attributes cost no allocation; {@link #sanitize(Attributes, boolean)} builds the masked
 * copy.
 */
public final class OtelAttributeSanitizer {

	private final PrivacyPolicy policy;

	private final int maxLength;

	private final int maxAttributes;

	public OtelAttributeSanitizer(PrivacyPolicy policy, int maxLength, int maxAttributes) {
		this.policy = policy;
		this.maxLength = maxLength;
		this.maxAttributes = maxAttributes;
	}

	public PrivacyPolicy policy() {
		return this.policy;
	}

	/**
	 * Whether any value would be masked or cut, or the attributes capped.
	 * @param attributes the attributes
	 * @param capped whether values are truncated and their number capped
	 * @return whether {@link #sanitize(Attributes, boolean)} would return something else
	 */
	public boolean changes(Attributes attributes, boolean capped) {
		if (attributes.isEmpty()) {
			return false;
		}
		if (capped && attributes.size() > this.maxAttributes) {
			return true;
		}
		Scan scan = new Scan(capped);
		attributes.forEach(scan);
		return scan.changed;
	}

	/**
	 * The attributes as they may leave.
	 * @param attributes the attributes
	 * @param capped whether values are truncated and their number capped
	 * @return a masked copy
	 */
	@SuppressWarnings("unchecked")
	public Attributes sanitize(Attributes attributes, boolean capped) {
		AttributesBuilder builder = Attributes.builder();
		int[] kept = new int[1];
		attributes.forEach((key, value) -> {
			if (capped && kept[0] >= this.maxAttributes) {
				return;
			}
			kept[0]++;
			Object sanitized = sanitize(key, value, capped);
			if (sanitized instanceof String text && key.getType() != AttributeType.STRING) {
				builder.put(AttributeKey.stringKey(key.getKey()), text);
			}
			else {
				builder.put((AttributeKey<Object>) key, sanitized);
			}
		});
		return builder.build();
	}

	/**
	 * A value as it may leave: the same instance when nothing was masked or cut.
	 */
	private Object sanitize(AttributeKey<?> key, Object value, boolean truncate) {
		if (value instanceof String text) {
			return sanitize(key.getKey(), text, truncate);
		}
		if (value instanceof List<?> list && key.getType() == AttributeType.STRING_ARRAY) {
			List<String> sanitized = null;
			for (int i = 0; i < list.size(); i++) {
				String element = (String) list.get(i);
				String masked = sanitize(key.getKey(), element, truncate);
				if (masked != element && sanitized == null) {
					sanitized = new ArrayList<>(list.size());
					for (int j = 0; j < i; j++) {
						sanitized.add((String) list.get(j));
					}
				}
				if (sanitized != null) {
					sanitized.add(masked);
				}
			}
			return (sanitized != null) ? sanitized : value;
		}
		// A number or a flag is no secret, unless its name says it is one.
		return this.policy.isSensitiveKey(key.getKey()) ? PrivacyPolicy.FILTERED : value;
	}

	/**
	 * One text value as it may leave.
	 * @param key the attribute's name
	 * @param value the value
	 * @param truncate whether to cut it to the maximum length
	 * @return the same instance when nothing was masked or cut
	 */
	public String sanitize(String key, String value, boolean truncate) {
		if (value == null) {
			return null;
		}
		String masked = this.policy.mask(key, maskQueryOfUrl(value));
		return truncate ? PrivacyPolicy.truncate(masked, this.maxLength) : masked;
	}

	/**
	 * The query string of a URL-like value (absolute, or a path) passes the policy pair by pair.
	 */
	private String maskQueryOfUrl(String value) {
		int query = value.indexOf('?');
		if (query < 0 || !(value.startsWith("http") || value.startsWith("/"))) {
			return value;
		}
		String original = value.substring(query + 1);
		String masked = this.policy.maskQuery(original);
		return (masked == original) ? value : value.substring(0, query + 1) + masked;
	}

	/**
	 * Looks for the first value that would change.
	 */
	private final class Scan implements BiConsumer<AttributeKey<?>, Object> {

		private final boolean truncate;

		private boolean changed;

		Scan(boolean truncate) {
			this.truncate = truncate;
		}

		@Override
		public void accept(AttributeKey<?> key, Object value) {
			if (!this.changed) {
				this.changed = sanitize(key, value, this.truncate) != value;
			}
		}

	}

}

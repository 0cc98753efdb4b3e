package dev.observability.autoconfigure.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import dev.observability.autoconfigure.privacy.PrivacyPolicy;
import net.logstash.logback.mask.ValueMasker;

/**
 * Applies the {@link PrivacyPolicy} to every value of a JSON log line: a value under a sensitive
 * key (an MDC entry, a key-value pair, a structured argument) is replaced entirely, and secrets in
 * other strings (the message, the stack trace) are masked. Then, as the last step, a value longer
 * than the limit is truncated.
 * <p>
 * Fields that the encoder itself writes (timestamp, level, logger, thread) are skipped: they cannot
 * hold a secret.
 */
final class PrivacyValueMasker implements ValueMasker {

	static final String TRUNCATED = "...[truncated]";

	private final PrivacyPolicy policy;

	private final int maxValueLength;

	PrivacyValueMasker(PrivacyPolicy policy, int maxValueLength) {
		this.policy = policy;
		this.maxValueLength = maxValueLength;
	}

	@Override
	public Object mask(JsonStreamContext context, Object value) {
		String key = context.getCurrentName();
		if (key == null && context.getParent() != null) {
			key = context.getParent().getCurrentName();
		}
		if (isEncoderField(key)) {
			return null;
		}
		if (!(value instanceof String text)) {
			return this.policy.isSensitiveKey(key) ? PrivacyPolicy.FILTERED : null;
		}
		String masked = this.policy.mask(key, text);
		if (masked.length() > this.maxValueLength) {
			masked = masked.substring(0, this.maxValueLength - TRUNCATED.length()) + TRUNCATED;
		}
		return (masked != text) ? masked : null;
	}

	private static boolean isEncoderField(String key) {
		if (key == null) {
			return false;
		}
		return switch (key) {
			case "@timestamp", "level", "logger_name", "thread_name", "service", "environment", "version" -> true;
			default -> false;
		};
	}

}

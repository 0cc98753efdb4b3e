package dev.observability.logging;

import dev.observability.privacy.PrivacyPolicy;

/**
 * What a JSON log line may write under a key: the privacy policy, then the length limit. Shared by
 * the generator wrappers for each Jackson generation (logstash-logback-encoder 8.x writes with
 * Jackson 2, 9.x with Jackson 3).
 * <p>
 * Fields that the encoder itself writes (timestamp, level, logger, thread, service) are passed
 * through: they cannot hold a secret. So are the trace and span ids, hex that the tracer writes: a
 * span id of 16 decimal digits would otherwise read as a card number and be masked, and the line
 * could no longer be found from its trace. So is the session id, which the starter puts in the MDC
 * already hashed: its name is a sensitive key.
 */
public final class JsonLogValues {

	private JsonLogValues() {
	}

	/**
	 * The text to write under a key.
	 * @param policy the privacy policy
	 * @param key the key of the value, or of the array it is in; {@code null} at the top
	 * @param text the value
	 * @param maxValueLength the longest value written
	 * @return the masked and truncated text
	 */
	public static String protect(PrivacyPolicy policy, String key, String text, int maxValueLength) {
		String masked = isEncoderField(key) ? text : policy.mask(key, text);
		return PrivacyPolicy.truncate(masked, maxValueLength);
	}

	/**
	 * Whether a number under a key must be replaced: a number under a sensitive key is a secret too.
	 * @param policy the privacy policy
	 * @param key the key of the value
	 * @return whether to write {@link PrivacyPolicy#FILTERED} instead
	 */
	public static boolean hidesNumber(PrivacyPolicy policy, String key) {
		return policy.isSensitiveKey(key);
	}

	private static boolean isEncoderField(String key) {
		if (key == null) {
			return false;
		}
		return switch (key) {
			case "@timestamp", "level", "logger_name", "thread_name", "service", "environment", "version", "traceId",
					"spanId", "sessionId" -> true;
			default -> false;
		};
	}

}

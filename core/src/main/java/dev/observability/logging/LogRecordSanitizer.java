package dev.observability.logging;

import java.util.Collection;

import dev.observability.privacy.CopyOnChange;
import dev.observability.privacy.OtelAttributeSanitizer;
import dev.observability.privacy.PrivacyPolicy;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.common.ValueType;
import io.opentelemetry.sdk.logs.data.LogRecordData;

/**
 * Applies the {@link PrivacyPolicy} to what a log record carries out of the process over OTLP: its
 * body, and its attributes (the MDC fields, and the {@code exception.message} and
 * {@code exception.stacktrace} of a logged exception among them). Values are masked, not cut:
 * a stack trace leaves whole.
 * <p>
 * A clean record is returned as it is, and a clean batch as the same collection: a copy
 * ({@link SanitizedLogRecordData}) is made only of a record that had something to mask.
 */
public final class LogRecordSanitizer {

	private final PrivacyPolicy policy;

	private final OtelAttributeSanitizer attributes;

	public LogRecordSanitizer(PrivacyPolicy policy) {
		this.policy = policy;
		this.attributes = new OtelAttributeSanitizer(policy, Integer.MAX_VALUE, Integer.MAX_VALUE);
	}

	/**
	 * Sanitize a batch of records.
	 * @param records the records
	 * @return the same collection when no record changed, else a list of the sanitized records
	 */
	Collection<LogRecordData> sanitize(Collection<LogRecordData> records) {
		return CopyOnChange.map(records, this::sanitize);
	}

	LogRecordData sanitize(LogRecordData record) {
		Value<?> body = record.getBodyValue();
		Value<?> maskedBody = body;
		if (body != null && body.getType() == ValueType.STRING) {
			String text = (String) body.getValue();
			String masked = this.policy.mask(text);
			if (masked != text) {
				maskedBody = Value.of(masked);
			}
		}
		else if (body != null) {
			// A structured body is rare; it leaves only as masked text.
			String text = body.asString();
			String masked = this.policy.mask(text);
			maskedBody = (masked != text) ? Value.of(masked) : body;
		}
		Attributes attributes = record.getAttributes();
		boolean attributesChanged = this.attributes.changes(attributes, false);
		if (maskedBody == body && !attributesChanged) {
			return record;
		}
		return new SanitizedLogRecordData(record, maskedBody,
				attributesChanged ? this.attributes.sanitize(attributes, false) : attributes);
	}

}

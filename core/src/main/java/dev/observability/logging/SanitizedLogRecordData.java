package dev.observability.logging;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;

/**
 * A log record with a masked body and attributes; everything else is the original's.
 */
final class SanitizedLogRecordData implements LogRecordData {

	private final LogRecordData delegate;

	private final Value<?> body;

	private final Attributes attributes;

	SanitizedLogRecordData(LogRecordData delegate, Value<?> body, Attributes attributes) {
		this.delegate = delegate;
		this.body = body;
		this.attributes = attributes;
	}

	@Override
	public Resource getResource() {
		return this.delegate.getResource();
	}

	@Override
	public InstrumentationScopeInfo getInstrumentationScopeInfo() {
		return this.delegate.getInstrumentationScopeInfo();
	}

	@Override
	public long getTimestampEpochNanos() {
		return this.delegate.getTimestampEpochNanos();
	}

	@Override
	public long getObservedTimestampEpochNanos() {
		return this.delegate.getObservedTimestampEpochNanos();
	}

	@Override
	public SpanContext getSpanContext() {
		return this.delegate.getSpanContext();
	}

	@Override
	public Severity getSeverity() {
		return this.delegate.getSeverity();
	}

	@Override
	public String getSeverityText() {
		return this.delegate.getSeverityText();
	}

	@Override
	@Deprecated
	@SuppressWarnings("deprecation")
	public Body getBody() {
		return (this.body != null) ? Body.string(this.body.asString()) : Body.empty();
	}

	@Override
	public Value<?> getBodyValue() {
		return this.body;
	}

	@Override
	public Attributes getAttributes() {
		return this.attributes;
	}

	@Override
	public int getTotalAttributeCount() {
		return this.delegate.getTotalAttributeCount();
	}

}

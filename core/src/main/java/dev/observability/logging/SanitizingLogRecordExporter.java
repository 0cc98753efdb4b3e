package dev.observability.logging;

import java.util.Collection;

import dev.observability.core.HookFailures;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * Wraps each log record exporter (the OTLP one) so that it receives only records the
 * {@link LogRecordSanitizer} has masked, off the application's threads, and counts the records of
 * every failed export ({@code export_failed}). Should masking itself fail, the batch is dropped and
 * counted ({@code sanitizer_failed}), never sent as it was.
 */
public final class SanitizingLogRecordExporter implements LogRecordExporter {

	private final LogRecordExporter delegate;

	private final LogRecordSanitizer sanitizer;

	private final HookFailures failures;

	private final LogDropCounter drops;

	public SanitizingLogRecordExporter(LogRecordExporter delegate, LogRecordSanitizer sanitizer,
			HookFailures failures, LogDropCounter drops) {
		this.delegate = delegate;
		this.sanitizer = sanitizer;
		this.failures = failures;
		this.drops = drops;
	}

	@Override
	public CompletableResultCode export(Collection<LogRecordData> records) {
		Collection<LogRecordData> sanitized;
		try {
			sanitized = this.sanitizer.sanitize(records);
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.LOG_SANITIZER, ex);
			this.drops.dropped("sanitizer_failed", records.size());
			return CompletableResultCode.ofFailure();
		}
		return this.drops.countFailure(this.delegate.export(sanitized), records.size());
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return "SanitizingLogRecordExporter{" + this.delegate + "}";
	}

}

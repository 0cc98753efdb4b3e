package dev.observability.logging;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * A log record exporter for tests: keeps what it is given and answers each export as told
 * (success, failure, or never, as one stuck on a black-holed collector).
 */
public final class TestLogExporter implements LogRecordExporter {

	private final List<LogRecordData> records = new CopyOnWriteArrayList<>();

	private final Supplier<CompletableResultCode> result;

	private TestLogExporter(Supplier<CompletableResultCode> result) {
		this.result = result;
	}

	public static TestLogExporter succeeding() {
		return new TestLogExporter(CompletableResultCode::ofSuccess);
	}

	public static TestLogExporter failing() {
		return new TestLogExporter(CompletableResultCode::ofFailure);
	}

	public static TestLogExporter stuck() {
		return new TestLogExporter(CompletableResultCode::new);
	}

	public List<LogRecordData> records() {
		return List.copyOf(this.records);
	}

	@Override
	public CompletableResultCode export(Collection<LogRecordData> records) {
		this.records.addAll(records);
		return this.result.get();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}

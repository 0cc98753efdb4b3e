package dev.observability.tracing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.observability.core.HookFailures;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Keeps the traces that head sampling dropped but that matter: spans of unsampled traces
 * (recorded, not sampled, by {@link FlowAwareSampler}) are held in memory until their local root
 * span ends; if anything in the trace failed (an exception, a 5xx) or ran an always-sampled flow
 * ({@code oauth.exchange} by default), the whole local trace is exported, else it is forgotten.
 * <p>
 * Memory is bounded: at most {@code maxTraces} traces (the oldest is forgotten first) of at most
 * {@code maxSpansPerTrace} spans each. Export runs on one background thread with a bounded queue;
 * nothing here blocks the thread that ends a span. What is forgotten or refused is counted, and so
 * is a failure of this processor, which never reaches the thread that ends the span.
 */
public final class ErrorTraceSpanProcessor implements SpanProcessor {

	private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

	private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

	private static final AttributeKey<String> EXCEPTION = AttributeKey.stringKey("exception");

	private static final AttributeKey<String> ERROR = AttributeKey.stringKey("error");

	private final Supplier<SpanExporter> exporter;

	private final boolean keepErrors;

	private final Set<String> alwaysSampled;

	private final int maxTraces;

	private final int maxSpansPerTrace;

	private final SpanDropCounter drops;

	private final HookFailures failures;

	private final Map<String, TraceBuffer> traces = new LinkedHashMap<>();

	/**
	 * Traces whose local root has ended, with the decision taken: spans that end later (an error
	 * dispatch after the request, a late async task) follow it.
	 */
	private final Map<String, Boolean> decided = new LinkedHashMap<>();

	private final ThreadPoolExecutor exportThread;

	public ErrorTraceSpanProcessor(Supplier<SpanExporter> exporter, boolean keepErrors, Set<String> alwaysSampled,
			int maxTraces, int maxSpansPerTrace, SpanDropCounter drops, HookFailures failures) {
		this.exporter = exporter;
		this.keepErrors = keepErrors;
		this.alwaysSampled = alwaysSampled;
		this.maxTraces = maxTraces;
		this.maxSpansPerTrace = maxSpansPerTrace;
		this.drops = drops;
		this.failures = failures;
		this.exportThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256),
				(runnable) -> {
					Thread thread = new Thread(runnable, "observability-error-traces");
					thread.setDaemon(true);
					return thread;
				}, (runnable, executor) -> drops.dropped("export_queue_full", ((ExportTask) runnable).spans.size()));
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		try {
			keepIfNeeded(span);
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.SPAN_PROCESSOR, ex);
		}
	}

	private void keepIfNeeded(ReadableSpan span) {
		SpanContext context = span.getSpanContext();
		if (context.isSampled()) {
			return;
		}
		SpanContext parent = span.getParentSpanContext();
		boolean localRoot = !parent.isValid() || parent.isRemote();
		List<ReadableSpan> export = null;
		int forgotten = 0;
		synchronized (this.traces) {
			TraceBuffer buffer = localRoot ? this.traces.remove(context.getTraceId())
					: this.traces.get(context.getTraceId());
			Boolean decision = (buffer == null) ? this.decided.get(context.getTraceId()) : null;
			if (localRoot) {
				boolean keep = mustKeep(span, true) || (buffer != null && buffer.keep);
				if (keep) {
					export = (buffer != null) ? buffer.spans : new ArrayList<>(1);
					export.add(span);
				}
				remember(context.getTraceId(), keep);
			}
			else if (decision != null) {
				if (decision) {
					export = new ArrayList<>(List.of(span));
				}
			}
			else {
				if (buffer == null) {
					buffer = new TraceBuffer();
					this.traces.put(context.getTraceId(), buffer);
					if (this.traces.size() > this.maxTraces) {
						Iterator<TraceBuffer> eldest = this.traces.values().iterator();
						forgotten = eldest.next().spans.size();
						eldest.remove();
					}
				}
				if (buffer.spans.size() < this.maxSpansPerTrace) {
					buffer.spans.add(span);
				}
				else {
					forgotten++;
				}
				buffer.keep |= mustKeep(span, false);
			}
		}
		if (forgotten > 0) {
			this.drops.dropped("error_buffer_full", forgotten);
		}
		if (export != null) {
			this.exportThread.execute(new ExportTask(export));
		}
	}

	private void remember(String traceId, boolean keep) {
		this.decided.put(traceId, keep);
		if (this.decided.size() > this.maxTraces) {
			Iterator<String> eldest = this.decided.keySet().iterator();
			eldest.next();
			eldest.remove();
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode shutdown() {
		this.exportThread.shutdown();
		return CompletableResultCode.ofSuccess();
	}

	public int bufferedTraces() {
		synchronized (this.traces) {
			return this.traces.size();
		}
	}

	private boolean mustKeep(ReadableSpan span, boolean localRoot) {
		if (this.alwaysSampled.contains(span.getName())) {
			return true;
		}
		if (!this.keepErrors) {
			return false;
		}
		return isFailure(span) || (localRoot && span.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR);
	}

	private static boolean isFailure(ReadableSpan span) {
		String outcome = span.getAttribute(OUTCOME);
		if ("SERVER_ERROR".equals(outcome) || "failure".equals(outcome)) {
			return true;
		}
		String status = span.getAttribute(STATUS);
		if (status != null && status.length() == 3 && status.charAt(0) == '5') {
			return true;
		}
		return isThrown(span.getAttribute(EXCEPTION)) || isThrown(span.getAttribute(ERROR));
	}

	private static boolean isThrown(String value) {
		return value != null && !value.isEmpty() && !"none".equals(value);
	}

	private static final class TraceBuffer {

		final List<ReadableSpan> spans = new ArrayList<>();

		boolean keep;

	}

	private final class ExportTask implements Runnable {

		final List<ReadableSpan> spans;

		ExportTask(List<ReadableSpan> spans) {
			this.spans = spans;
		}

		@Override
		public void run() {
			try {
				List<SpanData> data = new ArrayList<>(this.spans.size());
				for (ReadableSpan span : this.spans) {
					data.add(span.toSpanData());
				}
				CompletableResultCode result = ErrorTraceSpanProcessor.this.exporter.get().export(data);
				result.join(30, TimeUnit.SECONDS);
				if (!result.isSuccess()) {
					ErrorTraceSpanProcessor.this.drops.dropped("export_failed", data.size());
				}
			}
			catch (Throwable ex) {
				ErrorTraceSpanProcessor.this.failures.failed(HookFailures.Part.SPAN_PROCESSOR, ex);
				ErrorTraceSpanProcessor.this.drops.dropped("export_failed", this.spans.size());
			}
		}

	}

}

package dev.observability.tracing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.observability.core.HookFailures;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Keeps the traces that head sampling dropped but that matter: spans of unsampled traces
 * (recorded, not sampled, by {@link FlowAwareSampler}) are held in memory until their local root
 * span ends; if anything in the trace failed (an exception, a 5xx) or ran an always-sampled flow
 * ({@code oauth.exchange} by default), the whole local trace is exported, else it is forgotten.
 * <p>
 * A kept trace is handed, as sampled, to the application's exporting span processors (Spring
 * Boot's batch processor), so it goes through the same queue, exporters, filters and drop counting
 * as every sampled span; nothing is exported past them. Handing over only enqueues: nothing here
 * blocks the thread that ends a span.
 * <p>
 * Memory is bounded: at most {@code maxTraces} traces (the oldest is forgotten first) of at most
 * {@code maxSpansPerTrace} spans each. What is forgotten is counted, and so is a failure of this
 * processor, which never reaches the thread that ends the span.
 */
public final class ErrorTraceSpanProcessor implements SpanProcessor {

	private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

	private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

	private static final AttributeKey<String> EXCEPTION = AttributeKey.stringKey("exception");

	private static final AttributeKey<String> ERROR = AttributeKey.stringKey("error");

	private final Supplier<List<SpanProcessor>> exporting;

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
	private final Map<String, Boolean> decided;

	private volatile boolean shutdown;

	/**
	 * Create the processor.
	 * @param exporting the processors that export sampled spans (Spring Boot's batch processor),
	 * asked for when the first trace is kept
	 * @param keepErrors whether failed traces are kept
	 * @param alwaysSampled names of the flows whose traces are always kept
	 * @param maxTraces how many undecided traces are held at most
	 * @param maxSpansPerTrace how many spans of one trace are held at most
	 * @param drops where forgotten spans are counted
	 * @param failures where failures of this processor are counted
	 */
	public ErrorTraceSpanProcessor(Supplier<List<SpanProcessor>> exporting, boolean keepErrors,
			Set<String> alwaysSampled, int maxTraces, int maxSpansPerTrace, SpanDropCounter drops,
			HookFailures failures) {
		this.exporting = exporting;
		this.keepErrors = keepErrors;
		this.alwaysSampled = alwaysSampled;
		this.maxTraces = maxTraces;
		this.maxSpansPerTrace = maxSpansPerTrace;
		this.drops = drops;
		this.failures = failures;
		this.decided = new LinkedHashMap<>() {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > maxTraces;
			}

		};
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
		if (context.isSampled() || this.shutdown) {
			return;
		}
		SpanContext parent = span.getParentSpanContext();
		boolean localRoot = !parent.isValid() || parent.isRemote();
		List<ReadableSpan> export = null;
		int forgotten = 0;
		synchronized (this.traces) {
			TraceBuffer buffer = localRoot ? this.traces.remove(context.getTraceId())
					: this.traces.get(context.getTraceId());
			Boolean decision = (buffer == null && !localRoot) ? this.decided.get(context.getTraceId()) : null;
			if (localRoot) {
				boolean keep = mustKeep(span, true) || (buffer != null && buffer.keep);
				if (keep) {
					export = (buffer != null) ? buffer.spans : new ArrayList<>(1);
					export.add(span);
				}
				this.decided.put(context.getTraceId(), keep);
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
			handOver(export);
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	private void handOver(List<ReadableSpan> spans) {
		List<SpanProcessor> processors = this.exporting.get();
		if (processors.isEmpty()) {
			this.drops.dropped("no_exporter", spans.size());
			return;
		}
		for (ReadableSpan span : spans) {
			KeptSpan kept = new KeptSpan(span);
			for (SpanProcessor processor : processors) {
				processor.onEnd(kept);
			}
		}
	}

	/**
	 * Nothing kept waits here: a kept trace is handed over when its local root ends, and the
	 * exporting processors flush it with everything else.
	 * @return a completed result
	 */
	@Override
	public CompletableResultCode forceFlush() {
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Forget the traces still undecided and keep no more: after the tracer provider shuts its
	 * exporting processors down, nothing could be handed to them.
	 * @return a completed result
	 */
	@Override
	public CompletableResultCode shutdown() {
		this.shutdown = true;
		synchronized (this.traces) {
			this.traces.clear();
			this.decided.clear();
		}
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

	/**
	 * A span of a kept trace as the exporting processors see it: sampled, since it is to be
	 * exported, and otherwise the span itself.
	 */
	private static final class KeptSpan implements ReadableSpan {

		private final ReadableSpan span;

		private final SpanContext context;

		KeptSpan(ReadableSpan span) {
			this.span = span;
			SpanContext original = span.getSpanContext();
			this.context = SpanContext.create(original.getTraceId(), original.getSpanId(), TraceFlags.getSampled(),
					original.getTraceState());
		}

		@Override
		public SpanContext getSpanContext() {
			return this.context;
		}

		@Override
		public SpanContext getParentSpanContext() {
			return this.span.getParentSpanContext();
		}

		@Override
		public String getName() {
			return this.span.getName();
		}

		@Override
		public SpanData toSpanData() {
			SpanContext sampled = this.context;
			return new DelegatingSpanData(this.span.toSpanData()) {

				@Override
				public SpanContext getSpanContext() {
					return sampled;
				}

			};
		}

		@Override
		@Deprecated
		@SuppressWarnings("deprecation")
		public io.opentelemetry.sdk.common.InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
			return this.span.getInstrumentationLibraryInfo();
		}

		@Override
		public InstrumentationScopeInfo getInstrumentationScopeInfo() {
			return this.span.getInstrumentationScopeInfo();
		}

		@Override
		public boolean hasEnded() {
			return this.span.hasEnded();
		}

		@Override
		public long getLatencyNanos() {
			return this.span.getLatencyNanos();
		}

		@Override
		public SpanKind getKind() {
			return this.span.getKind();
		}

		@Override
		public <T> T getAttribute(AttributeKey<T> key) {
			return this.span.getAttribute(key);
		}

		@Override
		public Attributes getAttributes() {
			return this.span.getAttributes();
		}

	}

}

package dev.observability.tracing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.observability.core.HookFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What an unsampled local trace must show to be exported anyway: a failure in its attributes, an
 * error status, or an always-sampled flow. Spans come from the real OpenTelemetry SDK with the
 * starter's sampler at probability 0, so that head sampling keeps nothing.
 */
class ErrorTraceSpanProcessorTests {

	private final List<SpanData> exported = new CopyOnWriteArrayList<>();

	private final SpanExporter exporter = new SpanExporter() {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			ErrorTraceSpanProcessorTests.this.exported.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	};

	private final ErrorTraceSpanProcessor processor = new ErrorTraceSpanProcessor(() -> List.of(SimpleSpanProcessor.create(this.exporter)), true,
			Set.of("oauth.exchange"), 16, 8, new SpanDropCounter(null), HookFailures.logOnly());

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.setSampler(new FlowAwareSampler(0.0, true))
		.addSpanProcessor(this.processor)
		.build();

	private final Tracer tracer = this.provider.get("test");

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void shouldExportARootSpanWhoseOnlySignOfFailureIsItsStatus() {
		Span span = this.tracer.spanBuilder("import").startSpan();
		span.setStatus(StatusCode.ERROR, "upstream down");
		span.end();
		await().atMost(Duration.ofSeconds(5)).until(() -> names().contains("import"));
	}

	@Test
	void shouldExportATraceWithAServerErrorOrAFailedFlowAndForgetOneThatSucceeded() {
		endRoot("http get /fail", "status", "503");
		endRoot("sync.run", "outcome", "failure");
		endRoot("http get /ok", "outcome", "SUCCESS");
		endRoot("oauth.exchange", "outcome", "success");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> names().containsAll(List.of("http get /fail", "sync.run", "oauth.exchange")));
		assertThat(names()).doesNotContain("http get /ok");
		assertThat(this.processor.bufferedTraces()).isZero();
	}

	@Test
	void shouldExportTheChildrenOfAKeptTraceWithItsRoot() {
		Span root = this.tracer.spanBuilder("http get /orders").startSpan();
		try (var scope = root.makeCurrent()) {
			this.tracer.spanBuilder("db query").startSpan().setAttribute("exception", "SQLException").end();
		}
		assertThat(this.processor.bufferedTraces()).isOne();
		root.setAttribute("outcome", "SUCCESS");
		root.end();
		await().atMost(Duration.ofSeconds(5)).until(() -> names().containsAll(List.of("db query", "http get /orders")));
	}

	@Test
	void shouldLetASpanEndingAfterItsRootFollowTheDecisionForAsLongAsItIsRemembered() {
		Span kept = this.tracer.spanBuilder("http get /fail").startSpan();
		Span forgotten = this.tracer.spanBuilder("http get /ok").startSpan();
		Span keptLate = this.tracer.spanBuilder("error dispatch").setParent(Context.root().with(kept)).startSpan();
		Span forgottenLate = this.tracer.spanBuilder("late task").setParent(Context.root().with(forgotten)).startSpan();
		kept.setAttribute("status", "500").end();
		forgotten.setAttribute("status", "200").end();
		keptLate.end();
		forgottenLate.end();
		await().atMost(Duration.ofSeconds(5)).until(() -> names().contains("error dispatch"));
		assertThat(names()).doesNotContain("late task", "http get /ok");
		assertThat(this.processor.bufferedTraces()).isZero();

		Span old = this.tracer.spanBuilder("http get /old").startSpan();
		Span oldLate = this.tracer.spanBuilder("later still").setParent(Context.root().with(old)).startSpan();
		old.end();
		for (int i = 0; i < 16; i++) {
			endRoot("http get /newer", "status", "200");
		}
		oldLate.end();
		assertThat(this.processor.bufferedTraces()).as("a decision older than the 16 remembered is forgotten")
			.isOne();
	}

	@Test
	void shouldCountAFailureOfItsOwnAndNeverThrowItAtTheSpan() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		ErrorTraceSpanProcessor processor = new ErrorTraceSpanProcessor(() -> List.of(SimpleSpanProcessor.create(this.exporter)), true, Set.of(), 16, 8,
				new SpanDropCounter(null), new HookFailures(beans.getBeanProvider(MeterRegistry.class)));
		ReadableSpan broken = mock(ReadableSpan.class);
		given(broken.getSpanContext()).willThrow(new IllegalStateException("span gone"));

		processor.onEnd(broken);

		assertThat(meters.get(HookFailures.METER_NAME).tag("part", "span_processor").counter().count()).isEqualTo(1);
		processor.shutdown();
	}

	@Test
	void shouldHandAKeptTraceToTheExportingProcessorsAsSampled() {
		endRoot("http get /fail", "status", "500");
		await().atMost(Duration.ofSeconds(5)).until(() -> names().contains("http get /fail"));
		assertThat(this.exported).allSatisfy((span) -> assertThat(span.getSpanContext().isSampled()).isTrue());
	}

	@Test
	void shouldKeepNothingOnceShutDown() {
		Span root = this.tracer.spanBuilder("http get /orders").startSpan();
		try (var scope = root.makeCurrent()) {
			this.tracer.spanBuilder("db query").startSpan().setAttribute("exception", "SQLException").end();
		}
		assertThat(this.processor.forceFlush().isSuccess()).isTrue();
		assertThat(this.processor.shutdown().isSuccess()).isTrue();
		assertThat(this.processor.bufferedTraces()).isZero();
		root.setAttribute("outcome", "SERVER_ERROR");
		root.end();
		assertThat(this.exported).isEmpty();
	}

	@Test
	void shouldCountAKeptTraceWithNoExporterToHandItTo() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		ErrorTraceSpanProcessor processor = new ErrorTraceSpanProcessor(List::of, true, Set.of(), 16, 8,
				new SpanDropCounter(beans.getBeanProvider(MeterRegistry.class)), HookFailures.logOnly());
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(new FlowAwareSampler(0.0, true))
			.addSpanProcessor(processor)
			.build()) {
			provider.get("test").spanBuilder("http get /fail").startSpan().setAttribute("status", "500").end();
		}
		assertThat(meters.get(SpanDropCounter.METER_NAME).tag("reason", "no_exporter").counter().count()).isOne();
	}

	private void endRoot(String name, String key, String value) {
		this.tracer.spanBuilder(name).startSpan().setAttribute(key, value).end();
	}

	private List<String> names() {
		return this.exported.stream().map(SpanData::getName).toList();
	}

}

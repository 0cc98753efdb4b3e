package dev.observability.tracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.observability.privacy.PrivacyPolicy;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpanDataSanitizerTests {

	private static final SpanContext CONTEXT = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
			"b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

	private final SpanDataSanitizer sanitizer = new SpanDataSanitizer(PrivacyPolicy.withDefaults(), 64,
			4);

	@Test
	void shouldMaskSensitiveQueryParametersOfUrls() {
		assertThat(this.sanitizer.sanitize("http.url", "https://api.example/cb?page=1&client_secret=s3&state=x", true))
			.isEqualTo("https://api.example/cb?page=1&client_secret=[Filtered]&state=x");
	}

	@Test
	void shouldReplaceValuesUnderSensitiveNames() {
		assertThat(this.sanitizer.sanitize("http.request.header.authorization", "Basic abc", true))
			.isEqualTo("[Filtered]");
	}

	@Test
	void shouldMaskSecretsInOtherValuesAndTruncate() {
		assertThat(this.sanitizer.sanitize("db.statement", "select * where email='jane@example.com'", true))
			.isEqualTo("select * where email='[Filtered]'");
		assertThat(this.sanitizer.sanitize("note", "n".repeat(200), true)).hasSize(64)
			.endsWith(PrivacyPolicy.TRUNCATED);
	}

	@Test
	void shouldMaskTheRecordedExceptionTheStatusAndTheLinks() {
		SpanData span = span("checkout", Attributes.of(AttributeKey.stringKey("uri"), "/checkout"),
				List.of(EventData.create(1, "exception",
						Attributes.of(AttributeKey.stringKey("exception.message"), "login failed: password=hunter2",
								AttributeKey.stringKey("exception.stacktrace"),
								"java.lang.IllegalStateException: login failed: password=hunter2\n"
										+ "\tat x.y(Z.java:1)"))),
				StatusData.create(StatusCode.ERROR, "login failed: password=hunter2"),
				List.of(LinkData.create(CONTEXT, Attributes.of(AttributeKey.stringKey("note"), "token=hunter2"))));

		SpanData sanitized = this.sanitizer.sanitize(span);

		assertThat(sanitized).isInstanceOf(SanitizedSpanData.class);
		assertThat(sanitized.getAttributes()).isSameAs(span.getAttributes());
		EventData event = sanitized.getEvents().get(0);
		assertThat(event.getName()).isEqualTo("exception");
		assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
			.isEqualTo("login failed: password=[Filtered]");
		assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
			.doesNotContain("hunter2")
			.hasSizeGreaterThan(64)
			.as("stack traces are masked, not cut to the attribute length")
			.contains("at x.y(Z.java:1)");
		assertThat(sanitized.getStatus())
			.isEqualTo(StatusData.create(StatusCode.ERROR, "login failed: password=[Filtered]"));
		assertThat(sanitized.getLinks().get(0).getAttributes().get(AttributeKey.stringKey("note")))
			.isEqualTo("token=[Filtered]");
		assertThat(sanitized.getSpanContext()).isEqualTo(span.getSpanContext());
		assertThat(sanitized.getTotalRecordedEvents()).isEqualTo(span.getTotalRecordedEvents());
	}

	@Test
	void shouldReplaceNumbersAndListsUnderSensitiveNamesAndMaskStringLists() {
		SpanData span = span("sync.run",
				Attributes.builder()
					.put("password", 1234L)
					.put("items", 42L)
					.put("recipients", "ops", "jane@example.com")
					.build(),
				List.of(), StatusData.unset(), List.of());

		Attributes attributes = this.sanitizer.sanitize(span).getAttributes();

		assertThat(attributes.get(AttributeKey.stringKey("password"))).isEqualTo(PrivacyPolicy.FILTERED);
		assertThat(attributes.get(AttributeKey.longKey("password"))).isNull();
		assertThat(attributes.get(AttributeKey.longKey("items"))).isEqualTo(42L);
		assertThat(attributes.get(AttributeKey.stringArrayKey("recipients"))).containsExactly("ops", "[Filtered]");
	}

	@Test
	void shouldCapTheNumberOfAttributes() {
		SpanData span = span("many", Attributes.builder()
			.put("a", "1")
			.put("b", "2")
			.put("c", "3")
			.put("d", "4")
			.put("e", "5")
			.put("f", "6")
			.build(), List.of(), StatusData.unset(), List.of());

		SpanData sanitized = this.sanitizer.sanitize(span);

		assertThat(sanitized.getAttributes().size()).isEqualTo(4);
		assertThat(sanitized.getTotalAttributeCount()).isEqualTo(6);
	}

	@Test
	void shouldMaskSecretsInTheNameOfASpanAndOfAnEvent() {
		SpanData span = span("GET /reset?token=hunter2", Attributes.empty(),
				List.of(EventData.create(1, "sent to jane@example.com", Attributes.empty())), StatusData.unset(),
				List.of());

		SpanData sanitized = this.sanitizer.sanitize(span);

		assertThat(sanitized.getName()).doesNotContain("hunter2");
		assertThat(sanitized.getEvents().get(0).getName()).isEqualTo("sent to [Filtered]");
	}

	@Test
	void shouldReturnACleanSpanAndACleanBatchAsTheyAre() {
		SpanData clean = span("http get /checkout",
				Attributes.of(AttributeKey.stringKey("uri"), "/checkout", AttributeKey.longKey("status"), 200L),
				List.of(EventData.create(1, "retry", Attributes.of(AttributeKey.stringKey("attempt"), "2"))),
				StatusData.create(StatusCode.ERROR, "upstream timed out"), List.of(LinkData.create(CONTEXT)));
		List<SpanData> batch = List.of(clean, clean);

		assertThat(this.sanitizer.sanitize(clean)).isSameAs(clean);
		assertThat(this.sanitizer.sanitize(batch)).isSameAs(batch);
	}

	@Test
	void shouldKeepTheOrderOfABatchWhenOnlyALaterSpanChanges() {
		SpanData first = span("first", Attributes.empty(), List.of(), StatusData.unset(), List.of());
		SpanData second = span("second", Attributes.empty(), List.of(),
				StatusData.create(StatusCode.ERROR, "password=hunter2"), List.of());
		SpanData third = span("third", Attributes.empty(), List.of(), StatusData.unset(), List.of());

		Collection<SpanData> sanitized = this.sanitizer.sanitize(List.of(first, second, third));

		assertThat(sanitized).extracting(SpanData::getName).containsExactly("first", "second", "third");
		assertThat(sanitized).element(0).isSameAs(first);
		assertThat(sanitized).element(2).isSameAs(third);
		assertThat(sanitized).element(1).extracting((span) -> span.getStatus().getDescription())
			.isEqualTo("password=[Filtered]");
	}

	/**
	 * A span as the real SDK finishes it.
	 */
	private static SpanData span(String name, Attributes attributes, List<EventData> events, StatusData status,
			List<LinkData> links) {
		List<SpanData> finished = new ArrayList<>();
		SpanExporter capture = new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				finished.addAll(spans);
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
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(capture))
			.build()) {
			SpanBuilder builder = provider.get("test").spanBuilder(name).setAllAttributes(attributes);
			for (LinkData link : links) {
				builder.addLink(link.getSpanContext(), link.getAttributes());
			}
			Span span = builder.startSpan();
			for (EventData event : events) {
				span.addEvent(event.getName(), event.getAttributes());
			}
			span.setStatus(status.getStatusCode(), status.getDescription());
			span.end();
		}
		return finished.get(0);
	}

}

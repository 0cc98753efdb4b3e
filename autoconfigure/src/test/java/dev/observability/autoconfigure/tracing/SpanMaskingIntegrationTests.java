package dev.observability.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.tracing.ObservedToolCallback;
import dev.observability.tracing.OtlpReceiver.ReceivedSpan;
import dev.observability.tracing.OtlpReceiver;
import io.micrometer.observation.annotation.Observed;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * What leaves over OTLP when a request, an {@code @Observed} method and an MCP tool fail with a
 * secret in the exception message: the real exporter, as Spring Boot configures it, sends to a local
 * collector, and no field of any span (attributes, event names and attributes, status, links)
 * carries the secret.
 */
@ExportTelemetry
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0",
				TestLine.SPAN_EXPORT + "schedule-delay=50ms", "observability.logging.json=false" })
class SpanMaskingIntegrationTests {

	private static final String SECRET = "hunter2";

	private static final OtlpReceiver collector = OtlpReceiver.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	Sync sync;

	@Autowired
	ToolCallbackProvider tools;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add(BootLine.OTLP_TRACING + "endpoint", collector::endpoint);
	}

	@AfterAll
	static void stop() {
		collector.close();
	}

	@BeforeEach
	void clear() {
		collector.clear();
	}

	@Test
	void shouldMaskTheExceptionAndStatusOfAFailedRequest() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(500);

		ReceivedSpan server = failed("http get /login");

		assertThat(server.span().getStatus().getMessage()).contains("password=[Filtered]");
		assertNoSecret(collector.spans());
	}

	@Test
	void shouldMaskTheExceptionAndStatusOfAFailedObservedMethod() {
		assertThatIllegalStateException().isThrownBy(this.sync::run);

		ReceivedSpan flow = failed("sync.run");

		assertThat(exceptionMessage(flow)).isEqualTo("card declined, password=[Filtered]");
		assertNoSecret(collector.spans());
	}

	@Test
	void shouldMaskTheExceptionAndStatusOfAFailedTool() {
		ToolCallback tool = tool("resetPassword");

		assertThatRuntimeException().isThrownBy(() -> tool.call("{}"));

		ReceivedSpan command = failed(ObservedToolCallback.OBSERVATION);
		assertThat(exceptionMessage(command)).contains("password=[Filtered]");
		assertNoSecret(collector.spans());
	}

	/**
	 * The span of the given name, once exported, after asserting that it did record an exception:
	 * without one, there would be nothing to mask and the test could not fail.
	 */
	private static ReceivedSpan failed(String name) {
		ReceivedSpan span = await().atMost(Duration.ofSeconds(10))
			.until(() -> OtlpReceiver.named(collector.spans(), name), (spans) -> !spans.isEmpty())
			.get(0);
		assertThat(span.span().getEventsList()).extracting(Span.Event::getName).contains("exception");
		assertThat(span.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		return span;
	}

	private static String exceptionMessage(ReceivedSpan span) {
		return span.span()
			.getEventsList()
			.stream()
			.filter((event) -> event.getName().equals("exception"))
			.map((event) -> OtlpReceiver.attributes(event.getAttributesList()).get("exception.message"))
			.findFirst()
			.orElseThrow();
	}

	private static void assertNoSecret(List<ReceivedSpan> spans) {
		assertThat(spans).isNotEmpty();
		for (ReceivedSpan span : spans) {
			List<String> fields = new ArrayList<>();
			fields.add(span.name());
			fields.add(span.span().getStatus().getMessage());
			values(span.span().getAttributesList(), fields);
			for (Span.Event event : span.span().getEventsList()) {
				fields.add(event.getName());
				values(event.getAttributesList(), fields);
			}
			for (Span.Link link : span.span().getLinksList()) {
				values(link.getAttributesList(), fields);
			}
			assertThat(fields).as("the fields of span %s", span.name()).noneMatch((field) -> field.contains(SECRET));
		}
	}

	private static void values(List<KeyValue> attributes, List<String> fields) {
		for (KeyValue attribute : attributes) {
			fields.add(attribute.getValue().toString());
		}
	}

	private ToolCallback tool(String name) {
		for (ToolCallback tool : this.tools.getToolCallbacks()) {
			if (tool.getToolDefinition().name().equals(name)) {
				return tool;
			}
		}
		throw new IllegalStateException("No tool " + name);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ LoginController.class, Sync.class, OpenSecurity.class })
	static class TestApplication {

		@Bean
		ToolCallbackProvider accountTools() {
			return MethodToolCallbackProvider.builder().toolObjects(new AccountTools()).build();
		}

	}

	@RestController
	static class LoginController {

		@GetMapping("/login")
		String login() {
			throw new IllegalStateException("login failed for jane: password=" + SECRET);
		}

	}

	@Component
	static class Sync {

		@Observed(name = "sync.run")
		public void run() {
			throw new IllegalStateException("card declined, password=" + SECRET);
		}

	}

	static class AccountTools {

		@Tool(description = "Resets a password")
		public String resetPassword() {
			throw new IllegalStateException("reset refused: password=" + SECRET);
		}

	}

}

package dev.observability.autoconfigure.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.observability.autoconfigure.Features;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.OtlpEnvironmentPostProcessor;
import dev.observability.tracing.OtlpReceiver.ReceivedMetric;
import dev.observability.tracing.OtlpReceiver;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code micrometer-registry-otlp}, metrics are pushed over OTLP beside the scrape, through
 * the real registry to a local collector that decodes them with the official protobuf classes: the
 * same {@code application} and {@code environment} tags and the same resource as traces and logs,
 * the request histogram with its buckets; the scrape keeps its security. Without an endpoint,
 * nothing is pushed.
 */
class OtlpMetricsIntegrationTests {

	private final OtlpReceiver collector = OtlpReceiver.start();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		this.collector.close();
	}

	@Test
	void shouldPushMetricsWithTheTagsAndResourceOfTheOtherSignals() throws Exception {
		int port = start(OtlpEnvironmentPostProcessor.OTLP_METRICS_URL + "=" + this.collector.metricsEndpoint());
		HttpClient http = HttpClient.newHttpClient();
		assertThat(get(http, port, "/hello").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(requests()).isNotEmpty());
		ReceivedMetric requests = requests().get(0);
		assertThat(requests.resource()).containsEntry("service.name", "shop")
			.containsEntry("deployment.environment.name", "staging")
			.containsKey("service.version")
			.containsKey("service.instance.id");
		assertThat(requests.metric().hasHistogram()).isTrue();
		HistogramDataPoint point = requests.metric()
			.getHistogram()
			.getDataPointsList()
			.stream()
			.filter((candidate) -> OtlpReceiver.attributes(candidate.getAttributesList()).containsValue("/hello"))
			.findFirst()
			.orElseThrow();
		assertThat(OtlpReceiver.attributes(point.getAttributesList())).containsEntry("application", "shop")
			.containsEntry("environment", "staging");
		assertThat(point.getExplicitBoundsCount()).as("buckets for the dashboards' percentiles").isGreaterThan(10);
		assertThat(get(http, port, "/actuator/prometheus").statusCode()).as("the scrape, still protected")
			.isEqualTo(401);
		assertThat(Features.status(this.context, "otlp-metrics").orElseThrow())
			.startsWith("on (to " + this.collector.metricsEndpoint());
	}

	@Test
	void shouldPushNothingWithoutAnEndpoint() throws Exception {
		int port = start();
		assertThat(get(HttpClient.newHttpClient(), port, "/hello").statusCode()).isEqualTo(200);
		assertThat(this.context.getEnvironment().getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED))
			.isEqualTo("false");
		assertThat(this.context.getBeanNamesForType(io.micrometer.registry.otlp.OtlpMeterRegistry.class)).isEmpty();
		assertThat(Features.status(this.context, "otlp-metrics").orElseThrow())
			.startsWith("off (no " + OtlpEnvironmentPostProcessor.OTLP_METRICS_URL);
	}

	private List<ReceivedMetric> requests() {
		return this.collector.metrics().stream().filter((metric) -> metric.name().equals("http.server.requests")).toList();
	}

	private int start(String... properties) {
		this.context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.application.name=shop", "observability.environment=staging",
					"management.otlp.metrics.export.step=1s", "observability.logging.json=false",
					"spring.main.banner-mode=off")
			.properties(properties)
			.run();
		return TestLine.port(this.context);
	}

	private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ HelloController.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		Map<String, String> hello() {
			return Map.of("hello", "world");
		}

	}

}

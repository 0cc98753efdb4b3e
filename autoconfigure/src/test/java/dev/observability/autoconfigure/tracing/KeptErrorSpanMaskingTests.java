package dev.observability.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.tracing.OtlpReceiver.ReceivedSpan;
import dev.observability.tracing.OtlpReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failed request that the sampling probability dropped: the starter's own processor keeps its
 * trace and exports it, and the starter's console exporter writes it; both only ever see it masked.
 */
@ExportTelemetry
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=0.0", "observability.tracing.console-exporter=true",
				"observability.logging.json=false", "observability.logging.async.enabled=false" })
class KeptErrorSpanMaskingTests {

	private static final OtlpReceiver collector = OtlpReceiver.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add(BootLine.OTLP_TRACING + "endpoint", collector::endpoint);
	}

	@AfterAll
	static void stop() {
		collector.close();
	}

	@Test
	void shouldExportAndWriteAKeptFailedTraceMasked(CapturedOutput output) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login?session=s3ss10n"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(500);

		ReceivedSpan server = await().atMost(Duration.ofSeconds(10))
			.until(() -> OtlpReceiver.named(collector.spans(), "http get /login"), (spans) -> !spans.isEmpty())
			.get(0);
		assertThat(server.span().getStatus().getMessage()).isEqualTo("login failed: password=[Filtered]");
		assertThat(server.span().toString()).doesNotContain("hunter2");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut()).contains("span http get /login"));
		assertThat(output.getOut().lines().filter((line) -> line.contains("span http get /login")))
			.allSatisfy((line) -> assertThat(line).doesNotContain("hunter2", "s3ss10n"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ LoginController.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class LoginController {

		@GetMapping("/login")
		String login() {
			throw new IllegalStateException("login failed: password=hunter2");
		}

	}

}

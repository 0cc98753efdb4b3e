package dev.observability.autoconfigure.logging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readable console lines ({@code observability.logging.json=false}) are masked as JSON lines are:
 * an application that logs a request's {@code Authorization} header, over real HTTP, never writes
 * the credentials to the console. Runs alone in a JVM (see the test executions): Spring Boot sets
 * logging up once per JVM until the context that did it closes, and other tests' cached contexts
 * write JSON lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadableConsoleMaskingTests {

	private static final String CREDENTIALS = Base64.getEncoder()
		.encodeToString("demo@example.com:demo-password".getBytes(StandardCharsets.UTF_8));

	@Test
	void shouldMaskBasicCredentialsInReadableLines(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "observability.logging.json=false",
					"observability.logging.async.enabled=false", "observability.metrics.prometheus.password=readable-scrape-1")
			.run()) {
			int port = TestLine.port(context);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/token-check"))
					.header("Authorization", "Basic " + CREDENTIALS)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			String line = output.getOut().lines().filter((candidate) -> candidate.contains("Token check")).findFirst()
				.orElseThrow();
			assertThat(line).as("a readable line").doesNotStartWith("{").endsWith("Token check with header Basic [Filtered]");
			assertThat(output.getAll()).doesNotContain(CREDENTIALS, "demo-password");
		}
	}

	@Test
	void shouldMaskStackTracesButNotTheRestOfTheLine(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
					"observability.logging.json=false", "observability.logging.async.enabled=false")
			.run()) {
			LoggerFactory.getLogger("example.ClientCredentials").info("an ordinary message");
			LoggerFactory.getLogger(ReadableConsoleMaskingTests.class)
				.warn("Refresh failed", new IllegalStateException("upstream said password=hunter2-x",
						new IllegalArgumentException("Authorization: Basic " + CREDENTIALS)));
			assertThat(output.getOut()).contains("example.ClientCredentials", ": an ordinary message",
					"java.lang.IllegalStateException: upstream said password=[Filtered]",
					"java.lang.IllegalArgumentException: Authorization: [Filtered]");
			assertThat(output.getAll()).doesNotContain("hunter2-x", CREDENTIALS);
		}
	}

	@Test
	void shouldWriteReadableLinesAsTheyAreWhenPrivacyIsOff(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
					"observability.logging.json=false", "observability.logging.async.enabled=false",
					"observability.privacy.enabled=false")
			.run()) {
			LoggerFactory.getLogger(ReadableConsoleMaskingTests.class).info("password=visible-on-purpose");
			assertThat(output.getOut()).contains("password=visible-on-purpose");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OpenSecurity.class, TokenCheckController.class })
	static class TestApplication {

	}

	@RestController
	static class TokenCheckController {

		private static final Logger logger = LoggerFactory.getLogger(TokenCheckController.class);

		@GetMapping("/token-check")
		String tokenCheck(@RequestHeader(name = "Authorization", required = false) String authorization) {
			logger.info("Token check with header {}", authorization);
			return "checked";
		}

	}

}

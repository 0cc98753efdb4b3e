package dev.observability.autoconfigure.correlation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.autoconfigure.TestLine;
import dev.observability.correlation.Correlation;
import dev.observability.correlation.ErrorLineValve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The ERROR line with the stack trace that Tomcat writes for an unhandled exception, after every
 * filter has returned, is the one an operator searches for: it carries the request and trace ids.
 */
@ExportTelemetry
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "observability.logging.json=false",
				"management.tracing.sampling.probability=1.0" })
class ErrorLineCorrelationTests {

	@LocalServerPort
	int port;

	@Test
	void shouldWriteTheServersErrorLineWithTheRequestAndTraceIds(CapturedOutput output) throws Exception {
		HttpResponse<String> failed = get("/explode", "error-line-q1");
		assertThat(failed.statusCode()).isEqualTo(500);
		String line = await().atMost(Duration.ofSeconds(5))
			.until(() -> errorLine(output, "kaboom-q1"), (found) -> found != null);
		assertThat(line).contains("error-line-q1").containsPattern("[0-9a-f]{32}");
	}

	@Test
	void shouldPutTheMdcBackOnceTheRequestIsDone() throws Exception {
		ErrorLineValve valve = new ErrorLineValve();
		valve.setNext(new ValveBase() {

			@Override
			public void invoke(Request request, Response response) {
				assertThat(request.getAttribute(Correlation.ERROR_LINE_VALVE_ATTRIBUTE)).isEqualTo(Boolean.TRUE);
				MDC.put(Correlation.REQUEST_ID, "left-for-the-error-line");
			}

		});
		MDC.clear();
		valve.invoke(TestLine.tomcatRequest(), TestLine.tomcatResponse());
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
		MDC.put("before", "kept");
		valve.invoke(TestLine.tomcatRequest(), TestLine.tomcatResponse());
		assertThat(MDC.getCopyOfContextMap()).containsExactly(entry("before", "kept"));
		MDC.clear();
	}

	private HttpResponse<String> get(String path, String requestId) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (requestId != null) {
			request.header("X-Request-Id", requestId);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String errorLine(CapturedOutput output, String message) {
		return Arrays.stream(output.getOut().split("\n"))
			.filter((line) -> line.contains("threw exception") && line.contains(message))
			.findFirst()
			.orElse(null);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FailingController.class)
	static class TestApplication {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@RestController
	static class FailingController {

		private static final Logger logger = LoggerFactory.getLogger(FailingController.class);

		@GetMapping("/explode")
		String explode() {
			throw new IllegalStateException("kaboom-q1");
		}

		@GetMapping("/quiet")
		String quiet() {
			logger.info("quiet request");
			return "ok";
		}

	}

}

package dev.observability.autoconfigure.sentry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.logging.AccessLogFilter;
import dev.observability.sentry.SentryReceiver;
import dev.observability.sentry.SentryRequestFilter;
import io.sentry.IScopes;
import io.sentry.Sentry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Sentry SDK with the starter's request filter, which builds a request's data only when an
 * event is captured, sending envelopes over HTTP to a local receiver: an event captured while the
 * request runs carries its request, transaction and HTTP breadcrumb, as with Sentry's own filter;
 * requests never share breadcrumbs; an event captured on another thread gets no request data, only
 * the correlation the starter carries; access lines never reach Sentry's logback appender.
 */
@ExportTelemetry
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=shop", "observability.logging.json=false",
				"management.tracing.sampling.probability=1.0" })
class SentryRequestDataIntegrationTests {

	private static final SentryReceiver receiver = SentryReceiver.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("sentrySpringFilter")
	FilterRegistrationBean<?> sentrySpringFilter;

	@DynamicPropertySource
	static void sentry(DynamicPropertyRegistry registry) {
		registry.add("sentry.dsn", receiver::dsn);
	}

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@BeforeEach
	void flush() {
		Sentry.flush(2000);
	}

	@Test
	void shouldTakeThePlaceOfSentrysRequestFilter() {
		assertThat(this.sentrySpringFilter.getFilter()).isInstanceOf(SentryRequestFilter.class);
	}

	@Test
	void shouldDescribeTheRequestOnAnEventCapturedWhileItRuns() throws Exception {
		HttpResponse<String> response = get("/orders/42/fail?page=2");
		assertThat(response.statusCode()).isEqualTo(500);
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

		JsonNode event = awaitEvent((e) -> requestId.equals(e.path("tags").path("request_id").asText()));
		assertThat(event.path("request").path("method").asText()).isEqualTo("GET");
		assertThat(event.path("request").path("url").asText()).endsWith("/orders/42/fail");
		assertThat(event.path("request").path("query_string").asText()).isEqualTo("page=2");
		assertThat(event.path("request").path("headers").toString()).contains("Java-http-client");
		assertThat(event.path("transaction").asText()).isEqualTo("GET /orders/{id}/fail");
		List<JsonNode> http = breadcrumbs(event, "http");
		assertThat(http).hasSize(1);
		assertThat(http.get(0).path("data").path("url").asText()).isEqualTo("/orders/42/fail");
		assertThat(http.get(0).path("data").path("method").asText()).isEqualTo("GET");
		assertThat(event.path("breadcrumbs").toString()).contains("Loading order 42");
	}

	@Test
	void shouldForkNoScopesForARequestThatGivesSentryNothing() throws Exception {
		HttpResponse<String> response = get("/orders/5/quiet");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("RequestScopes{forked=false}");
	}

	@Test
	void shouldKeepEachRequestsBreadcrumbsToItself() throws Exception {
		assertThat(get("/orders/7").statusCode()).isEqualTo(200);
		HttpResponse<String> response = get("/orders/8/fail");
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

		JsonNode event = awaitEvent((e) -> requestId.equals(e.path("tags").path("request_id").asText()));
		String breadcrumbs = event.path("breadcrumbs").toString();
		assertThat(breadcrumbs).contains("Loading order 8").doesNotContain("Loading order 7", "/orders/7");
		assertThat(breadcrumbs(event, "http")).hasSize(1);
	}

	@Test
	void shouldLeaveRequestDataOffEventsCapturedOnAnotherThread() throws Exception {
		HttpResponse<String> response = get("/orders/9/elsewhere");
		assertThat(response.statusCode()).isEqualTo(200);
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

		JsonNode event = awaitEvent((e) -> e.toString().contains("captured elsewhere for order 9"));
		assertThat(event.has("request")).isFalse();
		assertThat(breadcrumbs(event, "http")).isEmpty();
		assertThat(event.path("breadcrumbs").toString()).contains("Loading order 9");
		assertThat(event.path("tags").path("request_id").asText()).isEqualTo(requestId);
	}

	@Test
	void shouldKeepAccessLinesAwayFromSentrysAppender() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		List<Appender<ILoggingEvent>> sentry = new ArrayList<>();
		context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining((appender) -> {
			if (appender.getClass().getName().equals("io.sentry.logback.SentryAppender")) {
				sentry.add(appender);
			}
		});
		assertThat(sentry).hasSize(1);
		LoggingEvent access = new LoggingEvent(Logger.class.getName(), context.getLogger(AccessLogFilter.LOGGER_NAME),
				Level.INFO, "GET /orders/{id} 200 1ms", null, null);
		LoggingEvent other = new LoggingEvent(Logger.class.getName(), context.getLogger(OrdersController.class),
				Level.INFO, "Loading order 1", null, null);
		assertThat(sentry.get(0).getFilterChainDecision(access)).isEqualTo(FilterReply.DENY);
		assertThat(sentry.get(0).getFilterChainDecision(other)).isEqualTo(FilterReply.NEUTRAL);
	}

	private static List<JsonNode> breadcrumbs(JsonNode event, String type) {
		// The Java SDK writes an event's breadcrumbs as a plain array.
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode breadcrumb : event.path("breadcrumbs")) {
			if (type.equals(breadcrumb.path("type").asText())) {
				found.add(breadcrumb);
			}
		}
		return found;
	}

	private static JsonNode awaitEvent(Predicate<JsonNode> match) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> receiver.events().stream().filter(match).findFirst().orElse(null), (e) -> e != null);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OrdersController.class)
	static class TestApplication {

		@Bean
		SecurityFilterChain openChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

	@RestController
	static class OrdersController {

		private static final Logger logger = LoggerFactory.getLogger(OrdersController.class);

		private final TaskExecutor executor;

		OrdersController(@Qualifier("applicationTaskExecutor") TaskExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			logger.info("Loading order {}", id);
			return "order " + id;
		}

		@GetMapping("/orders/{id}/fail")
		String fail(@PathVariable String id) {
			logger.info("Loading order {}", id);
			throw new IllegalStateException("Order " + id + " is broken");
		}

		@GetMapping("/orders/{id}/quiet")
		String quiet(@PathVariable String id) {
			// Sentry's user filter has run; nothing has written to the scopes or captured an event.
			return String.valueOf(Sentry.getCurrentScopes());
		}

		@GetMapping("/orders/{id}/elsewhere")
		String elsewhere(@PathVariable String id) {
			logger.info("Loading order {}", id);
			// The request's own scopes, used from another thread while the request still runs.
			IScopes requestScopes = Sentry.getCurrentScopes();
			CompletableFuture.runAsync(() -> requestScopes.captureMessage("captured elsewhere for order " + id),
					this.executor::execute)
				.join();
			return "order " + id;
		}

	}

}

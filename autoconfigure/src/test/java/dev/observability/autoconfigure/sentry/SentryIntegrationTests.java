package dev.observability.autoconfigure.sentry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.sentry.SentryReceiver;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Sentry SDK, as its Spring Boot starter configures it, sending envelopes over HTTP to a
 * local receiver: what arrives is enriched, scrubbed, and reported exactly once.
 */
@ExportTelemetry
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=shop", "spring.application.version=2.0.1",
				"observability.environment=staging", "observability.logging.json=false",
				"sentry.send-default-pii=true", "sentry.max-request-body-size=always",
				"management.tracing.sampling.probability=1.0", "test.schedule=100ms" })
class SentryIntegrationTests {

	private static final SentryReceiver receiver = SentryReceiver.start();

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String USER = "jane.doe@example.com";

	private static final String GOOGLE_KEY = "AIzaSyD4q" + "x".repeat(26) + "Q4k";

	private static final List<String> SECRETS = List.of("query-token-77", "hunter2-db", "header-secret-55",
			"cookie-secret-66", "form-password-88", "mdc-api-key-99", "breadcrumb-token-11", "app-secret-1",
			"sess-secret-2", USER, "4111 1111 1111 1111", "user-password-3",
			Base64.getEncoder().encodeToString((USER + ":user-password-3").getBytes()));

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	TaskExecutor executor;

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
	void shouldReportAnUnhandledErrorOnceEnrichedAndScrubbed() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/boom?token=query-token-77&page=2"))
			.header("Authorization", basic())
			.header("X-Api-Key", "header-secret-55")
			.header("Cookie", "SESSION=cookie-secret-66")
			.header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("password=form-password-88&item=7")));
		assertThat(response.statusCode()).isEqualTo(500);
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

		JsonNode event = awaitEvent((e) -> requestId.equals(e.path("tags").path("request_id").asText()));
		assertThat(event.path("release").asText()).isEqualTo("shop@2.0.1");
		assertThat(event.path("environment").asText()).isEqualTo("staging");
		assertThat(event.path("tags").path("trace_id").asText()).isEqualTo(TRACE_ID);
		assertThat(event.path("contexts").path("trace").path("trace_id").asText()).isEqualTo(TRACE_ID);
		assertThat(event.path("tags").path("app_callback").asText()).as("the application's beforeSend ran")
			.isEqualTo("ran");
		assertThat(event.path("user").path("id").asText()).matches("[0-9a-f]{16}");
		assertThat(event.path("user").has("ip_address")).isFalse();
		assertThat(event.path("user").has("email")).isFalse();
		assertThat(event.path("request").path("query_string").asText()).isEqualTo("token=[Filtered]&page=2");
		assertThat(event.path("exception").path("values").get(0).path("value").asText())
			.contains("password=[Filtered]");
		assertThat(event.path("breadcrumbs").toString()).contains("token=[Filtered]");

		assertExactlyOnce(requestId);
		assertNoSecretSent();
	}

	@Test
	void shouldMaskTheQueryStringFragmentAndBreadcrumbUrlsOfAnEvent() throws Exception {
		String query = "key=" + GOOGLE_KEY + "&code=oauth-code-4q&sessionid=sess-value-4q"
				+ "&next=https%3A%2F%2Fadmin%3Apw-4q%40host.example&page=2";
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/query-error?" + query)).GET());
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		JsonNode event = awaitEvent((e) -> requestId.equals(e.path("tags").path("request_id").asText()));
		String queryString = event.path("request").path("query_string").asText();
		assertThat(queryString).startsWith("key=[Filtered]&code=[Filtered]&sessionid=[Filtered]&next=")
			.endsWith("&page=2");
		assertThat(event.path("request").path("fragment").asText()).isEqualTo("access_token=[Filtered]&tab=2");
		assertThat(event.path("request").path("url").asText()).doesNotContain("?");
		assertThat(event.path("breadcrumbs").findValues("http.query")).map(JsonNode::asText)
			.containsExactly("code=[Filtered]&key=[Filtered]");
		assertThat(event.path("breadcrumbs").findValues("http.fragment")).map(JsonNode::asText)
			.containsExactly("sid=[Filtered]");
		Sentry.flush(2000);
		assertThat(receiver.allBytes()).doesNotContain(GOOGLE_KEY, "oauth-code-4q", "sess-value-4q", "pw-4q",
				"fragment-token-4q", "crumb-code-4q", "crumb-key-4q", "crumb-sid-4q");
	}

	@Test
	void shouldScrubTheMdcAndMessageOfAnErrorLogLine() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/logged-error")).GET());
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		JsonNode event = awaitEvent((e) -> requestId.equals(e.path("tags").path("request_id").asText()));
		assertThat(event.path("contexts").path("MDC").path("apiKey").asText()).isEqualTo("[Filtered]");
		assertThat(event.toString()).contains("Payment failed for card [Filtered]");
		assertNoSecretSent();
	}

	@Test
	void shouldKeepClientErrorsOut() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/client-error")).GET());
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		Sentry.captureMessage("sentinel-client-error");
		awaitEvent((e) -> e.toString().contains("sentinel-client-error"));
		assertThat(receiver.events()).noneMatch((e) -> requestId.equals(e.path("tags").path("request_id").asText()));
	}

	@Test
	void shouldReportAsyncFailuresWithTheOriginatingRequestId() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/async-failure")).GET());
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		JsonNode event = awaitEvent((e) -> requestId.equals(e.path("tags").path("request_id").asText()));
		assertThat(event.toString()).contains("async failure");
	}

	@Test
	void shouldReportScheduledFailuresWithTheirOwnRequestId() {
		JsonNode event = awaitEvent((e) -> e.toString().contains("scheduled failure"));
		assertThat(event.path("tags").path("request_id").asText()).matches("[0-9a-f]{32}");
	}

	@Test
	void shouldReportFailuresOfOtherThreads() throws Exception {
		Thread thread = new Thread(() -> {
			throw new IllegalStateException("thread failure");
		});
		thread.start();
		thread.join();
		awaitEvent((e) -> e.toString().contains("thread failure"));
	}

	@Test
	void shouldReportAFailedExecutorTaskOnceThoughTheStarterAlsoLogsIt() {
		this.executor.execute(() -> {
			throw new IllegalStateException("executed task failure");
		});
		// Both the ERROR line (through Sentry's logback appender) and the thread's uncaught exception
		// handler report the exception; Sentry keeps the first.
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(15))
			.until(() -> receiver.events().stream().anyMatch((e) -> e.toString().contains("executed task failure")));
		Sentry.captureMessage("sentinel-executed-task");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> receiver.events().stream().anyMatch((e) -> e.toString().contains("sentinel-executed-task")));
		assertThat(receiver.events()).filteredOn((e) -> e.toString().contains("executed task failure")).hasSize(1);
	}

	private void assertExactlyOnce(String requestId) {
		Sentry.captureMessage("sentinel-" + requestId);
		awaitEvent((e) -> e.toString().contains("sentinel-" + requestId));
		assertThat(receiver.events()).filteredOn((e) -> requestId.equals(e.path("tags").path("request_id").asText()))
			.hasSize(1);
	}

	private static void assertNoSecretSent() {
		Sentry.flush(2000);
		assertThat(receiver.allBytes()).doesNotContain(SECRETS.toArray(String[]::new));
	}

	private static JsonNode awaitEvent(Predicate<JsonNode> match) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> receiver.events().stream().filter(match).findFirst().orElse(null), (e) -> e != null);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String basic() {
		return "Basic " + Base64.getEncoder().encodeToString((USER + ":user-password-3").getBytes());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import({ FailingController.class, AsyncFailures.class, ScheduledFailure.class })
	static class TestApplication {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/boom").authenticated()
				.anyRequest()
				.permitAll()).httpBasic(Customizer.withDefaults()).csrf((csrf) -> csrf.disable()).build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername(USER).password("{noop}user-password-3").roles("USER").build());
		}

		@Bean
		SentryOptions.BeforeSendCallback applicationBeforeSend() {
			return (event, hint) -> {
				event.setTag("app_callback", "ran");
				event.setExtra("note", "retry with password=app-secret-1");
				if (event.getRequest() != null && String.valueOf(event.getRequest().getUrl()).endsWith("/query-error")) {
					event.getRequest().setFragment("access_token=fragment-token-4q&tab=2");
				}
				return event;
			};
		}

		@Bean
		SentryOptions.BeforeBreadcrumbCallback applicationBeforeBreadcrumb() {
			return (breadcrumb, hint) -> {
				breadcrumb.setData("session_token", "sess-secret-2");
				return breadcrumb;
			};
		}

	}

	@RestController
	static class FailingController {

		private static final Logger logger = LoggerFactory.getLogger(FailingController.class);

		private final AsyncFailures async;

		FailingController(AsyncFailures async) {
			this.async = async;
		}

		@PostMapping("/boom")
		String boom(@RequestParam String password) {
			logger.info("Calling partner with token=breadcrumb-token-11");
			throw new IllegalStateException("Database rejected password=hunter2-db");
		}

		@GetMapping("/logged-error")
		String loggedError() {
			MDC.put("apiKey", "mdc-api-key-99");
			try {
				logger.error("Payment failed for card 4111 1111 1111 1111", new IllegalStateException("declined"));
			}
			finally {
				MDC.remove("apiKey");
			}
			return "ok";
		}

		@GetMapping("/query-error")
		String queryError() {
			Sentry.addBreadcrumb(Breadcrumb.http(
					"https://partner.example/callback?code=crumb-code-4q&key=crumb-key-4q#sid=crumb-sid-4q", "GET"));
			throw new IllegalStateException("query failure");
		}

		@GetMapping("/client-error")
		String clientError() {
			logger.error("Rejected a request", new ResponseStatusException(HttpStatus.BAD_REQUEST, "bad input"));
			return "ok";
		}

		@GetMapping("/async-failure")
		String asyncFailure() {
			this.async.fail();
			return "started";
		}

	}

	@Component
	static class AsyncFailures {

		@Async
		public void fail() {
			throw new IllegalStateException("async failure");
		}

	}

	@Component
	static class ScheduledFailure {

		private final AtomicBoolean failed = new AtomicBoolean();

		// Sentry attaches its logback appender when the context is refreshed, as the scheduler starts:
		// the first run waits for it.
		@Scheduled(fixedDelayString = "${test.schedule}", initialDelay = 1000)
		void run() {
			if (this.failed.compareAndSet(false, true)) {
				throw new IllegalStateException("scheduled failure");
			}
		}

	}

}

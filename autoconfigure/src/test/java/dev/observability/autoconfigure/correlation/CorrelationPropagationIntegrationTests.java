package dev.observability.autoconfigure.correlation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The request id follows the work: into {@code @Async} methods, onto outgoing {@code RestClient}
 * calls, and a {@code @Scheduled} job gets its own id for each run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "observability.logging.json=false", "test.schedule=50ms" })
class CorrelationPropagationIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	RestClient.Builder builder;

	@Autowired
	ScheduledJob job;

	@Test
	void shouldCarryTheRequestIdIntoAsyncMethodsAndOutgoingCalls() {
		Map<String, String> body = this.builder.build()
			.get()
			.uri("http://localhost:" + this.port + "/work")
			.header("X-Request-Id", "caller-id-1")
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, String>>() {
			});
		assertThat(body).containsEntry("request", "caller-id-1")
			.containsEntry("async", "caller-id-1")
			.containsEntry("outgoing", "caller-id-1");
	}

	@Test
	void shouldGiveEachScheduledRunItsOwnRequestId() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.job.runIds.size() >= 3);
		assertThat(this.job.runIds).doesNotContainNull()
			.allSatisfy((id) -> assertThat(id).matches("[0-9a-f]{32}"))
			.doesNotHaveDuplicates();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import({ WorkController.class, AsyncWorker.class, ScheduledJob.class })
	static class TestApplication {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

	@RestController
	static class WorkController {

		private final AsyncWorker worker;

		private final RestClient.Builder builder;

		private final org.springframework.core.env.Environment environment;

		WorkController(AsyncWorker worker, RestClient.Builder builder, org.springframework.core.env.Environment environment) {
			this.worker = worker;
			this.builder = builder;
			this.environment = environment;
		}

		@GetMapping("/work")
		Map<String, String> work() throws Exception {
			String outgoing = this.builder.build()
				.get()
				.uri("http://localhost:" + this.environment.getProperty("local.server.port") + "/echo")
				.retrieve()
				.body(String.class);
			return Map.of("request", MDC.get("requestId"), "async", this.worker.requestId().get(), "outgoing", outgoing);
		}

		@GetMapping("/echo")
		String echo(@RequestHeader("X-Request-Id") String requestId) {
			return requestId;
		}

	}

	@Component
	static class AsyncWorker {

		@Async
		CompletableFuture<String> requestId() {
			return CompletableFuture.completedFuture(MDC.get("requestId"));
		}

	}

	@Component
	static class ScheduledJob {

		final List<String> runIds = new CopyOnWriteArrayList<>();

		@Scheduled(fixedDelayString = "${test.schedule}")
		void run() {
			if (this.runIds.size() < 5) {
				this.runIds.add(MDC.get("requestId"));
			}
		}

	}

}

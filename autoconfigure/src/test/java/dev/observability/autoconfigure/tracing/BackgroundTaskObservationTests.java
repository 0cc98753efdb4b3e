package dev.observability.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.correlation.CorrelationTaskDecorator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Background tasks that a request starts and that observe their work after the request has ended,
 * as {@code sync.run} does: the container has recycled the request by then, and nothing the
 * starter runs for the task's observation may read it.
 */
@ExportTelemetry
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "observability.logging.json=false", "observability.logging.access-log.enabled=false" })
class BackgroundTaskObservationTests {

	private static final int REQUESTS = 30;

	private static final int TASKS_PER_REQUEST = 10;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	SyncController controller;

	@Autowired
	TaskDecorator decorator;

	@Test
	void shouldCompleteEveryTaskStartedByARequestThatHasEnded() throws Exception {
		assertThat(this.decorator).isInstanceOf(CorrelationTaskDecorator.class);
		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/sync"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(202);
		}
		// The precondition: every request object has been recycled before any task observes.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.controller.requests.stream().allMatch(this::recycled));

		this.controller.gate.countDown();

		assertThat(this.controller.finished.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.controller.completed).hasValue(REQUESTS * TASKS_PER_REQUEST);
	}

	private boolean recycled(HttpServletRequest request) {
		try {
			request.getServletPath();
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SyncController.class)
	static class TestApplication {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

	@RestController
	static class SyncController {

		final List<HttpServletRequest> requests = new CopyOnWriteArrayList<>();

		final CountDownLatch gate = new CountDownLatch(1);

		final CountDownLatch finished = new CountDownLatch(REQUESTS * TASKS_PER_REQUEST);

		final AtomicInteger completed = new AtomicInteger();

		private final TaskExecutor executor;

		private final ObservationRegistry registry;

		SyncController(TaskExecutor executor, ObservationRegistry registry) {
			this.executor = executor;
			this.registry = registry;
		}

		@PostMapping("/api/sync")
		ResponseEntity<Void> sync(HttpServletRequest request) {
			this.requests.add(request);
			for (int i = 0; i < TASKS_PER_REQUEST; i++) {
				this.executor.execute(() -> {
					try {
						this.gate.await();
						Observation.createNotStarted("sync.run", this.registry)
							.observe(this.completed::incrementAndGet);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					finally {
						this.finished.countDown();
					}
				});
			}
			return ResponseEntity.accepted().build();
		}

	}

}

package dev.observability.autoconfigure.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.core.HookFailures;
import dev.observability.correlation.RequestIdGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A part of the starter that fails on the application's path: the application's request and task
 * complete all the same, and the failure is counted by part.
 */
@ExportTelemetry
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "observability.logging.json=false", "observability.logging.access-log.enabled=false" })
class HookFailureIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	TaskExecutor executor;

	@Test
	void shouldServeTheRequestWhenTheExclusionOfPathsFails() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/orders"))
					.header(UnreadablePathFilter.HEADER, "true")
					// The caller's id: the failing generator is for the task's test.
					.header("X-Request-Id", "caller-1")
					.build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("orders");
		assertThat(failures("observation_predicate")).isEqualTo(1);
	}

	@Test
	void shouldRunTheTaskWhenTheTaskDecoratorFails() throws Exception {
		CountDownLatch ran = new CountDownLatch(1);

		// From a thread with no request id: the decorator asks the failing generator for one.
		this.executor.execute(ran::countDown);

		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(failures("task_decorator")).isGreaterThanOrEqualTo(1);
	}

	private double failures(String part) {
		return this.meters.get(HookFailures.METER_NAME).tag("part", part).counter().count();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OrdersController.class, OpenSecurity.class })
	static class TestApplication {

		@Bean
		RequestIdGenerator failingRequestIdGenerator() {
			return () -> {
				throw new IllegalStateException("no ids today");
			};
		}

		@Bean
		FilterRegistrationBean<UnreadablePathFilter> unreadablePathFilter() {
			FilterRegistrationBean<UnreadablePathFilter> registration = new FilterRegistrationBean<>(
					new UnreadablePathFilter());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	/**
	 * Makes the first read of a marked request's path fail: the first reader is the observation
	 * filter, asking whether the request is excluded; the application's own reads succeed.
	 */
	static class UnreadablePathFilter extends OncePerRequestFilter {

		static final String HEADER = "X-Unreadable-Path";

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getHeader(HEADER) == null) {
				chain.doFilter(request, response);
				return;
			}
			AtomicBoolean failed = new AtomicBoolean();
			chain.doFilter(new HttpServletRequestWrapper(request) {

				@Override
				public String getServletPath() {
					if (failed.compareAndSet(false, true)) {
						throw new IllegalStateException("path unreadable");
					}
					return super.getServletPath();
				}

			}, response);
		}

	}

	@RestController
	static class OrdersController {

		@GetMapping("/orders")
		String orders() {
			return "orders";
		}

	}

}

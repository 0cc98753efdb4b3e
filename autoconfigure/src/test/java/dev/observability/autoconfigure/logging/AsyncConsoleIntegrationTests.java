package dev.observability.autoconfigure.logging;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.logging.AsyncConsoleAppender;
import dev.observability.logging.AsyncConsoleInstaller;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The console writer as applications get it: put around Spring Boot's console appender when the
 * application starts, and never in the way of a request when the console stalls.
 */
class AsyncConsoleIntegrationTests {

	@Test
	void shouldPutTheAsyncWriterAroundSpringBootsConsole() {
		try (ConfigurableApplicationContext context = run(WebApplicationType.NONE)) {
			assertThat(rootLogger().getAppender(AsyncConsoleAppender.NAME)).isInstanceOf(AsyncConsoleAppender.class);
			assertThat(rootLogger().getAppender(AsyncConsoleInstaller.CONSOLE)).isNull();
			assertThat(context.getBean(MeterRegistry.class).find("observability.logs.dropped").functionCounter())
				.isNotNull();
		}
	}

	@Test
	void shouldLeaveTheConsoleSynchronousWhenSwitchedOff() {
		try (ConfigurableApplicationContext context = run(WebApplicationType.NONE,
				"observability.logging.async.enabled=false")) {
			assertThat(rootLogger().getAppender(AsyncConsoleAppender.NAME)).isNull();
			assertThat(rootLogger().getAppender(AsyncConsoleInstaller.CONSOLE)).isNotNull();
			assertThat(context.getBean(MeterRegistry.class).find("observability.logs.dropped").functionCounter())
				.isNull();
		}
	}

	@Test
	void shouldFailStartupNamingABadQueueSize() {
		// Logging starts first and binds the same properties, so it is the one that fails.
		assertThatException()
			.isThrownBy(() -> run(WebApplicationType.NONE, "observability.logging.async.queue-size=3").close())
			.havingRootCause()
			.withMessageContaining("observability.logging.async.queue-size")
			.withMessageContaining("between 16 and 1048576");
	}

	@Test
	void shouldAnswerEveryRequestWhileTheConsoleIsStuck() throws Exception {
		try (ConfigurableApplicationContext context = run(WebApplicationType.SERVLET,
				"observability.logging.async.queue-size=16")) {
			int port = TestLine.port(context);
			HttpClient client = HttpClient.newHttpClient();
			PrintStream stdout = System.out;
			StuckOutputStream stuck = new StuckOutputStream(stdout);
			System.setOut(new PrintStream(stuck, true));
			try {
				for (int i = 0; i < 200; i++) {
					HttpResponse<String> response = client.send(
							HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hello"))
								.timeout(Duration.ofSeconds(10))
								.build(),
							HttpResponse.BodyHandlers.ofString());
					assertThat(response.statusCode()).isEqualTo(200);
				}
				assertThat(stuck.blocked.getCount()).isZero();
				// Only the console's own writer ever waited on standard output, never a request thread.
				assertThat(stuck.writers).containsExactly("observability-console");
				assertThat(context.getBean(MeterRegistry.class).get("observability.logs.dropped").functionCounter().count())
					.isGreaterThan(100);
			}
			finally {
				stuck.open.countDown();
				System.setOut(stdout);
			}
		}
	}

	private static ConfigurableApplicationContext run(WebApplicationType type, String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(type)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private static Logger rootLogger() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
	}

	/**
	 * Standard output that hangs on the first write until it is opened, as a full pipe does.
	 */
	static class StuckOutputStream extends OutputStream {

		final CountDownLatch blocked = new CountDownLatch(1);

		final CountDownLatch open = new CountDownLatch(1);

		final Set<String> writers = ConcurrentHashMap.newKeySet();

		private final OutputStream target;

		StuckOutputStream(OutputStream target) {
			this.target = target;
		}

		@Override
		public void write(int b) throws java.io.IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws java.io.IOException {
			this.writers.add(Thread.currentThread().getName());
			this.blocked.countDown();
			try {
				this.open.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.target.write(b, off, len);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OpenSecurity.class)
	static class TestApplication {

		@Bean
		HelloController helloController() {
			return new HelloController();
		}

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}

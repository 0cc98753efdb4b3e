package dev.observability.autoconfigure.correlation;

import java.time.Duration;

import dev.observability.correlation.CorrelationTaskDecorator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An exception that escapes background work leaves exactly one ERROR line on the console, whoever
 * runs the work: a task handed to Spring Boot's executor (logged by the starter's decorator), an
 * {@code @Async} method and a task scheduled as {@code @Scheduled} methods are (logged by Spring's
 * own handlers, not again by the starter).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "observability.logging.json=false", "observability.logging.async.enabled=false" })
class BackgroundTaskErrorLoggingTests {

	@Autowired
	@Qualifier("applicationTaskExecutor")
	TaskExecutor executor;

	@Autowired
	TaskScheduler scheduler;

	@Autowired
	Jobs jobs;

	@Test
	void shouldLogAFailedExecutorTaskOnce(CapturedOutput output) {
		this.executor.execute(() -> {
			throw new IllegalStateException("executed task failed");
		});

		// The exception goes on to the thread's uncaught exception handler, which is not the test's concern.
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("executed task failed"));
		assertThat(lines(output, "ERROR")).filteredOn((line) -> line.contains("Background task failed"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(CorrelationTaskDecorator.TASK_LOGGER_NAME));
		assertThat(lines(output, "IllegalStateException: executed task failed")).hasSize(1);
	}

	@Test
	void shouldLeaveAFailedAsyncMethodToSpringsHandler(CapturedOutput output) {
		this.jobs.report();

		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("async report failed"));
		assertThat(lines(output, "IllegalStateException: async report failed")).hasSize(1);
		assertThat(output.getOut()).doesNotContain("Background task failed");
	}

	@Test
	void shouldLeaveAFailedScheduledTaskToSpringsHandler(CapturedOutput output) {
		// What a @Scheduled(fixedDelay) method becomes.
		this.scheduler.scheduleWithFixedDelay(() -> {
			throw new IllegalStateException("scheduled sync failed");
		}, Duration.ofHours(1));

		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("scheduled sync failed"));
		assertThat(lines(output, "IllegalStateException: scheduled sync failed")).hasSize(1);
		assertThat(output.getOut()).doesNotContain("Background task failed");
	}

	private static java.util.List<String> lines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import(Jobs.class)
	static class TestApplication {

	}

	@Component
	static class Jobs {

		@Async
		public void report() {
			throw new IllegalStateException("async report failed");
		}

	}

}

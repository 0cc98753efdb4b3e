package dev.observability.correlation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.observability.core.HookFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class CorrelationTaskDecoratorTests {

	private final CorrelationTaskDecorator decorator = new CorrelationTaskDecorator(() -> "fresh-" + System.nanoTime());

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	@AfterEach
	void cleanUp() {
		MDC.clear();
		this.executor.shutdownNow();
	}

	@Test
	void shouldCarryTheSubmittersMdcToTheWorker() throws Exception {
		MDC.put(Correlation.REQUEST_ID, "req-1");
		MDC.put(Correlation.USER_ID, "user-1");
		List<Map<String, String>> seen = new ArrayList<>();
		Runnable task = this.decorator.decorate(() -> seen.add(MDC.getCopyOfContextMap()));
		MDC.clear();
		this.executor.submit(task).get(5, TimeUnit.SECONDS);
		assertThat(seen).singleElement()
			.satisfies((mdc) -> assertThat(mdc).containsEntry(Correlation.REQUEST_ID, "req-1")
				.containsEntry(Correlation.USER_ID, "user-1"));
	}

	@Test
	void shouldGiveEachRunOfATaskWithNoRequestIdAFreshOne() throws Exception {
		List<String> seen = new ArrayList<>();
		Runnable task = this.decorator.decorate(() -> seen.add(MDC.get(Correlation.REQUEST_ID)));
		this.executor.submit(task).get(5, TimeUnit.SECONDS);
		this.executor.submit(task).get(5, TimeUnit.SECONDS);
		assertThat(seen).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
	}

	@Test
	void shouldRestoreTheWorkersOwnMdc() throws Exception {
		this.executor.submit(() -> MDC.put("worker", "own")).get(5, TimeUnit.SECONDS);
		MDC.put(Correlation.REQUEST_ID, "req-2");
		this.executor.submit(this.decorator.decorate(() -> {
		})).get(5, TimeUnit.SECONDS);
		Map<String, String> after = this.executor.submit(MDC::getCopyOfContextMap).get(5, TimeUnit.SECONDS);
		assertThat(after).containsEntry("worker", "own").doesNotContainKey(Correlation.REQUEST_ID);
	}

	@Test
	void shouldRunTheTaskAndCountWhenTheDecoratorFails() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		CorrelationTaskDecorator failing = new CorrelationTaskDecorator(() -> {
			throw new IllegalStateException("generator down");
		}, new HookFailures(beans.getBeanProvider(MeterRegistry.class)));
		AtomicInteger runs = new AtomicInteger();

		this.executor.submit(failing.decorate(runs::incrementAndGet)).get(5, TimeUnit.SECONDS);
		this.executor.submit(failing.decorate(runs::incrementAndGet)).get(5, TimeUnit.SECONDS);

		assertThat(runs).hasValue(2);
		assertThat(meters.get(HookFailures.METER_NAME).tag("part", "task_decorator").counter().count()).isEqualTo(2);
	}

	@Test
	void shouldLogAnExceptionThatEscapesATaskOnceAndThrowItOn(CapturedOutput output)
			throws Exception {
		Runnable task = this.decorator.decorate(() -> {
			throw new IllegalStateException("sync failed");
		});
		List<Throwable> uncaught = new CopyOnWriteArrayList<>();
		Thread thread = new Thread(task, "sync-worker");
		thread.setUncaughtExceptionHandler((t, ex) -> uncaught.add(ex));

		thread.start();
		thread.join(5_000);

		assertThat(uncaught).singleElement().extracting(Throwable::getMessage).isEqualTo("sync failed");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).contains("Background task failed on thread sync-worker"));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Background task failed")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("ERROR", CorrelationTaskDecorator.TASK_LOGGER_NAME));
		assertThat(output.getOut().lines().filter((line) -> line.contains("IllegalStateException: sync failed")))
			.as("one stack trace")
			.hasSize(1);
	}

}

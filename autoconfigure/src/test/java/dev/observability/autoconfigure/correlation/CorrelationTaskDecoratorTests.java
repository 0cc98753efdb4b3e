package dev.observability.autoconfigure.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

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

}

package dev.observability.autoconfigure.correlation;

import java.util.Map;

import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's MDC to the thread that runs a task, so that {@code @Async}
 * methods and executor tasks log with the caller's request id. A task submitted with no request id
 * (a {@code @Scheduled} job, a task started at startup) gets a fresh one for each run. The worker
 * thread's own MDC is restored afterwards.
 */
public final class CorrelationTaskDecorator implements TaskDecorator {

	private final RequestIdGenerator generator;

	public CorrelationTaskDecorator(RequestIdGenerator generator) {
		this.generator = generator;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Map<String, String> captured = MDC.getCopyOfContextMap();
		return () -> {
			Map<String, String> previous = MDC.getCopyOfContextMap();
			if (captured != null) {
				MDC.setContextMap(captured);
			}
			else {
				MDC.clear();
			}
			if (MDC.get(Correlation.REQUEST_ID) == null) {
				MDC.put(Correlation.REQUEST_ID, this.generator.generate());
			}
			try {
				runnable.run();
			}
			finally {
				if (previous != null) {
					MDC.setContextMap(previous);
				}
				else {
					MDC.clear();
				}
			}
		};
	}

}

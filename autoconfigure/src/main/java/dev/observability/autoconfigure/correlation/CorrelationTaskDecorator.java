package dev.observability.autoconfigure.correlation;

import java.util.Map;

import io.micrometer.context.ContextSnapshotFactory;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * Carries the submitting thread's context to the thread that runs a task: the MDC, so that
 * {@code @Async} methods and executor tasks log with the caller's request id, and, when Micrometer's
 * context-propagation library is present, every registered thread-local (the current observation
 * and span among them), so that their spans are children of the caller's. A task submitted with no
 * request id (a {@code @Scheduled} job, a task started at startup) gets a fresh one for each run.
 * The worker thread's own context is restored afterwards.
 * <p>
 * Spring Boot applies a single {@code TaskDecorator} bean to its executor and scheduler; this one
 * does the work of Spring's {@code ContextPropagatingTaskDecorator} too, so both are not needed.
 */
public final class CorrelationTaskDecorator implements TaskDecorator {

	private static final boolean CONTEXT_PROPAGATION_PRESENT = ClassUtils.isPresent(
			"io.micrometer.context.ContextSnapshotFactory", CorrelationTaskDecorator.class.getClassLoader());

	private final RequestIdGenerator generator;

	public CorrelationTaskDecorator(RequestIdGenerator generator) {
		this.generator = generator;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Map<String, String> captured = MDC.getCopyOfContextMap();
		Runnable task = CONTEXT_PROPAGATION_PRESENT ? ContextPropagation.wrap(runnable) : runnable;
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
				task.run();
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

	/**
	 * Kept apart so that the context-propagation types load only when present.
	 */
	private static final class ContextPropagation {

		private static final ContextSnapshotFactory FACTORY = ContextSnapshotFactory.builder().build();

		static Runnable wrap(Runnable runnable) {
			return FACTORY.captureAll().wrap(runnable);
		}

	}

}

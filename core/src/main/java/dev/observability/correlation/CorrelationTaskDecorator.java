package dev.observability.correlation;

import java.util.Map;

import dev.observability.core.HookFailures;
import io.micrometer.context.ContextSnapshotFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * An exception that escapes a task handed to {@code execute} reaches only the thread's uncaught
 * exception handler (Sentry's, which reports it and writes no log line): it is logged once at ERROR
 * by the {@value #TASK_LOGGER_NAME} logger, with the task's request id, and thrown on, so that the
 * handler and the executor see it as before. Spring's own handlers log what fails in
 * {@code @Async} and {@code @Scheduled} methods before it could reach this decorator, and a task
 * submitted for a {@code Future} keeps its exception in the future, so nothing is logged twice. A
 * failure of the decorator itself is counted in {@link HookFailures} and the task runs anyway.
 * <p>
 * Spring Boot applies a single {@code TaskDecorator} bean to its executor and scheduler; this one
 * does the work of Spring's {@code ContextPropagatingTaskDecorator} too, so both are not needed.
 */
public final class CorrelationTaskDecorator implements TaskDecorator {

	/**
	 * The logger of exceptions that escape a task.
	 */
	public static final String TASK_LOGGER_NAME = "dev.observability.tasks";

	private static final Logger logger = LoggerFactory.getLogger(TASK_LOGGER_NAME);

	private static final boolean CONTEXT_PROPAGATION_PRESENT = ClassUtils.isPresent(
			"io.micrometer.context.ContextSnapshotFactory", CorrelationTaskDecorator.class.getClassLoader());

	private final RequestIdGenerator generator;

	private final HookFailures failures;

	public CorrelationTaskDecorator(RequestIdGenerator generator) {
		this(generator, HookFailures.logOnly());
	}

	public CorrelationTaskDecorator(RequestIdGenerator generator, HookFailures failures) {
		this.generator = generator;
		this.failures = failures;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Map<String, String> captured;
		Runnable task;
		try {
			captured = MDC.getCopyOfContextMap();
			task = CONTEXT_PROPAGATION_PRESENT ? ContextPropagation.wrap(runnable) : runnable;
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.TASK_DECORATOR, ex);
			captured = null;
			task = runnable;
		}
		Map<String, String> context = captured;
		Runnable decorated = task;
		return () -> {
			Map<String, String> previous = null;
			boolean applied = false;
			try {
				previous = MDC.getCopyOfContextMap();
				apply(context);
				applied = true;
			}
			catch (Throwable ex) {
				this.failures.failed(HookFailures.Part.TASK_DECORATOR, ex);
			}
			try {
				decorated.run();
			}
			catch (Throwable ex) {
				logger.error("Background task failed on thread {}", Thread.currentThread().getName(), ex);
				throw ex;
			}
			finally {
				if (applied) {
					restore(previous);
				}
			}
		};
	}

	private void apply(Map<String, String> context) {
		if (context != null) {
			MDC.setContextMap(context);
		}
		else {
			MDC.clear();
		}
		if (MDC.get(Correlation.REQUEST_ID) == null) {
			MDC.put(Correlation.REQUEST_ID, this.generator.generate());
		}
	}

	private void restore(Map<String, String> previous) {
		try {
			if (previous != null) {
				MDC.setContextMap(previous);
			}
			else {
				MDC.clear();
			}
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.TASK_DECORATOR, ex);
		}
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

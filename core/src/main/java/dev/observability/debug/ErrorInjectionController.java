package dev.observability.debug;

import java.time.Instant;
import java.util.Map;

import org.slf4j.MDC;

import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes that fail on purpose: a request that throws, a background task that throws, and a
 * scheduled job that throws, each carrying the request's id so that the error can be followed from
 * the response header to the log line, the Sentry event and the trace.
 * <p>
 * Registered by its bean method only: the starter never scans for components.
 */
@RestController
@RequestMapping(ErrorInjectionController.PREFIX)
public final class ErrorInjectionController {

	static final String PREFIX = "/debug";

	private final TaskExecutor executor;

	private final TaskScheduler scheduler;

	public ErrorInjectionController(TaskExecutor executor, TaskScheduler scheduler) {
		this.executor = executor;
		this.scheduler = scheduler;
	}

	@GetMapping("/error")
	Map<String, Object> error() {
		throw new InjectedFailureException("Injected failure in a request");
	}

	@GetMapping("/async-error")
	Map<String, Object> asyncError() {
		if (this.executor == null) {
			throw new InjectedFailureException("No task executor to run the background failure on");
		}
		this.executor.execute(() -> {
			throw new InjectedFailureException("Injected failure in a background task");
		});
		return Map.of("started", "background task", "requestId", String.valueOf(MDC.get("requestId")));
	}

	@GetMapping("/job-error")
	Map<String, Object> jobError() {
		if (this.scheduler == null) {
			throw new InjectedFailureException("No task scheduler to run the failing job on");
		}
		this.scheduler.schedule(() -> {
			throw new InjectedFailureException("Injected failure in a scheduled job");
		}, Instant.now());
		return Map.of("started", "scheduled job", "requestId", String.valueOf(MDC.get("requestId")));
	}

	/**
	 * The failure these routes inject, easy to find and to filter out.
	 */
	public static final class InjectedFailureException extends IllegalStateException {

		public InjectedFailureException(String message) {
			super(message);
		}

	}

}

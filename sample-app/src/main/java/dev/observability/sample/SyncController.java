package dev.observability.sample;

import java.util.Map;
import java.util.Objects;

import org.slf4j.MDC;

import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts a sync on the background executor; {@code fail=true} makes the run fail, to show the
 * failure path. The run carries the request's id and trace.
 */
@RestController
class SyncController {

	private final SyncService sync;

	private final TaskExecutor executor;

	SyncController(SyncService sync, TaskExecutor applicationTaskExecutor) {
		this.sync = sync;
		this.executor = applicationTaskExecutor;
	}

	@PostMapping("/api/sync")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Object> start(@RequestParam(defaultValue = "manual") String source,
			@RequestParam(defaultValue = "false") boolean fail) {
		this.executor.execute(() -> this.sync.run(source, fail));
		return Map.of("accepted", true, "requestId", Objects.toString(MDC.get("requestId"), ""));
	}

}

package dev.observability.dashboards;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the checks against real tools share: a free port for each process, waiting for a condition
 * within a bound, and stopping a process for good.
 */
final class LocalProcesses {

	private LocalProcesses() {
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Poll the condition until it holds, or fail with what was awaited.
	 * @param what what the condition means, for the failure message
	 * @param timeout how long to wait
	 * @param condition the condition, polled every 100 ms
	 */
	static void awaitUntil(Supplier<String> what, Duration timeout, BooleanSupplier condition)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (condition.getAsBoolean()) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Not within " + timeout + ": " + what.get());
	}

	/**
	 * Ask the process to stop, and kill it if it has not within 30 seconds.
	 */
	static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

}

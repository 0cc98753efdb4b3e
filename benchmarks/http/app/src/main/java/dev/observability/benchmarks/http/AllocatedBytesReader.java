package dev.observability.benchmarks.http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Prints the bytes a JVM allocated during a JFR recording made with {@code allocation.jfc}.
 * <p>
 * {@code jdk.ThreadAllocationStatistics} is each thread's running total of allocated bytes, emitted
 * for every live thread when the recording starts and when it stops. The window's allocation is the
 * sum over threads of last minus first; a thread first seen at the stop was born in the window and
 * counts whole. A thread that died inside the window is lost (the measured application's threads
 * live for the whole run).
 * <p>
 * As a check, the same allocation rate is estimated independently from the heap occupancy before
 * each GC minus after the previous one ({@code jdk.GCHeapSummary}); the two rates should agree
 * within a few percent when there are several GCs in the window.
 * <p>
 * Output, one line: {@code allocated_bytes=<n> window_ms=<n> threads=<n> rate_mb_s=<x> gc_rate_mb_s=<x or n/a>}.
 */
public final class AllocatedBytesReader {

	private AllocatedBytesReader() {
	}

	public static void main(String[] args) throws IOException {
		List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
		events.sort(Comparator.comparing(RecordedEvent::getStartTime));
		List<RecordedEvent> totals = events.stream()
			.filter((event) -> event.getEventType().getName().equals("jdk.ThreadAllocationStatistics"))
			.toList();
		if (totals.isEmpty()) {
			throw new IllegalStateException("No jdk.ThreadAllocationStatistics events in " + args[0]);
		}
		Instant start = totals.get(0).getStartTime();
		Instant stop = totals.get(totals.size() - 1).getStartTime();
		// The start and stop emissions are each a burst; anything in the first half belongs to the start.
		Instant middle = start.plus(Duration.between(start, stop).dividedBy(2));
		Map<Long, Long> baseline = new HashMap<>();
		Map<Long, Long> last = new HashMap<>();
		for (RecordedEvent event : totals) {
			long thread = event.getThread("thread").getJavaThreadId();
			long allocated = event.getLong("allocated");
			if (event.getStartTime().isBefore(middle)) {
				baseline.putIfAbsent(thread, allocated);
			}
			last.put(thread, allocated);
		}
		long allocated = 0;
		for (Map.Entry<Long, Long> thread : last.entrySet()) {
			allocated += thread.getValue() - baseline.getOrDefault(thread.getKey(), 0L);
		}
		long windowMillis = Duration.between(start, stop).toMillis();
		System.out.printf("allocated_bytes=%d window_ms=%d threads=%d rate_mb_s=%.1f gc_rate_mb_s=%s%n", allocated,
				windowMillis, last.size(), megabytesPerSecond(allocated, windowMillis), gcRate(events));
	}

	/**
	 * The allocation rate between the first and the last GC of the recording: what the heap gained
	 * between each GC's end and the next one's start.
	 */
	private static String gcRate(List<RecordedEvent> events) {
		long bytes = 0;
		long nanos = 0;
		RecordedEvent afterPrevious = null;
		for (RecordedEvent event : events) {
			if (!event.getEventType().getName().equals("jdk.GCHeapSummary")) {
				continue;
			}
			if ("After GC".equals(event.getString("when"))) {
				afterPrevious = event;
			}
			else if (afterPrevious != null) {
				bytes += event.getLong("heapUsed") - afterPrevious.getLong("heapUsed");
				nanos += Duration.between(afterPrevious.getStartTime(), event.getStartTime()).toNanos();
			}
		}
		return (nanos > 0) ? "%.1f".formatted(megabytesPerSecond(bytes, nanos / 1e6)) : "n/a";
	}

	private static double megabytesPerSecond(long bytes, double millis) {
		return (millis > 0) ? bytes / 1e6 / (millis / 1e3) : 0;
	}

}

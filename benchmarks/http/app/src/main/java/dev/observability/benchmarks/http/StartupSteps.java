package dev.observability.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * Where startup goes, step by step: with {@code -Dbench.startup-steps=FILE}, the application
 * records Spring's startup steps and, once started, writes one line per step to that file, with
 * its own time (its duration less that of the steps inside it), its name and the bean or
 * configuration class it was for. {@code startup.sh} with {@code STEPS=1} sets it for every start,
 * one file next to each start's log.
 */
final class StartupSteps {

	static final String PROPERTY = "bench.startup-steps";

	private final BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);

	private final Path file;

	private StartupSteps(Path file) {
		this.file = file;
	}

	/**
	 * Record the steps of the application when the system property names a file.
	 * @param application the application about to run
	 * @return the recorder, or {@code null} when it is not asked for
	 */
	static StartupSteps recordIfAsked(SpringApplication application) {
		String file = System.getProperty(PROPERTY);
		if (file == null || file.isBlank()) {
			return null;
		}
		StartupSteps steps = new StartupSteps(Path.of(file));
		application.setApplicationStartup(steps.startup);
		return steps;
	}

	void write() {
		List<StartupTimeline.TimelineEvent> events = this.startup.getBufferedTimeline().getEvents();
		Map<Long, Duration> inner = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				inner.merge(parent, event.getDuration(), Duration::plus);
			}
		}
		List<String> lines = new ArrayList<>();
		lines.add("self_us\ttotal_us\tstep\tsubject");
		for (StartupTimeline.TimelineEvent event : events) {
			StartupStep step = event.getStartupStep();
			Duration self = event.getDuration().minus(inner.getOrDefault(step.getId(), Duration.ZERO));
			lines.add(self.toNanos() / 1000 + "\t" + event.getDuration().toNanos() / 1000 + "\t" + step.getName()
					+ "\t" + subject(step));
		}
		try {
			Files.write(this.file, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String subject(StartupStep step) {
		StringBuilder subject = new StringBuilder();
		for (StartupStep.Tag tag : step.getTags()) {
			if (tag.getKey().equals("beanName") || tag.getKey().equals("classToProcess")
					|| tag.getKey().equals("postProcessor") || tag.getKey().equals("listener")) {
				subject.append(subject.isEmpty() ? "" : " ").append(tag.getValue());
			}
		}
		return subject.toString();
	}

}

package dev.observability.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class AsyncConsoleAppenderTests {

	private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final Logger logger = this.context.getLogger("test");

	private final SlowConsole console = new SlowConsole();

	@AfterEach
	void release() {
		this.console.open.countDown();
	}

	@Test
	void shouldNeverBlockTheLoggingThreadWhenTheConsoleIsStuck() {
		AsyncConsoleAppender appender = start(16);
		// The console hangs on its first line; 10,000 lines must still go through append.
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
			for (int i = 0; i < 10_000; i++) {
				appender.doAppend(event("line " + i));
			}
		});
		assertThat(appender.dropped()).isBetween(10_000L - 2 * 16 - 1, 10_000L - 16);
	}

	@Test
	void shouldWriteQueuedLinesInOrderAndReportTheDropsOnceTheConsoleKeepsUp() {
		AsyncConsoleAppender appender = start(16);
		for (int i = 0; i < 100; i++) {
			appender.doAppend(event("line " + i));
		}
		long dropped = appender.dropped();
		this.console.open.countDown();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.console.lines.stream().anyMatch((line) -> line.startsWith("Dropped")));
		List<String> lines = List.copyOf(this.console.lines);
		List<String> written = lines.subList(0, lines.size() - 1);
		assertThat(written).hasSize((int) (100 - dropped)).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
		assertThat(written.get(0)).isEqualTo("line 0");
		assertThat(lines.get(lines.size() - 1))
			.isEqualTo("Dropped " + dropped + " log lines: the console did not keep up (queue of 16 lines full)");
	}

	@Test
	void shouldWriteWhatIsQueuedWhenStopped() {
		this.console.open.countDown();
		AsyncConsoleAppender appender = start(1024);
		for (int i = 0; i < 500; i++) {
			appender.doAppend(event("line " + i));
		}
		appender.stop();
		assertThat(this.console.lines).hasSize(500).endsWith("line 499");
		assertThat(this.console.isStarted()).isFalse();
		assertThat(appender.dropped()).isZero();
	}

	@Test
	void shouldKeepTheThreadNameAndMdcOfTheLoggingThread() throws Exception {
		this.console.open.countDown();
		AsyncConsoleAppender appender = start(16);
		Thread thread = new Thread(() -> {
			MDC.put("requestId", "abc");
			try {
				appender.doAppend(event("from a request"));
			}
			finally {
				MDC.clear();
			}
		}, "request-thread");
		thread.start();
		thread.join();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.console.events.isEmpty());
		ILoggingEvent written = this.console.events.get(0);
		assertThat(written.getThreadName()).isEqualTo("request-thread");
		assertThat(written.getMDCPropertyMap()).containsEntry("requestId", "abc");
	}

	@Test
	void shouldWriteAStreamConsolesLinesInOneWritePerBatchAfterItsFilters() {
		CountingStream out = new CountingStream();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%msg%n");
		encoder.start();
		OutputStreamAppender<ILoggingEvent> stream = new OutputStreamAppender<>();
		stream.setContext(this.context);
		stream.setEncoder(encoder);
		stream.setOutputStream(out);
		stream.addFilter(new Filter<>() {

			@Override
			public FilterReply decide(ILoggingEvent event) {
				return event.getMessage().startsWith("skip") ? FilterReply.DENY : FilterReply.NEUTRAL;
			}

		});
		stream.start();
		AsyncConsoleAppender appender = new AsyncConsoleAppender(stream, 1024);
		appender.setContext(this.context);
		appender.start();
		for (int i = 0; i < 500; i++) {
			appender.doAppend(event("line " + i));
			appender.doAppend(event("skip " + i));
		}
		appender.stop();
		List<String> lines = List.of(out.text().split("\n"));
		assertThat(lines).hasSize(500).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
		assertThat(out.writes).as("writes for 500 lines").isLessThan(100);
	}

	private AsyncConsoleAppender start(int capacity) {
		this.console.setContext(this.context);
		this.console.start();
		AsyncConsoleAppender appender = new AsyncConsoleAppender(this.console, capacity);
		appender.setContext(this.context);
		appender.start();
		return appender;
	}

	private LoggingEvent event(String message) {
		return new LoggingEvent(Logger.FQCN, this.logger, Level.INFO, message, null, null);
	}

	private static int number(String line) {
		return Integer.parseInt(line.substring("line ".length()));
	}

	/**
	 * A stream that counts the writes it gets.
	 */
	static class CountingStream extends ByteArrayOutputStream {

		int writes;

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) {
			this.writes++;
			super.write(bytes, offset, length);
		}

		String text() {
			return toString(StandardCharsets.UTF_8);
		}

	}

	/**
	 * A console that waits until it is opened before it writes anything.
	 */
	static class SlowConsole extends AppenderBase<ILoggingEvent> {

		final CountDownLatch open = new CountDownLatch(1);

		final List<String> lines = new CopyOnWriteArrayList<>();

		final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			try {
				this.open.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.events.add(event);
			this.lines.add(event.getFormattedMessage());
		}

	}

}

package dev.observability.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Hands console lines to one background thread through a bounded queue, so that a slow console (a
 * full pipe, a stalled log collector) never blocks the thread that logs. When the queue is full
 * the line is dropped and counted; the writer thread reports the count in a WARN line of its own
 * once the console keeps up again.
 * <p>
 * Installed around Spring Boot's {@code CONSOLE} appender by {@link AsyncConsoleInstaller}.
 * Lines keep their order. On stop, queued lines are written for up to a second.
 * <p>
 * When the console writes to a stream (Spring Boot's console, any {@link OutputStreamAppender}),
 * the lines that gathered are encoded with its encoder, after its filters, into one reused buffer
 * and written with one write and one flush: a system call per batch instead of one per line.
 */
public final class AsyncConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	public static final String NAME = "OBSERVABILITY_ASYNC_CONSOLE";

	private static final long FLUSH_ON_STOP_MILLIS = 1000;

	private static final int BATCH = 256;

	/**
	 * Above this, the batch buffer is given back after use, so that a burst of long lines (stack
	 * traces) does not keep its memory.
	 */
	private static final int KEPT_BUFFER_BYTES = 256 * 1024;

	/**
	 * How long the writer lets lines gather after the first one: under load it then wakes at most
	 * two hundred times a second instead of once per line, and an idle console still costs nothing.
	 * Each wake-up costs the logging thread that signals it a system call, the writer two context
	 * switches and a timed park, and the console one write: at 1 ms, with a line per request, that
	 * was about 2% of the CPU of a service at full speed. The queue holds far more than 5 ms of
	 * lines at any rate a console can take, and a batch never waits once it is full.
	 */
	private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private final Appender<ILoggingEvent> console;

	private final ArrayBlockingQueue<ILoggingEvent> queue;

	private final int capacity;

	private final LongAdder dropped = new LongAdder();

	private long reported;

	private Thread writer;

	private ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);

	private boolean writeFailureReported;

	public AsyncConsoleAppender(Appender<ILoggingEvent> console, int capacity) {
		this.console = console;
		this.capacity = capacity;
		this.queue = new ArrayBlockingQueue<>(capacity);
		setName(NAME);
	}

	@Override
	public void start() {
		if (isStarted()) {
			return;
		}
		super.start();
		this.writer = new Thread(this::write, "observability-console");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@Override
	protected void append(ILoggingEvent event) {
		// The writer thread must not read this thread's name, MDC or message arguments later.
		event.prepareForDeferredProcessing();
		if (!this.queue.offer(event)) {
			this.dropped.increment();
		}
	}

	private void write() {
		List<ILoggingEvent> batch = new ArrayList<>(BATCH);
		while (isStarted() || !this.queue.isEmpty()) {
			try {
				ILoggingEvent first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				if (this.queue.size() < BATCH - 1 && isStarted()) {
					LockSupport.parkNanos(LINGER_NANOS);
				}
				this.queue.drainTo(batch, BATCH - 1);
				writeBatch(batch);
				batch.clear();
				if (this.queue.isEmpty()) {
					reportDrops();
				}
			}
			catch (InterruptedException ex) {
				// stop() waited long enough: what is still queued is lost with the process.
				return;
			}
			catch (RuntimeException ex) {
				batch.clear();
				addError("Console appender failed", ex);
			}
		}
		reportDrops();
	}

	private void writeBatch(List<ILoggingEvent> batch) {
		if (!(this.console instanceof OutputStreamAppender<ILoggingEvent> stream) || !stream.isStarted()
				|| stream.getEncoder() == null || stream.getOutputStream() == null) {
			for (ILoggingEvent event : batch) {
				this.console.doAppend(event);
			}
			return;
		}
		Encoder<ILoggingEvent> encoder = stream.getEncoder();
		try {
			for (ILoggingEvent event : batch) {
				encode(stream, encoder, event);
			}
			if (this.buffer.size() > 0) {
				OutputStream out = stream.getOutputStream();
				this.buffer.writeTo(out);
				out.flush();
			}
		}
		catch (IOException ex) {
			if (!this.writeFailureReported) {
				this.writeFailureReported = true;
				addError("Console write failed; lines are lost until it recovers", ex);
			}
		}
		finally {
			if (this.buffer.size() > KEPT_BUFFER_BYTES) {
				this.buffer = new ByteArrayOutputStream(16 * 1024);
			}
			else {
				this.buffer.reset();
			}
		}
	}

	private void encode(OutputStreamAppender<ILoggingEvent> stream, Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
		try {
			if (stream.getFilterChainDecision(event) != FilterReply.DENY) {
				this.buffer.writeBytes(encoder.encode(event));
			}
		}
		catch (RuntimeException ex) {
			// As the appender itself would: this line is lost, the others of the batch are not.
			addError("Console encoder failed", ex);
		}
	}

	private void reportDrops() {
		long total = this.dropped.sum();
		if (total == this.reported) {
			return;
		}
		long lost = total - this.reported;
		this.reported = total;
		Logger logger = ((LoggerContext) getContext()).getLogger("dev.observability.logging");
		LoggingEvent warning = new LoggingEvent(Logger.FQCN, logger, Level.WARN,
				"Dropped {} log lines: the console did not keep up (queue of {} lines full)", null,
				new Object[] { lost, this.capacity });
		this.console.doAppend(warning);
	}

	/**
	 * Stop taking lines, write what is queued (for up to a second) and stop the console appender.
	 */
	@Override
	public void stop() {
		if (!isStarted()) {
			return;
		}
		finish();
		this.console.stop();
	}

	/**
	 * Stop taking lines and write what is queued, leaving the console appender running so that it
	 * can be attached again.
	 */
	void finish() {
		super.stop();
		try {
			this.writer.join(FLUSH_ON_STOP_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.writer.interrupt();
	}

	public Appender<ILoggingEvent> console() {
		return this.console;
	}

	int capacity() {
		return this.capacity;
	}

	/**
	 * Lines dropped because the queue was full, since this appender started.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.sum();
	}

}

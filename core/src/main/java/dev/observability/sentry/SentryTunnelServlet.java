package dev.observability.sentry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards Sentry envelopes from browsers to Sentry: the endpoint behind the browser SDK's
 * {@code tunnel} option.
 * <p>
 * It is not a proxy: the envelope's DSN must equal one of the allowed DSNs part by part (scheme,
 * public key, host, port, path, project id), and the envelope goes to the ingest URL derived from
 * the allowed DSN, never from the request. Everything else gets a clear 4xx and is never
 * forwarded: another method (405), an oversized body (413), a malformed envelope (400), a DSN that
 * is not allowed (403), too many envelopes being received or forwarded (429), a body that does not
 * arrive within the read timeout (408).
 * <p>
 * A permit is taken before the body is read, and returned when the browser has its answer. The
 * body is read without blocking, under one deadline for the whole of it, so a browser that sends
 * one byte at a time holds a permit until the deadline and no request thread at all. Forwarding is
 * asynchronous too, so a slow Sentry holds no request thread; it fails with 502, or 504 after the
 * timeout.
 * <p>
 * Every envelope passes through the {@link EnvelopeScrubber} on its way: its header and every
 * JSON item are masked, and items that cannot be masked are dropped.
 */
public final class SentryTunnelServlet extends HttpServlet {

	private static final Logger logger = LoggerFactory.getLogger(SentryTunnelServlet.class);

	private static final String ENVELOPE_TYPE = "application/x-sentry-envelope";

	private final transient ObjectMapper json = new ObjectMapper();

	private final transient Map<SentryDsn, SentryDsn> allowed;

	private final transient EnvelopeScrubber scrubber;

	private final long maxEnvelopeBytes;

	private final Duration timeout;

	private final Duration readTimeout;

	private final transient Semaphore inFlight;

	private final transient HttpClient http;

	private final transient ScheduledExecutorService deadlines;

	public SentryTunnelServlet(List<String> allowedDsns, EnvelopeScrubber scrubber, long maxEnvelopeBytes, Duration timeout,
			int maxConcurrentRequests, Duration readTimeout) {
		this.allowed = allowedDsns.stream()
			.map(SentryDsn::parse)
			.collect(Collectors.toMap(Function.identity(), Function.identity(), (a, b) -> a));
		this.scrubber = scrubber;
		this.maxEnvelopeBytes = maxEnvelopeBytes;
		this.timeout = timeout;
		this.readTimeout = readTimeout;
		this.inFlight = new Semaphore(maxConcurrentRequests);
		this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
		ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "sentry-tunnel-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		// No thread until the first envelope, and none left while no envelope is arriving.
		deadlines.setKeepAliveTime(30, TimeUnit.SECONDS);
		deadlines.allowCoreThreadTimeOut(true);
		deadlines.setRemoveOnCancelPolicy(true);
		this.deadlines = deadlines;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			reject(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only POST is accepted");
			return;
		}
		if (request.getContentLengthLong() > this.maxEnvelopeBytes) {
			reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "envelope too large");
			return;
		}
		// The permit is taken before a byte of the body is read: reading and scrubbing are what a
		// hostile browser makes expensive.
		if (!this.inFlight.tryAcquire()) {
			reject(response, 429, "too many envelopes in flight");
			return;
		}
		Exchange exchange;
		try {
			AsyncContext async = request.startAsync();
			// A backstop only: the deadline of the body and the timeout of the upstream call come first.
			async.setTimeout(this.readTimeout.toMillis() + this.timeout.toMillis() + 2000);
			exchange = new Exchange(async);
			async.addListener(exchange);
		}
		catch (RuntimeException ex) {
			this.inFlight.release();
			logger.debug("Could not start reading a tunnelled envelope", ex);
			reject(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "tunnel unavailable");
			return;
		}
		exchange.start(request);
	}

	@Override
	public void destroy() {
		this.deadlines.shutdownNow();
		super.destroy();
	}

	private void process(Exchange exchange, byte[] envelope) {
		SentryDsn target = target(envelope);
		if (target == null) {
			JsonNode header = header(envelope);
			if (header == null || !header.path("dsn").isTextual()) {
				exchange.finish(HttpServletResponse.SC_BAD_REQUEST, "malformed envelope header");
			}
			else {
				exchange.finish(HttpServletResponse.SC_FORBIDDEN, "DSN not allowed");
			}
			return;
		}
		byte[] scrubbed;
		try {
			scrubbed = this.scrubber.scrub(envelope);
		}
		catch (IOException | RuntimeException ex) {
			exchange.finish(HttpServletResponse.SC_BAD_REQUEST, "malformed envelope");
			return;
		}
		HttpRequest upstream = HttpRequest.newBuilder(target.envelopeUri())
			.timeout(this.timeout)
			.header("Content-Type", ENVELOPE_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(scrubbed))
			.build();
		this.http.sendAsync(upstream, HttpResponse.BodyHandlers.discarding()).whenComplete((result, failure) -> {
			if (failure == null) {
				exchange.finish(result.statusCode(), null);
			}
			else {
				boolean timedOut = failure instanceof HttpTimeoutException
						|| failure.getCause() instanceof HttpTimeoutException;
				exchange.finish(timedOut ? HttpServletResponse.SC_GATEWAY_TIMEOUT : HttpServletResponse.SC_BAD_GATEWAY,
						null);
			}
		});
	}

	private SentryDsn target(byte[] envelope) {
		JsonNode header = header(envelope);
		if (header == null || !header.path("dsn").isTextual()) {
			return null;
		}
		SentryDsn requested = SentryDsn.parse(header.get("dsn").asText());
		return (requested != null) ? this.allowed.get(requested) : null;
	}

	private JsonNode header(byte[] envelope) {
		int end = 0;
		while (end < envelope.length && envelope[end] != '\n') {
			end++;
		}
		try {
			JsonNode header = this.json.readTree(new String(envelope, 0, end, StandardCharsets.UTF_8));
			return (header instanceof ObjectNode) ? header : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void reject(HttpServletResponse response, int status, String reason) throws IOException {
		response.setStatus(status);
		response.setContentType("text/plain;charset=UTF-8");
		response.getWriter().write(reason);
	}

	/**
	 * One envelope on its way: read without blocking a thread, under a deadline for the whole body,
	 * then scrubbed and forwarded. Whoever finishes it first (the last byte, the deadline, the
	 * upstream answer, the container's timeout or an error) answers the browser and returns the
	 * permit; the others find it finished and do nothing.
	 */
	private final class Exchange implements ReadListener, AsyncListener {

		private static final int READING = 0;

		private static final int FORWARDING = 1;

		private static final int DONE = 2;

		private final AtomicInteger state = new AtomicInteger(READING);

		private final AtomicBoolean permitReturned = new AtomicBoolean();

		private final AsyncContext async;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final byte[] buffer = new byte[8192];

		private volatile ServletInputStream in;

		private volatile ScheduledFuture<?> deadline;

		Exchange(AsyncContext async) {
			this.async = async;
		}

		void start(HttpServletRequest request) {
			try {
				this.deadline = SentryTunnelServlet.this.deadlines.schedule(this::readTimedOut,
						SentryTunnelServlet.this.readTimeout.toMillis(), TimeUnit.MILLISECONDS);
				this.in = request.getInputStream();
				this.in.setReadListener(this);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not read a tunnelled envelope", ex);
				finish(HttpServletResponse.SC_BAD_REQUEST, "could not read the envelope");
			}
		}

		@Override
		public void onDataAvailable() throws IOException {
			ServletInputStream input = this.in;
			while (this.state.get() == READING && input.isReady()) {
				int read = input.read(this.buffer);
				if (read == -1) {
					return;
				}
				if (this.body.size() + (long) read > SentryTunnelServlet.this.maxEnvelopeBytes) {
					finish(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "envelope too large");
					return;
				}
				this.body.write(this.buffer, 0, read);
			}
		}

		@Override
		public void onAllDataRead() {
			if (!this.state.compareAndSet(READING, FORWARDING)) {
				return;
			}
			cancelDeadline();
			try {
				process(this, this.body.toByteArray());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not forward a tunnelled envelope", ex);
				finish(HttpServletResponse.SC_BAD_GATEWAY, null);
			}
		}

		@Override
		public void onError(Throwable failure) {
			logger.debug("Could not read a tunnelled envelope", failure);
			finish(HttpServletResponse.SC_BAD_REQUEST, "could not read the envelope");
		}

		private void readTimedOut() {
			if (this.state.get() == READING) {
				finish(HttpServletResponse.SC_REQUEST_TIMEOUT, "envelope arrived too slowly");
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			if (this.state.get() == READING) {
				finish(HttpServletResponse.SC_REQUEST_TIMEOUT, "envelope arrived too slowly");
			}
			else {
				finish(HttpServletResponse.SC_GATEWAY_TIMEOUT, null);
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			this.state.set(DONE);
			cancelDeadline();
			returnPermit();
		}

		@Override
		public void onComplete(AsyncEvent event) {
			this.state.set(DONE);
			cancelDeadline();
			returnPermit();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		/**
		 * Answer the browser, unless someone else already did.
		 * @param status the status
		 * @param reason the text of the answer, or {@code null} for none
		 */
		void finish(int status, String reason) {
			int current = this.state.get();
			while (current != DONE) {
				if (this.state.compareAndSet(current, DONE)) {
					answer(status, reason, current == READING);
					return;
				}
				current = this.state.get();
			}
		}

		private void answer(int status, String reason, boolean bodyUnread) {
			cancelDeadline();
			try {
				HttpServletResponse response = (HttpServletResponse) this.async.getResponse();
				if (bodyUnread) {
					// What is left of the body is not worth waiting for: the connection is not reused.
					response.setHeader("Connection", "close");
				}
				if (reason != null) {
					reject(response, status, reason);
				}
				else {
					response.setStatus(status);
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not answer a tunnelled envelope", ex);
			}
			try {
				this.async.complete();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not complete a tunnelled envelope", ex);
			}
			finally {
				returnPermit();
			}
		}

		private void cancelDeadline() {
			ScheduledFuture<?> scheduled = this.deadline;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

		private void returnPermit() {
			if (this.permitReturned.compareAndSet(false, true)) {
				SentryTunnelServlet.this.inFlight.release();
			}
		}

	}

}

package dev.observability.autoconfigure.sentry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
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
 * is not allowed (403), too many envelopes in flight (429). Forwarding is asynchronous, so a slow
 * Sentry holds no request thread; it fails with 502, or 504 after the timeout.
 * <p>
 * Event and transaction items pass through the privacy policy on their way.
 */
final class SentryTunnelServlet extends HttpServlet {

	private static final Logger logger = LoggerFactory.getLogger(SentryTunnelServlet.class);

	private static final String ENVELOPE_TYPE = "application/x-sentry-envelope";

	private final transient ObjectMapper json = new ObjectMapper();

	private final transient Map<SentryDsn, SentryDsn> allowed;

	private final transient EnvelopeScrubber scrubber;

	private final long maxEnvelopeBytes;

	private final Duration timeout;

	private final transient Semaphore inFlight;

	private final transient HttpClient http;

	SentryTunnelServlet(List<String> allowedDsns, EnvelopeScrubber scrubber, long maxEnvelopeBytes, Duration timeout,
			int maxConcurrentRequests) {
		this.allowed = allowedDsns.stream()
			.map(SentryDsn::parse)
			.collect(Collectors.toMap(Function.identity(), Function.identity(), (a, b) -> a));
		this.scrubber = scrubber;
		this.maxEnvelopeBytes = maxEnvelopeBytes;
		this.timeout = timeout;
		this.inFlight = new Semaphore(maxConcurrentRequests);
		this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
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
		byte[] envelope = readAtMost(request.getInputStream(), this.maxEnvelopeBytes);
		if (envelope == null) {
			reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "envelope too large");
			return;
		}
		SentryDsn target = target(envelope);
		if (target == null) {
			refuse(response, envelope);
			return;
		}
		byte[] scrubbed;
		try {
			scrubbed = this.scrubber.scrub(envelope);
		}
		catch (IOException | RuntimeException ex) {
			reject(response, HttpServletResponse.SC_BAD_REQUEST, "malformed envelope");
			return;
		}
		if (!this.inFlight.tryAcquire()) {
			reject(response, 429, "too many envelopes in flight");
			return;
		}
		forward(request.startAsync(), target, scrubbed);
	}

	private void forward(AsyncContext async, SentryDsn target, byte[] envelope) {
		async.setTimeout(this.timeout.toMillis() + 1000);
		HttpRequest upstream = HttpRequest.newBuilder(target.envelopeUri())
			.timeout(this.timeout)
			.header("Content-Type", ENVELOPE_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
			.build();
		this.http.sendAsync(upstream, HttpResponse.BodyHandlers.discarding()).whenComplete((result, failure) -> {
			try {
				HttpServletResponse response = (HttpServletResponse) async.getResponse();
				if (failure == null) {
					response.setStatus(result.statusCode());
				}
				else {
					boolean timedOut = failure instanceof HttpTimeoutException
							|| failure.getCause() instanceof HttpTimeoutException;
					response.setStatus(timedOut ? HttpServletResponse.SC_GATEWAY_TIMEOUT
							: HttpServletResponse.SC_BAD_GATEWAY);
				}
				async.complete();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not answer a tunnelled envelope", ex);
			}
			finally {
				this.inFlight.release();
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

	private void refuse(HttpServletResponse response, byte[] envelope) throws IOException {
		JsonNode header = header(envelope);
		if (header == null || !header.path("dsn").isTextual()) {
			reject(response, HttpServletResponse.SC_BAD_REQUEST, "malformed envelope header");
		}
		else {
			reject(response, HttpServletResponse.SC_FORBIDDEN, "DSN not allowed");
		}
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

	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) != -1) {
			total += read;
			if (total > limit) {
				return null;
			}
			out.write(buffer, 0, read);
		}
		return out.toByteArray();
	}

	private static void reject(HttpServletResponse response, int status, String reason) throws IOException {
		response.setStatus(status);
		response.setContentType("text/plain;charset=UTF-8");
		response.getWriter().write(reason);
	}

}

package dev.observability.sentry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Sentry's ingest: accepts envelopes over HTTP as Sentry does, decodes them
 * (gzip included) and keeps every byte and every event, for tests to assert on what the real SDK
 * sent.
 */
public final class SentryReceiver implements AutoCloseable {

	private final ObjectMapper json = new ObjectMapper();

	private final HttpServer server;

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	/**
	 * Start a receiver on a free loopback port, for a static field of a test class.
	 * @return the running receiver
	 */
	public static SentryReceiver start() {
		try {
			return new SentryReceiver();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	SentryReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newSingleThreadExecutor());
		this.server.start();
	}

	public String dsn() {
		return "http://public@127.0.0.1:" + this.server.getAddress().getPort() + "/1";
	}

	public List<JsonNode> events() {
		return List.copyOf(this.events);
	}

	/**
	 * Every envelope received, decoded, one string each.
	 */
	public List<String> envelopes() {
		return List.copyOf(this.bodies);
	}

	/**
	 * Everything received, decoded to text, envelope headers and every item included.
	 */
	public String allBytes() {
		return String.join("\n", this.bodies);
	}

	public void clear() {
		this.bodies.clear();
		this.events.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
					body = in.readAllBytes();
				}
			}
			this.bodies.add(new String(body, StandardCharsets.UTF_8));
			this.events.addAll(parseEvents(body));
			exchange.sendResponseHeaders(200, -1);
		}
	}

	/**
	 * An envelope is a header line, then items: an item header line whose {@code length}, when
	 * present, says how many bytes of payload follow; without it the payload runs to the next line
	 * break.
	 */
	public List<JsonNode> parseEvents(byte[] envelope) throws IOException {
		List<JsonNode> parsed = new ArrayList<>();
		int position = lineEnd(envelope, 0) + 1;
		while (position < envelope.length) {
			int headerEnd = lineEnd(envelope, position);
			String header = new String(envelope, position, headerEnd - position, StandardCharsets.UTF_8).trim();
			position = headerEnd + 1;
			if (header.isEmpty()) {
				continue;
			}
			JsonNode itemHeader = this.json.readTree(header);
			int length = itemHeader.has("length") ? itemHeader.get("length").asInt()
					: lineEnd(envelope, position) - position;
			ByteArrayOutputStream payload = new ByteArrayOutputStream();
			payload.write(envelope, position, Math.min(length, envelope.length - position));
			position += length + 1;
			if ("event".equals(itemHeader.path("type").asText())) {
				parsed.add(this.json.readTree(payload.toByteArray()));
			}
		}
		return parsed;
	}

	private static int lineEnd(byte[] bytes, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return bytes.length;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}

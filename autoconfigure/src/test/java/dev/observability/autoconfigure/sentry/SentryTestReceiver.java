package dev.observability.autoconfigure.sentry;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.sentry.SentryReceiver;

/**
 * The Sentry receiver for tests of other packages.
 */
public final class SentryTestReceiver implements AutoCloseable {

	private final SentryReceiver receiver;

	private SentryTestReceiver(SentryReceiver receiver) {
		this.receiver = receiver;
	}

	public static SentryTestReceiver start() {
		return new SentryTestReceiver(SentryReceiver.start());
	}

	public String dsn() {
		return this.receiver.dsn();
	}

	public List<JsonNode> events() {
		return this.receiver.events();
	}

	/**
	 * Everything received, decoded to text: envelope headers and items of every type.
	 * @return the envelopes received so far
	 */
	public String allBytes() {
		return this.receiver.allBytes();
	}

	@Override
	public void close() {
		this.receiver.close();
	}

}

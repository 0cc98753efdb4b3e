package dev.observability.autoconfigure.tracing;

import java.util.ArrayList;
import java.util.List;

import dev.observability.tracing.OtlpReceiver;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * The OTLP receiver for tests of other packages.
 */
public final class OtlpTestReceiver implements AutoCloseable {

	private final OtlpReceiver receiver;

	private OtlpTestReceiver(OtlpReceiver receiver) {
		this.receiver = receiver;
	}

	public static OtlpTestReceiver start() {
		return new OtlpTestReceiver(OtlpReceiver.start());
	}

	public String endpoint() {
		return this.receiver.endpoint();
	}

	public String logsEndpoint() {
		return this.receiver.logsEndpoint();
	}

	public int spanCount() {
		return this.receiver.spans().size();
	}

	/**
	 * Every text the exported spans carry, decoded: names, attribute keys and values, event names and
	 * attributes, link attributes, status messages and resource attributes.
	 * @return one entry per text
	 */
	public List<String> texts() {
		List<String> texts = new ArrayList<>();
		for (OtlpReceiver.ReceivedSpan received : this.receiver.spans()) {
			Span span = received.span();
			texts.add(span.getName());
			texts.add(span.getStatus().getMessage());
			addAll(texts, span.getAttributesList());
			for (Span.Event event : span.getEventsList()) {
				texts.add(event.getName());
				addAll(texts, event.getAttributesList());
			}
			for (Span.Link link : span.getLinksList()) {
				addAll(texts, link.getAttributesList());
			}
			received.resource().forEach((key, value) -> {
				texts.add(key);
				texts.add(value);
			});
		}
		return texts;
	}

	/**
	 * Every text the exported log records carry, decoded: bodies, attribute keys and values (the
	 * exception's among them), loggers and resource attributes.
	 * @return one entry per text
	 */
	public List<String> logTexts() {
		List<String> texts = new ArrayList<>();
		for (OtlpReceiver.ReceivedLog received : this.receiver.logs()) {
			add(texts, received.log().getBody());
			texts.add(received.logger());
			addAll(texts, received.log().getAttributesList());
			received.resource().forEach((key, value) -> {
				texts.add(key);
				texts.add(value);
			});
		}
		return texts;
	}

	private static void addAll(List<String> texts, List<KeyValue> attributes) {
		for (KeyValue attribute : attributes) {
			texts.add(attribute.getKey());
			add(texts, attribute.getValue());
		}
	}

	private static void add(List<String> texts, AnyValue value) {
		if (value.hasStringValue()) {
			texts.add(value.getStringValue());
		}
		else if (value.hasArrayValue()) {
			value.getArrayValue().getValuesList().forEach((element) -> add(texts, element));
		}
		else if (value.hasKvlistValue()) {
			addAll(texts, value.getKvlistValue().getValuesList());
		}
		else {
			texts.add(value.toString());
		}
	}

	@Override
	public void close() {
		this.receiver.close();
	}

}

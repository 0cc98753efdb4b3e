package dev.observability.tracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

import dev.observability.privacy.PrivacyPolicy;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * Applies the {@link PrivacyPolicy} to everything a finished span carries out of the process: its
 * name, its attributes (a value under a sensitive name replaced, a URL's query string masked pair by
 * pair, secrets in other values masked, then truncated and capped in number), the names and
 * attributes of its events (the {@code exception.message} and {@code exception.stacktrace} of a
 * recorded exception among them), its status description and the attributes of its links.
 * <p>
 * A clean span is returned as it is, and a clean batch as the same collection: a copy
 * ({@link SanitizedSpanData}) is made only of a span that had something to mask.
 */
public final class SpanDataSanitizer {

	private final PrivacyPolicy policy;

	private final int maxLength;

	private final int maxAttributes;

	public SpanDataSanitizer(PrivacyPolicy policy, int maxLength, int maxAttributes) {
		this.policy = policy;
		this.maxLength = maxLength;
		this.maxAttributes = maxAttributes;
	}

	/**
	 * Sanitize a batch of spans.
	 * @param spans the spans
	 * @return the same collection when no span changed, else a list of the sanitized spans
	 */
	Collection<SpanData> sanitize(Collection<SpanData> spans) {
		Scan scan = new Scan();
		List<SpanData> sanitized = null;
		int index = 0;
		for (SpanData span : spans) {
			SpanData result = sanitize(span, scan);
			if (result != span && sanitized == null) {
				sanitized = new ArrayList<>(spans.size());
				int copied = 0;
				for (SpanData earlier : spans) {
					if (copied++ == index) {
						break;
					}
					sanitized.add(earlier);
				}
			}
			if (sanitized != null) {
				sanitized.add(result);
			}
			index++;
		}
		return (sanitized != null) ? sanitized : spans;
	}

	SpanData sanitize(SpanData span) {
		return sanitize(span, new Scan());
	}

	private SpanData sanitize(SpanData span, Scan scan) {
		String name = this.policy.mask(span.getName());
		Attributes attributes = span.getAttributes();
		boolean attributesChanged = attributes.size() > this.maxAttributes || scan.changes(attributes, true);
		List<EventData> events = span.getEvents();
		boolean eventsChanged = false;
		for (int i = 0; i < events.size() && !eventsChanged; i++) {
			EventData event = events.get(i);
			eventsChanged = this.policy.mask(event.getName()) != event.getName()
					|| scan.changes(event.getAttributes(), false);
		}
		StatusData status = span.getStatus();
		String description = this.policy.mask(status.getDescription());
		List<LinkData> links = span.getLinks();
		boolean linksChanged = false;
		for (int i = 0; i < links.size() && !linksChanged; i++) {
			linksChanged = scan.changes(links.get(i).getAttributes(), false);
		}
		if (name == span.getName() && !attributesChanged && !eventsChanged && description == status.getDescription()
				&& !linksChanged) {
			return span;
		}
		return new SanitizedSpanData(span, name, attributesChanged ? sanitize(attributes, true) : attributes,
				eventsChanged ? sanitizeEvents(events) : events,
				(description != status.getDescription()) ? StatusData.create(status.getStatusCode(), description)
						: status,
				linksChanged ? sanitizeLinks(links) : links);
	}

	private List<EventData> sanitizeEvents(List<EventData> events) {
		List<EventData> sanitized = new ArrayList<>(events.size());
		for (EventData event : events) {
			sanitized.add(EventData.create(event.getEpochNanos(), this.policy.mask(event.getName()),
					sanitize(event.getAttributes(), false), event.getTotalAttributeCount()));
		}
		return sanitized;
	}

	private List<LinkData> sanitizeLinks(List<LinkData> links) {
		List<LinkData> sanitized = new ArrayList<>(links.size());
		for (LinkData link : links) {
			sanitized.add(LinkData.create(link.getSpanContext(), sanitize(link.getAttributes(), false),
					link.getTotalAttributeCount()));
		}
		return sanitized;
	}

	@SuppressWarnings("unchecked")
	private Attributes sanitize(Attributes attributes, boolean capped) {
		AttributesBuilder builder = Attributes.builder();
		int[] kept = new int[1];
		attributes.forEach((key, value) -> {
			if (capped && kept[0] >= this.maxAttributes) {
				return;
			}
			kept[0]++;
			Object sanitized = sanitize(key, value, capped);
			if (sanitized instanceof String text && key.getType() != AttributeType.STRING) {
				builder.put(AttributeKey.stringKey(key.getKey()), text);
			}
			else {
				builder.put((AttributeKey<Object>) key, sanitized);
			}
		});
		return builder.build();
	}

	/**
	 * A value as it may leave: the same instance when nothing was masked or cut.
	 */
	private Object sanitize(AttributeKey<?> key, Object value, boolean truncate) {
		if (value instanceof String text) {
			return sanitize(key.getKey(), text, truncate);
		}
		if (value instanceof List<?> list && key.getType() == AttributeType.STRING_ARRAY) {
			List<String> sanitized = null;
			for (int i = 0; i < list.size(); i++) {
				String element = (String) list.get(i);
				String masked = sanitize(key.getKey(), element, truncate);
				if (masked != element && sanitized == null) {
					sanitized = new ArrayList<>(list.size());
					for (int j = 0; j < i; j++) {
						sanitized.add((String) list.get(j));
					}
				}
				if (sanitized != null) {
					sanitized.add(masked);
				}
			}
			return (sanitized != null) ? sanitized : value;
		}
		// A number or a flag is no secret, unless its name says it is one.
		return this.policy.isSensitiveKey(key.getKey()) ? PrivacyPolicy.FILTERED : value;
	}

	String sanitize(String key, String value, boolean truncate) {
		if (value == null) {
			return null;
		}
		String masked = this.policy.mask(key, maskQueryOfUrl(value));
		return truncate ? PrivacyPolicy.truncate(masked, this.maxLength) : masked;
	}

	/**
	 * The query string of a URL-like value (absolute, or a path) passes the policy pair by pair.
	 */
	private String maskQueryOfUrl(String value) {
		int query = value.indexOf('?');
		if (query < 0 || !(value.startsWith("http") || value.startsWith("/"))) {
			return value;
		}
		String original = value.substring(query + 1);
		String masked = this.policy.maskQuery(original);
		return (masked == original) ? value : value.substring(0, query + 1) + masked;
	}

	/**
	 * Looks for the first value that would change, without building anything; one per batch, so
	 * that a clean span costs no allocation.
	 */
	private final class Scan implements BiConsumer<AttributeKey<?>, Object> {

		private boolean changed;

		private boolean truncate;

		boolean changes(Attributes attributes, boolean truncate) {
			if (attributes.isEmpty()) {
				return false;
			}
			this.changed = false;
			this.truncate = truncate;
			attributes.forEach(this);
			return this.changed;
		}

		@Override
		public void accept(AttributeKey<?> key, Object value) {
			if (!this.changed) {
				this.changed = sanitize(key, value, this.truncate) != value;
			}
		}

	}

}

package dev.observability.tracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.observability.privacy.CopyOnChange;
import dev.observability.privacy.OtelAttributeSanitizer;
import dev.observability.privacy.PrivacyPolicy;
import io.opentelemetry.api.common.Attributes;
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

	private final OtelAttributeSanitizer attributes;

	public SpanDataSanitizer(PrivacyPolicy policy, int maxLength, int maxAttributes) {
		this.policy = policy;
		this.attributes = new OtelAttributeSanitizer(policy, maxLength, maxAttributes);
	}

	/**
	 * Sanitize a batch of spans.
	 * @param spans the spans
	 * @return the same collection when no span changed, else a list of the sanitized spans
	 */
	Collection<SpanData> sanitize(Collection<SpanData> spans) {
		return CopyOnChange.map(spans, this::sanitize);
	}

	SpanData sanitize(SpanData span) {
		String name = this.policy.mask(span.getName());
		Attributes attributes = span.getAttributes();
		boolean attributesChanged = this.attributes.changes(attributes, true);
		List<EventData> events = span.getEvents();
		boolean eventsChanged = false;
		for (int i = 0; i < events.size() && !eventsChanged; i++) {
			EventData event = events.get(i);
			eventsChanged = this.policy.mask(event.getName()) != event.getName()
					|| this.attributes.changes(event.getAttributes(), false);
		}
		StatusData status = span.getStatus();
		String description = this.policy.mask(status.getDescription());
		List<LinkData> links = span.getLinks();
		boolean linksChanged = false;
		for (int i = 0; i < links.size() && !linksChanged; i++) {
			linksChanged = this.attributes.changes(links.get(i).getAttributes(), false);
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

	private Attributes sanitize(Attributes attributes, boolean capped) {
		return this.attributes.sanitize(attributes, capped);
	}

	String sanitize(String key, String value, boolean truncate) {
		return this.attributes.sanitize(key, value, truncate);
	}

}

package dev.observability.tracing;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * A finished span as it may leave the process: its own data, with the name, attributes, events,
 * status and links that {@link SpanDataSanitizer} masked.
 */
public final class SanitizedSpanData extends DelegatingSpanData {

	private final String name;

	private final Attributes attributes;

	private final List<EventData> events;

	private final StatusData status;

	private final List<LinkData> links;

	SanitizedSpanData(SpanData delegate, String name, Attributes attributes, List<EventData> events,
			StatusData status, List<LinkData> links) {
		super(delegate);
		this.name = name;
		this.attributes = attributes;
		this.events = events;
		this.status = status;
		this.links = links;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Attributes getAttributes() {
		return this.attributes;
	}

	@Override
	public List<EventData> getEvents() {
		return this.events;
	}

	@Override
	public StatusData getStatus() {
		return this.status;
	}

	@Override
	public List<LinkData> getLinks() {
		return this.links;
	}

}

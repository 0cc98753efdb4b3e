package dev.observability.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the distinct values of each key of a flow's meters ({@code command} of
 * {@code mcp.command}, {@code provider}, {@code source}, ...): past the cap, a new value folds into
 * {@value #OVERFLOW}, so that values chosen by callers (MCP tool names, say) cannot create series
 * without bound. A warning is logged once per flow and key. A flow's meters also get a description,
 * so that their Prometheus HELP line is not empty.
 */
public final class FlowTagCardinalityFilter implements MeterFilter {

	public static final String OVERFLOW = "OTHER";

	private static final Logger logger = LoggerFactory.getLogger(FlowTagCardinalityFilter.class);

	private static final Set<String> BOUNDED_KEYS = Set.of("outcome", "error", "exception", "status", "application",
			"environment", "class", "method");

	private final Set<String> flows;

	private final int maxValues;

	private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	public FlowTagCardinalityFilter(Set<String> flows, int maxValues) {
		this.flows = flows;
		this.maxValues = maxValues;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String flow = flowOf(id.getName());
		if (flow == null) {
			return id;
		}
		List<Tag> tags = null;
		List<Tag> original = id.getTags();
		for (int i = 0; i < original.size(); i++) {
			Tag tag = original.get(i);
			if (BOUNDED_KEYS.contains(tag.getKey()) || admit(flow, tag)) {
				continue;
			}
			if (tags == null) {
				tags = new ArrayList<>(original);
			}
			tags.set(i, Tag.of(tag.getKey(), OVERFLOW));
		}
		Meter.Id capped = (tags != null) ? id.replaceTags(tags) : id;
		if (capped.getDescription() == null) {
			// Prometheus writes an empty HELP line for a meter without a description.
			return new Meter.Id(capped.getName(), Tags.of(capped.getTagsAsIterable()), capped.getBaseUnit(),
					"The " + flow + " flow, as observed by the observability starter", capped.getType());
		}
		return capped;
	}

	private boolean admit(String flow, Tag tag) {
		Set<String> values = this.seen.computeIfAbsent(flow + "|" + tag.getKey(),
				(key) -> ConcurrentHashMap.newKeySet());
		if (values.contains(tag.getValue())) {
			return true;
		}
		synchronized (values) {
			if (values.size() < this.maxValues) {
				values.add(tag.getValue());
				return true;
			}
		}
		if (this.warned.add(flow + "|" + tag.getKey())) {
			logger.warn("Metric '{}' reached {} distinct values of '{}'; further values are recorded as '{}' "
					+ "(observability.metrics.max-tag-values)", flow, this.maxValues, tag.getKey(), OVERFLOW);
		}
		return false;
	}

	private String flowOf(String name) {
		if (this.flows.contains(name)) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		return (dot > 0 && this.flows.contains(name.substring(0, dot))) ? name.substring(0, dot) : null;
	}

}

package dev.observability.tracing;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The small API for adding to the flow in progress (the current observation, for example an
 * {@code @Observed} sync run) from inside it. Inject it where the flow runs:
 *
 * <pre class="code">
 * flows.tag("source", "github");          // low cardinality: on the span and the metrics
 * flows.attribute("items", written);      // high cardinality: on the span only
 * flows.count("items", written);          // a counter: sync_run_items_total{source="github"}
 * </pre>
 *
 * Outside an observation the calls do nothing, and so does {@link #noop()}, the instance an
 * application gets when observability is switched off, so code written against it keeps working.
 */
public final class Flows {

	private final ObservationRegistry registry;

	private final ObjectProvider<MeterRegistry> meters;

	/**
	 * Add to the flows observed in the given registry.
	 * @param registry the registry whose current observation is the flow
	 * @param meters where counters go, or {@code null} for none
	 */
	public Flows(ObservationRegistry registry, ObjectProvider<MeterRegistry> meters) {
		this.registry = registry;
		this.meters = meters;
	}

	/**
	 * Flows that record nothing: every call returns at once.
	 * @return the no-op flows
	 */
	public static Flows noop() {
		return new Flows(ObservationRegistry.NOOP, null);
	}

	/**
	 * Add a low-cardinality key to the current flow: it becomes a span attribute and a metric tag,
	 * so give it few distinct values ({@code provider}, {@code source}, {@code command}).
	 * @param key the key
	 * @param value the value
	 */
	public void tag(String key, String value) {
		Observation current = this.registry.getCurrentObservation();
		if (current != null && value != null) {
			current.lowCardinalityKeyValue(KeyValue.of(key, value));
		}
	}

	/**
	 * Add a high-cardinality attribute to the current flow: a span attribute only, never a metric
	 * tag, so any value is fine (an item count, an id).
	 * @param key the key
	 * @param value the value
	 */
	public void attribute(String key, Object value) {
		Observation current = this.registry.getCurrentObservation();
		if (current != null && value != null) {
			current.highCardinalityKeyValue(KeyValue.of(key, String.valueOf(value)));
		}
	}

	/**
	 * Add to a counter of the current flow, named after it ({@code sync.run} and {@code items} make
	 * {@code sync.run.items}, {@code sync_run_items_total} in Prometheus) and tagged with its
	 * low-cardinality keys so far, such as the number of items a sync run wrote.
	 * @param name the counter's name within the flow
	 * @param amount how much to add
	 */
	public void count(String name, double amount) {
		Observation current = this.registry.getCurrentObservation();
		MeterRegistry meterRegistry = (this.meters != null) ? this.meters.getIfUnique() : null;
		if (current == null || meterRegistry == null) {
			return;
		}
		Observation.ContextView context = current.getContextView();
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			if (!FlowObservationFilter.OUTCOME.equals(keyValue.getKey())) {
				tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
			}
		}
		Counter.builder(context.getName() + "." + name)
			.description("Counted by the " + context.getName() + " flow")
			.tags(tags)
			.register(meterRegistry)
			.increment(amount);
	}

}

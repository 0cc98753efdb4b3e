package dev.observability.autoconfigure.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The small API for adding to the flow in progress (the current observation, for example an
 * {@code @Observed} sync run) from inside it. Inject it where the flow runs:
 *
 * <pre class="code">
 * flows.tag("source", "github");          // low cardinality: on the span and the metrics
 * flows.attribute("items", written);      // high cardinality: on the span only
 * </pre>
 *
 * Outside an observation both calls do nothing.
 */
public final class Flows {

	private final ObservationRegistry registry;

	public Flows(ObservationRegistry registry) {
		this.registry = registry;
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

}

package dev.observability.autoconfigure.core;

/**
 * One entry of the startup summary line: a concern of the starter and what it is doing.
 * <p>
 * Each concern contributes a bean of this type; the summary logs them all in one INFO line once the
 * context is ready, so that an operator sees at a glance what is on and why something is off.
 *
 * @param name short name of the concern, for example {@code "request-id"}
 * @param status what it is doing, for example {@code "on (X-Request-Id)"}
 */
public record ObservabilityFeature(String name, String status) {

	@Override
	public String toString() {
		return this.name + "=" + this.status;
	}

}

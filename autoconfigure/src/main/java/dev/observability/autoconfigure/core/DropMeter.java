package dev.observability.autoconfigure.core;

/**
 * A counter of telemetry the starter could not deliver (dropped log lines, spans, Sentry events,
 * refused scrapes, failures of its own hooks), reported under {@code dropped} by
 * {@code /actuator/observability}. Each concern declares the counters it owns as beans of this
 * type, so that the endpoint lists exactly what the active concerns count.
 *
 * @param name the meter's name, for example {@code observability.spans.dropped}
 */
public record DropMeter(String name) {

}

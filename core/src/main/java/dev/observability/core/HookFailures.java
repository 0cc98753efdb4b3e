package dev.observability.core;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * Where the starter's hooks on the application's path (observation predicates and filters, span
 * processors and exporters, task decorators) report a failure of their own, instead of throwing it
 * into the application: each failure is counted in {@value #METER_NAME}, tagged with the
 * {@code part} that failed, and the first failure of each part is logged at WARN with its stack
 * trace. The meter registry is looked up at the first failure, never during startup.
 */
public final class HookFailures {

	/**
	 * The counter of the failures.
	 */
	public static final String METER_NAME = "observability.tracing.failures";

	private static final Logger logger = LoggerFactory.getLogger(HookFailures.class);

	private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent(
			"io.micrometer.core.instrument.MeterRegistry", HookFailures.class.getClassLoader());

	private final ObjectProvider<?> registry;

	private final Map<Part, Object> counters = new ConcurrentHashMap<>();

	private final Set<Part> logged = ConcurrentHashMap.newKeySet();

	/**
	 * Create an instance that counts in the given registry.
	 * @param registry the application's {@code MeterRegistry}, or {@code null} to only log
	 */
	public HookFailures(ObjectProvider<?> registry) {
		this.registry = registry;
	}

	/**
	 * An instance that only logs, for parts built without a Spring context.
	 * @return an instance without a registry
	 */
	public static HookFailures logOnly() {
		return new HookFailures(null);
	}

	/**
	 * Report a failure: count it, and log it when it is the first of its part. Never throws.
	 * @param part the part that failed
	 * @param failure what it threw
	 */
	public void failed(Part part, Throwable failure) {
		try {
			count(part);
			if (this.logged.add(part)) {
				logger.warn("The observability starter's {} failed; the application's work goes on without it. "
						+ "Further failures of this part are counted in {}{{part=\"{}\"}} only", part.tag(),
						METER_NAME, part.tag(), failure);
			}
		}
		catch (Throwable ex) {
			// Nothing more to do: the failure must not reach the application.
		}
	}

	private void count(Part part) {
		if (!MICROMETER_PRESENT || this.registry == null) {
			return;
		}
		Object counter = this.counters.get(part);
		if (counter == null) {
			Object meterRegistry = this.registry.getIfUnique();
			if (meterRegistry == null) {
				return;
			}
			counter = this.counters.computeIfAbsent(part, (key) -> Meters.counter(meterRegistry, key.tag()));
		}
		Meters.increment(counter);
	}

	/**
	 * The parts of the starter that report failures here; a bounded set, so that the counter has
	 * few series.
	 */
	public enum Part {

		/**
		 * An observation predicate, such as the one that excludes paths.
		 */
		OBSERVATION_PREDICATE("observation_predicate"),

		/**
		 * An observation filter or handler, such as the one that shapes flows.
		 */
		OBSERVATION_HANDLER("observation_handler"),

		/**
		 * A span processor, such as the one that keeps failed traces.
		 */
		SPAN_PROCESSOR("span_processor"),

		/**
		 * The masking of spans before they are exported; the spans are dropped, not sent unmasked.
		 */
		SPAN_SANITIZER("span_sanitizer"),

		/**
		 * The masking of log records before they are exported over OTLP; the records are dropped,
		 * not sent unmasked.
		 */
		LOG_SANITIZER("log_sanitizer"),

		/**
		 * The appender that hands log events to OpenTelemetry; the event still reaches the other
		 * appenders.
		 */
		LOG_APPENDER("log_appender"),

		/**
		 * The masking of metric tags.
		 */
		METRIC_TAGS("metric_tags"),

		/**
		 * The decorator that carries the request's context to background tasks.
		 */
		TASK_DECORATOR("task_decorator"),

		/**
		 * The generator of request ids; the request gets a random id instead.
		 */
		REQUEST_ID("request_id"),

		/**
		 * The forking of Sentry's scopes for a request; the request runs in the application's scopes.
		 */
		SENTRY_REQUEST("sentry_request");

		private final String tag;

		Part(String tag) {
			this.tag = tag;
		}

		/**
		 * The value of the {@code part} tag.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

	/**
	 * Kept apart so that the Micrometer types load only when present.
	 */
	private static final class Meters {

		static Object counter(Object registry, String part) {
			return io.micrometer.core.instrument.Counter.builder(METER_NAME)
				.description("Failures inside the observability starter's hooks, caught before they reached "
						+ "the application")
				.tag("part", part)
				.register((io.micrometer.core.instrument.MeterRegistry) registry);
		}

		static void increment(Object counter) {
			((io.micrometer.core.instrument.Counter) counter).increment();
		}

	}

}

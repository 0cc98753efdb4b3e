package dev.observability.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.observability.core.ServiceInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/observability}: the effective set-up, as the startup line states it (each
 * feature and its status, exporter endpoints without credentials, sampling, the privacy policy),
 * and what the starter has dropped so far. Protected like the Prometheus scrape.
 */
@Endpoint(id = "observability")
public class ObservabilityEndpoint {

	private final ServiceInfo service;

	private final ObjectProvider<ObservabilityFeature> features;

	private final ObjectProvider<DropMeter> dropMeters;

	private final ObjectProvider<MeterRegistry> registry;

	ObservabilityEndpoint(ServiceInfo service, ObjectProvider<ObservabilityFeature> features,
			ObjectProvider<DropMeter> dropMeters, ObjectProvider<MeterRegistry> registry) {
		this.service = service;
		this.features = features;
		this.dropMeters = dropMeters;
		this.registry = registry;
	}

	@ReadOperation
	public Map<String, Object> observability() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("service", Map.of("name", this.service.name(), "version", this.service.version(), "environment",
				this.service.environment(), "release", this.service.release()));
		Map<String, String> features = new LinkedHashMap<>();
		this.features.orderedStream().forEach((feature) -> features.put(feature.name(), feature.status()));
		result.put("features", features);
		result.put("dropped", dropped());
		return result;
	}

	private Map<String, Double> dropped() {
		Map<String, Double> dropped = new TreeMap<>();
		MeterRegistry meterRegistry = this.registry.getIfUnique();
		if (meterRegistry == null) {
			return dropped;
		}
		this.dropMeters.orderedStream().map(DropMeter::name).distinct().forEach((name) -> {
			double counters = meterRegistry.find(name).counters().stream().mapToDouble(Counter::count).sum();
			double functionCounters = meterRegistry.find(name)
				.functionCounters()
				.stream()
				.mapToDouble(FunctionCounter::count)
				.sum();
			dropped.put(name, counters + functionCounters);
		});
		return dropped;
	}

}

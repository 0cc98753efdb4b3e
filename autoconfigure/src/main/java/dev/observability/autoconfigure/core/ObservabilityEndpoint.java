package dev.observability.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.observability.core.ServiceInfo;
import io.micrometer.core.instrument.Counter;
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

	private final ObjectProvider<MeterRegistry> registry;

	ObservabilityEndpoint(ServiceInfo service, ObjectProvider<ObservabilityFeature> features,
			ObjectProvider<MeterRegistry> registry) {
		this.service = service;
		this.features = features;
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
		for (String name : List.of("observability.sentry.dropped", "observability.spans.dropped",
				"observability.scrape.auth.failures")) {
			double total = meterRegistry.find(name).counters().stream().mapToDouble(Counter::count).sum();
			dropped.put(name, total);
		}
		return dropped;
	}

}

package dev.observability.metrics;

import dev.observability.core.ServiceInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The info series {@code application_info{version, release} 1}, so that dashboards can split
 * errors and latency by release: join on {@code application} and {@code instance}.
 */
public final class ApplicationInfoMetrics implements MeterBinder {

	static final String METER_NAME = "application.info";

	private final ServiceInfo service;

	public ApplicationInfoMetrics(ServiceInfo service) {
		this.service = service;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(METER_NAME, () -> 1)
			.description("The running version and release of the application")
			.tag("version", this.service.version())
			.tag("release", this.service.release())
			.strongReference(true)
			.register(registry);
	}

}

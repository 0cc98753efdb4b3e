package dev.observability.autoconfigure.core;

import java.util.stream.Collectors;

import dev.observability.core.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Logs, once all singletons exist, one INFO line that says what the starter turned on.
 * <p>
 * Its collaborators are resolved only when it logs, so that the summary never forces early
 * initialisation of the beans it describes.
 */
public class ObservabilityStartupSummary implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger("dev.observability");

	private final ObjectProvider<ServiceInfo> serviceInfo;

	private final ObjectProvider<ObservabilityFeature> features;

	ObservabilityStartupSummary(ObjectProvider<ServiceInfo> serviceInfo, ObjectProvider<ObservabilityFeature> features) {
		this.serviceInfo = serviceInfo;
		this.features = features;
	}

	@Override
	public void afterSingletonsInstantiated() {
		logger.info(line());
	}

	String line() {
		ServiceInfo service = this.serviceInfo.getObject();
		String active = this.features.orderedStream()
			.map(ObservabilityFeature::toString)
			.collect(Collectors.joining(", "));
		return "Observability for %s (environment %s): %s".formatted(service.release(), service.environment(),
				active.isEmpty() ? "no feature active" : active);
	}

}

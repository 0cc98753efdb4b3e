package dev.observability.autoconfigure.core;

import dev.observability.core.HookFailures;
import dev.observability.core.ServiceInfo;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Core of the starter: the {@code observability.*} root properties, the {@link ServiceInfo} every
 * signal carries, the one-line startup summary and, with Actuator, the
 * {@code /actuator/observability} endpoint.
 * <p>
 * Active unless {@code observability.enabled=false}. Each bean backs off when the application
 * defines its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceInfo observabilityServiceInfo(Environment environment) {
		return ServiceInfo.from(environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, MeterRegistry.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		ObservabilityEndpoint observabilityEndpoint(ServiceInfo service, ObjectProvider<ObservabilityFeature> features,
				ObjectProvider<DropMeter> dropMeters, ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
			return new ObservabilityEndpoint(service, features, dropMeters, registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class HookFailuresConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HookFailures observabilityHookFailures(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
			return new HookFailures(registry);
		}

		@Bean
		DropMeter hookFailuresMeter() {
			return new DropMeter(HookFailures.METER_NAME);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	ObservabilityStartupSummary observabilityStartupSummary(ObjectProvider<ServiceInfo> serviceInfo,
			ObjectProvider<ObservabilityFeature> features) {
		return new ObservabilityStartupSummary(serviceInfo, features);
	}

}

package dev.observability.autoconfigure.tracing;

import dev.observability.tracing.Flows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Provides {@link Flows} whenever Micrometer's observation API is on the classpath, whatever is
 * switched off: application code that injects it keeps starting and running. It adds to the
 * current observation of the application's registry, and does nothing when
 * {@code observability.enabled=false}. Backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(ObservationRegistry.class)
public class FlowsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Flows flows(Environment environment, ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<MeterRegistry> meters) {
		if (!environment.getProperty("observability.enabled", Boolean.class, true)) {
			return Flows.noop();
		}
		return new Flows(registry.getIfAvailable(() -> ObservationRegistry.NOOP), meters);
	}

}

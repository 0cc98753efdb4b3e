package dev.observability.autoconfigure.tracing;

import java.util.Set;

import dev.observability.core.HookFailures;
import dev.observability.tracing.FlowObservationFilter;
import dev.observability.tracing.Flows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Provides {@link Flows} whenever Micrometer's observation API is on the classpath, whatever is
 * switched off: application code that injects it keeps starting and running. It adds to the
 * current observation of the application's registry, and does nothing when
 * {@code observability.enabled=false}. Backs off when the application defines its own.
 * <p>
 * Flows ({@code oauth.exchange}, {@code sync.run}, {@code mcp.command}, any {@code @Observed}) get
 * {@code outcome} and the request's user, org and request ids ({@link FlowObservationFilter}) here,
 * not with tracing: their metrics, which the dashboards read by {@code outcome}, keep it when
 * traces are not exported.
 */
@AutoConfiguration
@ConditionalOnClass(ObservationRegistry.class)
@EnableConfigurationProperties(TracingIntegrationProperties.class)
public class FlowsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
	FlowObservationFilter flowObservationFilter(TracingIntegrationProperties properties,
			ObjectProvider<HookFailures> failures) {
		return new FlowObservationFilter(Set.copyOf(properties.getFlows()),
				failures.getIfAvailable(HookFailures::logOnly));
	}

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

package dev.observability.autoconfigure.metrics;

import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.core.HookFailures;
import dev.observability.metrics.MetricTagMaskingFilter;
import dev.observability.privacy.PrivacyPolicy;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Masks metric tags with the privacy policy ({@link MetricTagMaskingFilter}), for every meter
 * registry of the application (Prometheus, OTLP or any other), before any other meter filter.
 * Active with Micrometer unless {@code observability.enabled=false}; with
 * {@code observability.privacy.enabled=false} the policy masks nothing, and so does the filter.
 */
@AutoConfiguration(after = PrivacyAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
public class MetricTagPrivacyAutoConfiguration {

	/**
	 * First of the meter filters, so that no other filter sees, remembers or counts a secret.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static MetricTagMaskingFilter metricTagMaskingFilter(ObjectProvider<PrivacyPolicy> policy,
			ObjectProvider<HookFailures> failures, Environment environment) {
		return new MetricTagMaskingFilter(policy.getIfAvailable(() -> PrivacyProperties.policyFrom(environment)),
				failures.getIfAvailable(HookFailures::logOnly));
	}

}

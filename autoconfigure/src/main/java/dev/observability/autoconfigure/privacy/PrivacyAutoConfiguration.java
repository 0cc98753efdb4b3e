package dev.observability.autoconfigure.privacy;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.privacy.PrivacyRule;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link PrivacyPolicy} that logs, error events and spans share, built from
 * {@code observability.privacy.*}.
 * <p>
 * Active unless {@code observability.enabled=false}. With {@code observability.privacy.enabled=false}
 * the policy still exists but masks nothing, so that the concerns that call it need no special
 * case. The application's {@link PrivacyRule} beans are added to the built-in rules, in their
 * order. Backs off when the application defines its own {@link PrivacyPolicy} bean; log lines
 * follow whichever policy the context holds once it is up.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PrivacyPolicy privacyPolicy(PrivacyProperties properties, ObjectProvider<PrivacyRule> rules) {
		return properties.toPolicy(rules.orderedStream().toList());
	}

	@Bean
	ObservabilityFeature privacyFeature(PrivacyPolicy policy) {
		return new ObservabilityFeature("privacy", policy.describe());
	}

}

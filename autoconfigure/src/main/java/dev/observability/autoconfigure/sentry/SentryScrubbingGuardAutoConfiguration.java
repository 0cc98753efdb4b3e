package dev.observability.autoconfigure.sentry;

import dev.observability.sentry.SentryScrubbingGuard;
import io.sentry.Sentry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Fails closed: wherever the Sentry SDK is on the classpath, startup fails when the SDK runs
 * without the starter's scrubbing ({@link SentryScrubbingGuard}). Deliberately independent of
 * {@link SentryIntegrationAutoConfiguration}'s conditions: if Sentry's Spring Boot integration is
 * missing or moved, that configuration is off, and this one is what notices. Off only when
 * {@code observability.enabled} or {@code observability.sentry.enabled} is false.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.sentry.enabled", matchIfMissing = true)
@ConditionalOnClass(Sentry.class)
public class SentryScrubbingGuardAutoConfiguration {

	@Bean
	static SentryScrubbingGuard sentryScrubbingGuard() {
		return new SentryScrubbingGuard();
	}

}

package dev.observability.autoconfigure.core;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.autoconfigure.sentry.SentryIntegrationAutoConfiguration;
import dev.observability.autoconfigure.tracing.TracingIntegrationAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A limit of zero or less, or a secret too short to keep anyone out, fails startup with a message
 * that names the property, rather than making the starter quietly keep nothing, wait forever or
 * refuse everything.
 */
class BoundsValidationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class, TestLine.SENTRY_AUTO_CONFIGURATION,
				SentryIntegrationAutoConfiguration.class, TracingIntegrationAutoConfiguration.class));

	@ParameterizedTest
	@CsvSource({ "observability.tracing.keep-errors.max-traces, 0",
			"observability.tracing.keep-errors.max-traces, -5",
			"observability.tracing.keep-errors.max-spans-per-trace, 0",
			"observability.sentry.tunnel.timeout, 0s", "observability.sentry.tunnel.timeout, -1s",
			"observability.sentry.tunnel.read-timeout, 0ms",
			"observability.sentry.tunnel.max-concurrent-requests, 0",
			"observability.sentry.tunnel.max-concurrent-requests, -1",
			"observability.sentry.tunnel.max-envelope-size, 0B", "observability.privacy.max-scan-length, 100" })
	void shouldFailStartupNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(property);
		});
	}

	@ParameterizedTest
	@CsvSource({ "observability.tracing.keep-errors.max-traces, 1",
			"observability.tracing.keep-errors.max-spans-per-trace, 1", "observability.sentry.tunnel.timeout, 1ms",
			"observability.sentry.tunnel.read-timeout, 1ms", "observability.sentry.tunnel.max-concurrent-requests, 1",
			"observability.sentry.tunnel.max-envelope-size, 1B", "observability.privacy.max-scan-length, 1024" })
	void shouldAcceptTheSmallestSensibleValue(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldRefuseAHashSecretTooShortToResistGuessing() {
		this.runner.withPropertyValues("observability.privacy.hash-secret=short-secret").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidSecretException.class)
				.hasMessageContaining("observability.privacy.hash-secret");
		});
	}

}

package dev.observability.autoconfigure.sentry;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.sentry.SentryScrubbingGuard;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * An event must never leave unscrubbed: when the Sentry SDK runs without the starter's scrubbing,
 * the application does not start.
 */
class SentryScrubbingGuardTests {

	private static final String DSN = "http://key@127.0.0.1:9/1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class, TestLine.SENTRY_AUTO_CONFIGURATION,
				SentryIntegrationAutoConfiguration.class, SentryScrubbingGuardAutoConfiguration.class));

	@AfterEach
	void closeSentry() {
		Sentry.close();
	}

	@Test
	void shouldStartWhenSentrysSpringIntegrationRunsTheScrubbing() {
		this.runner.withPropertyValues("sentry.dsn=" + DSN).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(Sentry.isEnabled()).isTrue();
			SentryOptions options = Sentry.getCurrentScopes().getOptions();
			SentryEvent event = new SentryEvent();
			event.setExtra("password", "hunter2-hunter2");
			assertThat(options.getBeforeSend().execute(event, null).getExtra("password")).isEqualTo("[Filtered]");
		});
	}

	@Test
	void shouldRefuseToStartWhenTheApplicationStartsSentryItself() {
		this.runner.withClassLoader(new FilteredClassLoader(TestLine.SENTRY_AUTO_CONFIGURATION))
			.withPropertyValues("sentry.dsn=" + DSN)
			.withInitializer((context) -> Sentry.init((options) -> options.setDsn(DSN)))
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("would not be scrubbed")
				.hasMessageContaining("observability.sentry.enabled=false"));
	}

	@Test
	void shouldRefuseOptionsWhoseCallbackAnotherConfigurationReplaced() {
		SentryOptions options = new SentryOptions();
		options.setBeforeSend((event, hint) -> event);
		assertThatIllegalStateException().isThrownBy(() -> SentryScrubbingGuard.verify(options))
			.withMessageContaining("would not be scrubbed");
	}

	@Test
	void shouldLetTheApplicationSendUnscrubbedEventsOnlyWhenItSaysSo() {
		this.runner.withClassLoader(new FilteredClassLoader(TestLine.SENTRY_AUTO_CONFIGURATION))
			.withPropertyValues("sentry.dsn=" + DSN, "observability.sentry.enabled=false")
			.withInitializer((context) -> Sentry.init((options) -> options.setDsn(DSN)))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shouldStayQuietWhenSentryIsNotRunning() {
		this.runner.withClassLoader(new FilteredClassLoader(TestLine.SENTRY_AUTO_CONFIGURATION))
			.run((context) -> assertThat(context).hasNotFailed());
	}

}

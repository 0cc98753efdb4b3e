package dev.observability.autoconfigure.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.core.ServiceInfo;
import dev.observability.logging.LogPolicy;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.privacy.PrivacyRule;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log lines are masked by the same policy as every other channel: once the context is up, an
 * application's own policy bean, or its rules, apply to logs too, and the policy of the
 * environment comes back when the context closes.
 */
class LogPolicyHandoverTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class, LoggingAutoConfiguration.class));

	private final LogPolicy logPolicy = LogPolicy.in((LoggerContext) LoggerFactory.getILoggerFactory(),
			PrivacyPolicy::withDefaults);

	private final ObservabilityJsonFormatter formatter = new ObservabilityJsonFormatter(
			new ServiceInfo("orders", "1.2.3", "test"), this.logPolicy, 8192);

	@Test
	void shouldMaskLogLinesWithTheApplicationsOwnPolicy() {
		PrivacyPolicy own = PrivacyPolicy.builder().sensitiveKey("pin").build();
		PrivacyPolicy before = this.logPolicy.get();
		assertThat(line("card pin=4821")).contains("pin=4821");
		this.runner.withBean(PrivacyPolicy.class, () -> own).run((context) -> {
			assertThat(this.logPolicy.get()).isSameAs(own);
			assertThat(line("card pin=4821")).doesNotContain("4821").contains("pin=[Filtered]");
		});
		assertThat(this.logPolicy.get()).isSameAs(before);
	}

	@Test
	void shouldMaskLogLinesWithTheApplicationsRules() {
		PrivacyRule accounts = (text) -> text.replace("ACCT-0042", "ACCT-****");
		this.runner.withBean(PrivacyRule.class, () -> accounts)
			.run((context) -> assertThat(line("moved ACCT-0042")).contains("moved ACCT-****"));
		assertThat(line("moved ACCT-0042")).contains("moved ACCT-0042");
	}

	private String line(String message) {
		Logger logger = (Logger) LoggerFactory.getLogger("test.handover");
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
		return this.formatter.format(event);
	}

}
